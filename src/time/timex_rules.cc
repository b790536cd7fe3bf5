// The rules of the temporal-expression scanner, one function per pattern family (docs/time.md).
// Each returns a Candidate whose `end` is the token after the match, or end == 0.
#include <cstdlib>
#include <string>

#include "time/timex_scanner.h"

namespace storyline::time {
namespace {

// Words after which a bare four-digit number is not a year ("1990 people" is, sadly, possible,
// but "2000 shares" is the common case).
bool IsCountedNoun(std::string_view w) {
  static constexpr std::string_view kNouns[] = {
      "people",  "shares",  "jobs",    "employees", "workers",  "troops",   "soldiers",
      "feet",    "miles",   "meters",  "metres",    "tons",     "tonnes",   "acres",
      "points",  "votes",   "cars",    "homes",     "units",    "members",  "pounds",
      "dollars", "yen",     "barrels", "times",     "students", "children", "cases",
      "deaths",  "percent", "km",      "kilometers"};
  for (std::string_view n : kNouns) {
    if (w == n) return true;
  }
  return false;
}

}  // namespace

Candidate Scanner::MatchAt(size_t i, size_t* start) {
  *start = i;
  // Most words cannot begin an expression (timex_lexicon.cc lists those that can).
  if (tokens_[i].kind == TokenKind::kWord && info_[i].cls == WordClass::kNone &&
      !(tokens_[i].flags & kHyphenated)) {
    return {};
  }
  // Modifiers kept inside the span (TimeML includes them): approximators and positions.
  size_t k = i;
  for (int rounds = 0; rounds < 2 && k < n_; ++rounds) {
    const std::string_view w = lw(k);
    if ((w == "earlier" || w == "later") && Is(k + 1, "in")) {
      k += 2;  // "earlier in the year"
    } else if (w == "about" || w == "around" || w == "approximately" || w == "roughly" ||
               w == "nearly" || w == "almost" || w == "some" || w == "early" || w == "late" ||
               w == "mid" || w == "earlier" || w == "later" || w == "over") {
      ++k;
    } else if ((w == "more" || w == "less" || w == "fewer") && Is(k + 1, "than")) {
      k += 2;
    } else if (w == "at" && (Is(k + 1, "least") || Is(k + 1, "most"))) {
      k += 2;
    } else if (w == "the" &&
               (Is(k + 1, "end") || Is(k + 1, "beginning") || Is(k + 1, "start") ||
                Is(k + 1, "middle")) &&
               Is(k + 2, "of")) {
      k += 3;
    } else {
      break;
    }
  }
  while (k > i) {
    Candidate c = MatchCore(k);
    if (c.end != 0) {
      // "over" and "some" only as approximators of an amount ("over the past year" is not one
      // expression for TimeML; "some 10 years" is).
      const std::string_view first = lw(i);
      const bool amount = c.type == TimexType::kDuration;
      // "get around Wednesday's ruling": an approximator before a day name is a preposition.
      if ((first == "around" || first == "about") &&
          (Info(k).cls == WordClass::kWeekday || Info(k).cls == WordClass::kDayWord)) {
        *start = k;
        return c;
      }
      if ((first == "over" || first == "some") && !amount) {
        ++i;
        *start = i;
        continue;
      }
      return c;
    }
    // The modifier did not lead to an expression; the core may still start at i+1..k.
    break;
  }
  *start = i;
  return MatchCore(i);
}

Candidate Scanner::MatchCore(size_t i) {
  if (i >= n_) return {};
  const TokenKind kind = tokens_[i].kind;
  if (kind == TokenKind::kPunct || kind == TokenKind::kSymbol || kind == TokenKind::kUrl) {
    return {};
  }
  Candidate best;
  auto take = [&](Candidate c) {
    if (c.end > best.end) best = std::move(c);
  };
  if (kind == TokenKind::kNumber) {
    // "April 24 and 25": the second day of a pair shares the month of the first.
    if (i >= 3 && (Is(i - 1, "and") || Is(i - 1, "or")) && DayNumberAt(i - 2) > 0 &&
        MonthAt(i - 3) > 0 && DayNumberAt(i) > 0 &&
        (i + 1 >= n_ || tokens_[i + 1].kind == TokenKind::kPunct)) {
      const int m = MonthAt(i - 3), d = DayNumberAt(i);
      if (IsValidDay(2000, m, d)) take(MonthDayWithoutYear(i - 3, i + 1, m, d, 0.7f));
    }
    take(MatchNumericDate(i));
    take(MatchDayFirst(i));
    take(MatchYear(i));
    take(MatchDecade(i));
    take(MatchClock(i));
    take(MatchSet(i));
    take(MatchDuration(i));
    take(MatchHyphenated(i));
    return best;
  }
  take(MatchMonthFirst(i));
  take(MatchDayFirst(i));
  take(MatchWeekday(i));
  take(MatchDayWord(i));
  take(MatchDeictic(i));
  take(MatchQuarter(i));
  take(MatchSeason(i));
  take(MatchYear(i));
  take(MatchDecade(i));
  take(MatchClock(i));
  take(MatchSet(i));
  take(MatchDuration(i));
  take(MatchHyphenated(i));
  take(MatchRefWord(i));
  take(MatchSpokenYear(i));
  take(MatchHoliday(i));
  return best;
}

// "May 7, 2016", "May 7 2016", "May 7", "January, 2017", "January 2017", "May of 2016", "May".
Candidate Scanner::MatchMonthFirst(size_t i) {
  const int m = MonthAt(i);
  if (m == 0) return {};
  size_t k = i + 1;
  const int d = DayNumberAt(k);
  if (d > 0) {
    size_t y_at = k + 1;
    if (Is(y_at, ",")) ++y_at;
    const int y = YearAt(y_at);
    if (y > 0 && IsValidDay(y, m, d)) return DayCandidate(y_at + 1, {y, m, d}, false, 0.95f);
    if (IsValidDay(2000, m, d)) return MonthDayWithoutYear(i, k + 1, m, d, 0.85f);
  }
  int y = -1;
  size_t end = 0;
  if (Is(k, ",") && (y = YearAt(k + 1)) > 0) {
    end = k + 2;
  } else if ((y = YearAt(k)) > 0) {
    end = k + 1;
  } else if (Is(k, "of") && (y = YearAt(k + 1)) > 0) {
    end = k + 2;
  }
  if (end == 0) {
    // "January nineteen ninety-seven" (spoken transcripts).
    Candidate spoken = MatchSpokenYear(k);
    if (spoken.end != 0) {
      y = std::atoi(spoken.value.c_str());
      end = spoken.end;
    }
  }
  if (end != 0) {
    Candidate c;
    c.end = end;
    c.value = MonthValue(y, m);
    c.confidence = 0.9f;
    return c;
  }
  // "July last year", "January this year", "April next year": the month of that year.
  if ((Is(k, "last") || Is(k, "this") || Is(k, "next")) && Is(k + 1, "year")) {
    Candidate c;
    c.end = k + 2;
    c.confidence = 0.85f;
    if (RefHasYear()) {
      c.value = MonthValue(ref_.year + (Is(k, "last") ? -1 : Is(k, "next") ? 1 : 0), m);
      c.anchored = true;
    } else {
      c.value = "XXXX-" + MonthValue(2000, m).substr(5);
    }
    return c;
  }
  // "Jan Kavan", "Dec Smith": a short form without its period before a capitalised word is a
  // first name.
  const std::string_view form = lw(i);
  if (form.size() <= 4 && form != "may" && form != "june" && form != "july" &&
      text_[tokens_[i].end - 1] != '.' && IsCap(k) && Info(k).cls == WordClass::kNone) {
    return {};
  }
  // A month alone. "May", "March", "June" and "August" are also words and names: only after a
  // preposition or modifier that makes them a month.
  const std::string_view prev = i > 0 ? lw(i - 1) : std::string_view();
  const bool month_context = prev == "in" || prev == "since" || prev == "by" || prev == "until" ||
                             prev == "till" || prev == "from" || prev == "through" ||
                             prev == "during" || prev == "before" || prev == "after" ||
                             prev == "of" || prev == "early" || prev == "late" || prev == "mid" ||
                             prev == "to" || prev == "and" || prev == "or" || prev == "last" ||
                             prev == "next" || prev == "this" || prev == "each" || prev == "every";
  if ((m == 5 || m == 3 || m == 6 || m == 8) && !month_context) return {};
  if (lw(i).size() <= 4 && !month_context) return {};  // "Jan" is also a name
  return MonthWithoutYear(i, i + 1, m, 0, 0.75f);
}

// "7 May 2016", "7th of May, 2016", "the 7th of May", "7 May".
Candidate Scanner::MatchDayFirst(size_t i) {
  size_t k = i;
  if (Is(k, "the")) ++k;
  const int d = DayNumberAt(k);
  if (d < 0) return {};
  size_t mk = k + 1;
  const bool has_of = Is(mk, "of");
  if (has_of) ++mk;
  if (k != i && !has_of) return {};  // "the 7 May" is not a form
  const int m = MonthAt(mk);
  if (m == 0) return {};
  size_t y_at = mk + 1;
  if (Is(y_at, ",")) ++y_at;
  const int y = YearAt(y_at);
  if (y > 0 && IsValidDay(y, m, d)) return DayCandidate(y_at + 1, {y, m, d}, false, 0.95f);
  if (!IsValidDay(2000, m, d)) return {};
  return MonthDayWithoutYear(i, mk + 1, m, d, 0.8f);
}

// "2016-05-07", "2016-05-07T15:30", "2016/05/07", "05/07/2016" (US order), "5/7/16".
Candidate Scanner::MatchNumericDate(size_t i) {
  std::string_view w = lw(i);
  if (w.size() < 6 || w.size() > 19) return {};
  int hour = -1, minute = 0;
  if (w.size() > 10 && (w[10] == 't') && w.size() >= 16) {
    if (!ParseClock(w.substr(11, 5), /*dot=*/true, &hour, &minute)) return {};
    w = w.substr(0, 10);
  }
  const char sep = w.find('-') != std::string_view::npos ? '-' : '/';
  const size_t a = w.find(sep);
  if (a == std::string_view::npos) return {};
  const size_t b = w.find(sep, a + 1);
  if (b == std::string_view::npos || w.find(sep, b + 1) != std::string_view::npos) return {};
  const int p1 = Digits(w.substr(0, a));
  const int p2 = Digits(w.substr(a + 1, b - a - 1));
  const int p3 = Digits(w.substr(b + 1));
  if (p1 < 0 || p2 < 0 || p3 < 0) return {};
  int y, m, d;
  if (a == 4) {
    y = p1, m = p2, d = p3;
  } else if (sep == '/' && a <= 2 && b - a - 1 <= 2 &&
             (w.size() - b - 1 == 4 || w.size() - b - 1 == 2)) {
    m = p1, d = p2, y = p3;
    if (w.size() - b - 1 == 2) y += y < 50 ? 2000 : 1900;
  } else {
    return {};
  }
  if (y < 1000 || !IsValidDay(y, m, d)) return {};
  Candidate c = DayCandidate(i + 1, {y, m, d}, false, 0.95f);
  if (hour >= 0) AddClock(&c, hour, minute);
  return c;
}

// "2016", "fiscal 1989", "fiscal year 1990", "the year 2000".
Candidate Scanner::MatchYear(size_t i) {
  size_t k = i;
  bool introduced = false;
  if (Is(k, "fiscal")) {
    ++k;
    if (Is(k, "year")) ++k;
    introduced = true;
  } else if (Is(k, "the") && Is(k + 1, "year")) {
    k += 2;
    introduced = true;
  } else if (Is(k, "year") && YearAt(k + 1) > 0) {
    ++k;
    introduced = true;
  }
  const int y = YearAt(k);
  if (y < 0) return {};
  const std::string_view prev = k > 0 ? lw(k - 1) : std::string_view();
  if (!introduced) {
    if (k > 0 &&
        (tokens_[k - 1].kind == TokenKind::kSymbol || tokens_[k - 1].kind == TokenKind::kNumber)) {
      return {};
    }
    if (IsCountedNoun(lw(k + 1)) || Is(k + 1, "%")) return {};
    if (prev == "no" || prev == "number" || prev == "route" || prev == "flight" || prev == "room" ||
        prev == "page") {
      return {};
    }
    if (y < 1900 || y > 2099) {
      const bool history = prev == "in" || prev == "since" || prev == "of" || prev == "by" ||
                           prev == "until" || prev == "from" || prev == "to" || prev == "during" ||
                           prev == "before" || prev == "after" || prev == "circa";
      if (!history) return {};
    }
  }
  Candidate c;
  c.end = k + 1;
  c.value = YearValue(y);
  c.confidence = introduced ? 0.9f : 0.75f;
  return c;
}

// "the 1990s", "1990s", "the '90s", "the 1800s" (a century: "18"), "the 20th century".
Candidate Scanner::MatchDecade(size_t i) {
  size_t k = i;
  if (Is(k, "the")) ++k;
  if (k >= n_) return {};
  std::string_view w = lw(k);
  // Century: "20th century", "twentieth century".
  if (Is(k + 1, "century")) {
    int ord = -1;
    if (Info(k).cls == WordClass::kOrdinal) {
      ord = Info(k).value;
    } else if (tokens_[k].kind == TokenKind::kNumber && w.size() >= 3 && w.size() <= 4) {
      ord = Digits(w.substr(0, w.size() - 2));
    }
    if (ord >= 1 && ord <= 30) {
      Candidate c;
      c.end = k + 2;
      c.value = std::to_string(ord - 1);
      if (c.value.size() < 2) c.value.insert(0, "0");
      c.confidence = 0.85f;
      return c;
    }
    return {};
  }
  if (k != i && tokens_[k].kind == TokenKind::kWord) {
    // "the nineties", "the eighties": the twentieth century's decades.
    static constexpr std::string_view kDecades[] = {"twenties", "thirties", "forties",
                                                    "fifties",  "sixties",  "seventies",
                                                    "eighties", "nineties"};
    for (int d = 0; d < 8; ++d) {
      if (w == kDecades[d]) {
        Candidate c;
        c.end = k + 1;
        c.value = "19" + std::to_string(d + 2);
        c.confidence = 0.7f;
        return c;
      }
    }
    return {};
  }
  if (tokens_[k].kind != TokenKind::kNumber) return {};
  if (StartsWith(w, "'")) {
    w.remove_prefix(1);
  } else if (StartsWith(w, "\xE2\x80\x99")) {
    w.remove_prefix(3);
  }
  if (!EndsWith(w, "s")) return {};
  w.remove_suffix(1);
  if (EndsWith(w, "'")) w.remove_suffix(1);
  const int v = Digits(w);
  Candidate c;
  if (w.size() == 4 && v >= 1000 && v % 10 == 0) {
    c.value = v % 100 == 0 ? std::to_string(v / 100) : std::to_string(v / 10);
  } else if (w.size() == 2 && v % 10 == 0 && (k != i || lw(k).size() > w.size() + 1)) {
    c.value = std::to_string((v >= 20 ? 1900 : 2000) + v).substr(0, 3);
  } else {
    return {};
  }
  c.end = k + 1;
  c.confidence = 0.85f;
  return c;
}

// "Wednesday", "Wednesday, May 7, 2016", "Friday morning", "Tuesday nights" (a set).
Candidate Scanner::MatchWeekday(size_t i) {
  const int wd = WeekdayAt(i);
  if (wd == 0) return {};
  size_t k = i + 1;
  if (Is(k, ",")) ++k;
  Candidate date = MatchMonthFirst(k);
  if (date.end == 0 || !date.full_day) date = MatchDayFirst(k);
  if (date.end != 0 && date.full_day) return date;
  const WordInfo next = Info(i + 1);
  if (next.cls == WordClass::kPartOfDay && next.plural) {
    Candidate c;
    c.end = i + 2;
    c.type = TimexType::kSet;
    c.value =
        "XXXX-WXX-" + std::to_string(wd) + "T" + PartOfDayCode(static_cast<PartOfDay>(next.value));
    c.confidence = 0.8f;
    return c;
  }
  Candidate c = WeekdayCandidate(i, i + 1, wd, 0, 0.8f);
  if (next.cls == WordClass::kPartOfDay) {
    c.end = i + 2;
    AddPartOfDay(&c, static_cast<PartOfDay>(next.value));
  }
  return c;
}

// "today", "yesterday", "tomorrow", "tonight", "yesterday morning", "the day before yesterday".
Candidate Scanner::MatchDayWord(size_t i) {
  // "mid-afternoon", "mid morning", "midafternoon", optionally with its day ("mid-afternoon
  // yesterday", "mid-morning Friday"): that part of the day, on the reference day by default.
  {
    const std::string_view w = lw(i);
    std::string_view part_word;
    size_t next = i + 1;
    if (w == "mid" && Info(i + 1).cls == WordClass::kPartOfDay) {
      part_word = lw(i + 1);
      next = i + 2;
    } else if (StartsWith(w, "mid-")) {
      part_word = w.substr(4);
    } else if (StartsWith(w, "mid") && w.size() > 3 && w != "midnight") {  // a clock time
      part_word = w.substr(3);
    }
    const WordInfo part = part_word.empty() ? WordInfo{} : LookupWord(part_word);
    if (part.cls == WordClass::kPartOfDay && !part.plural) {
      Candidate c;
      if (Info(next).cls == WordClass::kDayWord && Info(next).value != 100) {
        c = MatchDayWord(next);
      } else if (Info(next).cls == WordClass::kWeekday && WeekdayAt(next) > 0) {
        c = WeekdayCandidate(i, next + 1, WeekdayAt(next), 0, 0.8f);
      }
      if (c.end == 0 || c.type != TimexType::kDate) c = RelativeDay(next, 0, 0.7f);
      c.full_day = false;
      AddPartOfDay(&c, static_cast<PartOfDay>(part.value));
      return c;
    }
  }
  if (Is(i, "the") && Is(i + 1, "day") && (Is(i + 2, "before") || Is(i + 2, "after")) &&
      Info(i + 3).cls == WordClass::kDayWord) {
    const int base = Info(i + 3).value == 255 ? -1 : Info(i + 3).value;
    if (base == -1 && Is(i + 2, "before")) return RelativeDay(i + 4, -2, 0.9f);
    if (base == 1 && Is(i + 2, "after")) return RelativeDay(i + 4, 2, 0.9f);
    return {};
  }
  const WordInfo info = Info(i);
  if (info.cls != WordClass::kDayWord) return {};
  if (info.value == 100) {  // tonight
    Candidate c = RelativeDay(i + 1, 0, 0.9f);
    AddPartOfDay(&c, kNight);
    return c;
  }
  const int offset = info.value == 255 ? -1 : info.value;
  Candidate c = RelativeDay(i + 1, offset, 0.9f);
  const WordInfo next = Info(i + 1);
  if (next.cls == WordClass::kPartOfDay && !next.plural) {
    c.end = i + 2;
    AddPartOfDay(&c, static_cast<PartOfDay>(next.value));
  }
  return c;
}

// "now", "currently", "recently", "soon", "the past", "the future", "future", "recent years",
// "these days", "the moment" (after "at"), "current".
Candidate Scanner::MatchRefWord(size_t i) {
  Candidate c;
  c.confidence = 0.7f;
  const WordInfo info = Info(i);
  if (info.cls == WordClass::kRef) {
    if (Is(i, "now") && (Is(i + 1, "that") || Is(i + 1, ","))) {
      // "now that ..." and a sentence-initial "Now," are discourse markers as often as times.
      if (Is(i + 1, "that")) return {};
    }
    c.end = i + 1;
    c.value = RefValue(static_cast<Ref>(info.value));
    return c;
  }
  const std::string_view w = lw(i);
  // "the near future", "the near term", "the short term", "the long run".
  if (w == "the" && (Is(i + 1, "near") || Is(i + 1, "short") || Is(i + 1, "long")) &&
      (Is(i + 2, "future") || Is(i + 2, "term") || (Is(i + 1, "long") && Is(i + 2, "run")))) {
    c.end = i + 3;
    c.value = "FUTURE_REF";
    return c;
  }
  if (w == "the" && (Is(i + 1, "past") || Is(i + 1, "future") || Is(i + 1, "present"))) {
    // "the past two years" is a duration (MatchDeictic); "the past" alone is a reference.
    Unit u;
    bool plural;
    int count;
    size_t e;
    if (UnitAt(i + 2, &u, &plural) || CountAt(i + 2, &count, &e, false)) return {};
    if (Is(i + 1, "present") && !(i > 0 && (Is(i - 1, "at") || Is(i - 1, "until")))) return {};
    c.end = i + 2;
    c.value = Is(i + 1, "past") ? "PAST_REF" : Is(i + 1, "future") ? "FUTURE_REF" : "PRESENT_REF";
    return c;
  }
  // Bare "future", "recent", "soon", "previously" are left out: as adjectives and adverbs they
  // rarely name a time ("future growth", "recent gains"); TimeML annotators mostly skip them.
  if (w == "recent" || w == "coming") {
    // "recent years", "coming months": a vague time before or after now.
    Unit u;
    bool plural;
    if (UnitAt(i + 1, &u, &plural) && plural) {
      c.end = i + 2;
      c.value = w == "recent" ? "PAST_REF" : "FUTURE_REF";
      return c;
    }
    return {};
  }
  if (w == "current") {
    c.end = i + 1;
    c.value = "PRESENT_REF";
    c.confidence = 0.5f;
    return c;
  }
  // "the weeks ahead", "the months ahead": a stretch of unknown length from now (PXW).
  if (w == "the" && Is(i + 2, "ahead")) {
    Unit u;
    bool plural;
    if (UnitAt(i + 1, &u, &plural) && plural) {
      c.end = i + 3;
      c.type = TimexType::kDuration;
      c.value = DurationValue(-1, u);
      return c;
    }
  }
  // "at a later date", "as soon as possible": an unspecified time ahead.
  if (w == "a" && Is(i + 1, "later") && (Is(i + 2, "date") || Is(i + 2, "time"))) {
    c.end = i + 3;
    c.value = "FUTURE_REF";
    return c;
  }
  if (w == "as" && Is(i + 1, "soon") && Is(i + 2, "as") && Is(i + 3, "possible")) {
    c.end = i + 4;
    c.value = "FUTURE_REF";
    return c;
  }
  if (w == "these" && Is(i + 1, "days")) {
    c.end = i + 2;
    c.value = "PRESENT_REF";
    return c;
  }
  if (w == "the" && Is(i + 1, "moment") && i > 0 && Is(i - 1, "at")) {
    c.end = i + 2;
    c.value = "PRESENT_REF";
    return c;
  }
  return {};
}

}  // namespace storyline::time
