// Scanner infrastructure: token forms, tense, resolution against the reference date, the scan.
//
// Invariants:
//  - At each token the longest match of all rules wins (ties: the first rule in MatchCore); the
//    scan continues after it, so spans never overlap and come out in text order.
//  - Spans start and end on token boundaries, so offsets are exact bytes of the original text.
//  - A relative expression reads only the reference date and, for anaphoric ones ("the
//    following day", "two days later"), the last full day the text mentioned.
#include "time/timex_scanner.h"

#include <cstdio>

namespace storyline {

const char* TimexTypeName(TimexType type) {
  switch (type) {
    case TimexType::kDate:
      return "DATE";
    case TimexType::kTime:
      return "TIME";
    case TimexType::kDuration:
      return "DURATION";
    case TimexType::kSet:
      return "SET";
  }
  return "DATE";
}

std::vector<Timex> FindTimexes(std::string_view text, const PublishedDate& reference) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  time::Scanner scanner(text, tokens, reference);
  return scanner.Run();
}

namespace time {
namespace {

std::string Format(const char* fmt, int a, int b, int c) {
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, a, b, c);
  return buf;
}

}  // namespace

std::string YearValue(int y) { return Format("%04d", y, 0, 0); }
std::string MonthValue(int y, int m) { return Format("%04d-%02d", y, m, 0); }
std::string DayValue(const CivilDay& d) { return Format("%04d-%02d-%02d", d.year, d.month, d.day); }
std::string WeekValue(const CivilDay& d) {
  int iso_year, week;
  IsoWeek(d, &iso_year, &week);
  return Format("%04d-W%02d", iso_year, week, 0);
}

std::string DurationValue(int n, Unit unit) {
  int amount = n;
  if (n >= 0) {
    if (unit == kDecade) amount = n * 10;
    if (unit == kCentury) amount = n * 100;
    if (unit == kFortnight) amount = n * 2;
    if (unit == kWeekend) amount = n * 2;
    if (unit == kHalfYear) amount = n * 6;
  }
  std::string out = IsTimeUnit(unit) ? "PT" : "P";
  out += amount < 0 ? std::string("X") : std::to_string(amount);
  out += UnitLetter(unit);
  return out;
}

std::string HalfDurationValue(int n, Unit unit) {
  // TimeML writes the half in the next smaller unit when it is whole: "two and a half years"
  // is P2Y6M, "5 1/2 hours" PT5H30M, "a minute and a half" PT1M30S.
  const std::string whole = std::to_string(n);
  switch (unit) {
    case kYear:
      return "P" + whole + "Y6M";
    case kHalfYear:
      return "P" + std::to_string(n * 6 + 3) + "M";
    case kDecade:
      return "P" + std::to_string(n * 10 + 5) + "Y";
    case kCentury:
      return "P" + std::to_string(n * 100 + 50) + "Y";
    case kDay:
      return "P" + whole + "DT12H";
    case kHour:
      return "PT" + whole + "H30M";
    case kMinute:
      return "PT" + whole + "M30S";
    default: {  // months, weeks, quarters, seconds: no whole smaller unit; the decimal
      std::string v = DurationValue(n, unit);
      v.insert(v.size() - 1, ".5");
      return v;
    }
  }
}

Scanner::Scanner(std::string_view text, const std::vector<Token>& tokens,
                 const PublishedDate& reference)
    : text_(text), tokens_(tokens), n_(tokens.size()) {
  lower_.assign(text.data(), text.size());
  for (char& c : lower_) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  lw_.reserve(n_);
  info_.reserve(n_);
  const std::string_view lower(lower_);
  for (const Token& t : tokens_) {
    std::string_view w = lower.substr(t.begin, t.end - t.begin);
    if (w.size() > 1 && w.back() == '.') w.remove_suffix(1);
    lw_.push_back(w);
    info_.push_back(t.kind == TokenKind::kWord && w.size() <= 14 ? LookupWord(w) : WordInfo{});
  }
  if (reference.known()) {
    ref_.year = reference.year;
    ref_level_ = 1;
    if (reference.month >= 1 && reference.month <= 12) {
      ref_.month = reference.month;
      ref_level_ = 2;
      if (IsValidDay(reference.year, reference.month, reference.day)) {
        ref_.day = reference.day;
        ref_level_ = 3;
      }
    }
  }
}

std::vector<Timex> Scanner::Run() {
  std::vector<Timex> out;
  for (size_t i = 0; i < n_;) {
    size_t start = i;
    Candidate c = MatchAt(i, &start);
    if (c.end == 0) {
      ++i;
      continue;
    }
    NoteMention(c);
    Timex t;
    t.begin = tokens_[start].begin;
    t.end = tokens_[c.end - 1].end;
    t.type = c.type;
    t.value = std::move(c.value);
    t.anchored = c.anchored;
    t.confidence = c.confidence;
    if (c.quarter && t.value.size() == 7 && t.value[5] == 'Q' && t.value[6] != 'X') {
      last_quarter_ = t.value;
    }
    out.push_back(std::move(t));
    if (c.full_day) {
      has_last_day_ = true;
      last_day_ = c.day;
    }
    i = c.end;
  }
  return out;
}

void Scanner::NoteMention(const Candidate& c) {
  if (c.type != TimexType::kDate && c.type != TimexType::kTime) return;
  const std::string& v = c.value;
  auto digits = [&](size_t from, size_t n) {
    int x = 0;
    for (size_t k = from; k < from + n; ++k) {
      if (k >= v.size() || v[k] < '0' || v[k] > '9') return -1;
      x = x * 10 + (v[k] - '0');
    }
    return x;
  };
  const int y = digits(0, 4);
  if (y < 1000 || (v.size() > 4 && v[4] != '-')) return;
  last_year_ = y;
  const int m = v.size() >= 7 ? digits(5, 2) : -1;
  if (m >= 1 && m <= 12) last_month_ = CivilDay{y, m, 1};
}

bool Scanner::IsSentenceEnd(size_t i) const {
  if (i >= n_ || tokens_[i].kind != TokenKind::kPunct) return false;
  const std::string_view w = text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  return w == "." || w == "?" || w == "!" || w == ";" || w == "...";
}

int Scanner::MonthAt(size_t i) const {
  if (i >= n_ || info_[i].cls != WordClass::kMonth || !IsCap(i)) return 0;
  return info_[i].value;
}

int Scanner::WeekdayAt(size_t i) const {
  if (i >= n_ || info_[i].cls != WordClass::kWeekday || !IsCap(i)) return 0;
  const std::string_view w = lw_[i];
  // "Sun", "Wed", "Sat" without a period are other words.
  if (w.size() <= 5 && w != "monday" && w != "friday" && w != "sunday" &&
      text_[tokens_[i].end - 1] != '.') {
    return 0;
  }
  return info_[i].value;
}

int Scanner::DayNumberAt(size_t i) const {
  if (i >= n_ || tokens_[i].kind != TokenKind::kNumber) return -1;
  std::string_view w = lw_[i];
  if (w.size() > 2 &&
      (EndsWith(w, "st") || EndsWith(w, "nd") || EndsWith(w, "rd") || EndsWith(w, "th"))) {
    w.remove_suffix(2);
  }
  if (w.empty() || w.size() > 2) return -1;
  int d = 0;
  for (char c : w) {
    if (c < '0' || c > '9') return -1;
    d = d * 10 + (c - '0');
  }
  return d >= 1 && d <= 31 ? d : -1;
}

int Scanner::YearAt(size_t i) const {
  if (i >= n_ || tokens_[i].kind != TokenKind::kNumber) return -1;
  const std::string_view w = lw_[i];
  if (w.size() != 4) return -1;
  int y = 0;
  for (char c : w) {
    if (c < '0' || c > '9') return -1;
    y = y * 10 + (c - '0');
  }
  return y >= 1000 && y <= 2999 ? y : -1;
}

namespace {

// "25", "twenty-five", "seven": 0..999; -1 otherwise.
int NumberWordValue(std::string_view w, const WordInfo& info) {
  if (info.cls == WordClass::kNumber) return info.value;
  if (!w.empty() && w[0] >= '0' && w[0] <= '9') {
    if (w.size() > 3) return -1;
    int v = 0;
    for (char c : w) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  const size_t dash = w.find('-');
  if (dash == std::string_view::npos) return -1;
  const WordInfo tens = LookupWord(w.substr(0, dash));
  const WordInfo ones = LookupWord(w.substr(dash + 1));
  if (tens.cls != WordClass::kNumber || ones.cls != WordClass::kNumber) return -1;
  if (tens.value < 20 || tens.value % 10 != 0 || ones.value >= 10) return -1;
  return tens.value + ones.value;
}

}  // namespace

bool Scanner::CountAt(size_t i, int* value, size_t* end, bool allow_article) const {
  if (i >= n_) return false;
  const std::string_view w = lw_[i];
  if (w == "a" || w == "an") {
    if (Is(i + 1, "hundred") || Is(i + 1, "thousand")) {  // "almost a hundred years"
      *value = Is(i + 1, "hundred") ? 100 : 1000;
      *end = i + 2;
      return true;
    }
    if (Is(i + 1, "few")) {
      *value = -1;
      *end = i + 2;
      return true;
    }
    if (Is(i + 1, "couple") && Is(i + 2, "of")) {
      *value = 2;
      *end = i + 3;
      return true;
    }
    if (!allow_article) return false;
    *value = 1;
    *end = i + 1;
    return true;
  }
  if (w == "couple" && Is(i + 1, "of")) {  // "the next couple of years"
    *value = 2;
    *end = i + 2;
    return true;
  }
  if (w == "several" || w == "many" || w == "few" || w == "numerous") {
    *value = -1;
    *end = i + 1;
    return true;
  }
  if (w == "hundreds" || w == "thousands") return false;
  const int v = NumberWordValue(w, info_[i]);
  if (v < 0) return false;
  if (tokens_[i].kind == TokenKind::kNumber && (tokens_[i].flags & kHyphenated)) return false;
  *value = v;
  *end = i + 1;
  if (tokens_[i].kind == TokenKind::kWord) {
    // "twenty four" written without its hyphen; "two hundred", "two thousand".
    const int unit = i + 1 < n_ && tokens_[i + 1].kind == TokenKind::kWord
                         ? NumberWordValue(lw_[i + 1], info_[i + 1])
                         : -1;
    if (v >= 20 && v <= 90 && v % 10 == 0 && unit >= 1 && unit <= 9) {
      *value = v + unit;
      *end = i + 2;
    } else if (v >= 1 && v <= 99 && (Is(i + 1, "hundred") || Is(i + 1, "thousand"))) {
      *value = v * (Is(i + 1, "hundred") ? 100 : 1000);
      *end = i + 2;
    }
  }
  return true;
}

bool Scanner::UnitAt(size_t i, Unit* unit, bool* plural) const {
  if (i >= n_) return false;
  if (lw_[i] == "second") {  // the table has the ordinal reading
    // "a second time", "a second term": the ordinal, unless a number counts it.
    if (i > 0 && (lw_[i - 1] == "a" || lw_[i - 1] == "the")) return false;
    *unit = kSecond;
    *plural = false;
    return true;
  }
  if (info_[i].cls != WordClass::kUnit) return false;
  *unit = static_cast<Unit>(info_[i].value);
  *plural = info_[i].plural;
  return true;
}

Dir Scanner::TenseAround(size_t b, size_t e) const {
  // The nearest tense cue in the same sentence decides; none within kWindow tokens: kNone. A cue
  // after the expression counts only when less than half as far as the one before it: the verb
  // governing a time adverbial mostly comes first ("will open a plant in August, analysts said").
  constexpr size_t kWindow = 12;
  Dir best = Dir::kNone;
  size_t best_dist = kWindow + 1;
  for (size_t i = b, dist = 1; i > 0 && dist <= kWindow; --i, ++dist) {
    if (IsSentenceEnd(i - 1)) break;
    const Dir d = TenseCue(i - 1);
    if (d != Dir::kNone) {
      best = d;
      best_dist = dist;
      break;
    }
  }
  for (size_t i = e, dist = 1; i < n_ && 2 * dist < best_dist; ++i, ++dist) {
    if (IsSentenceEnd(i)) break;
    const Dir d = TenseCue(i);
    if (d != Dir::kNone) {
      best = d;
      break;
    }
  }
  return best;
}

Dir Scanner::TenseCue(size_t i) const {
  if (tokens_[i].kind != TokenKind::kWord) return Dir::kNone;
  const std::string_view w = lw_[i];
  const std::string_view prev = i > 0 ? lw_[i - 1] : std::string_view();
  static constexpr std::string_view kFuture[] = {
      "will",     "shall",   "won't", "going", "plans",    "plan",     "planned", "scheduled",
      "expected", "expects", "due",   "would", "upcoming", "intends",  "until",   "next",
      "tomorrow", "hopes",   "aims",  "wants", "promised", "may",      "might",   "should",
      "must",     "can",     "hope",  "want",  "planning", "preparing"};
  static constexpr std::string_view kPast[] = {
      "was",    "were",   "had",     "did",       "said",    "told",  "ago",     "made",
      "took",   "came",   "went",    "got",       "gave",    "saw",   "met",     "held",
      "won",    "lost",   "left",    "began",     "fell",    "rose",  "sold",    "bought",
      "paid",   "ran",    "thought", "found",     "became",  "knew",  "brought", "kept",
      "wrote",  "spoke",  "fled",    "led",       "struck",  "shot",  "sent",    "spent",
      "felt",   "heard",  "stood",   "fought",    "last",    "since", "wasn't",  "weren't",
      "didn't", "hadn't", "grew",    "yesterday", "earlier", "quit",  "drew",    "threw",
      "broke",  "chose",  "froze",   "hung",      "lay",     "slid",  "swore"};
  if (EndsWith(w, "'ll") || EndsWith(w, "\xE2\x80\x99ll")) return Dir::kFuture;
  // "is to resume", "set to meet", "supposed to end": an arrangement ahead.
  if (w == "to" && i > 0) {
    if (prev == "is" || prev == "are" || prev == "set" || prev == "was" || prev == "were" ||
        prev == "supposed") {
      return Dir::kFuture;
    }
  }
  // "supposed to end", "slated to open", "poised to win": a plan, not the past.
  if ((w == "supposed" || w == "slated" || w == "poised") && i + 1 < n_ && lw_[i + 1] == "to") {
    return Dir::kFuture;
  }
  // "as soon as Tuesday", "as early as March": the earliest a thing can still happen.
  if (w == "as" && i >= 2 && (prev == "soon" || prev == "early") && lw_[i - 2] == "as") {
    return Dir::kFuture;
  }
  // "Until March, they had not paid", "By March, it had cut jobs": a boundary opening the
  // sentence takes its direction from the verb after it.
  if ((w == "until" || w == "by") && (i == 0 || IsSentenceEnd(i - 1))) return Dir::kNone;
  // "by February": a deadline, ahead of the writer; "effective Feb. 1": the day a decision takes
  // effect, announced ahead of it. Unless a past verb just before tells of one that has passed
  // ("was cut by March", "became effective Jan. 1"). (The look-back only goes left, so it ends.)
  if ((w == "by" && MonthAt(i + 1) != 0) ||
      (w == "effective" && (MonthAt(i + 1) != 0 || WeekdayAt(i + 1) != 0))) {
    for (size_t t = i, steps = 0; t > 0 && steps < 3 && !IsSentenceEnd(t - 1); --t, ++steps) {
      if (TenseCue(t - 1) == Dir::kPast) return Dir::kPast;
    }
    return Dir::kFuture;
  }
  // "had been due to expire", "had been expected": a plan seen from the past.
  const bool pluperfect = prev == "been" && i >= 2 && lw_[i - 2] == "had";
  for (std::string_view f : kFuture) {
    if (w == f) return pluperfect ? Dir::kPast : Dir::kFuture;
  }
  // "were planning", "was expected": the auxiliary defers to the plan after it.
  if ((w == "was" || w == "were") && i + 1 < n_) {
    for (std::string_view f : kFuture) {
      if (lw_[i + 1] == f) return Dir::kNone;
    }
  }
  // A participle after "be" is no past ("will be held", "to be paid", "was being sold").
  const bool after_be = prev == "be" || prev == "been" || prev == "being";
  for (std::string_view p : kPast) {
    if (w == p) return after_be ? Dir::kNone : Dir::kPast;
  }
  if (w.size() >= 5 && EndsWith(w, "ed") && !(tokens_[i].flags & kCapitalized)) {
    static constexpr std::string_view kNotPast[] = {"need",    "speed",   "indeed",  "hundred",
                                                    "proceed", "succeed", "exceed",  "breed",
                                                    "embed",   "united",  "limited", "needed"};
    for (std::string_view x : kNotPast) {
      if (w == x) return Dir::kNone;
    }
    if (after_be) return Dir::kNone;
    // "a still unspecified date", "the planned merger", "unconfirmed reports": adjectives.
    if (StartsWith(w, "un") || prev == "a" || prev == "an" || prev == "the" || prev == "still") {
      return Dir::kNone;
    }
    return Dir::kPast;
  }
  return Dir::kNone;
}

Candidate Scanner::DayCandidate(size_t end, const CivilDay& d, bool anchored, float conf) const {
  Candidate c;
  c.end = end;
  c.value = DayValue(d);
  c.anchored = anchored;
  c.confidence = conf;
  c.full_day = true;
  c.day = d;
  return c;
}

Candidate Scanner::UnresolvedDay(size_t end, float conf) const {
  Candidate c;
  c.end = end;
  c.value = "XXXX-XX-XX";
  c.confidence = conf;
  return c;
}

Candidate Scanner::RelativeDay(size_t end, int days, float conf) const {
  if (!RefHasDay()) return UnresolvedDay(end, conf);
  return DayCandidate(end, AddDays(ref_, days), true, conf);
}

Candidate Scanner::RelativeWeek(size_t end, int weeks, bool weekend, float conf) const {
  Candidate c;
  c.end = end;
  c.confidence = conf;
  if (RefHasDay()) {
    c.value = WeekValue(AddDays(ref_, weeks * 7));
    c.anchored = true;
  } else {
    c.value = "XXXX-WXX";
  }
  if (weekend) c.value += "-WE";
  return c;
}

Candidate Scanner::RelativeMonth(size_t end, int months, float conf) const {
  Candidate c;
  c.end = end;
  c.confidence = conf;
  if (RefHasMonth()) {
    const CivilDay d = AddMonths({ref_.year, ref_.month, 1}, months);
    c.value = MonthValue(d.year, d.month);
    c.anchored = true;
  } else {
    c.value = "XXXX-XX";
  }
  return c;
}

Candidate Scanner::RelativeQuarter(size_t end, int quarters, float conf) const {
  Candidate c;
  c.end = end;
  c.confidence = conf;
  if (RefHasMonth()) {
    int q = ref_.year * 4 + (ref_.month - 1) / 3 + quarters;
    c.value = YearValue(q / 4) + "-Q" + std::to_string(q % 4 + 1);
    c.anchored = true;
    c.quarter = true;
  } else {
    c.value = "XXXX-QX";
  }
  return c;
}

Candidate Scanner::RelativeYear(size_t end, int years, float conf) const {
  Candidate c;
  c.end = end;
  c.confidence = conf;
  if (RefHasYear()) {
    c.value = YearValue(ref_.year + years);
    c.anchored = true;
  } else {
    c.value = "XXXX";
  }
  return c;
}

// shift: 0 = by tense (a bare month), 2 = the reference year ("this November"), -1 = "last"
// (strictly before the reference month), +1 = "next" (strictly after).
Candidate Scanner::MonthWithoutYear(size_t b, size_t end, int month, int shift, float conf) const {
  Candidate c;
  c.end = end;
  c.confidence = conf;
  if (!RefHasMonth()) {
    c.value = "XXXX-" + Format("%02d", month, 0, 0);
    return c;
  }
  int year = ref_.year;
  if (shift == 2) {
    // "this November": the reference year.
  } else if (shift < 0) {
    if (month >= ref_.month) --year;
  } else if (shift > 0) {
    if (month <= ref_.month) ++year;
  } else {
    const Dir dir = TenseAround(b, end);
    if (dir == Dir::kFuture) {
      if (month < ref_.month) ++year;
    } else if (dir == Dir::kPast) {
      if (month > ref_.month) --year;
    } else {
      // No tense: news mostly reports what happened, so the most recent such month, unless
      // the coming one is at most kAheadMonths away ("in December" written in November).
      constexpr int kAheadMonths = 2;
      const int ahead = (month - ref_.month + 12) % 12;
      if (ahead > 0 && ahead <= kAheadMonths) {
        if (month < ref_.month) ++year;
      } else if (month > ref_.month) {
        --year;
      }
    }
  }
  c.value = MonthValue(year, month);
  c.anchored = true;
  return c;
}

Candidate Scanner::MonthDayWithoutYear(size_t b, size_t end, int month, int day, float conf) const {
  if (!RefHasMonth() || !IsValidDay(2000, month, day)) {
    Candidate c;
    c.end = end;
    c.confidence = conf;
    c.value = "XXXX-" + Format("%02d-%02d", month, day, 0);
    return c;
  }
  // The nearest such day to the reference; the tense only overrides when that day lies more
  // than kTenseDays on the other side ("will meet on Dec. 15" written in May).
  constexpr int64_t kTenseDays = 90;
  const int ref_day = RefHasDay() ? ref_.day : 15;
  const int64_t ref_days = DaysFromCivil({ref_.year, ref_.month, ref_day});
  auto days_of = [&](int y) {
    // Feb 29 in a year without it falls back to Feb 28 only for comparisons.
    return DaysFromCivil({y, month, IsValidDay(y, month, day) ? day : 28});
  };
  int year = ref_.year;
  const int64_t same = days_of(year);
  if (same - ref_days > 183) {
    --year;
  } else if (ref_days - same > 183) {
    ++year;
  }
  const int64_t diff = days_of(year) - ref_days;
  if (diff > kTenseDays || diff < -kTenseDays) {
    const Dir dir = TenseAround(b, end);
    if (dir == Dir::kFuture && diff < 0) ++year;
    if (dir == Dir::kPast && diff > 0) --year;
  }
  if (!IsValidDay(year, month, day)) {
    Candidate c;
    c.end = end;
    c.confidence = conf;
    c.value = "XXXX-" + Format("%02d-%02d", month, day, 0);
    return c;
  }
  return DayCandidate(end, {year, month, day}, true, conf);
}

// shift: 0 = by tense, within the week around the reference (the reference day included);
// -1 = "last Friday" (1..7 days before), +1 = "next Friday" (1..7 days after).
Candidate Scanner::WeekdayCandidate(size_t b, size_t end, int weekday, int shift,
                                    float conf) const {
  if (!RefHasDay()) {
    Candidate c;
    c.end = end;
    c.confidence = conf;
    c.value = "XXXX-WXX-" + std::to_string(weekday);
    return c;
  }
  const int ref_wd = Weekday(ref_);
  int back = (ref_wd - weekday + 7) % 7;   // 0..6 days back
  int ahead = (weekday - ref_wd + 7) % 7;  // 0..6 days ahead
  int offset;
  if (shift < 0) {
    offset = -(back == 0 ? 7 : back);
  } else if (shift > 0) {
    offset = ahead == 0 ? 7 : ahead;
  } else {
    const Dir dir = TenseAround(b, end);
    if (dir == Dir::kFuture) {
      offset = ahead;
    } else {
      offset = -back;  // past, and the news default when the tense says nothing
    }
  }
  return DayCandidate(end, AddDays(ref_, offset), true, conf);
}

Candidate Scanner::QuarterCandidate(size_t b, size_t end, int quarter, bool half, int year) const {
  Candidate c;
  c.end = end;
  c.confidence = 0.85f;
  c.quarter = !half;
  const std::string part = half ? "-H" + std::to_string(quarter) : "-Q" + std::to_string(quarter);
  if (year > 0) {
    c.value = YearValue(year) + part;
    return c;
  }
  if (!RefHasMonth()) {
    c.value = "XXXX" + part;
    return c;
  }
  const int current = half ? (ref_.month - 1) / 6 + 1 : (ref_.month - 1) / 3 + 1;
  year = ref_.year;
  if (quarter > current && TenseAround(b, end) != Dir::kFuture) --year;
  c.value = YearValue(year) + part;
  c.anchored = true;
  return c;
}

// Seasons in year order: spring 0, summer 1, fall 2, winter 3 (December to February, named by
// the year of its December).
Candidate Scanner::SeasonCandidate(size_t b, size_t end, int season, int shift, int year) const {
  Candidate c;
  c.end = end;
  c.confidence = 0.8f;
  const std::string code = SeasonCode(static_cast<Season>(season));
  if (year > 0) {
    c.value = YearValue(year) + "-" + code;
    return c;
  }
  if (!RefHasMonth()) {
    c.value = "XXXX-" + code;
    return c;
  }
  int cur_year = ref_.year;
  int cur;
  if (ref_.month <= 2) {
    cur = 3;
    --cur_year;
  } else {
    cur = ref_.month == 12 ? 3 : (ref_.month - 3) / 3;
  }
  year = cur_year;
  if (shift == 2) {
    year = ref_.year;  // "this summer"
  } else if (shift < 0) {
    if (season >= cur) --year;
  } else if (shift > 0) {
    if (season <= cur) ++year;
  } else {
    const Dir dir = TenseAround(b, end);
    if (dir == Dir::kPast && season > cur) --year;
    if (dir == Dir::kFuture && season < cur) ++year;
  }
  c.value = YearValue(year) + "-" + code;
  c.anchored = true;
  return c;
}

void Scanner::AddPartOfDay(Candidate* c, PartOfDay p) {
  c->value += "T";
  c->value += PartOfDayCode(p);
  c->type = TimexType::kTime;
}

void Scanner::AddClock(Candidate* c, int hour, int minute) {
  c->value += Format("T%02d:%02d", hour, minute, 0);
  c->type = TimexType::kTime;
}

}  // namespace time
}  // namespace storyline
