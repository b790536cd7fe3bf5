#include "dedup/lsh_index.h"

#include <gtest/gtest.h>

#include <random>

#include "dedup/test_corpus.h"

namespace storyline {
namespace {

Signature RandomSignature(std::mt19937_64& rng, int k) {
  Signature s;
  for (int i = 0; i < k; ++i) s.values.push_back(static_cast<uint32_t>(rng()) >> 1);
  return s;
}

TEST(LshIndexTest, FindsDocumentsSharingABandOnceEach) {
  std::mt19937_64 rng(dedup_test::TestSeed("FindsDocumentsSharingABand"));
  LshIndex index(LshOptions{16, 4});
  const Signature a = RandomSignature(rng, 64);
  Signature b = RandomSignature(rng, 64);
  for (int i = 0; i < 8; ++i) b.values[i] = a.values[i];  // bands 0 and 1 shared
  ASSERT_TRUE(index.Add(DocId(7), a).ok());
  ASSERT_TRUE(index.Add(DocId(9), RandomSignature(rng, 64)).ok());
  std::vector<DocId> got;
  index.Query(b, &got);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], DocId(7));
  index.Query(RandomSignature(rng, 64), &got);
  EXPECT_TRUE(got.empty());
}

TEST(LshIndexTest, CapKeepsTheCandidatesSharingTheMostBandsNewestFirst) {
  std::mt19937_64 rng(dedup_test::TestSeed("CapKeepsTheCandidatesSharingTheMostBands"));
  const Signature a = RandomSignature(rng, 64);
  // Docs 1..10 share one band each with `a`; doc 20 shares five, 21 three, 22 two.
  auto sharing = [&](int first_band, int bands) {
    Signature s = RandomSignature(rng, 64);
    for (int v = first_band * 4; v < (first_band + bands) * 4; ++v) s.values[v] = a.values[v];
    return s;
  };
  for (size_t cap : {0, 3, 4}) {
    LshIndex index(LshOptions{16, 4, cap});
    for (uint32_t d = 1; d <= 10; ++d) ASSERT_TRUE(index.Add(DocId(d), sharing(d % 16, 1)).ok());
    ASSERT_TRUE(index.Add(DocId(20), sharing(0, 5)).ok());
    ASSERT_TRUE(index.Add(DocId(21), sharing(5, 3)).ok());
    ASSERT_TRUE(index.Add(DocId(22), sharing(8, 2)).ok());
    std::vector<DocId> got;
    index.Query(a, &got);
    std::vector<DocId> want;
    if (cap == 0) {
      for (uint32_t d = 1; d <= 10; ++d) want.push_back(DocId(d));
      want.insert(want.end(), {DocId(20), DocId(21), DocId(22)});
    } else if (cap == 3) {
      want = {DocId(20), DocId(21), DocId(22)};
    } else {
      want = {DocId(10), DocId(20), DocId(21), DocId(22)};  // the newest of the one-band docs
    }
    EXPECT_EQ(got, want) << "cap " << cap;
  }
}

TEST(LshIndexTest, RejectsShortSignaturesAndReservedDocId) {
  LshIndex index(LshOptions{32, 4});
  Signature s;
  s.values.assign(64, 1);
  EXPECT_EQ(index.Add(DocId(1), s).code(), StatusCode::kInvalidArgument);
  s.values.assign(128, 1);
  EXPECT_EQ(index.Add(DocId(0xFFFFFFFF), s).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(index.Add(DocId(0), s).ok());
}

TEST(LshIndexTest, SerializeRoundTripAnswersTheSameQueries) {
  std::mt19937_64 rng(dedup_test::TestSeed("SerializeRoundTrip"));
  LshIndex index;
  std::vector<Signature> sigs;
  for (uint32_t d = 0; d < 2000; ++d) {
    sigs.push_back(RandomSignature(rng, 128));
    if (d % 3 == 0 && d > 0) sigs.back() = sigs[d - 1];
    ASSERT_TRUE(index.Add(DocId(d), sigs.back()).ok());
  }
  std::string bytes;
  index.Serialize(&bytes);
  auto copy = LshIndex::Deserialize(bytes);
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  EXPECT_EQ(copy->size(), index.size());
  std::vector<DocId> x, y;
  for (const Signature& s : sigs) {
    index.Query(s, &x);
    copy->Query(s, &y);
    ASSERT_EQ(x, y);
  }
  std::string again;
  copy->Serialize(&again);
  EXPECT_EQ(again.size(), bytes.size());
}

TEST(LshIndexTest, DeserializeRejectsCorruptInput) {
  std::mt19937_64 rng(dedup_test::TestSeed("DeserializeRejectsCorruptInput"));
  LshIndex index;
  for (uint32_t d = 0; d < 50; ++d) ASSERT_TRUE(index.Add(DocId(d), RandomSignature(rng, 128)).ok());
  std::string bytes;
  index.Serialize(&bytes);
  EXPECT_EQ(LshIndex::Deserialize("").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(LshIndex::Deserialize(bytes.substr(0, bytes.size() - 1)).status().code(),
            StatusCode::kCorruption);
  for (size_t pos : {size_t{0}, size_t{9}, size_t{13}, size_t{25}, bytes.size() / 2,
                     bytes.size() - 1}) {
    std::string bad = bytes;
    bad[pos] ^= 0x10;
    EXPECT_EQ(LshIndex::Deserialize(bad).status().code(), StatusCode::kCorruption) << pos;
  }
  // Random bytes of every length below 200.
  for (size_t n = 0; n < 200; ++n) {
    std::string junk(n, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    EXPECT_FALSE(LshIndex::Deserialize(junk).ok());
  }
  LshIndex empty;
  std::string e;
  empty.Serialize(&e);
  ASSERT_TRUE(LshIndex::Deserialize(e).ok());
}

TEST(LshIndexTest, MemoryPerDocumentIsBounded) {
  std::mt19937_64 rng(1);
  LshIndex index;
  for (uint32_t d = 0; d < 20000; ++d) ASSERT_TRUE(index.Add(DocId(d), RandomSignature(rng, 128)).ok());
  const double per_doc = static_cast<double>(index.memory_bytes()) / index.size();
  EXPECT_GT(per_doc, 42 * 8);
  EXPECT_LT(per_doc, 42 * 8 / 0.3);
}

}  // namespace
}  // namespace storyline
