// NerModel: the trained named-entity recogniser's parameters (one or two stages of averaged
// perceptron weights over hashed features, plus the word clusters and gazetteer the features use),
// with its versioned, checksummed file format (docs/formats/ner-model.md).
//
// Thread-safety: immutable after Load or construction; share one instance between threads.
// Errors: Load returns Corruption for a file that is not a model, is truncated, fails its checksum,
// or was written for other features (kNerFeatureVersion), naming the file and what to do.
#ifndef STORYLINE_ENTITIES_NER_MODEL_H_
#define STORYLINE_ENTITIES_NER_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "entities/ner_features.h"
#include "storyline/env.h"
#include "storyline/status.h"

namespace storyline {

// Feature key -> kNerLabelCount weights. Open addressing (key and row in the slot), power-of-two
// capacity, load <= 0.5.
class NerWeightTable {
 public:
  NerWeightTable() = default;
  // keys must be distinct and non-zero; weights has keys.size() * kNerLabelCount entries.
  NerWeightTable(std::vector<uint64_t> keys, std::vector<float> weights);

  // Adds the weights of every key in [begin, end) to scores[kNerLabelCount]. Looks the keys up in
  // two prefetched rounds (slots, then weight rows): the table is larger than the caches, and a
  // token has about fifty independent keys.
  void Accumulate(const uint64_t* begin, const uint64_t* end, float* scores) const;

  size_t rows() const { return keys_.size(); }
  const std::vector<uint64_t>& keys() const { return keys_; }
  const std::vector<float>& weights() const { return weights_; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    uint64_t key;
    uint32_t row;
  };
  std::vector<uint64_t> keys_;
  std::vector<float> weights_;
  std::vector<Slot> slots_;
};

class NerModel {
 public:
  NerModel(WordClusterTable clusters, Gazetteer gazetteer, std::vector<NerWeightTable> stages,
           std::string metadata);

  static Result<std::unique_ptr<NerModel>> Load(Env* env, const std::string& path);
  // Parses a model from its bytes; `name` is used in error messages.
  static Result<std::unique_ptr<NerModel>> Parse(std::string_view bytes, std::string_view name);
  // Writes atomically (temp file, fsync, rename).
  Status Save(Env* env, const std::string& path) const;
  std::string Serialize() const;

  const NerFeatures& features() const { return features_; }
  // One stage (first-pass tagger) or two (the second uses document hints from the first).
  size_t stage_count() const { return stages_.size(); }
  const NerWeightTable& stage(size_t i) const { return stages_[i]; }
  const WordClusterTable& clusters() const { return clusters_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }
  // Free text (JSON) recorded at training: the command, the data's hashes, scores.
  const std::string& metadata() const { return metadata_; }

 private:
  WordClusterTable clusters_;
  Gazetteer gazetteer_;
  std::vector<NerWeightTable> stages_;
  std::string metadata_;
  NerFeatures features_;
};

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_NER_MODEL_H_
