// StoryLabelWords: a story's key terms as people read them. The story stage keeps a story's key
// terms as index terms, stemmed ("histor", "becaus"); this turns each into the word its first
// articles write most often for it ("history"), and leaves out function words ("if",
// "because") that say nothing about the story.
//
// Thread-compatible: one thread at a time (it keeps an analyser warm).
#ifndef STORYLINE_ENGINE_STORY_LABELS_H_
#define STORYLINE_ENGINE_STORY_LABELS_H_

#include <string_view>
#include <vector>

#include "analysis/index_terms.h"
#include "analysis/tokenizer.h"
#include "catalog/catalog.h"
#include "engine/segment_texts.h"
#include "storyline/engine.h"

namespace storyline {

// Function words (stemmed, English) left out of labels; clustering keeps its own shorter list
// (IsStoryStopTerm), so labels can change without changing stories.
bool IsLabelStopTerm(std::string_view term);

class StoryLabelWords {
 public:
  // Reads at most `articles` articles of each story (its first, by DocId).
  StoryLabelWords(Catalog* catalog, SegmentTexts* texts, size_t articles = 8);
  // Rewrites s->terms (a story of the store, by s->id).
  Status Apply(StorySummary* s);

 private:
  Catalog* catalog_;
  SegmentTexts* texts_;
  size_t articles_;
  Tokenizer tokenizer_;
  IndexTermExtractor extractor_;
  std::vector<Token> tokens_, raw_;
  std::vector<std::string> terms_;
};

}  // namespace storyline

#endif  // STORYLINE_ENGINE_STORY_LABELS_H_
