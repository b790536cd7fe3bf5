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
// Stop words (optional, set_drop_stop_words; a store chooses when it is created): English
// function words (IsSearchStopWord: "the", "of", "and", ...) in English text give an empty term
// (Extract) or kNoTermId (ExtractIds): not indexed, but they keep their position, so the phrase
// "bank of england" still needs one word between "bank" and "england".
//
// URLs (the url field, `url:` in queries) are indexed by UrlTerms: the runs of letters and
// digits after the scheme, case-folded, unstemmed, one position each
// ("https://www.BBC.co.uk/news/uk-36212345" -> "www" "bbc" "co" "uk" "news" "uk" "36212345"),
// so `url:bbc.co.uk` is a phrase of three of them.
//
// Stems are cached per language in a direct-mapped table of kStemCacheEntries words (news
// vocabulary is Zipfian, so nearly every word is a hit): stemming was a fifth of all ingest CPU.
// The table's slots are 16 bytes (hash, and where the word and its stem sit in an arena), so
// the table (1 MB) stays in cache: with a word and a stem string in each slot (72 bytes, 4.7 MB)
// the lookups were cache misses, 13% of a deferred ingest's worker time. The arena is emptied
// (and the table with it) when it passes kStemArenaBytes, so memory stays bounded.
//
// Thread-safety: one extractor per thread (it owns stemmers, which keep per-call state).
#ifndef STORYLINE_ANALYSIS_INDEX_TERMS_H_
#define STORYLINE_ANALYSIS_INDEX_TERMS_H_

#include <cstdint>
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
inline constexpr size_t kStemArenaBytes = size_t{8} << 20;

// A token that takes a position and is not indexed (ExtractIds; InvertedIndexBuilder's
// kNotIndexed).
inline constexpr uint32_t kNoTermId = 0xFFFFFFFFu;

// The English stop words left out when an extractor drops them: Lucene's English set (33
// articles, prepositions, conjunctions and forms of "to be"), compared with the normalised word.
bool IsSearchStopWord(std::string_view normalized_word);

// The runs of ASCII letters and digits, and of bytes beyond ASCII (UTF-8 letters), in s, in
// order (views into s): the words of a URL or of a source's name.
std::vector<std::string_view> WordRuns(std::string_view s);

// Replaces *out with the terms of a URL (or of a query's `url:` word): after the scheme
// ("https://") and with percent-encoded bytes decoded, the runs of ASCII letters and digits and
// of bytes beyond ASCII (UTF-8 letters of an internationalised URL), ASCII-lowercased and cut to
// kMaxTermBytes.
void UrlTerms(std::string_view url, std::vector<std::string>* out);

class IndexTermExtractor {
 public:
  // Replaces *out with the terms of `text`, given its tokens (from Tokenizer) and its language
  // (ISO 639-1; "" or "und" for unstemmed). With `raw` not null, also fills it with each term's
  // token (byte offsets into text), for highlighting.
  void Extract(std::string_view text, const std::vector<Token>& tokens, std::string_view language,
               std::vector<std::string>* out, std::vector<Token>* raw = nullptr);
  // Tokenizes, then Extract.
  void Extract(std::string_view text, std::string_view language, std::vector<std::string>* out);

  // Leave English stop words out (for English text); off by default.
  void set_drop_stop_words(bool on) { drop_stop_words_ = on; }
  bool drop_stop_words() const { return drop_stop_words_; }

  // The term of one word as a query gives it (normalised, stemmed for `language`).
  std::string Term(std::string_view word, std::string_view language);

  // Extract's terms as ids in this extractor's vocabulary (vocabulary()[id] is the term, the
  // one Extract gives): each distinct term of the texts extracted so far has one id, and a word
  // seen before is found with one lookup (no stemming, no term string built), so an index
  // builder can find its entry for the term by id (InvertedIndexBuilder::AddDocument with ids).
  void ExtractIds(std::string_view text, const std::vector<Token>& tokens,
                  std::string_view language, std::vector<uint32_t>* out);
  // Tokenizes, then ExtractIds.
  void ExtractIds(std::string_view text, std::string_view language, std::vector<uint32_t>* out);
  // UrlTerms as ids of the same vocabulary.
  void UrlTermIds(std::string_view url, std::vector<uint32_t>* out);
  const std::vector<std::string>& vocabulary() const { return vocabulary_; }
  // Forgets the vocabulary (and the words' ids) when it holds more than `max_terms` terms, so
  // memory stays bounded over a long ingest; ids given before are meaningless afterwards.
  void TrimVocabulary(size_t max_terms);

 private:
  // A cached word: its hash, and arena[offset, + word_len) the word, then stem_len bytes of
  // its stem. word_len 0: empty slot.
  struct CachedStem {
    uint64_t hash = 0;
    uint32_t offset = 0;
    uint8_t word_len = 0, stem_len = 0;
  };
  struct Language {
    std::unique_ptr<Stemmer> stemmer;  // null: the language is indexed unstemmed
    std::vector<CachedStem> stems;     // kStemCacheEntries slots, by word hash
    std::string arena;                 // the cached words and stems
    uint8_t mode = 0;                  // ExtractIds: this language's stemmed words' key (1 ...)
    bool english = false;              // stop words apply (drop_stop_words_)
  };
  // ExtractIds' table of the words seen: a word (normalised, a hyphenated word's part) with
  // whether and how it is stemmed (`mode`: 0 unstemmed, else the language's) -> vocabulary id.
  // Open addressing, 32-byte slots; a word of up to kInlineWordBytes is in its slot (one cache
  // line read per lookup), a longer one in word_arena_. len 0: an empty slot.
  static constexpr size_t kInlineWordBytes = 20;
  struct WordSlot {
    uint32_t tag = 0;  // high half of the word's hash
    uint32_t id = 0;   // in vocabulary_
    uint8_t len = 0, mode = 0;
    char bytes[kInlineWordBytes + 2] = {};  // the word, or its offset in word_arena_ (u32)
  };
  // A term of the text being looked up: its word is pending_words_[offset, + len).
  struct PendingWord {
    uint64_t hash;
    uint32_t offset, len;
    uint8_t mode;
  };
  // Whether the word `part` of token t is a stop word this extractor leaves out.
  bool Dropped(const Language* lang, const Token& t, std::string_view part) const {
    return drop_stop_words_ && lang->english && t.kind == TokenKind::kWord &&
           IsSearchStopWord(part);
  }
  std::string_view SlotWord(const WordSlot& w) const;
  // Room for `more` words without growing the table while they are looked up.
  void ReserveWords(size_t more);
  template <typename OnTerm>
  void ForEachTerm(std::string_view text, const std::vector<Token>& tokens, OnTerm on_term);
  // The vocabulary id of the word `part` in `mode` (stemmed with `lang` or not), whose
  // Hash64(part, mode) is `hash`.
  uint32_t WordId(Language* lang, uint8_t mode, std::string_view part, uint64_t hash);
  // The word's term, stemmed or not, cut to kMaxTermBytes, in term_.
  void MakeTerm(Language* lang, uint8_t mode, std::string_view part);
  // The vocabulary id of a term, added when new.
  uint32_t VocabularyId(std::string_view term);
  Language* LanguageFor(std::string_view language);
  // The stem of a normalised word, from the cache or the stemmer; valid until the next call.
  std::string_view Stem(Language* lang, std::string_view word);

  Tokenizer tokenizer_;
  std::vector<Token> tokens_;
  std::string normalized_, stem_;
  std::map<std::string, Language, std::less<>> languages_;
  // The last language looked up (the articles of a chunk are nearly always of one language).
  std::string last_language_;
  Language* last_ = nullptr;
  uint8_t next_mode_ = 1;
  std::vector<WordSlot> word_slots_;
  size_t word_count_ = 0;
  std::string word_arena_;
  std::vector<PendingWord> pending_;
  std::string pending_words_;
  std::vector<std::string> vocabulary_;
  std::vector<uint64_t> vocabulary_slots_;  // hash's high half | id + 1; 0 = empty
  std::vector<uint64_t> vocabulary_hashes_;
  std::string term_;
  std::vector<std::string> url_terms_;  // UrlTermIds' scratch
  bool drop_stop_words_ = false;
};

}  // namespace storyline

#endif  // STORYLINE_ANALYSIS_INDEX_TERMS_H_
