// Rules for expressions built around a unit or a deictic word: "last month", "the past two
// years", "two weeks ago", "last fall", "every Monday", "10:35 a.m.", "two-year"
// (docs/time.md). Each returns a Candidate whose `end` is the token after the match.
#include <cstdlib>
#include <string>

#include "time/timex_scanner.h"

namespace storyline::time {
namespace {

bool IsAmPm(std::string_view w, bool* pm) {
  if (w == "a.m" || w == "am") {
    *pm = false;
    return true;
  }
  if (w == "p.m" || w == "pm") {
    *pm = true;
    return true;
  }
  return false;
}

bool IsTimeZone(std::string_view w) {
  static constexpr std::string_view kZones[] = {"est", "edt", "cst",  "cdt", "mst",
                                                "mdt", "pst", "pdt",  "gmt", "bst",
                                                "utc", "cet", "cest", "et",  "pt"};
  for (std::string_view z : kZones) {
    if (w == z) return true;
  }
  return false;
}

}  // namespace

// "this year", "last month", "next week", "last Friday", "this November", "last fall",
// "this morning", "last night", "this past week", "the past two years" (a duration),
// "the following day", "that year", "the current quarter", "the latest quarter".
Candidate Scanner::MatchDeictic(size_t i) {
  size_t k = i;
  const bool the = Is(k, "the");
  if (the) ++k;
  if (the) {
    if (Candidate c = MatchReportingPeriod(k); c.end != 0) return c;
  }
  const std::string_view det = lw(k);
  int shift;
  bool anaphoric = false;
  if (det == "this" && !the) {
    shift = 0;
    if (Is(k + 1, "past")) {  // "this past week"
      shift = -1;
      ++k;
    } else if (Is(k + 1, "coming")) {
      shift = 1;
      ++k;
    }
  } else if (det == "current" && the) {
    shift = 0;
  } else if (det == "last" || det == "past" || det == "previous" || det == "preceding" ||
             det == "prior") {
    shift = -1;
    anaphoric = det == "previous" || det == "preceding" || det == "prior";
  } else if (det == "next" || det == "coming" || det == "following") {
    shift = 1;
    anaphoric = det == "following" || (det == "next" && the);
  } else if ((det == "that" && !the) || (det == "same" && the)) {
    shift = 0;
    anaphoric = true;
  } else if ((det == "first" || det == "final" || det == "latest" || det == "recent") && the) {
    shift = -1;
  } else if (det == "most" && the && Is(k + 1, "recent")) {
    shift = -1;
    ++k;
  } else {
    // "the quarter": the quarter just reported.
    if (the && det == "quarter" && !Is(k + 1, "of")) return RelativeQuarter(k + 1, -1, 0.6f);
    if (the && det == "weekend") return TheWeekend(i, k + 1);
    // "the week of March 6": the week that day falls in.
    if (the && det == "week" && Is(k + 1, "of")) {
      Candidate d = MatchMonthFirst(k + 2);
      if (!d.full_day) d = MatchDayFirst(k + 2);
      if (!d.full_day) return {};
      d.value = WeekValue(d.day);
      d.full_day = false;
      return d;
    }
    // "year end", "year's end", "the end of the year" (after "end of"), "the rest of the year".
    if (!the && det == "year" &&
        (Is(k + 1, "end") ||
         ((Is(k + 1, "'s") || Is(k + 1, "\xE2\x80\x99s")) && Is(k + 2, "end")))) {
      return RelativeYear(Is(k + 1, "end") ? k + 2 : k + 3, 0, 0.7f);
    }
    // "the year ended Sept. 30": a fiscal period, a duration; "for the year", "in the year":
    // the reference year.
    if (the && (det == "year" || det == "quarter") &&
        (Is(k + 1, "ended") || Is(k + 1, "ending") || Is(k + 1, "ends"))) {
      Candidate c;
      c.end = k + 1;
      c.type = TimexType::kDuration;
      c.value = det == "year" ? "P1Y" : "P1Q";
      c.confidence = 0.7f;
      return c;
    }
    if (the && det == "year" && i >= 1 && (Is(i - 1, "for") || Is(i - 1, "in")) &&
        !Is(k + 1, "before") && !Is(k + 1, "after") && !Is(k + 1, "of")) {
      return RelativeYear(k + 1, 0, 0.6f);
    }
    if (the && (det == "year" || det == "month" || det == "week") && i >= 2 && Is(i - 1, "of") &&
        (Is(i - 2, "end") || Is(i - 2, "beginning") || Is(i - 2, "start") || Is(i - 2, "middle") ||
         Is(i - 2, "rest") || Is(i - 2, "remainder"))) {
      if (det == "year") return RelativeYear(k + 1, 0, 0.7f);
      if (det == "month") return RelativeMonth(k + 1, 0, 0.7f);
      return RelativeWeek(k + 1, 0, false, 0.7f);
    }
    return {};
  }
  const size_t after_det = k + 1;
  // Durations: "the past two years", "the next few days", "last three years", "the past year".
  int count = 0;
  size_t unit_at = after_det;
  bool has_count = CountAt(after_det, &count, &unit_at, false);
  if (!has_count) unit_at = after_det;
  Unit unit;
  bool plural = false;
  const bool is_unit = UnitAt(unit_at, &unit, &plural);
  const bool duration_det = det == "past" || det == "last" || det == "next" || det == "coming" ||
                            det == "first" || det == "final" || det == "previous" ||
                            det == "preceding" || det == "following";
  if (is_unit && duration_det &&
      (has_count ||
       (the && (plural || det == "past" || det == "last" || det == "coming" || det == "first")))) {
    if (!has_count) count = plural ? -1 : 1;
    if (!(det == "first" && !has_count && unit == kQuarter)) {
      Candidate c;
      c.end = unit_at + 1;
      c.type = TimexType::kDuration;
      c.value = DurationValue(count, unit);
      c.confidence = 0.85f;
      return c;
    }
  }
  if (has_count) return {};
  if (det == "first" || det == "final") return {};
  // "the next morning", "the following evening".
  if (anaphoric && shift != 0 && Info(after_det).cls == WordClass::kPartOfDay &&
      !Info(after_det).plural) {
    Candidate c = AnchorKnown() ? DayCandidate(after_det + 1, AddDays(Anchor(), shift), true, 0.6f)
                                : UnresolvedDay(after_det + 1, 0.6f);
    c.full_day = false;
    AddPartOfDay(&c, static_cast<PartOfDay>(Info(after_det).value));
    return c;
  }
  if (is_unit && !plural) {
    const size_t end = unit_at + 1;
    // ABC's "This Week": a capitalised phrase just after an opening quote is a title.
    if (i > 0 && IsCap(i) && IsCap(unit_at) && tokens_[i - 1].kind == TokenKind::kPunct) {
      const std::string_view q = lw(i - 1);
      if (q == "\"" || q == "``" || q == "\xE2\x80\x9C") return {};
    }
    if (anaphoric) {
      // "that year", "the following month": the last year or month the text mentioned.
      if (unit == kYear && last_year_ > 0) {
        Candidate c;
        c.end = end;
        c.value = YearValue(last_year_ + shift);
        c.anchored = true;
        c.confidence = 0.6f;
        return c;
      }
      if (unit == kQuarter && !last_quarter_.empty()) {
        // "that quarter", "the previous quarter": from the last quarter the text named.
        const int q = std::atoi(last_quarter_.c_str()) * 4 + (last_quarter_[6] - '1') + shift;
        Candidate c;
        c.end = end;
        c.value = YearValue(q / 4) + "-Q" + std::to_string(q % 4 + 1);
        c.anchored = true;
        c.quarter = true;
        c.confidence = 0.6f;
        return c;
      }
      if (unit == kMonth && last_month_.year > 0) {
        Candidate c;
        c.end = end;
        const CivilDay m = AddMonths(last_month_, shift);
        c.value = MonthValue(m.year, m.month);
        c.anchored = true;
        c.confidence = 0.6f;
        return c;
      }
      if (!AnchorKnown()) {
        Candidate c = UnresolvedDay(end, 0.6f);
        if (unit == kYear) c.value = "XXXX";
        if (unit == kMonth) c.value = "XXXX-XX";
        if (unit == kWeek) c.value = "XXXX-WXX";
        return c;
      }
      const CivilDay a = Anchor();
      switch (unit) {
        case kDay:
          return DayCandidate(end, AddDays(a, shift), true, 0.7f);
        case kWeek: {
          Candidate c;
          c.end = end;
          c.value = WeekValue(AddDays(a, 7 * shift));
          c.anchored = true;
          c.confidence = 0.6f;
          return c;
        }
        case kMonth: {
          Candidate c;
          c.end = end;
          const CivilDay m = AddMonths({a.year, a.month, 1}, shift);
          c.value = MonthValue(m.year, m.month);
          c.anchored = true;
          c.confidence = 0.6f;
          return c;
        }
        case kYear: {
          Candidate c;
          c.end = end;
          c.value = YearValue(a.year + shift);
          c.anchored = true;
          c.confidence = 0.6f;
          return c;
        }
        default:
          return {};
      }
    }
    if (det == "latest" || det == "recent" || det == "most") {
      if (unit == kQuarter) return RelativeQuarter(end, -1, 0.7f);
      return {};
    }
    if (the && det != "current") return {};
    switch (unit) {
      case kYear:
        // "last year's quarter": the quarter being reported, a year before.
        if (shift < 0 && !last_quarter_.empty() && (Is(end, "'s") || Is(end, "\xE2\x80\x99s")) &&
            (Is(end + 1, "quarter") || Is(end + 1, "period"))) {
          return YearAgo(end + 2, 0.7f);
        }
        return RelativeYear(end, shift, 0.9f);
      case kMonth:
        return RelativeMonth(end, shift, 0.9f);
      case kWeek:
        return RelativeWeek(end, shift, false, 0.9f);
      case kWeekend:
        return RelativeWeek(end, shift, true, 0.85f);
      case kQuarter:
        return RelativeQuarter(end, shift, 0.85f);
      case kDecade: {
        Candidate c = RelativeYear(end, 10 * shift, 0.8f);
        if (c.anchored)
          c.value.resize(3);
        else
          c.value = "XXX";
        return c;
      }
      case kCentury: {
        Candidate c = RelativeYear(end, 100 * shift, 0.8f);
        if (c.anchored)
          c.value.resize(2);
        else
          c.value = "XX";
        return c;
      }
      case kDay:
        if (shift == 0) return RelativeDay(end, 0, 0.6f);
        return {};
      default:
        return {};
    }
  }
  // "the previous Friday", "the following Monday": from the day the narrative is on.
  if (anaphoric && shift != 0 && Info(after_det).cls == WordClass::kWeekday && IsCap(after_det) &&
      AnchorKnown()) {
    const CivilDay a = Anchor();
    const int wd = Info(after_det).value, awd = Weekday(a);
    const int back = (awd - wd + 7) % 7, ahead = (wd - awd + 7) % 7;
    const int offset = shift < 0 ? -(back == 0 ? 7 : back) : (ahead == 0 ? 7 : ahead);
    return DayCandidate(after_det + 1, AddDays(a, offset), true, 0.7f);
  }
  if (the || anaphoric) return {};
  // "this November", "last April", "next Friday", "last fall", "this morning", "last night".
  const size_t w = after_det;
  if (const int m = MonthAt(w); m > 0) {
    // "last Oct. 23": the most recent such day before the reference; "next June 5" the first
    // one after it; "this May 7" the reference year's.
    if (const int d = DayNumberAt(w + 1); d > 0 && IsValidDay(2000, m, d) && RefHasMonth()) {
      const int ref_day = RefHasDay() ? ref_.day : 15;
      const int here = m * 100 + d, ref_md = ref_.month * 100 + ref_day;
      int year = ref_.year;
      if (shift < 0 && here >= ref_md) --year;
      if (shift > 0 && here <= ref_md) ++year;
      if (IsValidDay(year, m, d)) return DayCandidate(w + 2, {year, m, d}, true, 0.85f);
    }
    return MonthWithoutYear(i, w + 1, m, shift == 0 ? 2 : shift, 0.85f);
  }
  if (Info(w).cls == WordClass::kWeekday && IsCap(w)) {
    Candidate c = WeekdayCandidate(i, w + 1, Info(w).value, shift, 0.85f);
    const WordInfo next = Info(w + 1);
    if (next.cls == WordClass::kPartOfDay && !next.plural) {
      c.end = w + 2;
      AddPartOfDay(&c, static_cast<PartOfDay>(next.value));
    }
    return c;
  }
  if (Info(w).cls == WordClass::kSeason) {
    return SeasonCandidate(i, w + 1, Info(w).value, shift == 0 ? 2 : shift, 0);
  }
  if (Info(w).cls == WordClass::kPartOfDay && !Info(w).plural) {
    const PartOfDay p = static_cast<PartOfDay>(Info(w).value);
    int days = 0;
    if (shift < 0) {
      if (p != kNight) return {};  // "last morning" is not said
      days = -1;
    } else if (shift > 0) {
      return {};
    }
    Candidate c = RelativeDay(w + 1, days, 0.85f);
    AddPartOfDay(&c, p);
    return c;
  }
  return {};
}

// "summer 2016", "the summer of 2016", "in the spring", "early summer".
Candidate Scanner::MatchSeason(size_t i) {
  size_t k = i;
  const bool the = Is(k, "the");
  if (the) ++k;
  const WordInfo info = Info(k);
  if (info.cls != WordClass::kSeason) return {};
  int year = YearAt(k + 1);
  size_t end = k + 1;
  if (year > 0) {
    end = k + 2;
  } else if (Is(k + 1, "of")) {
    if ((year = YearAt(k + 2)) > 0) {
      end = k + 3;
    } else if (const Candidate spoken = MatchSpokenYear(k + 2); spoken.end != 0) {
      year = std::atoi(spoken.value.c_str());  // "the winter of nineteen ninety-four"
      end = spoken.end;
    } else {
      return {};  // "the fall of Rome"
    }
  } else {
    const std::string_view prev = i > 0 ? lw(i - 1) : std::string_view();
    const bool context =
        (the && (prev == "in" || prev == "during" || prev == "over" || prev == "by" ||
                 prev == "until" || prev == "since" || prev == "through")) ||
        prev == "early" || prev == "late" || prev == "mid" ||
        (!the && (prev == "in" || prev == "since" || prev == "until" || prev == "by"));
    if (!context) return {};
    year = 0;
  }
  return SeasonCandidate(i, end, info.value, 0, year);
}

// "two weeks", "a year", "several years", "for years", "two weeks ago", "a year earlier",
// "three days later", "two years from now".
Candidate Scanner::MatchDuration(size_t i) {
  int count = 0;
  size_t unit_at;
  Unit unit;
  bool plural;
  if (!CountAt(i, &count, &unit_at, true)) {
    // A bare plural unit after "for", "in", "over", "within": "for years" (PXY).
    if (!UnitAt(i, &unit, &plural) || !plural || i == 0) return {};
    const std::string_view prev = lw(i - 1);
    if (prev != "for" && prev != "in" && prev != "over" && prev != "within" && prev != "took" &&
        prev != "take" && prev != "takes") {
      return {};
    }
    if (Is(i + 1, "of") || Is(i + 1, "to") || Is(i + 1, "ago")) return {};
    Candidate c;
    c.end = i + 1;
    c.type = TimexType::kDuration;
    c.value = DurationValue(-1, unit);
    c.confidence = 0.6f;
    return c;
  }
  // "one and a half years", "two and a half hours".
  bool and_half = false;
  if (count >= 0 && Is(unit_at, "and") && Is(unit_at + 1, "a") && Is(unit_at + 2, "half")) {
    and_half = true;
    unit_at += 3;
  } else if (count >= 0 && Is(unit_at, "1/2")) {  // "5 1/2 hours"
    and_half = true;
    unit_at += 1;
  }
  // "two more weeks", "an additional year", "eight trading days".
  if (Is(unit_at, "more") || Is(unit_at, "additional") || Is(unit_at, "extra") ||
      Is(unit_at, "trading") || Is(unit_at, "business") || Is(unit_at, "full")) {
    Unit u;
    bool p;
    if (UnitAt(unit_at + 1, &u, &p)) ++unit_at;
  }
  if (!UnitAt(unit_at, &unit, &plural)) return {};
  size_t end = unit_at + 1;
  if (Is(end, "old") || Is(end, "olds")) return {};
  // "a minute and a half", "an hour and a half".
  if (!and_half && count >= 0 && Is(end, "and") && Is(end + 1, "a") && Is(end + 2, "half")) {
    and_half = true;
    end += 3;
  }
  // "a week or so ago": the approximation stays inside the expression.
  if (Is(end, "or") && Is(end + 1, "so") &&
      (Is(end + 2, "ago") || Is(end + 2, "earlier") || Is(end + 2, "later"))) {
    end += 2;
  }
  const std::string_view next = lw(end);
  int sign = 0;
  bool from_anchor = false;
  if (next == "ago") {
    sign = -1;
    ++end;
  } else if ((next == "earlier" || next == "later") &&
             (unit == kYear || unit == kDecade || unit == kCentury)) {
    // "a year earlier" names the comparison year (or quarter). With smaller units TimeML
    // annotates the amount ("three days" later, DURATION P3D) and leaves "later" a signal.
    sign = next == "earlier" ? -1 : 1;
    from_anchor = true;
    ++end;
  } else if (next == "from" && Is(end + 1, "now")) {
    sign = 1;
    end += 2;
  }
  if (sign == 0) {
    Candidate c;
    c.end = end;
    c.type = TimexType::kDuration;
    c.value = and_half ? HalfDurationValue(count, unit) : DurationValue(count, unit);
    c.confidence = count == 1 && lw(i) == "a" ? 0.7f : 0.85f;
    return c;
  }
  if (count < 0) {  // "several years ago"
    Candidate c;
    c.end = end;
    c.value = sign < 0 ? "PAST_REF" : "FUTURE_REF";
    c.confidence = 0.7f;
    return c;
  }
  if (count == 1 && unit == kYear && sign < 0 && !last_quarter_.empty()) {
    // In an earnings report the period compared is the reported one: the quarter, or the year
    // of the reference when the sentence is about the first nine months.
    return MonthsPeriodBefore(i) ? RelativeYear(end, -1, 0.7f) : YearAgo(end, 0.7f);
  }
  const bool known = from_anchor ? AnchorKnown() : RefHasDay();
  const CivilDay base = from_anchor ? Anchor() : ref_;
  const int n = sign * count;
  Candidate c;
  c.end = end;
  c.confidence = 0.8f;
  c.anchored = known;
  switch (unit) {
    case kYear:
    case kDecade:
    case kCentury: {
      const int years = n * (unit == kDecade ? 10 : unit == kCentury ? 100 : 1);
      if (from_anchor && last_year_ > 0) {  // "In 1998 ... a year later": 1999
        c.value = YearValue(last_year_ + years);
        c.anchored = true;
      } else if (!from_anchor && !known && RefHasYear()) {
        c.value = YearValue(ref_.year + years);
        c.anchored = true;
      } else {
        c.value = known ? YearValue(base.year + years) : "XXXX";
      }
      return c;
    }
    case kMonth:
    case kQuarter:
    case kHalfYear: {
      const int months = n * (unit == kQuarter ? 3 : unit == kHalfYear ? 6 : 1);
      if (!known) {
        c.value = "XXXX-XX";
        return c;
      }
      const CivilDay d = AddMonths({base.year, base.month, 1}, months);
      c.value = MonthValue(d.year, d.month);
      return c;
    }
    case kWeek:
    case kFortnight:
    case kWeekend:
    case kDay: {
      const int days = n * (unit == kDay ? 1 : unit == kFortnight ? 14 : 7);
      if (!known) return UnresolvedDay(end, 0.8f);
      return DayCandidate(end, AddDays(base, days), true, 0.8f);
    }
    case kHour:
    case kMinute:
    case kSecond:
      if (!known) return UnresolvedDay(end, 0.6f);
      return DayCandidate(end, base, true, 0.6f);
  }
  return {};
}

// "daily", "every day", "each Thursday", "every other week", "Mondays", "a year" after an
// amount ("5% a year"), "per month".
Candidate Scanner::MatchSet(size_t i) {
  Candidate c;
  c.type = TimexType::kSet;
  c.confidence = 0.8f;
  const WordInfo info = Info(i);
  if (info.cls == WordClass::kSetAdverb) {
    c.end = i + 1;
    c.value = DurationValue(1, static_cast<Unit>(info.value));
    return c;
  }
  if (info.cls == WordClass::kWeekdays && IsCap(i)) {
    c.end = i + 1;
    c.value = "XXXX-WXX-" + std::to_string(info.value);
    return c;
  }
  const std::string_view w = lw(i);
  if (w == "every" || w == "each" || w == "per") {
    size_t k = i + 1;
    int every = 1;
    if (Is(k, "other")) {
      every = 2;
      ++k;
    }
    int count = 1;
    size_t unit_at = k;
    if (!CountAt(k, &count, &unit_at, false)) unit_at = k;
    if (count < 0) return {};
    Unit unit;
    bool plural;
    if (UnitAt(unit_at, &unit, &plural)) {
      c.end = unit_at + 1;
      c.value = DurationValue(count * every, unit);
      return c;
    }
    if (w == "per") return {};
    if (Info(k).cls == WordClass::kWeekday && IsCap(k)) {
      c.end = k + 1;
      c.value = "XXXX-WXX-" + std::to_string(Info(k).value);
      return c;
    }
    if (const int m = MonthAt(k); m > 0) {
      c.end = k + 1;
      c.value = "XXXX-" + std::string(m < 10 ? "0" : "") + std::to_string(m);
      return c;
    }
    if (Info(k).cls == WordClass::kSeason) {
      c.end = k + 1;
      c.value = std::string("XXXX-") + SeasonCode(static_cast<Season>(Info(k).value));
      return c;
    }
    if (Info(k).cls == WordClass::kPartOfDay) {
      c.end = k + 1;
      c.value = std::string("XXXX-XX-XXT") + PartOfDayCode(static_cast<PartOfDay>(Info(k).value));
      return c;
    }
    return {};
  }
  if ((w == "a" || w == "an") && i > 0) {
    Unit unit;
    bool plural;
    if (!UnitAt(i + 1, &unit, &plural) || plural) return {};
    // An amount just before: "5% a year", "$100 a month", "twice a week", "10 hours a day".
    bool amount = false;
    for (size_t b = i, steps = 0; b > 0 && steps < 3; --b, ++steps) {
      const Token& t = tokens_[b - 1];
      const std::string_view p = lw(b - 1);
      if (t.kind == TokenKind::kNumber || p == "%" || p == "percent" || p == "twice" ||
          p == "once" || p == "times") {
        amount = true;
        break;
      }
      if (IsSentenceEnd(b - 1)) break;
    }
    if (!amount) return {};
    c.end = i + 2;
    c.value = DurationValue(1, unit);
    return c;
  }
  return {};
}

// "10:35 a.m.", "10 p.m. Wednesday", "4 p.m. EST", "10am", "noon Thursday", "midnight",
// "at 15:30".
Candidate Scanner::MatchClock(size_t i) {
  int hour = -1, minute = 0;
  size_t end = i + 1;
  const std::string_view w = lw(i);
  bool pm = false;
  if (w == "noon" || w == "midday") {
    hour = 12;
  } else if (w == "midnight") {
    hour = 24;
  } else if (tokens_[i].kind == TokenKind::kNumber) {
    std::string_view digits = w;
    bool has_ampm = false;
    if (EndsWith(w, "am") || EndsWith(w, "pm")) {
      digits = w.substr(0, w.size() - 2);
      pm = EndsWith(w, "pm");
      has_ampm = true;
    }
    if (!ParseClock(digits, /*dot=*/false, &hour, &minute)) return {};
    if (!has_ampm && IsAmPm(lw(i + 1), &pm)) {
      has_ampm = true;
      ++end;
    }
    // "at 4 in the morning", "by 9 in the evening", "until 11 at night": the part of the day
    // says am/pm (after a preposition of time: "Chapter 4 in the morning paper" is none).
    const std::string_view before = i > 0 ? lw(i - 1) : std::string_view();
    const bool time_prep = before == "at" || before == "by" || before == "until" ||
                           before == "till" || before == "around" || before == "about" ||
                           before == "before" || before == "after" || before == "from" ||
                           before == "to" || before == "since";
    if (!has_ampm && time_prep && hour >= 1 && hour <= 12 &&
        ((Is(i + 1, "in") && Is(i + 2, "the") &&
          (Is(i + 3, "morning") || Is(i + 3, "afternoon") || Is(i + 3, "evening"))) ||
         (Is(i + 1, "at") && Is(i + 2, "night")))) {
      has_ampm = true;
      pm = !Is(i + 3, "morning");
      end = Is(i + 1, "at") ? i + 3 : i + 4;
    }
    if (has_ampm) {
      if (hour < 1 || hour > 12) return {};
      if (pm && hour < 12) hour += 12;
      if (!pm && hour == 12) hour = 0;
    } else {
      const std::string_view prev = i > 0 ? lw(i - 1) : std::string_view();
      const bool colon = digits.find(':') != std::string_view::npos;
      if (!colon || hour > 23) return {};
      if (!IsTimeZone(lw(i + 1)) && prev != "at" && prev != "by" && prev != "until" &&
          prev != "from" && prev != "before" && prev != "after" && prev != "around") {
        return {};
      }
    }
  } else {
    return {};
  }
  if (IsTimeZone(lw(end))) ++end;
  // A day after the time: "10 p.m. Wednesday", "5 p.m. EST, Nov. 6", "noon today".
  size_t k = end;
  if (Is(k, ",")) ++k;
  Candidate day;
  if (Info(k).cls == WordClass::kWeekday && WeekdayAt(k) > 0) {
    day = WeekdayCandidate(i, k + 1, WeekdayAt(k), 0, 0.8f);
  } else if (Info(k).cls == WordClass::kDayWord && Info(k).value != 100) {
    day = MatchDayWord(k);
  } else if (MonthAt(k) > 0) {
    day = MatchMonthFirst(k);
    if (!day.full_day && day.value.size() != 10) day = Candidate{};
  }
  if (day.end == 0) {
    // No day given: in a sentence about the past, the day the narrative is on, the last one the
    // text named ("On Oct. 23 ... he was shot at 10 p.m."); else the reference day ("the
    // meeting will start at 10 a.m.").
    if (TenseAround(i, end) == Dir::kPast) {
      day = AnchorKnown() ? DayCandidate(end, Anchor(), true, 0.7f) : UnresolvedDay(end, 0.7f);
    } else {
      day = RelativeDay(end, 0, 0.7f);
    }
    day.full_day = false;
  }
  AddClock(&day, hour, minute);
  day.confidence = 0.85f;
  return day;
}

// Hyphenated words: "two-year", "16-hour", "third-quarter", "first-half", "year-earlier",
// "year-ago", "year-end", "mid-2016", "mid-1990s", "mid-May", "late-summer".
Candidate Scanner::MatchHyphenated(size_t i) {
  if (Is(i, "the") && i + 1 < n_ && (tokens_[i + 1].flags & kHyphenated) &&
      StartsWith(lw(i + 1), "year-")) {
    Candidate c = MatchHyphenated(i + 1);
    return c.end > i + 2 ? c : Candidate{};  // "the" only with "quarter"/"period" after
  }
  if (!(tokens_[i].flags & kHyphenated)) return {};
  const std::string_view w = lw(i);
  const size_t dash = w.find('-');
  if (dash == std::string_view::npos) return {};
  const std::string_view head = w.substr(0, dash);
  const std::string_view rest = w.substr(dash + 1);
  const size_t dash2 = rest.find('-');
  const std::string_view second = rest.substr(0, dash2);
  const std::string_view third =
      dash2 == std::string_view::npos ? std::string_view() : rest.substr(dash2 + 1);
  Candidate c;
  c.end = i + 1;
  c.confidence = 0.8f;
  if (head == "mid" || head == "early" || head == "late") {
    if (const int y = Digits(rest); rest.size() == 4 && y >= 1000) {
      c.value = YearValue(y);
      return c;
    }
    if (rest.size() == 5 && rest.back() == 's' && Digits(rest.substr(0, 4)) >= 1000) {
      c.value = std::string(rest.substr(0, 3));
      return c;
    }
    const WordInfo info = LookupWord(rest);
    const char first = text_[tokens_[i].begin + dash + 1];
    if (info.cls == WordClass::kMonth && first >= 'A' && first <= 'Z') {
      return MonthWithoutYear(i, i + 1, info.value, 0, 0.8f);
    }
    if (info.cls == WordClass::kSeason) return SeasonCandidate(i, i + 1, info.value, 0, 0);
    return {};
  }
  const int ord = OrdinalValue(head);
  if (ord >= 1 && ord <= 4 && (rest == "quarter" || (rest == "half" && ord <= 2))) {
    return QuarterCandidate(i, i + 1, ord, rest == "half", -1);
  }
  if (head == "year" && (rest == "ago" || rest == "earlier")) {
    // "the year-ago quarter", "the year-earlier period": one expression.
    size_t end = i + 1;
    if (Is(end, "quarter") || Is(end, "period")) ++end;
    if (!last_quarter_.empty() && !MonthsPeriodBefore(i)) return YearAgo(end, 0.7f);
    return RelativeYear(end, -1, 0.7f);
  }
  if (head == "year" && rest == "end") return RelativeYear(i + 1, 0, 0.7f);
  // "day-long", "decades-long": lasting one unit, or an unknown number of them.
  if (rest == "long") {
    const WordInfo ui = LookupWord(head);
    if (ui.cls != WordClass::kUnit) return {};
    c.type = TimexType::kDuration;
    c.value = DurationValue(ui.plural ? -1 : 1, static_cast<Unit>(ui.value));
    return c;
  }
  // "two-year", "16-hour", "30-day", "one-day", "several-year"; "five-year-old" is an age.
  if (!third.empty() && third != "long") return {};
  int count = -2;
  const WordInfo hi = LookupWord(head);
  if (hi.cls == WordClass::kNumber) {
    count = hi.value;
  } else if (const int d = Digits(head); d > 0 && head.size() <= 3) {
    count = d;
  } else if (head == "a" || head == "one") {
    count = 1;
  } else if (head == "several" || head == "multi" || head == "many") {
    count = -1;  // PXY
  }
  if (count < -1) return {};
  const WordInfo ui =
      second == "second" ? WordInfo{WordClass::kUnit, kSecond, false} : LookupWord(second);
  if (ui.cls != WordClass::kUnit || ui.plural) return {};
  c.type = TimexType::kDuration;
  c.value = DurationValue(count, static_cast<Unit>(ui.value));
  return c;
}

// "the weekend": the last one when the sentence speaks of the past (the news default), else the
// coming one.
Candidate Scanner::TheWeekend(size_t b, size_t end) const {
  if (!RefHasDay()) return RelativeWeek(end, 0, true, 0.6f);
  const int wd = Weekday(ref_);
  const Dir dir = TenseAround(b, end);
  const int offset = dir == Dir::kFuture ? (6 - wd + 7) % 7 : -((wd - 6 + 7) % 7);
  Candidate c;
  c.end = end;
  c.value = WeekValue(AddDays(ref_, offset)) + "-WE";
  c.anchored = true;
  c.confidence = 0.6f;
  return c;
}

}  // namespace storyline::time
