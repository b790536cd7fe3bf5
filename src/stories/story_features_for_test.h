// Test-only: story features written as words, for the clusterer's tests.
#ifndef STORYLINE_STORIES_STORY_FEATURES_FOR_TEST_H_
#define STORYLINE_STORIES_STORY_FEATURES_FOR_TEST_H_

#include <sstream>
#include <string>

#include "stories/story_clusterer.h"

namespace storyline::story_test {

// Words become term keys; words starting with '@' become entity keys.
inline StoryFeatures F(const std::string& text) {
  std::istringstream in(text);
  StoryFeatures f;
  for (std::string w; in >> w;) {
    if (w[0] == '@') {
      f.entities.push_back(StoryFeatures::EntityKey(w.substr(1)));
    } else {
      f.terms.push_back(StoryFeatures::TermKey(w));
    }
  }
  return f;
}

}  // namespace storyline::story_test

#endif  // STORYLINE_STORIES_STORY_FEATURES_FOR_TEST_H_
