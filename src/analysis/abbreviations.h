// Abbreviations of English news text that keep their period ("Mr.", "Sept.", "Inc."), shared by
// the tokenizer (which keeps the period in the token) and the sentence splitter (which decides
// whether such a token can end a sentence).
//
// Thread-safety: pure functions over constant tables; safe from any thread.
#ifndef STORYLINE_ANALYSIS_ABBREVIATIONS_H_
#define STORYLINE_ANALYSIS_ABBREVIATIONS_H_

#include <cstdint>
#include <string_view>

namespace storyline {

enum class AbbreviationClass : uint8_t {
  kNone = 0,
  kTitle,         // Mr. Mrs. Dr. Gov. Sen. Rep. Gen. St. Prof. ...: never ends a sentence
  kMonth,         // Jan. Feb. ... Sept. ... Dec.: no sentence end before a number
  kBeforeNumber,  // No. Vol. Fig. ...: an abbreviation only when a number follows
  kOther,         // Inc. Corp. Co. Ltd. Jr. etc. vs. Calif. ...: may end a sentence
};

// Class of `word`, the letters before the period ("Mr", "Sept", "etc"). Entries written
// capitalised in the table ("Mr") match only a word with an uppercase first letter ("Mr", "MR");
// entries written in lowercase ("etc", "vs") match any case. kNone when not an abbreviation.
AbbreviationClass ClassifyAbbreviation(std::string_view word);

// True when `word` (exact case, no period) commonly begins an English sentence: "The", "He",
// "But", "In", "I" ... Used to decide whether "U.S." or "Inc." ends a sentence.
bool IsCommonSentenceOpener(std::string_view word);

}  // namespace storyline

#endif  // STORYLINE_ANALYSIS_ABBREVIATIONS_H_
