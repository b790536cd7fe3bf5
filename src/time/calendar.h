// Proleptic Gregorian calendar arithmetic for resolving relative dates: days since 1970-01-01,
// weekdays, ISO weeks, month arithmetic.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef STORYLINE_TIME_CALENDAR_H_
#define STORYLINE_TIME_CALENDAR_H_

#include <cstdint>

namespace storyline::time {

struct CivilDay {
  int year = 0, month = 0, day = 0;
  bool operator==(const CivilDay&) const = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);  // month 1..12
bool IsValidDay(int year, int month, int day);

// Days since 1970-01-01 (negative before). Valid for years 1..9999.
int64_t DaysFromCivil(const CivilDay& d);
CivilDay CivilFromDays(int64_t days);

// 1 = Monday ... 7 = Sunday (ISO 8601).
int Weekday(const CivilDay& d);

// ISO 8601 week-numbering year and week (1..53) of a day.
void IsoWeek(const CivilDay& d, int* iso_year, int* week);

CivilDay AddDays(const CivilDay& d, int64_t n);
// Month arithmetic that keeps the day when it exists, else clamps to the month's last day.
CivilDay AddMonths(const CivilDay& d, int n);

// The Monday of ISO week `week` of `iso_year`.
CivilDay MondayOfIsoWeek(int iso_year, int week);

}  // namespace storyline::time

#endif  // STORYLINE_TIME_CALENDAR_H_
