// Reader for CoNLL-2003-style NER files: one token per line (first column the word, last column
// the tag), blank lines between sentences, "-DOCSTART-" lines between documents. Tags may be IOB1
// (CoNLL-2003: B- only between two adjacent mentions of one type), IOB2 (B- at every start) or
// BIOES/BILOU; they are decoded to spans, so the encoding does not matter downstream.
//
// Thread-safety: pure functions.
#ifndef STORYLINE_ENTITIES_CONLL_READER_H_
#define STORYLINE_ENTITIES_CONLL_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "entities/entity_types.h"
#include "storyline/status.h"

namespace storyline {

struct ConllSentence {
  std::vector<std::string> words;
  std::vector<TokenSpan> spans;  // gold mentions, in order, not overlapping
};

struct ConllDocument {
  std::vector<ConllSentence> sentences;
};

// Parses the text of a CoNLL file. `name` is used in error messages ("eng.train:1234: ...").
// A file without -DOCSTART- lines is one document. InvalidArgument names the line of a tag that
// is not O / B-T / I-T / E-T / S-T / L-T / U-T with T in PER, ORG, LOC, MISC.
Result<std::vector<ConllDocument>> ParseConll(std::string_view text, std::string_view name);

// Decodes one sentence's tags (any of the encodings above) to spans. An I- after O or after
// another type starts a mention (IOB1 and lenient IOB2). Unknown tags return false.
bool DecodeTags(const std::vector<std::string_view>& tags, std::vector<TokenSpan>* spans);

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_CONLL_READER_H_
