// Similarity of two shingle sets (sorted, duplicate-free vectors from Shingler): Jaccard,
// containment, the copy score that decides "is one a copy of the other", and IDF-weighted
// containment for ranking how much of a text derives from a source.
//
// Copy score = max(containment of A in B, containment of B in A): a wire story cut to half its
// length is contained in the original at ~1.0 although their Jaccard is only ~0.5. To keep a few
// shared words of a tiny text from counting as a copy, the smaller set must have at least
// CopyThresholds::min_shingles shingles.
//
// Threshold (CopyThresholds::min_score = 0.5 by default), from data (eval/README.md): on the
// synthetic corpus (100k docs) 0.5 gives pair precision 0.995 at recall 1.0, while 0.3 drops
// precision to 0.977. On METER dev, grouping ARI against gold_W peaks lower (0.3 with exhaustive
// candidates), because METER's gold groups whole stories, not copies; settable for such uses.
//
// Thread-safety: pure functions; IdfWeights is immutable after Build and safe to share.
#ifndef STORYLINE_DEDUP_SIMILARITY_H_
#define STORYLINE_DEDUP_SIMILARITY_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace storyline {

// |A ∩ B| of two sorted, duplicate-free sequences.
template <typename T>
size_t IntersectionSize(std::span<const T> a, std::span<const T> b) {
  size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

// The 32-bit fingerprints of a shingle set: the high 32 bits of each sorted shingle hash, which
// are already in order (equal neighbours merged), so no second sort is needed. They halve the
// memory of verification; two distinct shingles of a pair collide with probability about
// |A||B| / 2^32 (< 1e-4 for 600-shingle articles), far below the resolution of the thresholds.
void ShingleFingerprints(std::span<const uint64_t> shingles, std::vector<uint32_t>* out);

// |A ∩ B| / |A ∪ B|; 0 when both are empty.
double Jaccard(std::span<const uint64_t> a, std::span<const uint64_t> b);
// |A ∩ B| / |A|: the fraction of A found in B; 0 when A is empty.
double Containment(std::span<const uint64_t> a, std::span<const uint64_t> b);

// Two texts are copies when
//   copy score (the larger containment) >= min_score, and
//   the smaller set has >= min_shingles shingles, and
//   copy score >= sure_score, or Jaccard >= min_jaccard, or >= min_shared shingles are shared.
// The last line is from data (docs/RESULTS.md, synthetic corpus of 835k articles): unrelated
// articles that quote the same short passage (a price table, a standard paragraph) are contained
// one way at 0.5-0.95 but share few shingles (median 45, at most 136) and little of the union
// (Jaccard 0.15-0.63); a shortened reprint shares either most of the union, a long run of text,
// or nearly all of itself. Without it, pair precision fell to 0.84 at 835k articles; with it,
// 0.997 at recall 1.0. Set min_jaccard = 0 to turn the last line off.
struct CopyThresholds {
  double min_score = 0.5;    // copy score at or above which two texts may be copies
  size_t min_shingles = 10;  // the smaller set needs this many shingles to be a copy at all
  double sure_score = 0.9;   // a copy score this high is a copy without the further evidence
  double min_jaccard = 0.5;  // ... or a Jaccard this high
  size_t min_shared = 100;   // ... or this many shared shingles
};

// All the measures of one pair, from one merge of the two sets.
struct PairSimilarity {
  size_t shared = 0;
  double jaccard = 0;
  double a_in_b = 0;  // containment of A in B
  double b_in_a = 0;  // containment of B in A
  double copy_score = 0;  // max(a_in_b, b_in_a), 0 when the smaller set is below min_shingles
};

// The measures of a pair of sets of sizes a and b sharing `shared` elements.
PairSimilarity PairMeasures(size_t a, size_t b, size_t shared, size_t min_shingles);

template <typename T>
PairSimilarity ComparePair(std::span<const T> a, std::span<const T> b, size_t min_shingles) {
  return PairMeasures(a.size(), b.size(), IntersectionSize(a, b), min_shingles);
}

// ComparePair for the copy decision only: returns early, with copy_score 0, as soon as the pair
// can no longer reach min_score (most LSH candidates share a few shingles by chance), so only
// the measures of a pair that IsCopy accepts are complete.
template <typename T>
PairSimilarity VerifyCopy(std::span<const T> a, std::span<const T> b, const CopyThresholds& t) {
  const size_t smaller = a.size() < b.size() ? a.size() : b.size();
  if (smaller == 0 || smaller < t.min_shingles) return PairSimilarity{};
  // The fewest shared shingles that reach min_score (the float product may round down by one,
  // so the bound errs on the side of comparing further).
  const double need_d = t.min_score * static_cast<double>(smaller);
  const size_t need = need_d > 1 ? static_cast<size_t>(need_d) - 1 : 0;
  size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < b.size()) {
    const size_t left = std::min(a.size() - i, b.size() - j);
    if (n + left < need) return PairSimilarity{};
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return PairMeasures(a.size(), b.size(), n, t.min_shingles);
}

// Whether a compared pair passes the thresholds (see CopyThresholds).
bool IsCopy(const PairSimilarity& sim, const CopyThresholds& t);

// max(containment both ways), gated by min_shingles (see above).
double CopyScore(std::span<const uint64_t> a, std::span<const uint64_t> b,
                 size_t min_shingles = CopyThresholds{}.min_shingles);

// Shingle weights log(N / df) from a corpus (a shingle never seen gets log(N + 1)): rare shared
// word sequences say more about copying than common ones.
class IdfWeights {
 public:
  // Counts document frequencies; call once per document with its shingle set, then Freeze.
  void AddDocument(std::span<const uint64_t> shingles);
  void Freeze();
  double Weight(uint64_t shingle) const;
  size_t documents() const { return documents_; }

 private:
  std::unordered_map<uint64_t, uint32_t> df_;
  size_t documents_ = 0;
  double unseen_ = 0;
};

// Σ_{s ∈ A∩B} w(s) / Σ_{s ∈ A} w(s): the weighted fraction of A found in B; 0 when A is empty.
double WeightedContainment(std::span<const uint64_t> a, std::span<const uint64_t> b,
                           const IdfWeights& weights);

}  // namespace storyline

#endif  // STORYLINE_DEDUP_SIMILARITY_H_
