// Sentence splitting of tokenized news text: rule based, tuned for English news, cheap (one pass
// over the tokens, looking only at punctuation and abbreviation tokens).
//
// Thread-safety: a pure function; safe from any thread.
//
// Rules, in order:
//  1. A newline (or U+2028/U+2029) between two tokens always ends a sentence: news text here is
//     one paragraph per line, and titles, datelines and captions have no final stop.
//  2. A terminator is ".", "!", "?", a run of them ("?!"), "…", "...", or the CJK "。！？". It
//     takes the closing quotes and brackets that follow it (” ’ » ) ] and an attached " or '),
//     so `...,” he said.”` keeps its closing quote. The sentence ends after them when the next
//     token starts a sentence: a capitalised word, a word in a script without case, a number, a
//     symbol ("£", "©"), an opening quote (“ ‘ « or an unattached " ') or an opening bracket.
//     CJK terminators end a sentence whatever follows.
//  3. An abbreviation token (kAbbreviation, see abbreviations.h) ends a sentence only in these
//     cases: titles ("Mr.", "Dr.", "Gov.", "St." ...) and "No."-like forms never; a month
//     abbreviation ("Sept.") never before a number, otherwise as below; initialisms ("U.S.",
//     "D.C."), initials ("W.") and the rest ("Inc.", "etc.") only when the next word, after any
//     closing quotes, is a common sentence opener ("The", "He", "But", "In", "I" ... see
//     IsCommonSentenceOpener). So "the U.S. The" splits, "U.S. Sen. Sanders" and "U.S. officials"
//     do not.
#ifndef STORYLINE_ANALYSIS_SENTENCE_SPLITTER_H_
#define STORYLINE_ANALYSIS_SENTENCE_SPLITTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.h"

namespace storyline {

// Byte range [begin, end) in the text (first token's begin to last token's end) and token index
// range [first_token, end_token). Every sentence has at least one token.
struct Sentence {
  uint32_t begin;
  uint32_t end;
  uint32_t first_token;
  uint32_t end_token;
};

// Clears *out, then appends the sentences of `text`, whose tokens (from Tokenizer::Tokenize on the
// same text) are `tokens`. Sentences cover every token, in order, without overlap.
void SplitSentences(std::string_view text, const std::vector<Token>& tokens,
                    std::vector<Sentence>* out);

}  // namespace storyline

#endif  // STORYLINE_ANALYSIS_SENTENCE_SPLITTER_H_
