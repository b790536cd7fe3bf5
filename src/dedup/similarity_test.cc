#include "dedup/similarity.h"

#include <gtest/gtest.h>

#include "dedup/shingler.h"

namespace storyline {
namespace {

TEST(SimilarityTest, JaccardAndContainmentOnSmallSets) {
  const std::vector<uint64_t> a = {1, 2, 3, 4}, b = {3, 4, 5, 6, 7, 8};
  EXPECT_DOUBLE_EQ(Jaccard(a, b), 2.0 / 8);
  EXPECT_DOUBLE_EQ(Containment(a, b), 0.5);
  EXPECT_DOUBLE_EQ(Containment(b, a), 2.0 / 6);
  EXPECT_DOUBLE_EQ(Jaccard({}, {}), 0.0);
  EXPECT_DOUBLE_EQ(Containment({}, b), 0.0);
}

TEST(SimilarityTest, HalfLengthReprintIsACopy) {
  std::vector<uint64_t> full, half;
  for (uint64_t i = 0; i < 400; ++i) full.push_back(i * 7);
  half.assign(full.begin(), full.begin() + 200);
  EXPECT_NEAR(Jaccard(full, half), 0.5, 1e-9);
  EXPECT_DOUBLE_EQ(CopyScore(full, half), 1.0);
  EXPECT_GE(CopyScore(half, full), CopyThresholds{}.min_score);
}

TEST(SimilarityTest, TinyTextsAreNotCopiesOfEverythingThatContainsThem) {
  std::vector<uint64_t> big, tiny = {5, 10};
  for (uint64_t i = 0; i < 100; ++i) big.push_back(i * 5);
  EXPECT_DOUBLE_EQ(Containment(tiny, big), 1.0);
  EXPECT_DOUBLE_EQ(CopyScore(tiny, big), 0.0);
}

TEST(SimilarityTest, WeightedContainmentFavoursRareShingles) {
  IdfWeights w;
  const std::vector<uint64_t> common = {1}, doc1 = {1, 2}, doc2 = {1, 3}, doc3 = {1, 4};
  w.AddDocument(doc1);
  w.AddDocument(doc2);
  w.AddDocument(doc3);
  w.Freeze();
  EXPECT_DOUBLE_EQ(w.Weight(1), 0.0);
  EXPECT_GT(w.Weight(2), 1.0);
  EXPECT_DOUBLE_EQ(WeightedContainment(doc1, doc2, w), 0.0);  // only the common shingle shared
  EXPECT_DOUBLE_EQ(WeightedContainment(doc1, doc1, w), 1.0);
}

TEST(SimilarityTest, IsCopyNeedsEvidenceBeyondContainmentBelowTheSureScore) {
  CopyThresholds t;  // defaults: 0.5, sure 0.9, Jaccard 0.5, 100 shared
  PairSimilarity table;  // a short text quoting a passage of a long one
  table.shared = 45;
  table.copy_score = 0.75;
  table.jaccard = 0.25;
  EXPECT_FALSE(IsCopy(table, t));
  PairSimilarity reprint = table;  // a long shortened reprint
  reprint.shared = 300;
  EXPECT_TRUE(IsCopy(reprint, t));
  PairSimilarity excerpt = table;  // a short excerpt, nearly all of it found in the original
  excerpt.copy_score = 0.95;
  EXPECT_TRUE(IsCopy(excerpt, t));
  PairSimilarity edited = table;  // a lightly edited copy of similar length
  edited.jaccard = 0.7;
  EXPECT_TRUE(IsCopy(edited, t));
  PairSimilarity weak = reprint;
  weak.copy_score = 0.4;
  EXPECT_FALSE(IsCopy(weak, t));
  t.min_jaccard = 0;  // containment alone
  EXPECT_TRUE(IsCopy(table, t));
}

}  // namespace
}  // namespace storyline
