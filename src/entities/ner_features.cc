#include "entities/ner_features.h"

#include <unicode/uchar.h>

#include "common/hash.h"
#include "common/utf8.h"

namespace storyline {

namespace {

// Template ids: stable numbers, mixed into every key. Never reuse or renumber (format change).
enum Template : uint64_t {
  kBias = 1,
  kRaw,
  kLower,
  kShape,
  kShortShape,
  kPrefix,  // + k (1..4) mixed in
  kSuffix,
  kLowerAt,   // relative position mixed in
  kShapeAt,
  kBigramLeft,
  kBigramRight,
  kCluster,    // level, position mixed in
  kGazetteer,  // type, position mixed in
  kHeadlineShape,
  kFirstShape,
  kDocHint,
  kDocHintShape,
  kPrev1,
  kPrev12,
  kPrev1Lower,
  kPrev1Shape,
  kCapsPattern,
  kDocHintContext,
  kFirstStageLabel,
  kFirstStageNext,
  kFirstStageNextWord,
};

constexpr uint64_t kSeed = 0x6e65722d66656174ULL;  // "ner-feat"

inline uint64_t H(std::string_view s) { return Hash64(s, kSeed); }

// Shape: X for upper-case letters, x for lower-case ones, d for digits, the character itself
// otherwise; non-ASCII letters by their ICU case.
void Shape(std::string_view word, std::string* shape, std::string* short_shape) {
  shape->clear();
  short_shape->clear();
  size_t i = 0;
  while (i < word.size()) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    char s;
    if (c < 0x80) {
      ++i;
      if (c >= 'A' && c <= 'Z') s = 'X';
      else if (c >= 'a' && c <= 'z') s = 'x';
      else if (c >= '0' && c <= '9') s = 'd';
      else s = static_cast<char>(c);
    } else {
      char32_t cp = DecodeUtf8(word, &i);
      if (u_isupper(cp) || u_istitle(cp)) s = 'X';
      else if (u_isalpha(cp)) s = 'x';
      else if (u_isdigit(cp)) s = 'd';
      else s = '~';
    }
    if (shape->size() < 16) shape->push_back(s);
    if (short_shape->empty() || short_shape->back() != s) short_shape->push_back(s);
  }
}

}  // namespace

bool NerTransitionAllowed(int prev, int label) {
  bool prev_open = prev > 0 && (NerLabelPosition(prev) == 0 || NerLabelPosition(prev) == 1);
  if (label == 0) return !prev_open;
  int pos = NerLabelPosition(label);
  if (pos == 0 || pos == 3) return !prev_open;  // B, U start a mention
  // I, L continue one of the same type.
  return prev_open && NerLabelType(prev) == NerLabelType(label);
}

uint64_t NerFeatures::HashText(std::string_view text) { return H(text); }

void NerFeatures::Lower(std::string_view word, std::string* out) {
  out->clear();
  size_t i = 0;
  while (i < word.size()) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      out->push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c));
      ++i;
    } else {
      AppendUtf8(static_cast<char32_t>(u_tolower(DecodeUtf8(word, &i))), out);
    }
  }
}

uint64_t NerFeatures::NameKey(const uint64_t* lower_hashes, size_t n) {
  uint64_t h = NerMix(0x67617a6574746565ULL, n > 0 ? lower_hashes[0] : 0);  // "gazettee"
  for (size_t k = 1; k < n; ++k) h = NerMix(h, lower_hashes[k]);
  return h;
}

void NerFeatures::DescribeWord(std::string_view word, uint64_t raw, NerWord* out) const {
  NerWord& nw = *out;
  std::string lower, shape, short_shape;
  Lower(word, &lower);
  Shape(word, &shape, &short_shape);
  nw.raw = raw;
  nw.lower = H(lower);
  nw.shape = H(shape);
  nw.short_shape = H(short_shape);
  // Affixes by bytes of the lower-case form, whole UTF-8 characters only.
  for (int k = 1; k <= 4; ++k) {
    nw.prefix[k - 1] = 0;
    nw.suffix[k - 1] = 0;
  }
  if (lower.size() > 1) {
    size_t chars = 0;
    for (size_t i = 1; i <= lower.size() && chars < 4; ++i) {
      if (i == lower.size() || (static_cast<unsigned char>(lower[i]) & 0xC0) != 0x80) {
        if (i < lower.size()) nw.prefix[chars] = H(std::string_view(lower).substr(0, i));
        ++chars;
      }
    }
    chars = 0;
    for (size_t i = lower.size(); i-- > 1 && chars < 4;) {
      if ((static_cast<unsigned char>(lower[i]) & 0xC0) != 0x80) {
        nw.suffix[chars] = H(std::string_view(lower).substr(i));
        ++chars;
      }
    }
  }
  for (int l = 0; l < kNerClusterLevels; ++l) nw.cluster[l] = -1;
  if (clusters_ != nullptr) {
    auto it = clusters_->clusters.find(nw.lower);
    if (it != clusters_->clusters.end()) {
      for (int l = 0; l < kNerClusterLevels; ++l) nw.cluster[l] = it->second[l];
    }
  }
  nw.capitalized = !shape.empty() && shape[0] == 'X';
  bool has_lower = shape.find('x') != std::string::npos;
  size_t uppers = 0;
  for (char c : shape) uppers += c == 'X';
  nw.all_caps = uppers >= 1 && !has_lower && shape.size() >= 2;
  nw.has_letter = uppers > 0 || has_lower;
  nw.has_upper = uppers > 0;
  nw.has_lower = has_lower;
  for (int t = 0; t < 4; ++t) nw.gazetteer[t] = 0;
}

void NerFeatures::DescribeSentence(const std::vector<std::string_view>& words,
                                   std::vector<NerWord>* out, NerWordCache* cache) const {
  out->resize(words.size());
  for (size_t w = 0; w < words.size(); ++w) {
    std::string_view word = words[w];
    const uint64_t raw = H(word);
    if (cache == nullptr) {
      DescribeWord(word, raw, &(*out)[w]);
      continue;
    }
    NerWordCache::Entry& e = cache->entries[raw & (NerWordCache::kSize - 1)];
    if (!e.valid || e.word.raw != raw || e.size != word.size()) {
      DescribeWord(word, raw, &e.word);
      e.size = static_cast<uint32_t>(word.size());
      e.valid = true;
    }
    (*out)[w] = e.word;
  }
  if (gazetteer_ == nullptr || gazetteer_->names.empty()) return;
  // Longest match per type, left to right: spans of up to max_tokens words starting with a
  // capitalised word.
  uint64_t lowers[kGazetteerMaxTokens];
  for (size_t start = 0; start < words.size(); ++start) {
    if (!(*out)[start].capitalized) continue;
    for (size_t len = 1; len <= gazetteer_->max_tokens && start + len <= words.size();
         ++len) {
      lowers[len - 1] = (*out)[start + len - 1].lower;
      auto it = gazetteer_->names.find(NameKey(lowers, len));
      if (it == gazetteer_->names.end()) break;  // no known name begins with these words
      for (int t = 0; t < 4; ++t) {
        if (!(it->second & (1u << t))) continue;
        for (size_t k = 0; k < len; ++k) {
          int pos = len == 1 ? 3 : (k == 0 ? 0 : (k + 1 == len ? 2 : 1));
          (*out)[start + k].gazetteer[t] = static_cast<uint8_t>(1 + pos);
        }
      }
      if (!(it->second & kGazetteerPrefix)) break;
    }
  }
}

bool NerFeatures::IsHeadline(const std::vector<NerWord>& sentence) {
  size_t letters = 0;
  for (const NerWord& w : sentence) {
    if (!w.has_letter) continue;
    if (w.has_lower) return false;
    ++letters;
  }
  return letters >= 3;
}

void NerFeatures::StaticKeys(const std::vector<NerWord>& s, size_t i, bool headline,
                             const int* hints, std::vector<uint64_t>* keys) const {
  const int doc_hint = hints ? (hints[i] & 15) : 0;
  const NerWord& w = s[i];
  const uint64_t hl = headline ? 1 : 0;
  keys->push_back(NerMix(kBias, 0));
  keys->push_back(NerMix(kRaw, w.raw));
  keys->push_back(NerMix(kLower, w.lower));
  keys->push_back(NerMix(kShape, w.shape));
  keys->push_back(NerMix(kShortShape, w.short_shape));
  keys->push_back(NerMix(kHeadlineShape, NerMix(hl, w.short_shape)));
  keys->push_back(NerMix(kFirstShape, NerMix(i == 0, w.short_shape)));
  for (int k = 0; k < 4; ++k) {
    if (w.prefix[k]) keys->push_back(NerMix(kPrefix + 100 * (k + 1), w.prefix[k]));
    if (w.suffix[k]) keys->push_back(NerMix(kSuffix + 100 * (k + 1), w.suffix[k]));
  }
  const uint64_t kBoundary = 0x626f756e64ULL;
  auto lower_at = [&](int d) -> uint64_t {
    long j = static_cast<long>(i) + d;
    return (j < 0 || j >= static_cast<long>(s.size())) ? kBoundary : s[j].lower;
  };
  auto shape_at = [&](int d) -> uint64_t {
    long j = static_cast<long>(i) + d;
    return (j < 0 || j >= static_cast<long>(s.size())) ? kBoundary : s[j].short_shape;
  };
  for (int d : {-2, -1, 1, 2}) {
    keys->push_back(NerMix(kLowerAt + 1000 * (d + 3), lower_at(d)));
    keys->push_back(NerMix(kShapeAt + 1000 * (d + 3), shape_at(d)));
  }
  keys->push_back(NerMix(kBigramLeft, NerMix(lower_at(-1), w.lower)));
  keys->push_back(NerMix(kBigramRight, NerMix(w.lower, lower_at(1))));
  keys->push_back(NerMix(kCapsPattern, NerMix(NerMix(shape_at(-1), w.short_shape), shape_at(1))));
  if (clusters_ != nullptr) {
    for (int d = -1; d <= 1; ++d) {
      long j = static_cast<long>(i) + d;
      if (j < 0 || j >= static_cast<long>(s.size())) continue;
      for (int l = 0; l < kNerClusterLevels; ++l) {
        if (s[j].cluster[l] < 0) continue;
        keys->push_back(
            NerMix(kCluster + 1000 * (d + 2) + 100 * l, static_cast<uint64_t>(s[j].cluster[l])));
      }
    }
  }
  for (int t = 0; t < 4; ++t) {
    if (w.gazetteer[t]) keys->push_back(NerMix(kGazetteer, 10 * t + w.gazetteer[t]));
  }
  if (doc_hint > 0) {
    keys->push_back(NerMix(kDocHint, static_cast<uint64_t>(doc_hint)));
    keys->push_back(NerMix(kDocHintShape, NerMix(static_cast<uint64_t>(doc_hint), w.short_shape)));
  }
  if (hints != nullptr) {
    auto hint_at = [&](long j) -> uint64_t {
      return (j < 0 || j >= static_cast<long>(s.size())) ? 31 : static_cast<uint64_t>(hints[j] & 15);
    };
    auto label_at = [&](long j) -> uint64_t {
      return (j < 0 || j >= static_cast<long>(s.size())) ? 31 : static_cast<uint64_t>(hints[j] >> 4);
    };
    long li = static_cast<long>(i);
    keys->push_back(NerMix(kDocHintContext,
                           NerMix(NerMix(hint_at(li - 1), static_cast<uint64_t>(doc_hint)),
                                  hint_at(li + 1))));
    // The first stage's labels of this token and the two after it: a look-ahead the greedy
    // left-to-right pass cannot have.
    keys->push_back(NerMix(kFirstStageLabel, label_at(li)));
    keys->push_back(NerMix(kFirstStageNext, NerMix(label_at(li + 1), label_at(li + 2))));
    keys->push_back(NerMix(kFirstStageNextWord, NerMix(label_at(li + 1), w.lower)));
  }
}

void NerFeatures::DocumentHints(const std::vector<std::vector<NerWord>>& sentences,
                                const std::vector<std::vector<int>>& labels,
                                std::vector<std::vector<int>>* hints) {
  std::unordered_map<uint64_t, std::array<uint32_t, 4>> counts;
  for (size_t s = 0; s < sentences.size(); ++s) {
    for (size_t i = 0; i < sentences[s].size(); ++i) {
      const NerWord& w = sentences[s][i];
      if (!w.capitalized) continue;
      auto& c = counts[w.lower];
      if (labels[s][i] > 0) ++c[NerLabelType(labels[s][i])];
    }
  }
  hints->resize(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    (*hints)[s].assign(sentences[s].size(), 0);
    for (size_t i = 0; i < sentences[s].size(); ++i) {
      const NerWord& w = sentences[s][i];
      if (!w.capitalized) continue;
      const auto& c = counts[w.lower];
      int best = -1;
      uint32_t best_count = 0;
      bool tie = false;
      for (int t = 0; t < 4; ++t) {
        if (c[t] > best_count) {
          best = t;
          best_count = c[t];
          tie = false;
        } else if (c[t] == best_count && c[t] > 0) {
          tie = true;
        }
      }
      if (best >= 0 && !tie) (*hints)[s][i] = 1 + best;
    }
  }
  for (size_t s = 0; s < sentences.size(); ++s) {
    for (size_t i = 0; i < sentences[s].size(); ++i) (*hints)[s][i] |= labels[s][i] << 4;
  }
}

void NerFeatures::HistoryKeys(const NerWord& word, int prev1, int prev2, uint64_t keys[4]) {
  uint64_t p1 = static_cast<uint64_t>(prev1 + 1);
  uint64_t p2 = static_cast<uint64_t>(prev2 + 1);
  keys[0] = NerMix(kPrev1, p1);
  keys[1] = NerMix(kPrev12, p1 * 32 + p2);
  keys[2] = NerMix(kPrev1Lower, NerMix(p1, word.lower));
  keys[3] = NerMix(kPrev1Shape, NerMix(p1, word.short_shape));
}

}  // namespace storyline
