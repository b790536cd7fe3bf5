// NerTrainer: trains a NerModel from CoNLL documents with the averaged perceptron (Collins 2002),
// decoding greedily with predicted history as the tagger does, and, for the two-stage model,
// jackknifed first-stage labels as the document hints of the second stage (so that the second
// stage learns from hints as noisy as the ones it will see on new text).
//
// Deterministic: the same documents, options and seed give the same model, byte for byte.
// Thread-safety: a training run is single-threaded; separate runs may go in parallel.
#ifndef STORYLINE_ENTITIES_NER_TRAINER_H_
#define STORYLINE_ENTITIES_NER_TRAINER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "entities/conll_reader.h"
#include "entities/ner_model.h"

namespace storyline {

struct NerTrainOptions {
  int epochs = 12;
  uint64_t seed = 1;
  // 0: one stage. Otherwise the number of jackknife folds for the second stage's hints.
  int hint_folds = 5;
  // 0: no gazetteer. Otherwise names seen at least this often in `train` form the gazetteer.
  int gazetteer_min = 0;
  // Drop feature rows whose largest averaged weight is below this (smaller model, same labels).
  float prune_below = 0.0f;
  // Progress lines ("stage 1 epoch 3/12: 1.2% token errors").
  std::function<void(const std::string&)> log;
};

// Exact-span counts per type (conlleval: a mention counts when its span and type both match).
struct NerCounts {
  std::array<uint64_t, kEntityTypeCount> tp{}, fp{}, fn{};
  void Add(const std::vector<TokenSpan>& gold, const std::vector<TokenSpan>& predicted);
  // Micro-averaged over types, or for one type (0..3); in [0, 1].
  double Precision(int type = -1) const;
  double Recall(int type = -1) const;
  double F1(int type = -1) const;
};

// Builds the model: the clusters and the gazetteer of `train` are stored in it and used by its
// features.
Result<std::unique_ptr<NerModel>> TrainNerModel(const std::vector<ConllDocument>& train,
                                                WordClusterTable clusters,
                                                const NerTrainOptions& options,
                                                std::string metadata);

// Tags every sentence of `docs` with `model` (document by document) and counts against the gold.
NerCounts EvaluateNerModel(const NerModel& model, const std::vector<ConllDocument>& docs);

// A gazetteer of the names in `docs` (lower case, by type), skipping names seen fewer than
// `min_count` times.
Gazetteer GazetteerFromDocuments(const std::vector<ConllDocument>& docs, int min_count);

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_NER_TRAINER_H_
