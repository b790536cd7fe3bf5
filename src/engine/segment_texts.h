// SegmentTexts: article texts read back from their segments, each checked against the checksum
// its catalog row holds. Keeps the segments it opened (at most `max_open`, dropped all at once
// when full: callers read segments mostly in order).
//
// Thread-compatible: one thread at a time.
#ifndef STORYLINE_ENGINE_SEGMENT_TEXTS_H_
#define STORYLINE_ENGINE_SEGMENT_TEXTS_H_

#include <memory>
#include <string>
#include <unordered_map>

#include "catalog/catalog.h"
#include "engine/store_layout.h"
#include "index/segment_reader.h"
#include "storyline/env.h"

namespace storyline {

class SegmentTexts {
 public:
  SegmentTexts(Env* env, const StoreLayout& layout, Catalog* catalog, size_t max_open = 64)
      : env_(env), layout_(layout), catalog_(catalog), max_open_(max_open) {}

  // The row's text. Corruption (naming the article and what to run) when it does not match its
  // checksum, or when the row's segment is not in the catalog.
  Result<std::string> Text(const ArticleRow& row);

 private:
  Result<SegmentReader*> Reader(SegmentId id);

  Env* env_;
  const StoreLayout& layout_;
  Catalog* catalog_;
  size_t max_open_;
  std::unordered_map<uint32_t, std::unique_ptr<SegmentReader>> readers_;
};

}  // namespace storyline

#endif  // STORYLINE_ENGINE_SEGMENT_TEXTS_H_
