// MakeSnippet: the passage of an article's original text that best shows why it matched: the
// window of about `max_chars` bytes holding the most distinct query terms (then the most
// matches), with the byte ranges of the matching words, for highlighting. Words match when they
// analyse to a query term (IndexTermExtractor), so "elections" highlights for the query
// "election". Without a match in the text (the title matched), the text's opening.
//
// Thread-safety: use one IndexTermExtractor per thread.
#ifndef STORYLINE_SEARCH_SNIPPET_H_
#define STORYLINE_SEARCH_SNIPPET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/index_terms.h"

namespace storyline {

struct Snippet {
  std::string text;  // "…" marks cuts
  std::vector<std::pair<uint32_t, uint32_t>> highlights;  // [begin, end) byte ranges in text
};

Snippet MakeSnippet(std::string_view text, std::string_view language,
                    const std::vector<std::string>& terms, size_t max_chars,
                    IndexTermExtractor* extractor);

}  // namespace storyline

#endif  // STORYLINE_SEARCH_SNIPPET_H_
