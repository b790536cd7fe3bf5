// Language identification of article text with CLD2 (Compact Language Detector 2).
//
// Thread-safety: CLD2 keeps no mutable state; IdentifyLanguage is safe from any thread.
#ifndef STORYLINE_ANALYSIS_LANGUAGE_IDENTIFIER_H_
#define STORYLINE_ANALYSIS_LANGUAGE_IDENTIFIER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.h"

namespace storyline {

struct LanguageGuess {
  std::string code;  // ISO 639-1 where one exists ("en", "fr"), else CLD2's code; "und" if unknown
  bool reliable = false;  // CLD2's own judgement: enough text, and a clear winner
  int percent = 0;        // share (0..100) of the scored text in the top language
};

// Bytes of the text looked at: the language of a news article is settled by its first page, and
// CLD2's cost grows with the text.
inline constexpr size_t kLanguageIdPrefixBytes = 16 * 1024;

// Guesses the main language of plain text (not HTML), looking only at the first 16 KB (cut on a
// code point boundary). Ill-formed UTF-8 is repaired (U+FFFD) first. Empty text, text with no
// letters and text CLD2 cannot place give code "und", reliable false, percent 0. Chinese in
// either script is "zh".
LanguageGuess IdentifyLanguage(std::string_view utf8_text);

// The same answer, faster, for text already tokenised (`tokens` from Tokenizer on `utf8_text`).
// English text is recognised from its function words among the first 200 words, without CLD2:
// at least 40 words, at least 20% of them from a list of 40 English function words (the, of,
// and, to, said ...), and "the" at least 3% of them. Those words are rare as words in other
// languages, so that test almost never says English wrongly; anything it does not settle goes to
// CLD2 on the first kFastPathCld2Bytes bytes. The result has reliable = true and percent = the
// function-word share when the fast path decides. Agreement with CLD2 is measured in
// language_identifier_test.cc and docs/RESULTS.md.
// `cld2_bytes` sets how much of the text CLD2 gets when the English test does not settle it
// (HTML extraction gives it kLanguageIdPrefixBytes, as IdentifyLanguage(text) does); `tokens`
// may cover only a prefix of the text (the test reads the first 200 words).
inline constexpr size_t kFastPathCld2Bytes = 512;
LanguageGuess IdentifyLanguage(std::string_view utf8_text, const std::vector<Token>& tokens,
                               size_t cld2_bytes = kFastPathCld2Bytes);

}  // namespace storyline

#endif  // STORYLINE_ANALYSIS_LANGUAGE_IDENTIFIER_H_
