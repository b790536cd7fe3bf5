// What the story clusterer sees of an article: the index terms of its title and text (stemmed,
// without stop words) and its entities. Shared by the story stage of ingest and story_eval, so
// the evaluation measures what ingest does.
#ifndef STORYLINE_STORIES_STORY_FEATURES_H_
#define STORYLINE_STORIES_STORY_FEATURES_H_

#include <string>
#include <string_view>
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

}  // namespace storyline

#endif  // STORYLINE_STORIES_STORY_FEATURES_H_
