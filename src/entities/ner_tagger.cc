#include "entities/ner_tagger.h"

#include <cstring>

namespace storyline {

void NerTagger::DecodeSentence(const NerFeatures& features, const NerWeightTable& weights,
                               const std::vector<NerWord>& words, const std::vector<int>* hints,
                               std::vector<uint64_t>* keys, std::vector<int>* labels) {
  labels->assign(words.size(), 0);
  bool headline = NerFeatures::IsHeadline(words);
  int prev1 = -1, prev2 = -1;
  float scores[kNerLabelCount];
  for (size_t i = 0; i < words.size(); ++i) {
    // Outside a mention, a word without a capital letter is not the start of one (in CoNLL-2003
    // such starts are a handful of numbers like "1860 Munich"): O, without scoring. Most words
    // of running text are such words.
    const bool open = prev1 > 0 && NerLabelPosition(prev1) < 2;
    if (!open && !words[i].has_upper) {
      (*labels)[i] = 0;
      prev2 = prev1;
      prev1 = 0;
      continue;
    }
    keys->clear();
    features.StaticKeys(words, i, headline, hints ? hints->data() : nullptr, keys);
    uint64_t history[4];
    NerFeatures::HistoryKeys(words[i], prev1, prev2, history);
    keys->insert(keys->end(), history, history + 4);
    std::memset(scores, 0, sizeof(scores));
    weights.Accumulate(keys->data(), keys->data() + keys->size(), scores);
    int best = 0;
    float best_score = -1e30f;
    for (int l = 0; l < kNerLabelCount; ++l) {
      if (!NerTransitionAllowed(prev1, l)) continue;
      // A mention may not stay open past the sentence's end.
      if (i + 1 == words.size() && l > 0 && NerLabelPosition(l) < 2) continue;
      if (scores[l] > best_score) {
        best_score = scores[l];
        best = l;
      }
    }
    (*labels)[i] = best;
    prev2 = prev1;
    prev1 = best;
  }
}

void NerTagger::LabelsToSpans(const std::vector<int>& labels, std::vector<TokenSpan>* spans) {
  spans->clear();
  bool open = false;
  TokenSpan cur{0, 0, EntityType::kMisc};
  for (uint32_t i = 0; i <= labels.size(); ++i) {
    int l = i < labels.size() ? labels[i] : 0;
    int pos = l > 0 ? NerLabelPosition(l) : -1;
    auto type = static_cast<EntityType>(l > 0 ? NerLabelType(l) : 0);
    bool continues = open && l > 0 && (pos == 1 || pos == 2) && type == cur.type;
    if (open && !continues) {
      cur.end = i;
      spans->push_back(cur);
      open = false;
    }
    if (l > 0 && !continues) {
      cur = {i, 0, type};
      open = true;
    }
    if (open && (pos == 2 || pos == 3)) {
      cur.end = i + 1;
      spans->push_back(cur);
      open = false;
    }
  }
}

void NerTagger::SpansToLabels(const std::vector<TokenSpan>& spans, size_t n,
                              std::vector<int>* labels) {
  labels->assign(n, 0);
  for (const TokenSpan& s : spans) {
    int t = static_cast<int>(s.type);
    if (s.end - s.begin == 1) {
      (*labels)[s.begin] = NerLabel(t, 3);
      continue;
    }
    for (uint32_t i = s.begin; i < s.end; ++i) {
      (*labels)[i] = NerLabel(t, i == s.begin ? 0 : (i + 1 == s.end ? 2 : 1));
    }
  }
}

void NerTagger::Tag(const std::vector<std::vector<std::string_view>>& sentences,
                    std::vector<std::vector<TokenSpan>>* spans) {
  const NerFeatures& features = model_->features();
  words_.resize(sentences.size());
  labels_.resize(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    features.DescribeSentence(sentences[s], &words_[s], &cache_);
    DecodeSentence(features, model_->stage(0), words_[s], nullptr, &keys_, &labels_[s]);
  }
  if (model_->stage_count() > 1) {
    NerFeatures::DocumentHints(words_, labels_, &hints_);
    for (size_t s = 0; s < sentences.size(); ++s) {
      DecodeSentence(features, model_->stage(1), words_[s], &hints_[s], &keys_, &labels_[s]);
    }
  }
  spans->resize(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) LabelsToSpans(labels_[s], &(*spans)[s]);
}

}  // namespace storyline
