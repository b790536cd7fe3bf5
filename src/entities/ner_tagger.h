// NerTagger: tags the words of a document with entity mentions using a NerModel: greedy left to
// right decoding with BILOU labels and transition constraints, and, when the model has two
// stages, a second pass that sees the first pass's labels for the same words elsewhere in the
// document.
//
// Thread-safety: not thread-safe (keeps scratch buffers); use one NerTagger per thread over one
// shared NerModel, which must outlive it.
#ifndef STORYLINE_ENTITIES_NER_TAGGER_H_
#define STORYLINE_ENTITIES_NER_TAGGER_H_

#include <string_view>
#include <vector>

#include "entities/entity_types.h"
#include "entities/ner_model.h"

namespace storyline {

class NerTagger {
 public:
  explicit NerTagger(const NerModel* model) : model_(model) {}

  // sentences[s] are the words of sentence s; on return (*spans)[s] holds its mentions in order.
  void Tag(const std::vector<std::vector<std::string_view>>& sentences,
           std::vector<std::vector<TokenSpan>>* spans);

  // Greedy constrained decoding of one sentence with one stage's weights; exposed for the
  // trainer's evaluation. `hints` may be null (no document hints).
  static void DecodeSentence(const NerFeatures& features, const NerWeightTable& weights,
                             const std::vector<NerWord>& words, const std::vector<int>* hints,
                             std::vector<uint64_t>* key_scratch, std::vector<int>* labels);

  // BILOU labels of one sentence -> spans (a label sequence that breaks the scheme is read
  // leniently: an I or L without an opening B starts a mention).
  static void LabelsToSpans(const std::vector<int>& labels, std::vector<TokenSpan>* spans);
  // Spans -> BILOU labels for n tokens.
  static void SpansToLabels(const std::vector<TokenSpan>& spans, size_t n, std::vector<int>* labels);

 private:
  const NerModel* model_;
  std::vector<std::vector<NerWord>> words_;
  std::vector<std::vector<int>> labels_;
  std::vector<std::vector<int>> hints_;
  std::vector<uint64_t> keys_;
  NerWordCache cache_;
};

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_NER_TAGGER_H_
