// Scanner: the rule engine behind FindTimexes (internal to src/time).
//
// One Scanner per call: it holds the tokens of one text, their lowercase forms and word classes,
// the reference date and the last full date mentioned (for "the following day"). Rules are
// member functions named Match*: each looks at a start token and returns a Candidate whose `end`
// is the token after the match, or end == 0 when the rule does not apply. Rules and the
// patterns they accept are listed in docs/time.md.
//
// Thread-safety: not shared; each call of FindTimexes builds its own.
#ifndef STORYLINE_TIME_TIMEX_SCANNER_H_
#define STORYLINE_TIME_TIMEX_SCANNER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.h"
#include "storyline/article.h"
#include "time/calendar.h"
#include "time/timex.h"
#include "time/timex_lexicon.h"

namespace storyline::time {

// The direction the tense of a sentence points to, for a month or weekday without a year.
enum class Dir { kNone, kPast, kFuture };

struct Candidate {
  size_t end = 0;  // token after the match; 0 = no match
  TimexType type = TimexType::kDate;
  std::string value;
  bool anchored = false;
  float confidence = 0;
  bool full_day = false;  // value names one calendar day (kept as the anchor of anaphora)
  bool quarter = false;   // a quarter named in the text (the context of "a year ago")
  CivilDay day;
};

std::string YearValue(int y);
std::string MonthValue(int y, int m);
std::string DayValue(const CivilDay& d);
std::string WeekValue(const CivilDay& d);
std::string DurationValue(int n, Unit unit);      // n < 0: unknown amount ("PXY")
std::string HalfDurationValue(int n, Unit unit);  // n and a half units: "P2Y6M", "PT5H30M"
int OrdinalValue(std::string_view w);             // "third", "3rd" -> 3; -1 otherwise
int Digits(std::string_view w);                   // "1987" -> 1987; -1 unless 1-4 digits
// "10:35" -> 10, 35 ("10.35" too when `dot`); "10" -> 10, 0; false otherwise.
bool ParseClock(std::string_view w, bool dot, int* hour, int* minute);

inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

class Scanner {
 public:
  Scanner(std::string_view text, const std::vector<Token>& tokens, const PublishedDate& reference);
  std::vector<Timex> Run();

 private:
  // Token access. lw(i) is the lowercase ASCII form without a trailing period; "" past the end.
  std::string_view lw(size_t i) const { return i < n_ ? lw_[i] : std::string_view(); }
  bool Is(size_t i, std::string_view w) const { return i < n_ && lw_[i] == w; }
  bool IsCap(size_t i) const { return i < n_ && (tokens_[i].flags & kCapitalized); }
  bool IsSentenceEnd(size_t i) const;
  WordInfo Info(size_t i) const { return i < n_ ? info_[i] : WordInfo{}; }
  int MonthAt(size_t i) const;      // capitalised month name or abbreviation: 1..12, else 0
  int WeekdayAt(size_t i) const;    // capitalised weekday (abbreviations need the period), else 0
  int DayNumberAt(size_t i) const;  // "7", "07", "7th": 1..31, else -1
  int YearAt(size_t i) const;       // four digits 1000..2999, else -1
  // A count at i: digits, number words ("two", "twenty-five"), "a"/"an" (1), "a few",
  // "several", "many" (-1 = unknown), "a couple of" (2), "one and a half" (sets *half).
  bool CountAt(size_t i, int* value, size_t* end, bool allow_article) const;
  bool UnitAt(size_t i, Unit* unit, bool* plural) const;
  Dir TenseAround(size_t b, size_t e) const;
  Dir TenseCue(size_t i) const;

  // Rules.
  Candidate MatchAt(size_t i, size_t* start);  // modifiers + the longest core match
  Candidate MatchCore(size_t i);
  Candidate MatchMonthFirst(size_t i);
  Candidate MatchDayFirst(size_t i);
  Candidate MatchNumericDate(size_t i);
  Candidate MatchYear(size_t i);
  Candidate MatchDecade(size_t i);
  Candidate MatchWeekday(size_t i);
  Candidate MatchDayWord(size_t i);
  Candidate MatchRefWord(size_t i);
  Candidate MatchDeictic(size_t i);
  Candidate MatchReportingPeriod(size_t k);  // k: the token after "the"
  Candidate MatchQuarter(size_t i);
  Candidate MatchSeason(size_t i);
  Candidate MatchDuration(size_t i);
  Candidate MatchSet(size_t i);
  Candidate MatchClock(size_t i);
  Candidate MatchHyphenated(size_t i);
  Candidate MatchSpokenYear(size_t i);  // "nineteen ninety-six", "the year two thousand"
  Candidate MatchHoliday(size_t i);     // "Christmas", "Thanksgiving Day", "Election Day"

  // Resolution against the reference date; X placeholders when the reference lacks the part.
  bool RefHasDay() const { return ref_level_ >= 3; }
  bool RefHasMonth() const { return ref_level_ >= 2; }
  bool RefHasYear() const { return ref_level_ >= 1; }
  Candidate DayCandidate(size_t end, const CivilDay& d, bool anchored, float conf) const;
  Candidate UnresolvedDay(size_t end, float conf) const;  // "XXXX-XX-XX"
  Candidate RelativeDay(size_t end, int days, float conf) const;
  Candidate RelativeWeek(size_t end, int weeks, bool weekend, float conf) const;
  Candidate RelativeMonth(size_t end, int months, float conf) const;
  Candidate RelativeQuarter(size_t end, int quarters, float conf) const;
  Candidate RelativeYear(size_t end, int years, float conf) const;
  Candidate MonthWithoutYear(size_t b, size_t end, int month, int shift, float conf) const;
  Candidate MonthDayWithoutYear(size_t b, size_t end, int month, int day, float conf) const;
  Candidate WeekdayCandidate(size_t b, size_t end, int weekday, int shift, float conf) const;
  Candidate QuarterCandidate(size_t b, size_t end, int quarter, bool half, int year) const;
  Candidate SeasonCandidate(size_t b, size_t end, int season, int shift, int year) const;
  // Appends a part of the day ("TMO") to a day candidate and makes it a TIME.
  static void AddPartOfDay(Candidate* c, PartOfDay p);
  // "T10:35" onto a day candidate.
  static void AddClock(Candidate* c, int hour, int minute);
  CivilDay Anchor() const { return has_last_day_ ? last_day_ : ref_; }
  bool AnchorKnown() const { return has_last_day_ || RefHasDay(); }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  size_t n_;
  std::string lower_;
  std::vector<std::string_view> lw_;
  std::vector<WordInfo> info_;
  int ref_level_ = 0;  // 0 unknown, 1 year, 2 month, 3 day
  CivilDay ref_;
  // The last quarter mentioned ("1989-Q3"): in earnings reports "a year ago" is that quarter
  // of the year before.
  std::string last_quarter_;
  Candidate YearAgo(size_t end, float conf) const;
  // The sentence before b names a reporting period of months ("the first nine months", "the
  // first half"): "a year earlier" there compares with that period, not the quarter.
  bool MonthsPeriodBefore(size_t b) const;
  Candidate TheWeekend(size_t b, size_t end) const;
  // The last year and month the text mentioned (0 when none), for "that year", "the following
  // month"; set from every DATE or TIME value that has them.
  int last_year_ = 0;
  CivilDay last_month_;  // day 1
  void NoteMention(const Candidate& c);
  bool has_last_day_ = false;
  CivilDay last_day_;
};

}  // namespace storyline::time

#endif  // STORYLINE_TIME_TIMEX_SCANNER_H_
