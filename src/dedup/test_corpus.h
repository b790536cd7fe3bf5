// Seeded random texts for the dedup tests: unrelated articles, shortened and edited reprints.
#ifndef STORYLINE_DEDUP_TEST_CORPUS_H_
#define STORYLINE_DEDUP_TEST_CORPUS_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/test_seed_for_test.h"

namespace storyline::dedup_test {

// Random seed for a test, printed so a failure can be replayed (set STORYLINE_TEST_SEED).
inline uint64_t TestSeed(const char* test) { return storyline::testing::TestSeed(test); }

// Zipf-like word choice over a vocabulary of pseudo-words, so common words recur as in news.
class TextGenerator {
 public:
  explicit TextGenerator(uint64_t seed) : rng_(seed) {
    const char* syl[] = {"ka", "lo", "mi", "ran", "te", "vos", "du", "ber", "sa", "nik",
                         "or", "el", "ta", "gu", "zen", "pol", "ar", "is", "mon", "dre"};
    std::uniform_int_distribution<int> pick(0, 19), len(1, 4);
    for (int i = 0; i < 20000; ++i) {
      std::string w;
      for (int j = len(rng_); j > 0; --j) w += syl[pick(rng_)];
      vocab_.push_back(w);
    }
  }
  std::vector<std::string> Words(int n) {
    std::vector<std::string> out;
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < n; ++i) {
      const double r = u(rng_);
      out.push_back(vocab_[static_cast<size_t>(r * r * r * (vocab_.size() - 1))]);
    }
    return out;
  }
  // ~rate of the words dropped, replaced or followed by a random word (like synth_news.py).
  std::vector<std::string> Edit(const std::vector<std::string>& words, double rate) {
    std::vector<std::string> out;
    std::uniform_real_distribution<double> u(0, 1);
    for (const auto& w : words) {
      const double r = u(rng_);
      if (r < rate / 3) continue;
      if (r < 2 * rate / 3) {
        out.push_back(Words(1)[0]);
        continue;
      }
      out.push_back(w);
      if (r < rate) out.push_back(Words(1)[0]);
    }
    return out;
  }
  static std::string Join(const std::vector<std::string>& words) {
    std::string s;
    for (size_t i = 0; i < words.size(); ++i) {
      if (i) s += (i % 17 == 0) ? ". " : " ";
      s += words[i];
    }
    return s;
  }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> vocab_;
};

}  // namespace storyline::dedup_test

#endif  // STORYLINE_DEDUP_TEST_CORPUS_H_
