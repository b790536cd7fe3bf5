// Temporal expressions in English news text, normalised to TIMEX3-like values.
//
// FindTimexes recognises dates ("May 7, 2016", "7 May 2016", "the 1990s", "mid-2016", "Q3"),
// times ("10:35 a.m.", "Friday morning", "tonight"), durations ("two weeks", "the past 20 years",
// "16-hour") and sets ("daily", "every Monday"), and resolves the relative ones ("on Wednesday",
// "last month", "this November", "two weeks ago", "yesterday") against a reference date, usually
// the article's date (see article_date.h). The rules are hand-written over the analysis tokens;
// docs/time.md lists them and how a month or weekday without a year is placed by tense.
//
// Thread-safety: pure functions over immutable tables; safe from any thread.
#ifndef STORYLINE_TIME_TIMEX_H_
#define STORYLINE_TIME_TIMEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/article.h"

namespace storyline {

enum class TimexType : uint8_t { kDate, kTime, kDuration, kSet };

// "DATE", "TIME", "DURATION", "SET" (the TimeML names).
const char* TimexTypeName(TimexType type);

// One temporal expression. Offsets are bytes into the text given to FindTimexes.
struct Timex {
  uint32_t begin = 0;
  uint32_t end = 0;  // exclusive
  TimexType type = TimexType::kDate;
  // TIMEX3 value: "2016-05-07", "2016-05", "2016", "2016-W19", "2016-Q2", "2016-SU", "201"
  // (a decade), "19" (a century), "2016-05-07T15:30", "2016-05-07TMO", "P3D", "PT2H", "PXY",
  // "PRESENT_REF", "PAST_REF", "FUTURE_REF"; X digits where a part is unknown ("XXXX-05-07" when
  // the reference date is unknown), "XXXX-WXX-1" for "every Monday".
  std::string value;
  // True when the value needed the reference date and the reference was known (a resolved
  // relative expression); false for absolute expressions and for unresolved ones.
  bool anchored = false;
  // 0..1: how sure the rule is that this is a temporal expression with this value (an absolute
  // full date 0.95; a bare year or a tense-guessed weekday lower).
  float confidence = 0;
};

// Every temporal expression of `text` (UTF-8; any bytes accepted), in text order, without
// overlaps. `reference` is the document creation time (the article's date); when it is unknown,
// relative expressions keep X placeholders ("XXXX-05-07", "XXXX-XX-XX"). Never fails.
std::vector<Timex> FindTimexes(std::string_view text, const PublishedDate& reference);

}  // namespace storyline

#endif  // STORYLINE_TIME_TIMEX_H_
