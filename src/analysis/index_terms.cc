#include "analysis/index_terms.h"

#include <algorithm>
#include <cstring>

#include "common/hash.h"

namespace storyline {
namespace {

// Cuts s to at most n bytes without splitting a UTF-8 sequence.
void CutUtf8(std::string* s, size_t n) {
  if (s->size() <= n) return;
  while (n > 0 && (static_cast<uint8_t>((*s)[n]) & 0xC0) == 0x80) --n;
  s->resize(n);
}

bool IsPossessive(std::string_view normalized) { return normalized == "'s"; }

}  // namespace

IndexTermExtractor::Language* IndexTermExtractor::LanguageFor(std::string_view language) {
  if (last_ != nullptr && language == last_language_) return last_;
  auto it = languages_.find(language);
  if (it == languages_.end()) {
    Language lang;
    lang.english = language == "en";
    if (!language.empty() && language != "und") {
      auto created = Stemmer::Create(language);
      if (created.ok()) {
        lang.stemmer = std::move(*created);
        lang.stems.resize(kStemCacheEntries);
      }
    }
    it = languages_.emplace(std::string(language), std::move(lang)).first;
  }
  last_language_.assign(language);
  last_ = &it->second;  // std::map: the address stays valid
  return last_;
}

std::string_view IndexTermExtractor::Stem(Language* lang, std::string_view word) {
  const uint64_t h = Hash64(word);
  CachedStem& slot = lang->stems[h & (kStemCacheEntries - 1)];
  if (slot.hash == h && slot.word_len == word.size() && slot.word_len != 0 &&
      std::memcmp(lang->arena.data() + slot.offset, word.data(), word.size()) == 0) {
    return std::string_view(lang->arena.data() + slot.offset + slot.word_len, slot.stem_len);
  }
  lang->stemmer->Stem(word, &stem_);
  if (stem_.empty()) stem_.assign(word);
  // Cached when both fit a slot's lengths (longer words are rare: identifiers, not words).
  if (word.size() <= UINT8_MAX && stem_.size() <= UINT8_MAX) {
    if (lang->arena.size() + word.size() + stem_.size() > kStemArenaBytes) {
      lang->arena.clear();
      std::fill(lang->stems.begin(), lang->stems.end(), CachedStem{});
    }
    slot.hash = h;
    slot.offset = static_cast<uint32_t>(lang->arena.size());
    slot.word_len = static_cast<uint8_t>(word.size());
    slot.stem_len = static_cast<uint8_t>(stem_.size());
    lang->arena.append(word);
    lang->arena.append(stem_);
  }
  return stem_;
}

// Calls on_term(token, stem, part) for each term of the text, in order: `part` the normalised
// word (or a hyphenated word's part), `stem` whether it is stemmed (when its language has a
// stemmer).
template <typename OnTerm>
void IndexTermExtractor::ForEachTerm(std::string_view text, const std::vector<Token>& tokens,
                                     OnTerm on_term) {
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) continue;
    NormalizeToken(TokenText(text, t), &normalized_);
    if (normalized_.empty() || (t.kind == TokenKind::kWord && IsPossessive(normalized_))) continue;
    // A hyphenated word is indexed as its parts, each with its own position ("time-sharing" ->
    // "time" "share"), so a query for either part, or for the parts as a phrase, finds it.
    std::string_view whole = normalized_;
    const bool split = t.kind == TokenKind::kWord && (t.flags & kHyphenated) != 0;
    const bool stem = t.kind == TokenKind::kWord && (t.flags & kAbbreviation) == 0;
    while (!whole.empty()) {
      size_t cut = split ? whole.find('-') : std::string_view::npos;
      const std::string_view part = whole.substr(0, cut);
      whole = cut == std::string_view::npos ? std::string_view() : whole.substr(cut + 1);
      if (part.empty()) continue;
      on_term(t, stem, part);
    }
  }
}

void IndexTermExtractor::Extract(std::string_view text, const std::vector<Token>& tokens,
                                 std::string_view language, std::vector<std::string>* out,
                                 std::vector<Token>* raw) {
  out->clear();
  if (raw) raw->clear();
  Language* lang = LanguageFor(language);
  ForEachTerm(text, tokens, [&](const Token& t, bool stem, std::string_view part) {
    out->emplace_back();
    if (Dropped(lang, t, part)) {
      if (raw) raw->push_back(t);
      return;  // an empty term: a position, not indexed
    }
    std::string& term = out->back();
    if (stem && lang->stemmer != nullptr) {
      term.assign(Stem(lang, part));
    } else {
      term.assign(part);
    }
    CutUtf8(&term, kMaxTermBytes);
    if (raw) raw->push_back(t);
  });
}

void IndexTermExtractor::ExtractIds(std::string_view text, const std::vector<Token>& tokens,
                                    std::string_view language, std::vector<uint32_t>* out) {
  out->clear();
  Language* lang = LanguageFor(language);
  // A stemmed language's words get a key of their own (libstemmer has fewer than 255 languages).
  if (lang->stemmer != nullptr && lang->mode == 0) lang->mode = next_mode_++;
  // The text's words first, then their slots fetched together, then the lookups: a lookup is a
  // cache miss (the table outgrows the caches), and misses started together overlap.
  pending_.clear();
  pending_words_.clear();
  constexpr uint8_t kStopMode = 0xFF;  // a stop word left out (no language has this key)
  ForEachTerm(text, tokens, [&](const Token& t, bool stem, std::string_view part) {
    if (Dropped(lang, t, part)) {
      pending_.push_back({0, 0, 0, kStopMode});
      return;
    }
    const uint8_t mode = stem && lang->stemmer != nullptr ? lang->mode : 0;
    pending_.push_back({Hash64(part, mode), static_cast<uint32_t>(pending_words_.size()),
                        static_cast<uint32_t>(part.size()), mode});
    pending_words_.append(part);
  });
  ReserveWords(pending_.size());
  const size_t mask = word_slots_.size() - 1;
  for (const PendingWord& p : pending_) __builtin_prefetch(&word_slots_[p.hash & mask]);
  out->reserve(pending_.size());
  for (const PendingWord& p : pending_) {
    if (p.mode == kStopMode) {
      out->push_back(kNoTermId);
      continue;
    }
    const std::string_view part(pending_words_.data() + p.offset, p.len);
    out->push_back(WordId(lang, p.mode, part, p.hash));
  }
}

std::string_view IndexTermExtractor::SlotWord(const WordSlot& w) const {
  if (w.len <= kInlineWordBytes) return std::string_view(w.bytes, w.len);
  uint32_t offset;
  std::memcpy(&offset, w.bytes, sizeof offset);
  return std::string_view(word_arena_.data() + offset, w.len);
}

void IndexTermExtractor::ReserveWords(size_t more) {
  if ((word_count_ + more + 1) * 2 <= word_slots_.size()) return;
  size_t size = std::max<size_t>(word_slots_.size(), 1 << 12);
  while ((word_count_ + more + 1) * 2 > size) size *= 2;
  std::vector<WordSlot> old(size);
  old.swap(word_slots_);
  const size_t mask = word_slots_.size() - 1;
  for (const WordSlot& w : old) {
    if (w.len == 0) continue;
    size_t i = Hash64(SlotWord(w), w.mode) & mask;
    while (word_slots_[i].len != 0) i = (i + 1) & mask;
    word_slots_[i] = w;
  }
}

void IndexTermExtractor::MakeTerm(Language* lang, uint8_t mode, std::string_view part) {
  if (mode != 0) {
    term_.assign(Stem(lang, part));
  } else {
    term_.assign(part);
  }
  CutUtf8(&term_, kMaxTermBytes);
}

uint32_t IndexTermExtractor::WordId(Language* lang, uint8_t mode, std::string_view part,
                                    uint64_t hash) {
  if (part.size() > UINT8_MAX) {  // not kept: such tokens are rare (identifiers, not words)
    MakeTerm(lang, mode, part);
    return VocabularyId(term_);
  }
  const auto tag = static_cast<uint32_t>(hash >> 32);
  const size_t mask = word_slots_.size() - 1;
  size_t i = hash & mask;
  for (; word_slots_[i].len != 0; i = (i + 1) & mask) {
    const WordSlot& w = word_slots_[i];
    if (w.tag == tag && w.len == part.size() && w.mode == mode && SlotWord(w) == part) {
      return w.id;
    }
  }
  // A new word: its term, then its id (several words share a stem).
  MakeTerm(lang, mode, part);
  const uint32_t id = VocabularyId(term_);
  WordSlot& w = word_slots_[i];
  w.tag = tag;
  w.id = id;
  w.len = static_cast<uint8_t>(part.size());
  w.mode = mode;
  if (part.size() <= kInlineWordBytes) {
    std::memcpy(w.bytes, part.data(), part.size());
  } else {
    const auto offset = static_cast<uint32_t>(word_arena_.size());
    std::memcpy(w.bytes, &offset, sizeof offset);
    word_arena_.append(part);
  }
  ++word_count_;
  return id;
}

uint32_t IndexTermExtractor::VocabularyId(std::string_view term) {
  const uint64_t h = Hash64(term);
  if ((vocabulary_.size() + 1) * 2 > vocabulary_slots_.size()) {
    vocabulary_slots_.assign(std::max<size_t>(vocabulary_slots_.size() * 2, 1 << 12), 0);
    const size_t mask = vocabulary_slots_.size() - 1;
    for (uint32_t id = 0; id < vocabulary_.size(); ++id) {
      size_t i = vocabulary_hashes_[id] & mask;
      while (vocabulary_slots_[i] != 0) i = (i + 1) & mask;
      vocabulary_slots_[i] = (vocabulary_hashes_[id] & 0xFFFFFFFF00000000ull) | (id + 1);
    }
  }
  const size_t mask = vocabulary_slots_.size() - 1;
  const uint64_t tag = h & 0xFFFFFFFF00000000ull;
  size_t i = h & mask;
  for (; vocabulary_slots_[i] != 0; i = (i + 1) & mask) {
    const uint64_t slot = vocabulary_slots_[i];
    if ((slot & 0xFFFFFFFF00000000ull) != tag) continue;
    const auto id = static_cast<uint32_t>(slot) - 1;
    if (vocabulary_hashes_[id] == h && vocabulary_[id] == term) return id;
  }
  const auto id = static_cast<uint32_t>(vocabulary_.size());
  vocabulary_.emplace_back(term);
  vocabulary_hashes_.push_back(h);
  vocabulary_slots_[i] = tag | (id + 1);
  return id;
}

void IndexTermExtractor::TrimVocabulary(size_t max_terms) {
  if (vocabulary_.size() <= max_terms) return;
  vocabulary_.clear();
  vocabulary_hashes_.clear();
  vocabulary_slots_.clear();
  word_slots_.clear();
  word_count_ = 0;
  word_arena_.clear();
  next_mode_ = 1;
  for (auto& [name, lang] : languages_) lang.mode = 0;
}

void IndexTermExtractor::Extract(std::string_view text, std::string_view language,
                                 std::vector<std::string>* out) {
  tokenizer_.Tokenize(text, &tokens_);
  std::vector<Token> tokens;
  tokens.swap(tokens_);  // Extract below must not see tokens_ change under it
  Extract(text, tokens, language, out);
  tokens_.swap(tokens);
}

void IndexTermExtractor::ExtractIds(std::string_view text, std::string_view language,
                                    std::vector<uint32_t>* out) {
  tokenizer_.Tokenize(text, &tokens_);
  std::vector<Token> tokens;
  tokens.swap(tokens_);  // as in Extract
  ExtractIds(text, tokens, language, out);
  tokens_.swap(tokens);
}

bool IsSearchStopWord(std::string_view w) {
  // Short words only: one length check keeps the lookup off the common path.
  if (w.size() > 5) return false;
  static constexpr std::string_view kWords[] = {
      "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
      "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
      "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};
  for (const std::string_view s : kWords) {
    if (s == w) return true;
  }
  return false;
}

std::vector<std::string_view> WordRuns(std::string_view s) {
  auto word_byte = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  };
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && !word_byte(static_cast<unsigned char>(s[i]))) ++i;
    const size_t start = i;
    while (i < s.size() && word_byte(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

void UrlTerms(std::string_view url, std::vector<std::string>* out) {
  out->clear();
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos && scheme < 16) url.remove_prefix(scheme + 3);
  // Percent-encoded bytes decoded first ("%20" separates, "%C3%A9" is a letter).
  std::string decoded;
  if (url.find('%') != std::string_view::npos) {
    auto hex = [](char c) {
      return c >= '0' && c <= '9'   ? c - '0'
             : c >= 'a' && c <= 'f' ? c - 'a' + 10
             : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                    : -1;
    };
    decoded.reserve(url.size());
    for (size_t i = 0; i < url.size(); ++i) {
      if (url[i] == '%' && i + 2 < url.size() && hex(url[i + 1]) >= 0 && hex(url[i + 2]) >= 0) {
        decoded.push_back(static_cast<char>(hex(url[i + 1]) * 16 + hex(url[i + 2])));
        i += 2;
      } else {
        decoded.push_back(url[i]);
      }
    }
    url = decoded;
  }
  for (const std::string_view run : WordRuns(url)) {
    std::string term(run);
    for (char& c : term) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    CutUtf8(&term, kMaxTermBytes);
    out->push_back(std::move(term));
  }
}

void IndexTermExtractor::UrlTermIds(std::string_view url, std::vector<uint32_t>* out) {
  UrlTerms(url, &url_terms_);
  out->clear();
  for (const std::string& t : url_terms_) out->push_back(VocabularyId(t));
}

std::string IndexTermExtractor::Term(std::string_view word, std::string_view language) {
  std::vector<std::string> terms;
  Extract(word, language, &terms);
  return terms.empty() ? std::string() : terms.front();
}

}  // namespace storyline
