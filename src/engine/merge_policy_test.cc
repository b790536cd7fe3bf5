#include "engine/merge_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/test_seed_for_test.h"

namespace storyline {
namespace {

constexpr uint64_t kMB = 1 << 20;

std::vector<MergeCandidate> Files(std::initializer_list<uint64_t> mb) {
  std::vector<MergeCandidate> out;
  for (uint64_t m : mb) out.push_back({m * kMB, !out.empty()});
  return out;
}

IndexMergeOptions Opts(uint32_t factor = 4, uint64_t min_mb = 8, uint64_t max_mb = 2048) {
  IndexMergeOptions o;
  o.merge_factor = factor;
  o.min_file_bytes = min_mb * kMB;
  o.max_file_bytes = max_mb * kMB;
  return o;
}

TEST(TieredMergePolicyTest, TiersGrowByTheMergeFactorFromTheMinimumSize) {
  TieredMergePolicy p(Opts(4, 8));
  EXPECT_EQ(p.Tier(0), 0);
  EXPECT_EQ(p.Tier(8 * kMB), 0);
  EXPECT_EQ(p.Tier(8 * kMB + 1), 1);
  EXPECT_EQ(p.Tier(32 * kMB), 1);
  EXPECT_EQ(p.Tier(33 * kMB), 2);
  EXPECT_EQ(p.Tier(UINT64_MAX), p.Tier(UINT64_MAX - 1));  // no overflow
}

TEST(TieredMergePolicyTest, FewerThanTheFactorOfOneTierStayApart) {
  TieredMergePolicy p(Opts(4));
  EXPECT_TRUE(p.Plan(Files({1, 2, 3})).empty());
  EXPECT_TRUE(p.Plan(Files({100, 1, 2, 3})).empty());
  EXPECT_TRUE(p.Plan({}).empty());
}

TEST(TieredMergePolicyTest, ARunOfSmallFilesMergesWholeAndLeavesTheLargeOnesAlone) {
  TieredMergePolicy p(Opts(4));
  // 100 MB (tier 2), 20 MB (tier 1), then six small files (tier 0): the six merge.
  EXPECT_EQ(p.Plan(Files({100, 20, 1, 2, 1, 3, 1, 1})), (std::vector<MergeRange>{{2, 8}}));
}

TEST(TieredMergePolicyTest, FilesThatDoNotFollowEachOtherNeverMerge) {
  TieredMergePolicy p(Opts(4));
  auto files = Files({1, 1, 1, 1, 1, 1, 1});
  files[3].follows_previous = false;  // a batch without a postings file between 2 and 3
  EXPECT_EQ(p.Plan(files), (std::vector<MergeRange>{{3, 7}}));
  EXPECT_EQ(TieredMergePolicy::Force(files), (std::vector<MergeRange>{{0, 3}, {3, 7}}));
}

TEST(TieredMergePolicyTest, TheTailMergesTheNewestSmallFilesOnly) {
  TieredMergePolicy p(Opts(4, 8));
  // A 20 MB file (tier 1), then three small ones the policy leaves waiting for a fourth.
  const auto files = Files({20, 5, 3, 2});
  EXPECT_TRUE(p.Plan(files).empty());
  EXPECT_EQ(p.PlanTail(files), (std::vector<MergeRange>{{1, 4}}));
  // One small file, or small files that do not follow each other: nothing to merge.
  EXPECT_TRUE(p.PlanTail(Files({20, 5})).empty());
  auto gap = Files({20, 5, 3});
  gap[2].follows_previous = false;
  EXPECT_TRUE(p.PlanTail(gap).empty());
  auto partial = Files({5, 5, 3, 2});
  partial[2].follows_previous = false;  // the run is files 2-3
  EXPECT_EQ(p.PlanTail(partial), (std::vector<MergeRange>{{2, 4}}));
  EXPECT_EQ(p.PlanTail(Files({3, 2})), (std::vector<MergeRange>{{0, 2}}));
  EXPECT_TRUE(p.PlanTail({}).empty());
  EXPECT_TRUE(TieredMergePolicy(Opts(0)).PlanTail(files).empty());  // merging off
  // Only the files of the ingest now ending: an earlier ingest's small file stays as it is.
  auto earlier = Files({20, 5, 3, 2});
  earlier[1].recent = false;
  EXPECT_EQ(p.PlanTail(earlier), (std::vector<MergeRange>{{2, 4}}));
  earlier[2].recent = false;
  EXPECT_TRUE(p.PlanTail(earlier).empty());
}

TEST(TieredMergePolicyTest, NoMergeMakesAFileLargerThanTheMaximum) {
  TieredMergePolicy p(Opts(4, 8, 100));
  // Four tier-2 files of 40 MB: only two fit under 100 MB; the two left are too few to merge.
  EXPECT_EQ(p.Plan(Files({40, 40, 40, 40})), (std::vector<MergeRange>{{0, 2}}));
  EXPECT_EQ(p.Plan(Files({40, 40, 40, 40, 40, 40})), (std::vector<MergeRange>{{0, 2}, {2, 4}}));
  // Files over half the maximum never find a partner.
  EXPECT_TRUE(p.Plan(Files({60, 60, 60, 60})).empty());
  // Force ignores the maximum.
  EXPECT_EQ(TieredMergePolicy::Force(Files({60, 60, 60, 60})),
            (std::vector<MergeRange>{{0, 4}}));
}

TEST(TieredMergePolicyTest, ForceRewritesAFileAloneOnlyWhenItHoldsDeletedArticles) {
  auto files = Files({5, 5, 5});
  files[1].follows_previous = false;
  files[2].follows_previous = false;  // three runs of one file each
  EXPECT_TRUE(TieredMergePolicy::Force(files).empty());
  files[1].has_deleted = true;
  EXPECT_EQ(TieredMergePolicy::Force(files), (std::vector<MergeRange>{{1, 2}}));
  // The policy after an ingest leaves deletions to compaction.
  EXPECT_TRUE(TieredMergePolicy(Opts(4, 8)).Plan(files).empty());
}

TEST(TieredMergePolicyTest, AFactorBelowTwoNeverMerges) {
  EXPECT_TRUE(TieredMergePolicy(Opts(0)).Plan(Files({1, 1, 1, 1, 1})).empty());
  EXPECT_TRUE(TieredMergePolicy(Opts(1)).Plan(Files({1, 1, 1, 1, 1})).empty());
}

// A stream of equal batches, merged as the engine does after each one (plan, merge, plan again
// until nothing is planned): the file count stays logarithmic, and each byte is rewritten about
// once per tier.
TEST(TieredMergePolicyTest, AStreamOfBatchesKeepsFewFilesAndBoundedRewrites) {
  const uint64_t seed = testing::TestSeed("TieredStream");
  std::mt19937_64 rng(seed);
  TieredMergePolicy p(Opts(4, 8));
  std::vector<MergeCandidate> files;
  uint64_t written = 0, ingested = 0;
  size_t most_files = 0;
  for (int batch = 0; batch < 3000; ++batch) {
    const uint64_t bytes = (1 + rng() % 4) * kMB;
    files.push_back({bytes, !files.empty()});
    written += bytes;
    ingested += bytes;
    while (true) {
      const auto plan = p.Plan(files);
      if (plan.empty()) break;
      std::vector<MergeCandidate> next;
      size_t i = 0;
      for (const MergeRange& r : plan) {
        ASSERT_GE(r.end - r.begin, 2u);
        while (i < r.begin) next.push_back(files[i++]);
        uint64_t sum = 0;
        for (; i < r.end; ++i) sum += files[i].bytes;
        written += sum;
        next.push_back({sum, !next.empty()});
      }
      while (i < files.size()) next.push_back(files[i++]);
      ASSERT_LT(next.size(), files.size());
      files = std::move(next);
    }
    most_files = std::max(most_files, files.size());
  }
  // 3000 batches of ~2.5 MB (7.5 GB; tiers up to 8 MB x 4^4 = 2 GB): at most 3 files per tier.
  EXPECT_LE(most_files, 3u * 7) << "seed " << seed;
  EXPECT_LT(written, ingested * 8) << "seed " << seed;
}

}  // namespace
}  // namespace storyline
