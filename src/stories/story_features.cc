#include "stories/story_features.h"

#include <algorithm>
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

void StoryTermsChunkBuilder::Reset(StoryTermsChunk* chunk) {
  *chunk = StoryTermsChunk();
  chunk_ = chunk;
  word_of_key_.clear();
}

void StoryTermsChunkBuilder::Add(const std::vector<std::string>& title_terms,
                                 const std::vector<std::string>& text_terms) {
  scratch_.clear();
  for (const std::vector<std::string>* part : {&title_terms, &text_terms}) {
    for (const std::string& t : *part) {
      if (IsStoryStopTerm(t)) continue;
      const uint64_t key = StoryFeatures::TermKey(t);
      auto [it, inserted] =
          word_of_key_.emplace(key, static_cast<uint32_t>(chunk_->words.size()));
      if (inserted) {
        chunk_->words.push_back(t);
        chunk_->keys.push_back(key);
      }
      scratch_.push_back(it->second);
    }
  }
  std::sort(scratch_.begin(), scratch_.end());
  for (size_t i = 0; i < scratch_.size();) {
    size_t j = i;
    while (j < scratch_.size() && scratch_[j] == scratch_[i]) ++j;
    chunk_->pairs.emplace_back(scratch_[i], static_cast<uint32_t>(j - i));
    i = j;
  }
  chunk_->begin.push_back(static_cast<uint32_t>(chunk_->pairs.size()));
}

}  // namespace storyline
