// The words temporal expressions are made of: month and weekday names, number and ordinal words,
// units, seasons, parts of the day, set adverbs and reference words, looked up by their
// lowercase ASCII form (a trailing period removed).
//
// Thread-safety: the table is built once (static initialisation) and read-only after.
#ifndef STORYLINE_TIME_TIMEX_LEXICON_H_
#define STORYLINE_TIME_TIMEX_LEXICON_H_

#include <cstdint>
#include <string_view>

namespace storyline::time {

enum class WordClass : uint8_t {
  kNone,
  kMonth,      // value 1..12 ("january", "jan", "sept")
  kWeekday,    // value 1..7, Monday first ("monday", "mon", "tues")
  kWeekdays,   // plural weekday, value 1..7 ("mondays"): a set
  kNumber,     // value 0..99 ("one" .. "ninety-nine" are handled by the caller for compounds)
  kOrdinal,    // value 1..31 ("first", "third", "twentieth")
  kUnit,       // value: Unit; `plural` set for "years"
  kSeason,     // value: Season
  kPartOfDay,  // value: PartOfDay ("morning", "afternoon", "evening", "night")
  kSetAdverb,  // value: Unit ("daily", "weekly", "annually")
  kDayWord,    // value: offset in days from the reference, 100 for "tonight"
  kRef,        // value: Ref ("now", "currently", "recently" ...)
  kStarter,    // another word a rule may start with ("the", "last", "every", "about" ...)
};

enum Unit : uint8_t {
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kWeekend,
  kFortnight,
  kMonth,
  kQuarter,
  kHalfYear,
  kYear,
  kDecade,
  kCentury,
};
enum Season : uint8_t { kSpring, kSummer, kFall, kWinter };
enum PartOfDay : uint8_t { kMorning, kAfternoon, kEvening, kNight };
enum Ref : uint8_t { kPresentRef, kPastRef, kFutureRef };

struct WordInfo {
  WordClass cls = WordClass::kNone;
  uint8_t value = 0;
  bool plural = false;
};

// Lookup by lowercase form without a trailing period; kNone when the word is not temporal.
WordInfo LookupWord(std::string_view lower);

// TIMEX3 letter of a unit in a duration ("Y", "M", "W", "D", "H" ...) and whether it is a time unit
// (written after "T": "PT2H").
char UnitLetter(Unit unit);
bool IsTimeUnit(Unit unit);
const char* SeasonCode(Season s);        // "SP", "SU", "FA", "WI"
const char* PartOfDayCode(PartOfDay p);  // "MO", "AF", "EV", "NI"
const char* RefValue(Ref r);             // "PRESENT_REF", "PAST_REF", "FUTURE_REF"

}  // namespace storyline::time

#endif  // STORYLINE_TIME_TIMEX_LEXICON_H_
