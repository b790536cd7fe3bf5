// Quotes: finds the direct quotations of an article's text, with their cue ("said", "told",
// "according to") and their speaker (a name resolved to one of the article's entities, a pronoun
// resolved to the person last named, a description such as "the London mayor", or an unnamed
// source kept as written). Rules only, no model; docs/quotes.md describes every rule.
//
// Thread-safety: FindQuotes is a pure function (its lexicons are immutable statics); call it from
// any number of threads at once.
//
// Offsets are bytes [begin, end) of the `text` given to FindQuotes, always inside it
// (end <= text.size()) and on UTF-8 character boundaries of valid UTF-8 input.
#ifndef STORYLINE_QUOTES_QUOTE_FINDER_H_
#define STORYLINE_QUOTES_QUOTE_FINDER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.h"
#include "entities/entity_recognizer.h"

namespace storyline {

// A byte range [begin, end) of the text.
struct TextSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return begin == end; }
  friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

enum class QuoteKind : uint8_t {
  kFull = 0,     // a quotation that stands as a sentence or more: “...,” he said.
  kPartial = 1,  // a few quoted words inside the reporter's sentence: calling him a “champion ...”
  kScare = 2,    // a partial quote of one or two words: “ignorant”, “exception”
  kTitle = 3,    // a partial quote of 3-8 words in title case: told “Good Morning America”
};

enum class SpeakerKind : uint8_t {
  kNone = 0,         // no speaker found
  kName = 1,         // a named person or organisation ("Khan", "the White House")
  kPronoun = 2,      // "he", "she", "they", "I" ...; speaker_entity is the antecedent if known
  kDescription = 3,  // "the London mayor", "A London City Hall source", "a spokesman"
};

// "full", "partial", "scare", "title"; "none", "name", "pronoun", "description".
std::string_view QuoteKindName(QuoteKind kind);
std::string_view SpeakerKindName(SpeakerKind kind);

inline constexpr int32_t kNoEntity = -1;

struct Quote {
  // The quoted words without the quotation marks: the first part's begin to the last part's end.
  TextSpan content;
  // One part per stretch between a pair of marks, in text order: a quote split by its attribution
  // ("A,” he said, “B") or running over several paragraphs has several.
  std::vector<TextSpan> parts;
  QuoteKind kind = QuoteKind::kFull;
  // The cue word(s) ("said", "told", "according to", ":"); empty when the quote has none of its
  // own (then the speaker, if any, is carried over from the quote before: `inherited`).
  TextSpan cue;
  SpeakerKind speaker_kind = SpeakerKind::kNone;
  // The speaker as written ("Khan", "he", "President Obama’s press secretary Josh Earnest").
  TextSpan speaker;
  // Index into the `entities` passed to FindQuotes, or kNoEntity.
  int32_t speaker_entity = kNoEntity;
  // The speaker comes from the previous quote (a quote with no cue of its own that continues it).
  bool inherited = false;

  bool partial() const { return kind != QuoteKind::kFull; }
};

// The quotes of `text` in text order. `mentions` and `entities` are EntityRecognizer's output
// for the same article; only mentions with field kText are used (their offsets index `text`).
// Never fails: any bytes are accepted; texts of 4 GiB or more are cut to their first 4 GiB - 1.
std::vector<Quote> FindQuotes(std::string_view text, const std::vector<EntityMention>& mentions,
                              const std::vector<ArticleEntity>& entities);

// The same with the text's tokens already made (Tokenizer::Tokenize on `text`, as the ingest
// pipeline has them), which saves tokenizing again. Tokens that are out of order or out of the
// text are not trusted: the text is tokenized again.
std::vector<Quote> FindQuotes(std::string_view text, const std::vector<Token>& tokens,
                              const std::vector<EntityMention>& mentions,
                              const std::vector<ArticleEntity>& entities);

}  // namespace storyline

#endif  // STORYLINE_QUOTES_QUOTE_FINDER_H_
