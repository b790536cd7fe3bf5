#include "time/calendar.h"

namespace storyline::time {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
}

bool IsValidDay(int year, int month, int day) {
  return year >= 1 && year <= 9999 && day >= 1 && day <= DaysInMonth(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
int64_t DaysFromCivil(const CivilDay& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDay CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilDay out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = static_cast<int>(yoe + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

int Weekday(const CivilDay& d) {
  const int64_t days = DaysFromCivil(d);  // 1970-01-01 was a Thursday (4)
  int64_t w = (days + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

void IsoWeek(const CivilDay& d, int* iso_year, int* week) {
  // The week belongs to the year of its Thursday.
  const CivilDay thursday = AddDays(d, 4 - Weekday(d));
  *iso_year = thursday.year;
  const int64_t jan1 = DaysFromCivil({thursday.year, 1, 1});
  *week = static_cast<int>((DaysFromCivil(thursday) - jan1) / 7 + 1);
}

CivilDay AddDays(const CivilDay& d, int64_t n) { return CivilFromDays(DaysFromCivil(d) + n); }

CivilDay AddMonths(const CivilDay& d, int n) {
  int total = d.year * 12 + (d.month - 1) + n;
  CivilDay out;
  out.year = total / 12;
  out.month = total % 12 + 1;
  const int last = DaysInMonth(out.year, out.month);
  out.day = d.day > last ? last : d.day;
  return out;
}

CivilDay MondayOfIsoWeek(int iso_year, int week) {
  const CivilDay jan4{iso_year, 1, 4};
  const CivilDay week1_monday = AddDays(jan4, 1 - Weekday(jan4));
  return AddDays(week1_monday, static_cast<int64_t>(week - 1) * 7);
}

}  // namespace storyline::time
