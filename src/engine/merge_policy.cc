#include "engine/merge_policy.h"

namespace storyline {

int TieredMergePolicy::Tier(uint64_t bytes) const {
  int tier = 0;
  uint64_t limit = options_.min_file_bytes;
  while (bytes > limit && tier < 64) {
    ++tier;
    if (limit > UINT64_MAX / options_.merge_factor) break;
    limit *= options_.merge_factor;
  }
  return tier;
}

std::vector<MergeRange> TieredMergePolicy::Plan(const std::vector<MergeCandidate>& files) const {
  std::vector<MergeRange> plan;
  if (options_.merge_factor < 2) return plan;
  size_t i = 0;
  while (i < files.size()) {
    // The run of consecutive files of i's tier.
    const int tier = Tier(files[i].bytes);
    size_t j = i + 1;
    while (j < files.size() && files[j].follows_previous && Tier(files[j].bytes) == tier) ++j;
    if (j - i < options_.merge_factor) {
      i = j;
      continue;
    }
    // As many as fit under the size limit, from the oldest; a file that fits with no neighbour
    // is left alone.
    size_t end = i;
    uint64_t bytes = 0;
    while (end < j && bytes + files[end].bytes <= options_.max_file_bytes) bytes += files[end++].bytes;
    if (end - i >= 2) {
      plan.push_back({i, end});
      i = end;
    } else {
      ++i;
    }
  }
  return plan;
}

std::vector<MergeRange> TieredMergePolicy::PlanTail(
    const std::vector<MergeCandidate>& files) const {
  if (options_.merge_factor < 2 || files.empty()) return {};
  size_t begin = files.size();
  uint64_t bytes = 0;
  while (begin > 0 && files[begin - 1].recent && Tier(files[begin - 1].bytes) == 0 &&
         bytes + files[begin - 1].bytes <= options_.max_file_bytes) {
    bytes += files[begin - 1].bytes;
    --begin;
    if (!files[begin].follows_previous) break;  // the run starts here
  }
  if (files.size() - begin < 2) return {};
  return {MergeRange{begin, files.size()}};
}

std::vector<MergeRange> TieredMergePolicy::Force(const std::vector<MergeCandidate>& files) {
  std::vector<MergeRange> plan;
  size_t i = 0;
  while (i < files.size()) {
    size_t j = i + 1;
    while (j < files.size() && files[j].follows_previous) ++j;
    if (j - i >= 2 || files[i].has_deleted) plan.push_back({i, j});
    i = j;
  }
  return plan;
}

}  // namespace storyline
