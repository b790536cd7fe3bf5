// Metrics shared by the evaluation tools: ROC AUC, adjusted Rand index, pair precision/recall.
// Pure functions; thread-safe.
#ifndef STORYLINE_EVAL_EVAL_METRICS_H_
#define STORYLINE_EVAL_EVAL_METRICS_H_

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace storyline {

// Probability that a random positive scores above a random negative (ties count half): the
// Mann-Whitney U statistic over |pos| * |neg|. 0.5 when either list is empty.
inline double RocAuc(std::vector<double> pos, std::vector<double> neg) {
  if (pos.empty() || neg.empty()) return 0.5;
  std::sort(neg.begin(), neg.end());
  double u = 0;
  for (double p : pos) {
    const auto lo = std::lower_bound(neg.begin(), neg.end(), p);
    const auto hi = std::upper_bound(neg.begin(), neg.end(), p);
    u += static_cast<double>(lo - neg.begin()) + 0.5 * static_cast<double>(hi - lo);
  }
  return u / (static_cast<double>(pos.size()) * static_cast<double>(neg.size()));
}

inline double Choose2(double n) { return n * (n - 1) / 2; }

// Pair counts of two clusterings of the same items: pairs together in both, in `truth`, in `pred`.
struct PairCounts {
  double both = 0, truth = 0, pred = 0, total = 0;
};

template <typename A, typename B>
PairCounts CountPairs(const std::vector<A>& truth, const std::vector<B>& pred) {
  std::map<A, double> a;
  std::map<B, double> b;
  std::map<std::pair<A, B>, double> ab;
  for (size_t i = 0; i < truth.size(); ++i) {
    a[truth[i]] += 1;
    b[pred[i]] += 1;
    ab[{truth[i], pred[i]}] += 1;
  }
  PairCounts c;
  for (const auto& [k, n] : a) c.truth += Choose2(n);
  for (const auto& [k, n] : b) c.pred += Choose2(n);
  for (const auto& [k, n] : ab) c.both += Choose2(n);
  c.total = Choose2(static_cast<double>(truth.size()));
  return c;
}

// Hubert & Arabie's adjusted Rand index (1 = identical clusterings, ~0 = chance).
template <typename A, typename B>
double AdjustedRandIndex(const std::vector<A>& truth, const std::vector<B>& pred) {
  const PairCounts c = CountPairs(truth, pred);
  if (c.total == 0) return 1.0;
  const double expected = c.truth * c.pred / c.total;
  const double max_index = (c.truth + c.pred) / 2;
  if (max_index == expected) return 1.0;
  return (c.both - expected) / (max_index - expected);
}

// B-cubed precision and recall (Bagga & Baldwin 1998): per item, the share of its predicted
// cluster that is in its gold cluster (precision) and of its gold cluster that is in its
// predicted cluster (recall), averaged over items.
struct BCubed {
  double precision = 0, recall = 0;
  double f1() const { return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0; }
};
template <typename A, typename B>
BCubed BCubedScores(const std::vector<A>& truth, const std::vector<B>& pred) {
  std::map<A, double> a;
  std::map<B, double> b;
  std::map<std::pair<A, B>, double> ab;
  for (size_t i = 0; i < truth.size(); ++i) {
    a[truth[i]] += 1;
    b[pred[i]] += 1;
    ab[{truth[i], pred[i]}] += 1;
  }
  BCubed r;
  if (truth.empty()) return r;
  for (size_t i = 0; i < truth.size(); ++i) {
    const double both = ab[{truth[i], pred[i]}];
    r.precision += both / b[pred[i]];
    r.recall += both / a[truth[i]];
  }
  r.precision /= static_cast<double>(truth.size());
  r.recall /= static_cast<double>(truth.size());
  return r;
}

}  // namespace storyline

#endif  // STORYLINE_EVAL_EVAL_METRICS_H_
