// Features of the named-entity recogniser: each token of a sentence becomes a list of 64-bit
// feature keys (a template id mixed with hashed values), looked up in the model's weight table.
//
// The feature set follows the greedy perceptron tagger of Ratinov & Roth (2009) and MITIE, without
// part-of-speech tags (articles have none): the word, its lower case, its shape ("Xxxx", "X.X.",
// "dd-dd"), prefixes and suffixes up to four characters, the words and shapes two either side,
// word-class bigrams, word clusters learned from unlabelled news (three granularities, for the word
// and its neighbours), gazetteer matches (longest match of known names, by type and position),
// whether the sentence is a headline in capitals, and, in the second stage, the type the first stage
// gave to other occurrences of the same word in the document (Ratinov & Roth's non-local
// "context aggregation") and the first stage's labels of the token and the two after it.
// Tag history features (previous one and two labels, the previous label
// with the word and with the shape) are added by the tagger as it decodes left to right.
//
// Thread-safety: NerFeatures is immutable after construction; one instance may serve many threads.
// Changing any template or the hashing is a model format change (see kNerFeatureVersion).
#ifndef STORYLINE_ENTITIES_NER_FEATURES_H_
#define STORYLINE_ENTITIES_NER_FEATURES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/hash.h"

namespace storyline {

// Bumped whenever the features below change meaning; stored in the model file.
inline constexpr uint32_t kNerFeatureVersion = 3;

// Labels: 0 = O; then for each EntityType t: 1 + 4t + {0 B, 1 I, 2 L, 3 U} (BILOU).
inline constexpr int kNerLabelCount = 17;
// Word classes per word: three k-means cluster levels (coarse to fine) and, last, how often the
// word is capitalised inside a sentence in unlabelled text (0..10 tenths; 11 never seen inside).
inline constexpr int kNerClusterLevels = 4;

inline int NerLabel(int type, int position) { return 1 + 4 * type + position; }
inline int NerLabelType(int label) { return (label - 1) / 4; }
inline int NerLabelPosition(int label) { return (label - 1) % 4; }
// True when `label` may follow `prev` in BILOU (prev -1 = sentence start).
bool NerTransitionAllowed(int prev, int label);

// Combines a template id (or an earlier key) with a value into a feature key.
inline uint64_t NerMix(uint64_t a, uint64_t b) {
  return Mix64(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

// Word -> its kNerClusterLevels word classes, keyed by the lower-case form's hash. Learned by LearnWordClusters (word_clusters.h).
struct WordClusterTable {
  std::unordered_map<uint64_t, std::array<uint16_t, kNerClusterLevels>> clusters;
};

// Known names: NerFeatures::NameKey of a name's words -> bit set of entity types (1 << type),
// plus kGazetteerPrefix when the words begin a longer name. `max_tokens` bounds the match length
// (at most kGazetteerMaxTokens).
inline constexpr uint8_t kGazetteerPrefix = 0x80;
inline constexpr uint32_t kGazetteerMaxTokens = 6;
struct Gazetteer {
  std::unordered_map<uint64_t, uint8_t> names;
  uint32_t max_tokens = 0;
};

// Facts about one word, computed once per token.
struct NerWord {
  uint64_t raw;
  uint64_t lower;
  uint64_t shape;
  uint64_t short_shape;
  uint64_t prefix[4];  // 0 when the word has fewer characters
  uint64_t suffix[4];
  int32_t cluster[kNerClusterLevels];  // -1 when unknown
  uint8_t gazetteer[4];                // per type: 0 none, 1 + {B,I,L,U} of the longest match
  bool capitalized;
  bool all_caps;
  bool has_letter;
  bool has_lower;
  bool has_upper;
};

// Per-thread memo of DescribeWord by the word's bytes (direct-mapped; news repeats its words).
struct NerWordCache {
  static constexpr size_t kSize = 1 << 14;
  struct Entry {
    NerWord word;
    uint32_t size = 0;
    bool valid = false;
  };
  std::vector<Entry> entries = std::vector<Entry>(kSize);
};

class NerFeatures {
 public:
  // Either pointer may be null (no cluster or gazetteer features). Both must outlive this object.
  NerFeatures(const WordClusterTable* clusters, const Gazetteer* gazetteer)
      : clusters_(clusters), gazetteer_(gazetteer) {}

  // Fills *out with one NerWord per word of a sentence (gazetteer matches included). `cache` may
  // be null.
  void DescribeSentence(const std::vector<std::string_view>& words, std::vector<NerWord>* out,
                        NerWordCache* cache = nullptr) const;
  // The facts of one word, without gazetteer matches; `raw` is HashText(word).
  void DescribeWord(std::string_view word, uint64_t raw, NerWord* out) const;
  // The gazetteer key of a name from its words' lower-case hashes (NerWord::lower).
  static uint64_t NameKey(const uint64_t* lower_hashes, size_t n);

  // Appends the static feature keys of token i. `hints` is null in stage one; in stage two it
  // holds the sentence's document hints (DocumentHints).
  void StaticKeys(const std::vector<NerWord>& sentence, size_t i, bool headline, const int* hints,
                  std::vector<uint64_t>* keys) const;

  // The tag history keys of a token (4 keys), given the previous two labels (-1 at the start).
  static void HistoryKeys(const NerWord& word, int prev1, int prev2, uint64_t keys[4]);

  // A sentence is a headline when it has at least three letters-bearing words and none of them
  // has a lower-case letter ("SOCCER - JAPAN GET LUCKY WIN").
  static bool IsHeadline(const std::vector<NerWord>& sentence);

  // Lower-case form used for clusters and gazetteers (ASCII fast path; Unicode simple case
  // folding otherwise).
  static void Lower(std::string_view word, std::string* out);
  // The hash used for words and gazetteer names (lower-case words joined by single spaces).
  static uint64_t HashText(std::string_view text);

  // Stage-two hints per token: the low four bits are 0 or 1 + the entity type that `labels` (the
  // first stage's labels for the whole document, sentence by sentence) give most often to
  // capitalised occurrences of the same lower-case word (0 on a tie or when no occurrence is
  // inside a mention); the bits above hold the token's own first-stage label.
  static void DocumentHints(const std::vector<std::vector<NerWord>>& sentences,
                            const std::vector<std::vector<int>>& labels,
                            std::vector<std::vector<int>>* hints);

 private:
  const WordClusterTable* clusters_;
  const Gazetteer* gazetteer_;
};

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_NER_FEATURES_H_
