#include "entities/word_clusters.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

namespace storyline {

Result<WordClusterTable> ReadWordClusters(Env* env, const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(env, path));
  WordClusterTable table;
  size_t pos = 0, line_no = 0;
  std::string lower;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    std::array<uint16_t, kNerClusterLevels> ids{};
    size_t tab = line.find('\t');
    bool ok = tab != std::string_view::npos && tab > 0;
    std::string_view word = line.substr(0, ok ? tab : 0);
    for (int l = 0; ok && l < kNerClusterLevels; ++l) {
      size_t start = tab + 1;
      tab = line.find('\t', start);
      std::string_view field = line.substr(start, tab == std::string_view::npos ? line.npos
                                                                                : tab - start);
      auto r = std::from_chars(field.data(), field.data() + field.size(), ids[l]);
      ok = r.ec == std::errc() && r.ptr == field.data() + field.size() &&
           (l + 1 < kNerClusterLevels ? tab != std::string_view::npos
                                      : tab == std::string_view::npos);
    }
    if (!ok) {
      return InvalidArgument(path + ":" + std::to_string(line_no) +
                             ": expected a word and " + std::to_string(kNerClusterLevels) +
                             " class ids (0..65535) separated by tabs");
    }
    NerFeatures::Lower(word, &lower);
    table.clusters[NerFeatures::HashText(lower)] = ids;
  }
  return table;
}

}  // namespace storyline

namespace storyline {

namespace {

// Exchange clustering (Kneser & Ney 1993; the predictive class bigram of Uszkoreit & Brants
// 2008): classes that maximise the likelihood of P(w | v) = P(w | class(w)) P(class(w) | v) over
// the bigrams (v, w). Words are visited in frequency order and each moves to the class that most
// increases sum_{v,c} f(N(v,c)) - sum_c f(N(c)), with f(x) = x log x, N(v,c) the count of v
// followed by a word of class c and N(c) the count of words in c.
//
// `bigrams[w]` lists (predecessor, count) for word w (predecessor ids may include one id for all
// rare words, `predecessors` ids in all); `word_count[w]` is w's count.
class ExchangeClustering {
 public:
  ExchangeClustering(const std::vector<std::vector<std::pair<uint32_t, uint32_t>>>& bigrams,
                     const std::vector<uint32_t>& word_count, uint32_t predecessors, int k)
      : bigrams_(bigrams), word_count_(word_count), k_(k),
        pred_class_(static_cast<size_t>(predecessors) * k, 0), class_count_(k, 0),
        cls_(word_count.size()) {
    // Round robin by frequency rank (ids are in frequency order).
    for (size_t w = 0; w < cls_.size(); ++w) Assign(static_cast<uint32_t>(w), static_cast<int>(w % k), +1);
  }

  // One pass over all words; returns how many moved.
  size_t Pass() {
    size_t moved = 0;
    std::vector<double> delta(k_);
    for (uint32_t w = 0; w < cls_.size(); ++w) {
      int from = cls_[w];
      Assign(w, from, -1);
      std::fill(delta.begin(), delta.end(), 0.0);
      for (const auto& [v, n] : bigrams_[w]) {
        const uint32_t* row = &pred_class_[static_cast<size_t>(v) * k_];
        double fn = F(n);
        for (int c = 0; c < k_; ++c) {
          uint32_t m = row[c];
          delta[c] += m == 0 ? fn : F(m + n) - F(m);
        }
      }
      int best = from;
      double best_gain = -1e300;
      for (int c = 0; c < k_; ++c) {
        double gain = delta[c] - (F(class_count_[c] + word_count_[w]) - F(class_count_[c]));
        if (gain > best_gain + 1e-9) {
          best_gain = gain;
          best = c;
        }
      }
      Assign(w, best, +1);
      moved += best != from;
    }
    return moved;
  }

  const std::vector<uint16_t>& classes() const { return cls_; }

 private:
  static double F(double x) { return x <= 0 ? 0.0 : x * std::log(x); }

  void Assign(uint32_t w, int c, int sign) {
    cls_[w] = static_cast<uint16_t>(c);
    class_count_[c] += sign * static_cast<int64_t>(word_count_[w]);
    for (const auto& [v, n] : bigrams_[w]) {
      pred_class_[static_cast<size_t>(v) * k_ + c] += sign * static_cast<int32_t>(n);
    }
  }

  const std::vector<std::vector<std::pair<uint32_t, uint32_t>>>& bigrams_;
  const std::vector<uint32_t>& word_count_;
  int k_;
  std::vector<uint32_t> pred_class_;
  std::vector<int64_t> class_count_;
  std::vector<uint16_t> cls_;
};

}  // namespace

std::vector<std::string> LearnWordClusters(const std::vector<std::vector<std::string>>& sentences,
                                           const WordClusterOptions& options) {
  // Vocabulary by frequency (ties by word, for determinism).
  std::unordered_map<std::string, uint32_t> counts;
  // Inside-sentence occurrences: all, and capitalised.
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> inside;
  std::vector<std::vector<std::string>> lowered(sentences.size());
  for (size_t si = 0; si < sentences.size(); ++si) {
    const auto& s = sentences[si];
    std::string lower;
    // Headlines in capitals say nothing about how a word is written.
    bool has_lower = false;
    for (const std::string& w : s) {
      for (size_t k = 0; k < w.size() && !has_lower; ++k) has_lower = w[k] >= 'a' && w[k] <= 'z';
    }
    for (size_t i = 0; i < s.size(); ++i) {
      NerFeatures::Lower(s[i], &lower);
      ++counts[lower];
      if (i > 0 && has_lower) {
        auto& in = inside[lower];
        ++in.first;
        if (lower != s[i]) ++in.second;
      }
      lowered[si].push_back(lower);
    }
  }
  std::vector<std::pair<std::string, uint32_t>> by_freq(counts.begin(), counts.end());
  std::sort(by_freq.begin(), by_freq.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::unordered_map<std::string_view, uint32_t> word_id;
  std::vector<std::string_view> words;
  for (const auto& [w, c] : by_freq) {
    if (c < static_cast<uint32_t>(options.min_count)) break;
    word_id.emplace(w, static_cast<uint32_t>(words.size()));
    words.push_back(w);
  }
  // Bigrams (predecessor, word) over clustered words; a sentence start and every rare word are
  // predecessors of their own.
  const uint32_t kStart = static_cast<uint32_t>(words.size());
  const uint32_t kRare = kStart + 1;
  std::vector<uint64_t> pairs;
  for (const auto& s : lowered) {
    uint32_t prev = kStart;
    for (const std::string& token : s) {
      auto w = word_id.find(token);
      uint32_t id = w == word_id.end() ? kRare : w->second;
      if (id != kRare) pairs.push_back((static_cast<uint64_t>(id) << 32) | prev);
      prev = id;
    }
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> bigrams(words.size());
  std::vector<uint32_t> word_count(words.size(), 0);
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    uint32_t w = static_cast<uint32_t>(pairs[i] >> 32);
    bigrams[w].emplace_back(static_cast<uint32_t>(pairs[i] & 0xFFFFFFFFu),
                            static_cast<uint32_t>(j - i));
    word_count[w] += static_cast<uint32_t>(j - i);
    i = j;
  }
  std::vector<std::vector<uint16_t>> levels;
  for (int l = 0; l + 1 < kNerClusterLevels; ++l) {
    ExchangeClustering clustering(bigrams, word_count, kRare + 1, options.levels[l]);
    for (int it = 0; it < options.iterations; ++it) {
      if (clustering.Pass() == 0) break;
    }
    levels.push_back(clustering.classes());
  }
  std::vector<uint16_t> caps(words.size(), 11);
  for (size_t w = 0; w < words.size(); ++w) {
    auto it = inside.find(std::string(words[w]));
    if (it != inside.end() && it->second.first > 0) {
      caps[w] = static_cast<uint16_t>(std::lround(10.0 * it->second.second / it->second.first));
    }
  }
  levels.push_back(std::move(caps));
  std::vector<std::string> lines;
  for (size_t w = 0; w < words.size(); ++w) {
    std::string line(words[w]);
    for (int l = 0; l < kNerClusterLevels; ++l) line += "\t" + std::to_string(levels[l][w]);
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace storyline
