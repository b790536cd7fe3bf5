#include "stories/story_features.h"

#include <string>
#include <unordered_set>

namespace storyline {

bool IsStoryStopTerm(std::string_view term) {
  // Stemmed forms as IndexTermExtractor gives them for English ("was" -> "was", "has" -> "has").
  static const auto* stop = new std::unordered_set<std::string_view>{
      "the", "a", "an", "of", "to", "in", "and", "or", "for", "on", "at", "by", "with", "from",
      "is", "was", "be", "are", "were", "it", "he", "she", "they", "we", "i", "you", "that",
      "this", "as", "has", "have", "had", "not", "but", "said", "say", "his", "her", "their",
      "its", "will", "would", "been", "which", "who", "after", "also", "there", "s"};
  return stop->count(term) > 0;
}

void AppendStoryTerms(IndexTermExtractor* extractor, std::string_view title, std::string_view text,
                      std::string_view language, std::vector<std::string>* scratch,
                      StoryFeatures* out, std::vector<std::string>* strings) {
  for (std::string_view part : {title, text}) {
    if (part.empty()) continue;
    extractor->Extract(part, language, scratch);
    for (const std::string& t : *scratch) {
      if (IsStoryStopTerm(t)) continue;
      out->terms.push_back(StoryFeatures::TermKey(t));
      if (strings != nullptr) strings->push_back(t);
    }
  }
}

}  // namespace storyline
