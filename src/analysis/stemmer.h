// Stemmer: Snowball stemming (libstemmer) of normalised words, for indexing and querying.
//
// Input is a word already normalised by NormalizeToken (NFKC case-folded UTF-8); output is its
// stem ("elections" -> "elect", "running" -> "run"). The original form stays in the text: the
// index keeps both, phrases and highlights use the original.
//
// Thread-safety: a Stemmer keeps libstemmer's per-call state: one per thread. Create() is safe
// from any thread.
#ifndef STORYLINE_ANALYSIS_STEMMER_H_
#define STORYLINE_ANALYSIS_STEMMER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/status.h"

struct sb_stemmer;

namespace storyline {

class Stemmer {
 public:
  // `language`: an ISO 639-1 code as IdentifyLanguage returns ("en", "fr", "de" ...) or a
  // Snowball algorithm name ("english", "porter"). NotFound, naming the supported languages,
  // when libstemmer has no algorithm for it ("und" included: callers index such text unstemmed).
  static Result<std::unique_ptr<Stemmer>> Create(std::string_view language);
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // Replaces *out with the stem of `word`. Words longer than 64 bytes (URLs, identifiers) are
  // copied unchanged: Snowball rules are for words, and this bounds the cost.
  void Stem(std::string_view word, std::string* out);

  const std::string& algorithm() const { return algorithm_; }
  // The ISO 639-1 codes with a Snowball algorithm in this build of libstemmer.
  static std::vector<std::string> SupportedLanguages();

 private:
  Stemmer(sb_stemmer* s, std::string algorithm) : stemmer_(s), algorithm_(std::move(algorithm)) {}
  sb_stemmer* stemmer_;
  std::string algorithm_;
};

}  // namespace storyline

#endif  // STORYLINE_ANALYSIS_STEMMER_H_
