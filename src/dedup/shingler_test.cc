#include "dedup/shingler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "common/hash.h"

namespace storyline {
namespace {

TEST(ShinglerTest, TokensAreLowercasedRunsOfLettersAndDigits) {
  std::vector<uint64_t> got;
  Shingler::TokenHashes("The U.S. long-term_plan: 1,000 FOO!", &got);
  const std::vector<std::string> want = {"the", "u", "s", "long", "term", "plan", "1", "000",
                                         "foo"};
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], Hash64(want[i])) << want[i];
}

TEST(ShinglerTest, NonAsciiRunsAreCaseFoldedAndMarksSeparateLikePython) {
  std::vector<uint64_t> got;
  Shingler::TokenHashes("ZÜRICH café—Straße", &got);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], Hash64("zürich"));
  EXPECT_EQ(got[1], Hash64("café"));
  EXPECT_EQ(got[2], Hash64("strasse"));  // NFKC case folding
}

TEST(ShinglerTest, InvalidUtf8SeparatesTokens) {
  std::vector<uint64_t> got;
  Shingler::TokenHashes(std::string("abc\xff" "def"), &got);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1], Hash64("def"));
}

TEST(ShinglerTest, ShinglesAreSortedUniqueAndCaseInsensitive) {
  Shingler shingler(3);
  std::vector<uint64_t> a, b;
  shingler.Shingle("a b c a b c a b c", &a);
  EXPECT_EQ(a.size(), 3u);  // "a b c", "b c a", "c a b"
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  shingler.Shingle("A  B, C. a b c a b c", &b);
  EXPECT_EQ(a, b);
}

TEST(ShinglerTest, ShortTextsGiveOneShingleEmptyTextsNone) {
  Shingler shingler(3);
  std::vector<uint64_t> out;
  shingler.Shingle("two words", &out);
  EXPECT_EQ(out.size(), 1u);
  shingler.Shingle(" ,.;! ", &out);
  EXPECT_TRUE(out.empty());
}

TEST(ShinglerTest, ShingleHashFollowsTheDocumentedFormula) {
  std::vector<uint64_t> out;
  Shingler(2).Shingle("x y", &out);
  const uint64_t tx = Hash64("x"), ty = Hash64("y");
  uint64_t s = (((tx << 23) | (tx >> 41)) ^ ty) * 0x9E3779B97F4A7C15ULL;
  s ^= s >> 32;
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], s);
}

TEST(ShinglerTest, SortUniqueHashesMatchesStdSortOnRandomAndRepetitiveInput) {
  const uint64_t seed = std::random_device{}();
  std::printf("[SortUniqueHashes] seed %llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  for (size_t n : {0, 1, 5, 63, 64, 65, 600, 5000, 100000}) {
    for (int kind = 0; kind < 3; ++kind) {
      std::vector<uint64_t> v(n);
      for (auto& x : v) {
        x = rng();
        if (kind == 1) x &= 0xFFFF000000000000ULL;  // few distinct values, all in few buckets
        if (kind == 2) x = (x & 0xFF) << 56 | (x >> 8);  // crowded top bits
      }
      std::vector<uint64_t> want = v;
      std::sort(want.begin(), want.end());
      want.erase(std::unique(want.begin(), want.end()), want.end());
      SortUniqueHashes(&v);
      EXPECT_EQ(v, want) << "n=" << n << " kind=" << kind;
    }
  }
}

}  // namespace
}  // namespace storyline
