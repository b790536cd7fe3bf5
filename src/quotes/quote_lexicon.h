// The word classes the quote rules look at: cue verbs, function words that end a speaker's noun
// phrase, determiners, subject pronouns, the adverbs allowed between a speaker and a cue, and the
// heads of unnamed sources ("source", "official").
//
// Thread-safety: the table is built once (a function-local static) and read-only afterwards.
#ifndef STORYLINE_QUOTES_QUOTE_LEXICON_H_
#define STORYLINE_QUOTES_QUOTE_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace storyline {

enum QuoteWordClass : uint32_t {
  kQwCue = 1,              // said, told, added, wrote, according (to) ...
  kQwPartialCue = 2,       // calling, called, described, dubbed: cues of partial quotes only
  kQwStop = 4,             // ends a speaker phrase: prepositions, conjunctions, auxiliaries
  kQwDeterminer = 8,       // the, a, one, his ...: starts a speaker phrase
  kQwSubjectPronoun = 16,  // he, she, they, i, we, it, you
  kQwAdverb = 32,          // also, later, then ...: may stand between the speaker and the cue
  kQwParticiple = 64,      // saying, adding, telling ...: the speaker is the clause's subject
  kQwUnnamedHead = 128,    // source, official, aide ...: an unnamed source, never linked
  kQwPersonPronoun = 256,  // he, she: resolved to the last person named
};

// The classes of a lower-case word ("’" already turned into "'"); 0 when none.
uint32_t QuoteWordClasses(std::string_view lower_word);

// Lower-cases ASCII letters of `word` into *out and turns ’ into '.
void LowerQuoteWord(std::string_view word, std::string* out);

}  // namespace storyline

#endif  // STORYLINE_QUOTES_QUOTE_LEXICON_H_
