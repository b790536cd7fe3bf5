#include "time/timex_lexicon.h"

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace storyline::time {
namespace {

using Table = std::unordered_map<std::string_view, WordInfo>;

void Add(Table* t, std::string_view w, WordClass c, int v, bool plural = false) {
  (*t)[w] = WordInfo{c, static_cast<uint8_t>(v), plural};
}

Table BuildTable() {
  Table t;
  static constexpr std::string_view kMonths[12] = {"january",   "february", "march",    "april",
                                                   "may",       "june",     "july",     "august",
                                                   "september", "october",  "november", "december"};
  for (int m = 0; m < 12; ++m) {
    Add(&t, kMonths[m], WordClass::kMonth, m + 1);
    if (m != 4) Add(&t, kMonths[m].substr(0, 3), WordClass::kMonth, m + 1);
  }
  Add(&t, "sept", WordClass::kMonth, 9);
  static constexpr std::string_view kDays[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
  static constexpr std::string_view kDayAbbr[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int d = 0; d < 7; ++d) {
    Add(&t, kDays[d], WordClass::kWeekday, d + 1);
    Add(&t, kDayAbbr[d], WordClass::kWeekday, d + 1);
  }
  // Plural weekdays ("Mondays") are sets; the array holds them in order.
  static constexpr std::string_view kDaysPlural[7] = {
      "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"};
  for (int d = 0; d < 7; ++d) Add(&t, kDaysPlural[d], WordClass::kWeekdays, d + 1);
  Add(&t, "tues", WordClass::kWeekday, 2);
  Add(&t, "thur", WordClass::kWeekday, 4);
  Add(&t, "thurs", WordClass::kWeekday, 4);

  static constexpr std::string_view kNumbers[20] = {
      "zero",     "one",     "two",     "three",     "four",     "five",    "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  for (int n = 1; n < 20; ++n) Add(&t, kNumbers[n], WordClass::kNumber, n);
  static constexpr std::string_view kTens[8] = {"twenty", "thirty",  "forty",  "fifty",
                                                "sixty",  "seventy", "eighty", "ninety"};
  for (int n = 0; n < 8; ++n) Add(&t, kTens[n], WordClass::kNumber, (n + 2) * 10);
  Add(&t, "dozen", WordClass::kNumber, 12);

  static constexpr std::string_view kOrdinals[31] = {
      "first",        "second",         "third",         "fourth",        "fifth",
      "sixth",        "seventh",        "eighth",        "ninth",         "tenth",
      "eleventh",     "twelfth",        "thirteenth",    "fourteenth",    "fifteenth",
      "sixteenth",    "seventeenth",    "eighteenth",    "nineteenth",    "twentieth",
      "twenty-first", "twenty-second",  "twenty-third",  "twenty-fourth", "twenty-fifth",
      "twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth",  "thirtieth",
      "thirty-first"};
  for (int n = 0; n < 31; ++n) Add(&t, kOrdinals[n], WordClass::kOrdinal, n + 1);

  struct UnitWord {
    std::string_view singular, plural;
    Unit unit;
  };
  static constexpr UnitWord kUnits[] = {
      {"second", "seconds", kSecond},
      {"sec", "secs", kSecond},
      {"minute", "minutes", kMinute},
      {"min", "mins", kMinute},
      {"hour", "hours", kHour},
      {"hr", "hrs", kHour},
      {"day", "days", kDay},
      {"week", "weeks", kWeek},
      {"weekend", "weekends", kWeekend},
      {"fortnight", "fortnights", kFortnight},
      {"month", "months", kMonth},
      {"quarter", "quarters", kQuarter},
      {"year", "years", kYear},
      {"yr", "yrs", kYear},
      {"decade", "decades", kDecade},
      {"century", "centuries", kCentury},
  };
  for (const UnitWord& u : kUnits) {
    Add(&t, u.singular, WordClass::kUnit, u.unit);
    Add(&t, u.plural, WordClass::kUnit, u.unit, /*plural=*/true);
  }
  // "second" is also an ordinal; the ordinal reading wins in the table and the matcher asks for
  // the unit reading where a unit may stand ("a second", "30 seconds" is plural anyway).
  Add(&t, "second", WordClass::kOrdinal, 2);

  Add(&t, "spring", WordClass::kSeason, kSpring);
  Add(&t, "summer", WordClass::kSeason, kSummer);
  Add(&t, "fall", WordClass::kSeason, kFall);
  Add(&t, "autumn", WordClass::kSeason, kFall);
  Add(&t, "winter", WordClass::kSeason, kWinter);

  Add(&t, "morning", WordClass::kPartOfDay, kMorning);
  Add(&t, "afternoon", WordClass::kPartOfDay, kAfternoon);
  Add(&t, "evening", WordClass::kPartOfDay, kEvening);
  Add(&t, "night", WordClass::kPartOfDay, kNight);
  Add(&t, "mornings", WordClass::kPartOfDay, kMorning, true);
  Add(&t, "afternoons", WordClass::kPartOfDay, kAfternoon, true);
  Add(&t, "evenings", WordClass::kPartOfDay, kEvening, true);
  Add(&t, "nights", WordClass::kPartOfDay, kNight, true);

  Add(&t, "hourly", WordClass::kSetAdverb, kHour);
  Add(&t, "daily", WordClass::kSetAdverb, kDay);
  Add(&t, "nightly", WordClass::kSetAdverb, kDay);
  Add(&t, "weekly", WordClass::kSetAdverb, kWeek);
  Add(&t, "monthly", WordClass::kSetAdverb, kMonth);
  Add(&t, "annually", WordClass::kSetAdverb, kYear);
  Add(&t, "yearly", WordClass::kSetAdverb, kYear);
  Add(&t, "annual", WordClass::kNone, 0);

  Add(&t, "today", WordClass::kDayWord, 0);
  Add(&t, "yesterday", WordClass::kDayWord, 255);  // -1
  Add(&t, "tomorrow", WordClass::kDayWord, 1);
  Add(&t, "tonight", WordClass::kDayWord, 100);

  Add(&t, "now", WordClass::kRef, kPresentRef);
  Add(&t, "currently", WordClass::kRef, kPresentRef);
  Add(&t, "nowadays", WordClass::kRef, kPresentRef);
  Add(&t, "presently", WordClass::kRef, kPresentRef);
  Add(&t, "recently", WordClass::kRef, kPastRef);
  Add(&t, "lately", WordClass::kRef, kPastRef);
  // Words a rule may start with that have no class of their own. A word that is in no class
  // and not here cannot begin an expression, which lets the scanner skip most words at once.
  static constexpr std::string_view kStarters[] = {"about",     "around",       "approximately",
                                                   "roughly",   "nearly",       "almost",
                                                   "some",      "early",        "late",
                                                   "mid",       "earlier",      "later",
                                                   "over",      "more",         "less",
                                                   "fewer",     "at",           "the",
                                                   "fiscal",    "this",         "last",
                                                   "past",      "previous",     "preceding",
                                                   "prior",     "next",         "coming",
                                                   "following", "that",         "recent",
                                                   "current",   "these",        "every",
                                                   "each",      "per",          "a",
                                                   "an",        "several",      "many",
                                                   "few",       "numerous",     "q1",
                                                   "q2",        "q3",           "q4",
                                                   "christmas", "new",          "thanksgiving",
                                                   "election",  "independence", "halloween",
                                                   "valentine", "easter",       "memorial",
                                                   "labor",     "labour",       "veterans",
                                                   "noon",      "midday",       "midnight",
                                                   "as",        "midmorning",   "midafternoon"};
  for (std::string_view w : kStarters) {
    if (t.find(w) == t.end()) Add(&t, w, WordClass::kStarter, 0);
  }
  return t;
}

}  // namespace

namespace {

// The lookup runs for nearly every word of every text, so the table is open addressing over
// fixed 16-byte keys: one multiply-hash and two 64-bit compares per probe, no memcmp.
struct Key {
  uint64_t a = 0, b = 0;
  size_t len = 0;
  bool operator==(const Key& o) const { return a == o.a && b == o.b && len == o.len; }
};
constexpr size_t kMaxKey = 16;

Key MakeKey(std::string_view w) {
  Key k;
  k.len = w.size();
  std::memcpy(&k.a, w.data(), w.size() < 8 ? w.size() : 8);
  if (w.size() > 8) std::memcpy(&k.b, w.data() + 8, w.size() - 8);
  return k;
}

size_t HashKey(const Key& k) {
  uint64_t h = k.a * 0x9E3779B97F4A7C15ULL ^ (k.b + k.len) * 0xC2B2AE3D27D4EB4FULL;
  return static_cast<size_t>(h ^ (h >> 29));
}

class FastTable {
 public:
  explicit FastTable(const Table& words) {
    size_t size = 64;
    while (size < words.size() * 4) size *= 2;
    slots_.resize(size);
    mask_ = size - 1;
    for (const auto& [word, info] : words) {
      if (word.size() > kMaxKey) continue;
      const Key key = MakeKey(word);
      size_t at = HashKey(key) & mask_;
      while (slots_[at].used) at = (at + 1) & mask_;
      slots_[at] = Slot{key, info, true};
    }
  }
  WordInfo Find(std::string_view w) const {
    if (w.empty() || w.size() > kMaxKey) return WordInfo{};
    const Key key = MakeKey(w);
    for (size_t at = HashKey(key) & mask_;; at = (at + 1) & mask_) {
      const Slot& s = slots_[at];
      if (!s.used) return WordInfo{};
      if (s.key == key) return s.info;
    }
  }

 private:
  struct Slot {
    Key key;
    WordInfo info;
    bool used = false;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace

WordInfo LookupWord(std::string_view lower) {
  static const FastTable* const kTable = new FastTable(BuildTable());
  return kTable->Find(lower);
}

char UnitLetter(Unit unit) {
  switch (unit) {
    case kSecond:
      return 'S';
    case kMinute:
      return 'M';
    case kHour:
      return 'H';
    case kDay:
      return 'D';
    case kWeek:
    case kFortnight:
      return 'W';
    case kWeekend:
      return 'D';
    case kMonth:
    case kHalfYear:
      return 'M';
    case kQuarter:
      return 'Q';
    case kYear:
    case kDecade:
    case kCentury:
      return 'Y';
  }
  return 'X';
}

bool IsTimeUnit(Unit unit) { return unit == kSecond || unit == kMinute || unit == kHour; }

const char* SeasonCode(Season s) {
  static constexpr const char* kCodes[4] = {"SP", "SU", "FA", "WI"};
  return kCodes[s & 3];
}

const char* PartOfDayCode(PartOfDay p) {
  static constexpr const char* kCodes[4] = {"MO", "AF", "EV", "NI"};
  return kCodes[p & 3];
}

const char* RefValue(Ref r) {
  switch (r) {
    case kPresentRef:
      return "PRESENT_REF";
    case kPastRef:
      return "PAST_REF";
    case kFutureRef:
      return "FUTURE_REF";
  }
  return "PRESENT_REF";
}

}  // namespace storyline::time
