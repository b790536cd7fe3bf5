// StoryFeatureBuffer: the story features of the articles an ingest adds, computed by the ingest
// workers (StoryTermsChunk) and the calling thread (archive entity ids), held until the story
// stage places the articles after the last batch, so it does not read and analyse their texts
// again. Articles the buffer does not hold (it is full, or they were stored by an earlier run)
// are read back from the store by the story stage, which gives the same features.
//
// Compact: each distinct term is stored once (its key and text, for story labels); an article
// holds varint-coded (term number, occurrences) pairs and its entity ids (about 3 bytes per
// distinct term). Memory is bounded by `max_bytes`: past it, Add refuses further articles.
//
// Thread-compatible: one thread at a time (the calling thread of an ingest).
#ifndef STORYLINE_STORIES_STORY_FEATURE_BUFFER_H_
#define STORYLINE_STORIES_STORY_FEATURE_BUFFER_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "stories/story_clusterer.h"
#include "stories/story_features.h"

namespace storyline {

class StoryFeatureBuffer {
 public:
  static constexpr size_t kDefaultMaxBytes = size_t{384} << 20;

  // `max_bytes` below 4 GB (records are addressed by 32-bit offsets).
  explicit StoryFeatureBuffer(size_t max_bytes = kDefaultMaxBytes)
      : max_bytes_(std::min<size_t>(max_bytes, UINT32_MAX / 2)) {}

  // Holds the features of article `doc`: the terms of article `k` of `terms`, whether it has a
  // title, and its entities (one key per mention, any order). False, holding nothing, when the
  // buffer is full. A doc added twice keeps its first features.
  bool Add(uint32_t doc, const StoryTermsChunk& terms, size_t k, bool has_title,
           const std::vector<uint64_t>& entities);

  // False when `doc` is not held. Otherwise replaces *out with its features (terms and entities,
  // one key per occurrence), sets *has_title, and appends each distinct term's key and text to
  // *words (views valid while the buffer lives and no Add is called).
  bool Get(uint32_t doc, StoryFeatures* out, bool* has_title,
           std::vector<std::pair<uint64_t, std::string_view>>* words) const;

  size_t articles() const { return articles_; }
  // Heap bytes held, approximately.
  size_t bytes() const;

 private:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  uint32_t TermNumber(uint64_t key, const std::string& word);

  size_t max_bytes_;
  size_t articles_ = 0;
  size_t word_bytes_ = 0;
  std::unordered_map<uint64_t, uint32_t> term_number_;  // key -> number
  std::vector<uint64_t> keys_;                          // by number
  std::deque<std::string> words_;                       // by number (stable for the views)
  std::string arena_;                                   // the articles' records
  uint32_t first_doc_ = 0;
  std::vector<uint32_t> offset_;  // by doc - first_doc_: its record in arena_, or kAbsent
};

}  // namespace storyline

#endif  // STORYLINE_STORIES_STORY_FEATURE_BUFFER_H_
