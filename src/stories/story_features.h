// What the story clusterer sees of an article: the index terms of its title and text (stemmed,
// without stop words) and its entities. Shared by the story stage of ingest and story_eval, so
// the evaluation measures what ingest does.
#ifndef STORYLINE_STORIES_STORY_FEATURES_H_
#define STORYLINE_STORIES_STORY_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/index_terms.h"
#include "stories/story_clusterer.h"

namespace storyline {

// Function words and reporting verbs that say nothing about an event ("the", "said").
bool IsStoryStopTerm(std::string_view term);

// Appends the terms of `title` and `text` (in `language`) to out->terms; with `strings` not
// null, also appends each kept term's text (for labels). `scratch` is reused between calls.
void AppendStoryTerms(IndexTermExtractor* extractor, std::string_view title, std::string_view text,
                      std::string_view language, std::vector<std::string>* scratch,
                      StoryFeatures* out, std::vector<std::string>* strings = nullptr);

// The story terms of a chunk of articles, as an ingest worker computes them from the index terms
// it already made (no second tokenisation): the chunk's distinct terms once, and each article's
// (term, occurrences) pairs. AppendStoryTerms on the article's title and text gives the same
// terms (tested).
struct StoryTermsChunk {
  std::vector<std::string> words;  // distinct terms of the chunk, first seen first
  std::vector<uint64_t> keys;      // StoryFeatures::TermKey of each word
  std::vector<uint32_t> begin{0};  // article k's pairs are [begin[k], begin[k + 1])
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // (word, occurrences), by word
  size_t articles() const { return begin.size() - 1; }
};

// Fills a StoryTermsChunk, one article at a time. Thread-compatible: one per worker thread.
class StoryTermsChunkBuilder {
 public:
  // Starts filling *chunk (cleared); it must outlive the Add calls.
  void Reset(StoryTermsChunk* chunk);
  // Adds the next article from the index terms of its title and of its text (IndexTermExtractor).
  void Add(const std::vector<std::string>& title_terms, const std::vector<std::string>& text_terms);

 private:
  StoryTermsChunk* chunk_ = nullptr;
  std::unordered_map<uint64_t, uint32_t> word_of_key_;
  std::vector<uint32_t> scratch_;
};

}  // namespace storyline

#endif  // STORYLINE_STORIES_STORY_FEATURES_H_
