// IndexTermExtractor: the terms a text is indexed (and a query is searched) under: one term per
// word, number or URL token, in order, so positions are token indexes and phrases stay exact.
//
//  - Words: NormalizeToken (NFKC case folding), then Snowball stemming for the text's language
//    when libstemmer has it ("elections" -> "elect"); text in other languages and "und" stays
//    unstemmed. Numbers and URLs: normalised, never stemmed ("2016", "1,000", "u.s." stays
//    "u.s."). Possessive "'s" tokens, punctuation and symbols are not terms and take no position
//    ("Khan's office" is indexed as "khan" "offic", so the phrase "khan office" matches).
//  - Hyphenated words are indexed as their parts, one position each ("long-term" -> "long"
//    "term"), as Lucene's and SQLite's tokenizers do, so "long term" and "long-term" meet.
//  - Terms longer than kMaxTermBytes are cut there (on a UTF-8 boundary), so a pathological token
//    cannot bloat the dictionary.
// Queries go through the same extractor, so a query word meets its indexed form.
//
// Stems are cached per language in a direct-mapped table of kStemCacheEntries words (news
// vocabulary is Zipfian, so nearly every word is a hit): stemming was a fifth of all ingest CPU.
//
// Thread-safety: one extractor per thread (it owns stemmers, which keep per-call state).
#ifndef STORYLINE_ANALYSIS_INDEX_TERMS_H_
#define STORYLINE_ANALYSIS_INDEX_TERMS_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/stemmer.h"
#include "analysis/tokenizer.h"

namespace storyline {

inline constexpr size_t kMaxTermBytes = 64;
inline constexpr size_t kStemCacheEntries = 1 << 16;

class IndexTermExtractor {
 public:
  // Replaces *out with the terms of `text`, given its tokens (from Tokenizer) and its language
  // (ISO 639-1; "" or "und" for unstemmed). With `raw` not null, also fills it with each term's
  // token (byte offsets into text), for highlighting.
  void Extract(std::string_view text, const std::vector<Token>& tokens, std::string_view language,
               std::vector<std::string>* out, std::vector<Token>* raw = nullptr);
  // Tokenizes, then Extract.
  void Extract(std::string_view text, std::string_view language, std::vector<std::string>* out);

  // The term of one word as a query gives it (normalised, stemmed for `language`).
  std::string Term(std::string_view word, std::string_view language);

 private:
  struct CachedStem {
    uint64_t hash = 0;
    std::string word, stem;
  };
  struct Language {
    std::unique_ptr<Stemmer> stemmer;  // null: the language is indexed unstemmed
    std::vector<CachedStem> stems;     // kStemCacheEntries slots, by word hash
  };
  Language* LanguageFor(std::string_view language);
  // The stem of a normalised word, from the cache or the stemmer.
  const std::string& Stem(Language* lang, const std::string& word);

  Tokenizer tokenizer_;
  std::vector<Token> tokens_;
  std::string normalized_, part_;
  std::map<std::string, Language, std::less<>> languages_;
};

}  // namespace storyline

#endif  // STORYLINE_ANALYSIS_INDEX_TERMS_H_
