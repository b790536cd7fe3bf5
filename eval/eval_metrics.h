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

// How many items fall in each truth cluster, each predicted cluster, and each pair of them.
template <typename A, typename B>
struct Contingency {
  std::map<A, double> truth;
  std::map<B, double> pred;
  std::map<std::pair<A, B>, double> both;
};
template <typename A, typename B>
Contingency<A, B> CountContingency(const std::vector<A>& truth, const std::vector<B>& pred) {
  Contingency<A, B> c;
  for (size_t i = 0; i < truth.size(); ++i) {
    c.truth[truth[i]] += 1;
    c.pred[pred[i]] += 1;
    c.both[{truth[i], pred[i]}] += 1;
  }
  return c;
}

template <typename A, typename B>
PairCounts CountPairs(const std::vector<A>& truth, const std::vector<B>& pred) {
  const Contingency<A, B> t = CountContingency(truth, pred);
  PairCounts c;
  for (const auto& [k, n] : t.truth) c.truth += Choose2(n);
  for (const auto& [k, n] : t.pred) c.pred += Choose2(n);
  for (const auto& [k, n] : t.both) c.both += Choose2(n);
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
  BCubed r;
  if (truth.empty()) return r;
  const Contingency<A, B> t = CountContingency(truth, pred);
  for (size_t i = 0; i < truth.size(); ++i) {
    const double both = t.both.at({truth[i], pred[i]});
    r.precision += both / t.pred.at(pred[i]);
    r.recall += both / t.truth.at(truth[i]);
  }
  r.precision /= static_cast<double>(truth.size());
  r.recall /= static_cast<double>(truth.size());
  return r;
}

}  // namespace storyline

#endif  // STORYLINE_EVAL_EVAL_METRICS_H_
