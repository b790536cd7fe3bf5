#include "analysis/abbreviations.h"

#include <array>

namespace storyline {
namespace {

struct Entry {
  std::string_view word;
  AbbreviationClass cls;
};

using C = AbbreviationClass;

// Forms used by AP and Reuters style news. Days of the week are left out on purpose: "Sat." and
// "Wed." are also verbs and "Sun." a newspaper, all common at the end of a sentence.
// clang-format off
constexpr Entry kEntries[] = {
    // Titles and ranks: always followed by a name.
    {"Mr", C::kTitle}, {"Mrs", C::kTitle}, {"Ms", C::kTitle}, {"Mx", C::kTitle},
    {"Messrs", C::kTitle}, {"Mme", C::kTitle}, {"Mlle", C::kTitle}, {"Dr", C::kTitle},
    {"Prof", C::kTitle}, {"Gov", C::kTitle}, {"Sen", C::kTitle}, {"Sens", C::kTitle},
    {"Rep", C::kTitle}, {"Reps", C::kTitle}, {"Gen", C::kTitle}, {"Lt", C::kTitle},
    {"Col", C::kTitle}, {"Maj", C::kTitle}, {"Capt", C::kTitle}, {"Cmdr", C::kTitle},
    {"Cdr", C::kTitle}, {"Adm", C::kTitle}, {"Brig", C::kTitle}, {"Sgt", C::kTitle},
    {"Cpl", C::kTitle}, {"Pvt", C::kTitle}, {"Rev", C::kTitle}, {"Hon", C::kTitle},
    {"Pres", C::kTitle}, {"Supt", C::kTitle}, {"Det", C::kTitle}, {"Insp", C::kTitle},
    {"Atty", C::kTitle}, {"Amb", C::kTitle}, {"Msgr", C::kTitle}, {"Fr", C::kTitle},
    {"Rt", C::kTitle}, {"St", C::kTitle}, {"Ste", C::kTitle}, {"Mt", C::kTitle},
    {"Ft", C::kTitle}, {"Sec", C::kTitle}, {"Lieut", C::kTitle}, {"Comdr", C::kTitle},
    // Months ("May" has no abbreviation).
    {"Jan", C::kMonth}, {"Feb", C::kMonth}, {"Mar", C::kMonth}, {"Apr", C::kMonth},
    {"Jun", C::kMonth}, {"Jul", C::kMonth}, {"Aug", C::kMonth}, {"Sep", C::kMonth},
    {"Sept", C::kMonth}, {"Oct", C::kMonth}, {"Nov", C::kMonth}, {"Dec", C::kMonth},
    // Only before a number: "No. 10", "Vol. 3".
    {"No", C::kBeforeNumber}, {"Nos", C::kBeforeNumber}, {"Vol", C::kBeforeNumber},
    {"Vols", C::kBeforeNumber}, {"Fig", C::kBeforeNumber}, {"Art", C::kBeforeNumber},
    {"Ch", C::kBeforeNumber}, {"Pt", C::kBeforeNumber},
    // Companies, suffixes and Latin forms; may end a sentence.
    {"Inc", C::kOther}, {"Corp", C::kOther}, {"Co", C::kOther}, {"Cos", C::kOther},
    {"Ltd", C::kOther}, {"Bros", C::kOther}, {"Jr", C::kOther}, {"Sr", C::kOther},
    {"Esq", C::kOther}, {"Dept", C::kOther}, {"Univ", C::kOther}, {"Assn", C::kOther},
    {"Ave", C::kOther}, {"Blvd", C::kOther}, {"Rd", C::kOther}, {"etc", C::kOther},
    {"vs", C::kOther}, {"approx", C::kOther}, {"est", C::kOther}, {"al", C::kOther},
    {"cf", C::kOther}, {"ca", C::kOther},
    // US states in AP style (datelines and party affiliations).
    {"Ala", C::kOther}, {"Ariz", C::kOther}, {"Ark", C::kOther}, {"Calif", C::kOther},
    {"Colo", C::kOther}, {"Conn", C::kOther}, {"Del", C::kOther}, {"Fla", C::kOther},
    {"Ga", C::kOther}, {"Ill", C::kOther}, {"Ind", C::kOther}, {"Kan", C::kOther},
    {"Ky", C::kOther}, {"La", C::kOther}, {"Md", C::kOther}, {"Mass", C::kOther},
    {"Mich", C::kOther}, {"Minn", C::kOther}, {"Miss", C::kOther}, {"Mo", C::kOther},
    {"Mont", C::kOther}, {"Neb", C::kOther}, {"Nev", C::kOther}, {"Okla", C::kOther},
    {"Ore", C::kOther}, {"Pa", C::kOther}, {"Tenn", C::kOther}, {"Tex", C::kOther},
    {"Va", C::kOther}, {"Vt", C::kOther}, {"Wash", C::kOther}, {"Wis", C::kOther},
    {"Wyo", C::kOther},
};
// clang-format on

constexpr std::string_view kOpeners[] = {
    "A",       "About",  "After",   "Again",   "All",       "Also",   "Although", "An",    "And",
    "Another", "Any",    "As",      "At",      "Because",   "Before", "Both",     "But",   "By",
    "Despite", "During", "Each",    "Earlier", "Even",      "Every",  "For",      "From",  "He",
    "Her",     "Here",   "His",     "How",     "However",   "I",      "If",       "In",    "It",
    "Its",     "Last",   "Later",   "Many",    "Meanwhile", "More",   "Most",     "My",    "No",
    "Not",     "Now",    "On",      "One",     "Only",      "Or",     "Other",    "Our",   "Over",
    "She",     "Since",  "So",      "Some",    "Still",     "That",   "The",      "Their", "Then",
    "There",   "These",  "They",    "This",    "Those",     "Though", "Thus",     "To",    "Today",
    "Under",   "Until",  "We",      "What",    "When",      "Where",  "Whether",  "While", "Who",
    "Why",     "With",   "Without", "Yet",     "You",       "Your",
};

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Case-insensitive ASCII equality.
bool EqualsFolded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace

AbbreviationClass ClassifyAbbreviation(std::string_view word) {
  if (word.empty() || word.size() > 6) return AbbreviationClass::kNone;
  const bool upper_first = IsAsciiUpper(word[0]);
  for (const Entry& e : kEntries) {
    if (e.word.size() != word.size() || AsciiLower(e.word[0]) != AsciiLower(word[0])) continue;
    if (IsAsciiUpper(e.word[0]) && !upper_first) continue;
    if (!EqualsFolded(e.word, word)) continue;
    // Mixed case such as "mR" or "SePt" is not written by people; require the table's case or
    // all capitals (headlines, datelines).
    bool table_case = e.word.substr(1) == word.substr(1);
    bool all_caps = true;
    for (char c : word) all_caps &= !(c >= 'a' && c <= 'z');
    if (table_case || all_caps || !IsAsciiUpper(e.word[0])) return e.cls;
  }
  return AbbreviationClass::kNone;
}

bool IsCommonSentenceOpener(std::string_view word) {
  if (word.empty() || !IsAsciiUpper(word[0])) return false;
  for (std::string_view o : kOpeners) {
    if (o == word) return true;
  }
  return false;
}

}  // namespace storyline
