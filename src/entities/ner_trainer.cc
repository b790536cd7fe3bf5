#include "entities/ner_trainer.h"

#include <algorithm>
#include <cstring>
#include <random>
#include <unordered_map>

#include "entities/ner_tagger.h"

namespace storyline {

void NerCounts::Add(const std::vector<TokenSpan>& gold, const std::vector<TokenSpan>& predicted) {
  for (const TokenSpan& p : predicted) {
    bool hit = std::find(gold.begin(), gold.end(), p) != gold.end();
    (hit ? tp : fp)[static_cast<int>(p.type)]++;
  }
  for (const TokenSpan& g : gold) {
    if (std::find(predicted.begin(), predicted.end(), g) == predicted.end()) {
      fn[static_cast<int>(g.type)]++;
    }
  }
}

namespace {
uint64_t Sum(const std::array<uint64_t, kEntityTypeCount>& a, int type) {
  if (type >= 0) return a[type];
  uint64_t s = 0;
  for (uint64_t v : a) s += v;
  return s;
}
}  // namespace

double NerCounts::Precision(int type) const {
  uint64_t t = Sum(tp, type), f = Sum(fp, type);
  return t + f == 0 ? 0.0 : static_cast<double>(t) / (t + f);
}
double NerCounts::Recall(int type) const {
  uint64_t t = Sum(tp, type), f = Sum(fn, type);
  return t + f == 0 ? 0.0 : static_cast<double>(t) / (t + f);
}
double NerCounts::F1(int type) const {
  double p = Precision(type), r = Recall(type);
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

namespace {

// One training sentence with its static feature rows resolved once.
struct PreparedSentence {
  std::vector<NerWord> words;
  std::vector<int> gold;
  std::vector<uint32_t> offsets;  // token i's static rows: rows[offsets[i] .. offsets[i+1])
  std::vector<uint32_t> rows;
};

// Averaged perceptron weights: w is the current vector, u accumulates c * update so that the
// average after c steps is w - u / c.
class PerceptronWeights {
 public:
  uint32_t Row(uint64_t key) {
    auto [it, inserted] = rows_.emplace(key, static_cast<uint32_t>(keys_.size()));
    if (inserted) {
      keys_.push_back(key);
      w_.resize(w_.size() + kNerLabelCount, 0.0f);
      u_.resize(u_.size() + kNerLabelCount, 0.0);
    }
    return it->second;
  }
  void Score(const uint32_t* rows, size_t n, float* scores) const {
    for (size_t k = 0; k < n; ++k) {
      const float* w = &w_[static_cast<size_t>(rows[k]) * kNerLabelCount];
      for (int l = 0; l < kNerLabelCount; ++l) scores[l] += w[l];
    }
  }
  void Update(const uint32_t* rows, size_t n, int label, float delta, double step) {
    for (size_t k = 0; k < n; ++k) {
      size_t i = static_cast<size_t>(rows[k]) * kNerLabelCount + label;
      w_[i] += delta;
      u_[i] += step * delta;
    }
  }
  NerWeightTable Averaged(double steps, float prune_below) const {
    std::vector<uint64_t> keys;
    std::vector<float> weights;
    for (size_t r = 0; r < keys_.size(); ++r) {
      float row[kNerLabelCount];
      float largest = 0;
      for (int l = 0; l < kNerLabelCount; ++l) {
        size_t i = r * kNerLabelCount + l;
        row[l] = static_cast<float>(w_[i] - u_[i] / steps);
        largest = std::max(largest, std::abs(row[l]));
      }
      if (largest == 0 || largest < prune_below) continue;
      keys.push_back(keys_[r]);
      weights.insert(weights.end(), row, row + kNerLabelCount);
    }
    return NerWeightTable(std::move(keys), std::move(weights));
  }

 private:
  std::unordered_map<uint64_t, uint32_t> rows_;
  std::vector<uint64_t> keys_;
  std::vector<float> w_;
  std::vector<double> u_;
};

struct PreparedDocument {
  std::vector<PreparedSentence> sentences;
};

void Prepare(const NerFeatures& features, const ConllDocument& doc,
             const std::vector<std::vector<int>>* hints, PerceptronWeights* weights,
             PreparedDocument* out) {
  out->sentences.resize(doc.sentences.size());
  std::vector<uint64_t> keys;
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const ConllSentence& cs = doc.sentences[s];
    PreparedSentence& ps = out->sentences[s];
    std::vector<std::string_view> words(cs.words.begin(), cs.words.end());
    features.DescribeSentence(words, &ps.words);
    NerTagger::SpansToLabels(cs.spans, words.size(), &ps.gold);
    bool headline = NerFeatures::IsHeadline(ps.words);
    ps.offsets.assign(1, 0);
    ps.rows.clear();
    for (size_t i = 0; i < words.size(); ++i) {
      keys.clear();
      features.StaticKeys(ps.words, i, headline, hints ? (*hints)[s].data() : nullptr, &keys);
      for (uint64_t k : keys) ps.rows.push_back(weights->Row(k));
      ps.offsets.push_back(static_cast<uint32_t>(ps.rows.size()));
    }
  }
}

// docs[d] is described by *features[d] (its gazetteer leaves out the document's own names).
NerWeightTable TrainStage(const std::vector<const NerFeatures*>& features,
                          const std::vector<const ConllDocument*>& docs,
                          const std::vector<std::vector<std::vector<int>>>* hints,
                          const NerTrainOptions& options, const std::string& name) {
  PerceptronWeights weights;
  std::vector<PreparedDocument> prepared(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    Prepare(*features[d], *docs[d], hints ? &(*hints)[d] : nullptr, &weights, &prepared[d]);
  }
  std::vector<size_t> order(docs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(options.seed);
  double step = 1;
  std::vector<uint32_t> rows;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    uint64_t tokens = 0, errors = 0;
    for (size_t d : order) {
      for (const PreparedSentence& ps : prepared[d].sentences) {
        int prev1 = -1, prev2 = -1;
        for (size_t i = 0; i < ps.words.size(); ++i) {
          rows.assign(ps.rows.begin() + ps.offsets[i], ps.rows.begin() + ps.offsets[i + 1]);
          uint64_t history[4];
          NerFeatures::HistoryKeys(ps.words[i], prev1, prev2, history);
          for (uint64_t k : history) rows.push_back(weights.Row(k));
          float scores[kNerLabelCount] = {};
          weights.Score(rows.data(), rows.size(), scores);
          int best = 0;
          for (int l = 1; l < kNerLabelCount; ++l) {
            if (scores[l] > scores[best]) best = l;
          }
          int gold = ps.gold[i];
          if (best != gold) {
            weights.Update(rows.data(), rows.size(), gold, 1.0f, step);
            weights.Update(rows.data(), rows.size(), best, -1.0f, step);
            ++errors;
          }
          ++tokens;
          step += 1;
          prev2 = prev1;
          prev1 = best;
        }
      }
    }
    if (options.log) {
      char line[160];
      std::snprintf(line, sizeof(line), "%s epoch %d/%d: %.2f%% token errors", name.c_str(),
                    epoch + 1, options.epochs, tokens ? 100.0 * errors / tokens : 0.0);
      options.log(line);
    }
  }
  return weights.Averaged(step, options.prune_below);
}

// First-stage labels of every token of `doc` with `table`.
std::vector<std::vector<int>> FirstStageLabels(const NerFeatures& features,
                                               const NerWeightTable& table,
                                               const ConllDocument& doc,
                                               std::vector<std::vector<NerWord>>* words) {
  std::vector<std::vector<int>> labels(doc.sentences.size());
  words->resize(doc.sentences.size());
  std::vector<uint64_t> keys;
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    std::vector<std::string_view> w(doc.sentences[s].words.begin(), doc.sentences[s].words.end());
    features.DescribeSentence(w, &(*words)[s]);
    NerTagger::DecodeSentence(features, table, (*words)[s], nullptr, &keys, &labels[s]);
  }
  return labels;
}

}  // namespace

Result<std::unique_ptr<NerModel>> TrainNerModel(const std::vector<ConllDocument>& train,
                                                WordClusterTable clusters,
                                                const NerTrainOptions& options,
                                                std::string metadata) {
  if (train.empty()) return InvalidArgument("no training documents");
  // Gazetteer features are learned on documents whose own names are left out of the gazetteer
  // (jackknife over kGazetteerFolds), so that their weights reflect how often a name seen in
  // training recurs in new text; the model keeps the gazetteer of all documents.
  constexpr int kGazetteerFolds = 10;
  Gazetteer full;
  std::vector<std::unique_ptr<NerModel>> fold_models;  // owners of the fold gazetteers
  if (options.gazetteer_min > 0) {
    full = GazetteerFromDocuments(train, options.gazetteer_min);
    for (int f = 0; f < kGazetteerFolds; ++f) {
      std::vector<ConllDocument> rest;
      for (size_t d = 0; d < train.size(); ++d) {
        if (static_cast<int>(d % kGazetteerFolds) != f) rest.push_back(train[d]);
      }
      fold_models.push_back(std::make_unique<NerModel>(
          clusters, GazetteerFromDocuments(rest, options.gazetteer_min),
          std::vector<NerWeightTable>(), ""));
    }
  }
  NerModel scratch(std::move(clusters), std::move(full), {}, "");
  std::vector<const NerFeatures*> doc_features(train.size(), &scratch.features());
  if (!fold_models.empty()) {
    for (size_t d = 0; d < train.size(); ++d) {
      doc_features[d] = &fold_models[d % kGazetteerFolds]->features();
    }
  }
  std::vector<const ConllDocument*> all;
  for (const ConllDocument& d : train) all.push_back(&d);
  std::vector<NerWeightTable> stages;
  stages.push_back(TrainStage(doc_features, all, nullptr, options, "stage 1"));
  if (options.hint_folds > 1) {
    // Jackknife: each fold's hints come from a first stage trained without it.
    std::vector<std::vector<std::vector<int>>> hints(train.size());
    int folds = options.hint_folds;
    for (int f = 0; f < folds; ++f) {
      std::vector<const ConllDocument*> rest;
      std::vector<const NerFeatures*> rest_features;
      for (size_t d = 0; d < train.size(); ++d) {
        if (static_cast<int>(d % folds) != f) {
          rest.push_back(&train[d]);
          rest_features.push_back(doc_features[d]);
        }
      }
      NerWeightTable table =
          TrainStage(rest_features, rest, nullptr, options, "fold " + std::to_string(f + 1));
      for (size_t d = f; d < train.size(); d += folds) {
        std::vector<std::vector<NerWord>> words;
        auto labels = FirstStageLabels(*doc_features[d], table, train[d], &words);
        NerFeatures::DocumentHints(words, labels, &hints[d]);
      }
    }
    stages.push_back(TrainStage(doc_features, all, &hints, options, "stage 2"));
  }
  WordClusterTable c = scratch.clusters();
  Gazetteer g = scratch.gazetteer();
  return std::make_unique<NerModel>(std::move(c), std::move(g), std::move(stages),
                                    std::move(metadata));
}

NerCounts EvaluateNerModel(const NerModel& model, const std::vector<ConllDocument>& docs) {
  NerCounts counts;
  NerTagger tagger(&model);
  std::vector<std::vector<std::string_view>> sentences;
  std::vector<std::vector<TokenSpan>> spans;
  for (const ConllDocument& doc : docs) {
    sentences.clear();
    for (const ConllSentence& s : doc.sentences) {
      sentences.emplace_back(s.words.begin(), s.words.end());
    }
    tagger.Tag(sentences, &spans);
    for (size_t s = 0; s < doc.sentences.size(); ++s) counts.Add(doc.sentences[s].spans, spans[s]);
  }
  return counts;
}

Gazetteer GazetteerFromDocuments(const std::vector<ConllDocument>& docs, int min_count) {
  struct Name {
    std::vector<uint64_t> words;  // lower-case word hashes
    std::array<uint32_t, 4> counts{};
  };
  std::unordered_map<uint64_t, Name> names;
  Gazetteer g;
  std::string lower;
  std::vector<uint64_t> hashes;
  for (const ConllDocument& doc : docs) {
    for (const ConllSentence& s : doc.sentences) {
      for (const TokenSpan& span : s.spans) {
        if (span.end - span.begin > kGazetteerMaxTokens) continue;
        hashes.clear();
        for (uint32_t i = span.begin; i < span.end; ++i) {
          NerFeatures::Lower(s.words[i], &lower);
          hashes.push_back(NerFeatures::HashText(lower));
        }
        Name& n = names[NerFeatures::NameKey(hashes.data(), hashes.size())];
        n.words = hashes;
        n.counts[static_cast<int>(span.type)]++;
      }
    }
  }
  for (const auto& [key, n] : names) {
    uint8_t types = 0;
    for (int t = 0; t < 4; ++t) {
      if (n.counts[t] >= static_cast<uint32_t>(min_count)) types |= static_cast<uint8_t>(1u << t);
    }
    if (!types) continue;
    g.names[key] |= types;
    g.max_tokens = std::max<uint32_t>(g.max_tokens, static_cast<uint32_t>(n.words.size()));
    // Every proper prefix is marked, so a match stops as soon as no name continues it.
    for (size_t len = 1; len < n.words.size(); ++len) {
      g.names[NerFeatures::NameKey(n.words.data(), len)] |= kGazetteerPrefix;
    }
  }
  return g;
}

}  // namespace storyline
