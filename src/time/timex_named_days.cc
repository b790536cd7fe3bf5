// Rules for named days and spoken years: "Christmas", "Thanksgiving Day", "Election Day",
// "New Year's Eve", "Easter", "Christmas 2015"; "nineteen ninety-six", "the year two thousand".
#include <string>

#include "time/timex_scanner.h"

namespace storyline::time {
namespace {

// The n-th (1-based; -1 = last) given ISO weekday of a month.
CivilDay NthWeekday(int year, int month, int weekday, int n) {
  if (n > 0) {
    const CivilDay first{year, month, 1};
    const int offset = (weekday - Weekday(first) + 7) % 7;
    return AddDays(first, offset + 7 * (n - 1));
  }
  const CivilDay last{year, month, DaysInMonth(year, month)};
  return AddDays(last, -((Weekday(last) - weekday + 7) % 7));
}

// Western Easter Sunday (the anonymous Gregorian algorithm).
CivilDay Easter(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return {y, month, day};
}

enum class Holiday {
  kNone,
  kChristmas,
  kChristmasEve,
  kNewYearsDay,
  kNewYearsEve,
  kThanksgiving,
  kElectionDay,
  kIndependenceDay,
  kHalloween,
  kValentines,
  kEaster,
  kMemorialDay,
  kLaborDay,
  kVeteransDay,
};

CivilDay HolidayIn(Holiday h, int y) {
  switch (h) {
    case Holiday::kChristmas:
      return {y, 12, 25};
    case Holiday::kChristmasEve:
      return {y, 12, 24};
    case Holiday::kNewYearsDay:
      return {y, 1, 1};
    case Holiday::kNewYearsEve:
      return {y, 12, 31};
    case Holiday::kThanksgiving:
      return NthWeekday(y, 11, 4, 4);
    case Holiday::kElectionDay:  // the Tuesday after the first Monday of November
      return AddDays(NthWeekday(y, 11, 1, 1), 1);
    case Holiday::kIndependenceDay:
      return {y, 7, 4};
    case Holiday::kHalloween:
      return {y, 10, 31};
    case Holiday::kValentines:
      return {y, 2, 14};
    case Holiday::kEaster:
      return Easter(y);
    case Holiday::kMemorialDay:
      return NthWeekday(y, 5, 1, -1);
    case Holiday::kLaborDay:
      return NthWeekday(y, 9, 1, 1);
    case Holiday::kVeteransDay:
      return {y, 11, 11};
    case Holiday::kNone:
      break;
  }
  return {y, 1, 1};
}

bool IsPossessive(std::string_view w) { return w == "'s" || w == "\xE2\x80\x99s"; }

}  // namespace

Candidate Scanner::MatchHoliday(size_t i) {
  if (!IsCap(i)) return {};
  const std::string_view w = lw(i);
  Holiday h = Holiday::kNone;
  size_t end = i + 1;
  if (w == "christmas") {
    h = Holiday::kChristmas;
    if (Is(end, "eve") && IsCap(end)) {
      h = Holiday::kChristmasEve;
      ++end;
    } else if (Is(end, "day") && IsCap(end)) {
      ++end;
    }
  } else if (w == "new" && Is(i + 1, "year") && IsPossessive(lw(i + 2)) && IsCap(i + 1)) {
    if (Is(i + 3, "day") && IsCap(i + 3)) {
      h = Holiday::kNewYearsDay;
    } else if (Is(i + 3, "eve") && IsCap(i + 3)) {
      h = Holiday::kNewYearsEve;
    } else {
      return {};
    }
    end = i + 4;
  } else if (w == "thanksgiving") {
    h = Holiday::kThanksgiving;
    if (Is(end, "day") && IsCap(end)) ++end;
  } else if (w == "election" && Is(i + 1, "day") && IsCap(i + 1)) {
    h = Holiday::kElectionDay;
    end = i + 2;
  } else if (w == "independence" && Is(i + 1, "day") && IsCap(i + 1)) {
    h = Holiday::kIndependenceDay;
    end = i + 2;
  } else if (w == "halloween") {
    h = Holiday::kHalloween;
  } else if (w == "valentine" && IsPossessive(lw(i + 1)) && Is(i + 2, "day")) {
    h = Holiday::kValentines;
    end = i + 3;
  } else if (w == "easter") {
    h = Holiday::kEaster;
    if (Is(end, "sunday") && IsCap(end)) ++end;
  } else if (w == "memorial" && Is(i + 1, "day") && IsCap(i + 1)) {
    h = Holiday::kMemorialDay;
    end = i + 2;
  } else if ((w == "labor" || w == "labour") && Is(i + 1, "day") && IsCap(i + 1)) {
    h = Holiday::kLaborDay;
    end = i + 2;
  } else if (w == "veterans" && Is(i + 1, "day") && IsCap(i + 1)) {
    h = Holiday::kVeteransDay;
    end = i + 2;
  } else {
    return {};
  }
  // "Christmas 2015", "Easter of 2016".
  // "Easter week", "Thanksgiving week": the week the day falls in.
  auto with_week = [&](Candidate c) {
    if (c.full_day && Is(c.end, "week")) {
      c.value = WeekValue(c.day);
      c.full_day = false;
      ++c.end;
    }
    return c;
  };
  int year = YearAt(end);
  if (year > 0) {
    return with_week(DayCandidate(end + 1, HolidayIn(h, year), false, 0.85f));
  }
  if (!RefHasMonth()) {
    Candidate c = UnresolvedDay(end, 0.7f);
    return c;
  }
  // The occurrence nearest the reference; the tense decides when it is more than 90 days off.
  const int64_t ref_days = DaysFromCivil({ref_.year, ref_.month, RefHasDay() ? ref_.day : 15});
  year = ref_.year;
  int64_t diff = DaysFromCivil(HolidayIn(h, year)) - ref_days;
  if (diff > 183) --year;
  if (diff < -183) ++year;
  diff = DaysFromCivil(HolidayIn(h, year)) - ref_days;
  if (diff > 90 || diff < -90) {
    const Dir dir = TenseAround(i, end);
    if (dir == Dir::kPast && diff > 0) --year;
    if (dir == Dir::kFuture && diff < 0) ++year;
  }
  return with_week(DayCandidate(end, HolidayIn(h, year), true, 0.75f));
}

Candidate Scanner::MatchSpokenYear(size_t i) {
  size_t k = i;
  const bool intro = Is(k, "the") && Is(k + 1, "year");
  if (intro) k += 2;
  int year = -1;
  size_t end = 0;
  auto tens_value = [&](size_t at) -> int {
    // "ninety-six", "ninety", "eighty-one"; tens 10..99 as words.
    const std::string_view w = lw(at);
    const size_t dash = w.find('-');
    const WordInfo a = LookupWord(dash == std::string_view::npos ? w : w.substr(0, dash));
    if (a.cls != WordClass::kNumber || a.value < 10) return -1;
    if (dash == std::string_view::npos) return a.value;
    const WordInfo b = LookupWord(w.substr(dash + 1));
    if (b.cls != WordClass::kNumber || b.value >= 10 || a.value % 10 != 0) return -1;
    return a.value + b.value;
  };
  if (Is(k, "nineteen") || Is(k, "eighteen")) {
    const int century = Is(k, "nineteen") ? 1900 : 1800;
    const int v = tens_value(k + 1);
    if (v < 10) return {};
    year = century + v;
    end = k + 2;
  } else if (Is(k, "two") && Is(k + 1, "thousand")) {
    year = 2000;
    end = k + 2;
    size_t m = end;
    if (Is(m, "and")) ++m;
    const WordInfo u = Info(m);
    if (u.cls == WordClass::kNumber && u.value < 100) {
      year += u.value;
      end = m + 1;
    } else if (const int v = tens_value(m); v > 0) {
      year += v;
      end = m + 1;
    }
    if (!intro && end == k + 2) {
      // "two thousand" alone is more often an amount.
      return {};
    }
  } else {
    return {};
  }
  Candidate c;
  c.end = end;
  c.value = YearValue(year);
  c.confidence = 0.7f;
  return c;
}

}  // namespace storyline::time
