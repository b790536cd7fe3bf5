// Quote links: the same quotation reported by several articles, word for word or nearly (a word
// changed, the quote cut short, other quotation marks or punctuation).
//
// A quote's words are its parts' letters and digits, lower-cased (ASCII) with other scripts'
// letters kept; punctuation, quotation marks, dashes and spacing separate words. Three things
// come from them:
//  - the key (QuoteKey): a hash of all the words; equal keys are the same quote word for word.
//    Quotes under four words get no key (too common to link).
//  - anchors (QuoteAnchors): a sample of the hashes of the word trigrams: each trigram hash in
//    one quarter of the hash space, and always the smallest. Two quotes that share a trigram in
//    the sampled quarter share an anchor whatever else they hold, so a short cut of a long quote
//    finds it. The catalog indexes anchors; they propose candidates. Quotes under six words get
//    none.
//  - the verification (NearIdenticalQuotes): the shorter quote's word bigrams contained in the
//    longer's at 70% or more, and at least six bigrams shared, both quotes with six words or
//    more. One word changed in a 20-word quote leaves 89% of its bigrams; a different sentence
//    that shares a phrase leaves few; a stock phrase ("we're going to win this election" /
//    "... this thing") shares fewer than six.
//
// Thread-safety: pure functions.
#ifndef STORYLINE_QUOTES_QUOTE_LINKS_H_
#define STORYLINE_QUOTES_QUOTE_LINKS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "quotes/quote_finder.h"

namespace storyline {

// The quote's words in order (see above), from the parts' bytes of `text`.
void QuoteWords(std::string_view text, const std::vector<TextSpan>& parts,
                std::vector<std::string>* words);

// The key of the words; 0 under four words.
uint64_t QuoteKey(const std::vector<std::string>& words);

// The anchors of the words, ascending and distinct; empty under six words.
std::vector<uint64_t> QuoteAnchors(const std::vector<std::string>& words);

// True when two quotes are the same quote, nearly (see above).
bool NearIdenticalQuotes(const std::vector<std::string>& a, const std::vector<std::string>& b);

// How the catalog stores a quote's parts: "b-e b-e" (byte ranges of the text). Parsing drops
// ranges that are malformed or do not fit a text of `text_size` bytes.
std::string FormatQuoteParts(const std::vector<TextSpan>& parts);
std::vector<TextSpan> ParseQuoteParts(std::string_view parts, size_t text_size);

}  // namespace storyline

#endif  // STORYLINE_QUOTES_QUOTE_LINKS_H_
