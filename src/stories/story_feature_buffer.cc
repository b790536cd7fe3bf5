#include "stories/story_feature_buffer.h"

#include <algorithm>

namespace storyline {
namespace {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// The arena is written by this class only: a record never ends early.
uint64_t GetVarint(const char** p) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    const auto b = static_cast<uint8_t>(*(*p)++);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (b < 0x80) return v;
  }
}

}  // namespace

uint32_t StoryFeatureBuffer::TermNumber(uint64_t key, const std::string& word) {
  auto [it, inserted] = term_number_.emplace(key, static_cast<uint32_t>(keys_.size()));
  if (inserted) {
    keys_.push_back(key);
    words_.push_back(word);
    word_bytes_ += word.capacity() + sizeof(std::string);
  }
  return it->second;
}

size_t StoryFeatureBuffer::bytes() const {
  return arena_.capacity() + offset_.capacity() * sizeof(uint32_t) +
         keys_.capacity() * sizeof(uint64_t) + word_bytes_ +
         term_number_.size() * (sizeof(uint64_t) + sizeof(uint32_t) + 2 * sizeof(void*)) +
         term_number_.bucket_count() * sizeof(void*);
}

bool StoryFeatureBuffer::Add(uint32_t doc, const StoryTermsChunk& terms, size_t k, bool has_title,
                             const std::vector<uint64_t>& entities) {
  if (bytes() >= max_bytes_) return false;
  if (offset_.empty()) first_doc_ = doc;
  if (doc < first_doc_) return false;  // docs of one ingest grow; an older one is read back
  const size_t slot = doc - first_doc_;
  if (slot >= offset_.size()) offset_.resize(slot + 1, kAbsent);
  if (offset_[slot] != kAbsent) return true;
  // Grow by doubling, but never reserve far past the budget.
  if (arena_.capacity() - arena_.size() < 4096) {
    arena_.reserve(std::min(std::max<size_t>(2 * arena_.capacity(), 1 << 16), max_bytes_ + 8192));
  }
  offset_[slot] = static_cast<uint32_t>(arena_.size());
  // Record: flags (1: has a title), term pairs, entity keys (sorted, delta coded).
  PutVarint(&arena_, has_title ? 1 : 0);
  const uint32_t begin = terms.begin[k], end = terms.begin[k + 1];
  PutVarint(&arena_, end - begin);
  for (uint32_t i = begin; i < end; ++i) {
    const auto [word, n] = terms.pairs[i];
    PutVarint(&arena_, TermNumber(terms.keys[word], terms.words[word]));
    PutVarint(&arena_, n);
  }
  std::vector<uint64_t> sorted(entities);
  std::sort(sorted.begin(), sorted.end());
  PutVarint(&arena_, sorted.size());
  uint64_t last = 0;
  for (uint64_t e : sorted) {
    PutVarint(&arena_, e - last);
    last = e;
  }
  ++articles_;
  return true;
}

bool StoryFeatureBuffer::Get(uint32_t doc, StoryFeatures* out, bool* has_title,
                             std::vector<std::pair<uint64_t, std::string_view>>* words) const {
  if (doc < first_doc_ || doc - first_doc_ >= offset_.size()) return false;
  const uint32_t offset = offset_[doc - first_doc_];
  if (offset == kAbsent) return false;
  out->terms.clear();
  out->entities.clear();
  const char* p = arena_.data() + offset;
  *has_title = (GetVarint(&p) & 1) != 0;
  for (uint64_t i = 0, n = GetVarint(&p); i < n; ++i) {
    const uint64_t number = GetVarint(&p);
    const uint64_t occurrences = GetVarint(&p);
    out->terms.insert(out->terms.end(), occurrences, keys_[number]);
    words->emplace_back(keys_[number], words_[number]);
  }
  uint64_t last = 0;
  for (uint64_t i = 0, n = GetVarint(&p); i < n; ++i) {
    last += GetVarint(&p);
    out->entities.push_back(last);
  }
  return true;
}

}  // namespace storyline
