// Word clusters for the recogniser's features: words that occur in similar contexts in unlabelled
// news share a cluster id, so a name never seen in the labelled data still looks like its peers
// ("Goldsmith" like "Johnson"). Learned by LearnWordClusters (train/word_clusters) and stored in a
// text file, one word per line: `word<TAB>coarse<TAB>middle<TAB>fine<TAB>capitalisation`.
//
// Thread-safety: pure functions.
#ifndef STORYLINE_ENTITIES_WORD_CLUSTERS_H_
#define STORYLINE_ENTITIES_WORD_CLUSTERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "entities/ner_features.h"
#include "storyline/env.h"
#include "storyline/status.h"

namespace storyline {

// Reads a clusters file. InvalidArgument names the line that is not `word<TAB>id<TAB>id<TAB>id<TAB>id`.
Result<WordClusterTable> ReadWordClusters(Env* env, const std::string& path);

struct WordClusterOptions {
  int min_count = 5;  // words seen fewer times get no classes
  int levels[kNerClusterLevels - 1] = {64, 256, 1024};
  int iterations = 15;  // exchange passes per level (fewer when no word moves)
};

// Clusters the words of `sentences` (words as written; clustered in lower case) by exchange
// clustering of a class bigram model (word_clusters.cc), once per level; the last class is the
// word's capitalisation rate inside sentences that are not all capitals, in tenths.
// Deterministic. Returns lines of the clusters file, sorted by word.
std::vector<std::string> LearnWordClusters(const std::vector<std::vector<std::string>>& sentences,
                                           const WordClusterOptions& options);

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_WORD_CLUSTERS_H_
