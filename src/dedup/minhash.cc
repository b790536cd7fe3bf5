#include "dedup/minhash.h"

#include "common/hash.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace storyline {
namespace {

constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();

inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

bool Signature::empty_set() const {
  return std::all_of(values.begin(), values.end(), [](uint32_t v) { return v == kEmpty; });
}

MinHasher::MinHasher(const MinHashOptions& options) : options_(options) {
  if (options_.scheme == MinHashScheme::kOnePermutation) {
    const uint32_t k = std::clamp(options_.k, 8, 4096);
    options_.k = static_cast<int>(std::bit_floor(k));
    log2_k_ = std::countr_zero(static_cast<uint32_t>(options_.k));
  } else {
    options_.k = std::clamp(options_.k, 1, 4096);
    uint64_t state = options_.seed;
    a_.resize(options_.k);
    b_.resize(options_.k);
    for (int i = 0; i < options_.k; ++i) {
      a_[i] = SplitMix64(&state) | 1;
      b_[i] = SplitMix64(&state);
    }
  }
}

void MinHasher::Sign(std::span<const uint64_t> shingles, Signature* out) const {
  if (options_.scheme == MinHashScheme::kOnePermutation) {
    SignOnePermutation(shingles, out);
  } else {
    SignKPermutation(shingles, out);
  }
}

void MinHasher::SignOnePermutation(std::span<const uint64_t> shingles, Signature* out) const {
  const uint32_t k = static_cast<uint32_t>(options_.k);
  out->values.assign(k, kEmpty);
  uint32_t* v = out->values.data();
  // Bins come from the top log2(k) bits, values from the low 32 bits: independent parts of one
  // mixed hash. A value of exactly 0xFFFFFFFF is folded to 0xFFFFFFFE so that "empty" stays
  // unambiguous (a bias of 2^-32).
  const int shift = 64 - log2_k_;
  const uint64_t seed = options_.seed;
  for (const uint64_t s : shingles) {
    const uint64_t h = Mix64(s ^ seed);
    const uint32_t bin = static_cast<uint32_t>(h >> shift);
    const uint32_t value = std::min(static_cast<uint32_t>(h), kEmpty - 1);
    v[bin] = std::min(v[bin], value);
  }
  if (shingles.empty()) return;
  // Optimal densification: empty bin i takes the value of bin j, where j runs through a
  // pseudo-random sequence seeded by (i, attempt) until it hits a bin that was filled by hashing
  // (not by densification). Both documents follow the same sequence for bin i, which is what
  // makes agreement still estimate Jaccard.
  thread_local std::vector<uint8_t> filled;
  filled.assign(k, 0);
  uint32_t filled_count = 0;
  for (uint32_t i = 0; i < k; ++i) {
    if (v[i] != kEmpty) {
      filled[i] = 1;
      ++filled_count;
    }
  }
  if (filled_count == k) return;
  const uint32_t mask = k - 1;
  for (uint32_t i = 0; i < k; ++i) {
    if (filled[i]) continue;
    for (uint64_t attempt = 1;; ++attempt) {
      const uint32_t j = static_cast<uint32_t>(Mix64(seed ^ (uint64_t{i} << 32) ^ attempt)) & mask;
      if (filled[j]) {
        v[i] = v[j];
        break;
      }
    }
  }
}

void MinHasher::SignKPermutation(std::span<const uint64_t> shingles, Signature* out) const {
  const size_t k = static_cast<size_t>(options_.k);
  out->values.assign(k, kEmpty);
  if (shingles.empty()) return;
  thread_local std::vector<uint64_t> mins;
  mins.assign(k, std::numeric_limits<uint64_t>::max());
  uint64_t* m = mins.data();
  const uint64_t* a = a_.data();
  const uint64_t* b = b_.data();
  for (const uint64_t s : shingles) {
    const uint64_t x = s ^ options_.seed;
    for (size_t i = 0; i < k; ++i) {
      const uint64_t h = a[i] * x + b[i];
      m[i] = std::min(m[i], h);
    }
  }
  for (size_t i = 0; i < k; ++i) {
    out->values[i] = std::min(static_cast<uint32_t>(m[i] >> 32), kEmpty - 1);
  }
}

double EstimateJaccard(const Signature& a, const Signature& b) {
  if (a.values.size() != b.values.size() || a.values.empty()) return 0.0;
  if (a.empty_set() || b.empty_set()) return 0.0;
  size_t same = 0;
  for (size_t i = 0; i < a.values.size(); ++i) same += a.values[i] == b.values[i];
  return static_cast<double>(same) / static_cast<double>(a.values.size());
}

}  // namespace storyline
