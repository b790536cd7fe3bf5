// TieredMergePolicy: which postings files to merge (IndexMergeOptions in storyline/options.h).
//
// Files are listed in DocId order; only consecutive files whose batches follow each other (no
// batch between them without a file) can merge, as a merged file covers a contiguous range of
// DocIds. A file's tier is 0 up to min_file_bytes, then grows by one each time its size is
// multiplied by merge_factor. Walking from the oldest file, a run of at least merge_factor
// consecutive files of one tier is merged (as many of them as fit under max_file_bytes; at least
// two), so a stream of batches makes a log-structured index: about merge_factor - 1 files per
// tier, each byte rewritten once per tier. PlanTail() merges the newest tier-0 files an ingest
// wrote (at its end: it leaves at most one small file of its own). Force() plans one merge per run of consecutive files,
// whatever their sizes (`storyline compact`).
//
// Thread-safety: immutable; pure functions.
#ifndef STORYLINE_ENGINE_MERGE_POLICY_H_
#define STORYLINE_ENGINE_MERGE_POLICY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "storyline/options.h"

namespace storyline {

struct MergeCandidate {
  uint64_t bytes = 0;
  // Its first batch follows the previous file's last batch (false for the first file).
  bool follows_previous = false;
  // Written by the ingest now ending (PlanTail merges only such files).
  bool recent = true;
  // Holds words of deleted articles (Force rewrites such a file even alone).
  bool has_deleted = false;
};

// Files [begin, end) of the list given, merged into one.
struct MergeRange {
  size_t begin = 0, end = 0;
  bool operator==(const MergeRange&) const = default;
};

class TieredMergePolicy {
 public:
  explicit TieredMergePolicy(const IndexMergeOptions& options) : options_(options) {}

  // Merges that do not overlap, oldest first; none when merge_factor < 2.
  std::vector<MergeRange> Plan(const std::vector<MergeCandidate>& files) const;
  // The newest files, when two or more of them in a row are recent, consecutive and of tier 0,
  // as one merge (none otherwise): what the end of an ingest adds to Plan, so an ingest leaves
  // at most one small file of its own (and does not rewrite the small files of earlier ones).
  std::vector<MergeRange> PlanTail(const std::vector<MergeCandidate>& files) const;
  // Every run of two or more consecutive files, as one merge each, and every file alone that
  // holds deleted articles' words (rewritten without them).
  static std::vector<MergeRange> Force(const std::vector<MergeCandidate>& files);

  int Tier(uint64_t bytes) const;

 private:
  IndexMergeOptions options_;
};

}  // namespace storyline

#endif  // STORYLINE_ENGINE_MERGE_POLICY_H_
