#include "dedup/similarity.h"

#include <algorithm>
#include <cmath>

namespace storyline {

void ShingleFingerprints(std::span<const uint64_t> shingles, std::vector<uint32_t>* out) {
  out->clear();
  out->reserve(shingles.size());
  for (const uint64_t s : shingles) {
    const auto f = static_cast<uint32_t>(s >> 32);
    if (out->empty() || out->back() != f) out->push_back(f);
  }
}

bool IsCopy(const PairSimilarity& sim, const CopyThresholds& t) {
  if (sim.copy_score < t.min_score) return false;  // also 0 below min_shingles
  return sim.copy_score >= t.sure_score || sim.jaccard >= t.min_jaccard ||
         sim.shared >= t.min_shared;
}

PairSimilarity PairMeasures(size_t a, size_t b, size_t shared, size_t min_shingles) {
  PairSimilarity s;
  s.shared = shared;
  const size_t uni = a + b - shared;
  s.jaccard = uni == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(uni);
  s.a_in_b = a == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(a);
  s.b_in_a = b == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(b);
  const size_t smaller = a < b ? a : b;
  s.copy_score = smaller < min_shingles || smaller == 0 ? 0.0 : std::max(s.a_in_b, s.b_in_a);
  return s;
}

double Jaccard(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  return ComparePair(a, b, 0).jaccard;
}

double Containment(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  if (a.empty()) return 0.0;
  return static_cast<double>(IntersectionSize(a, b)) / static_cast<double>(a.size());
}

double CopyScore(std::span<const uint64_t> a, std::span<const uint64_t> b, size_t min_shingles) {
  return ComparePair(a, b, min_shingles).copy_score;
}

void IdfWeights::AddDocument(std::span<const uint64_t> shingles) {
  ++documents_;
  for (const uint64_t s : shingles) ++df_[s];
}

void IdfWeights::Freeze() { unseen_ = std::log(static_cast<double>(documents_) + 1.0); }

double IdfWeights::Weight(uint64_t shingle) const {
  const auto it = df_.find(shingle);
  if (it == df_.end()) return unseen_;
  return std::log(static_cast<double>(documents_) / static_cast<double>(it->second));
}

double WeightedContainment(std::span<const uint64_t> a, std::span<const uint64_t> b,
                           const IdfWeights& weights) {
  double total = 0, shared = 0;
  size_t j = 0;
  for (const uint64_t s : a) {
    const double w = weights.Weight(s);
    total += w;
    while (j < b.size() && b[j] < s) ++j;
    if (j < b.size() && b[j] == s) shared += w;
  }
  return total > 0 ? shared / total : 0.0;
}

}  // namespace storyline
