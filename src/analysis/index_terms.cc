#include "analysis/index_terms.h"

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
  auto it = languages_.find(language);
  if (it == languages_.end()) {
    Language lang;
    if (!language.empty() && language != "und") {
      auto created = Stemmer::Create(language);
      if (created.ok()) {
        lang.stemmer = std::move(*created);
        lang.stems.resize(kStemCacheEntries);
      }
    }
    it = languages_.emplace(std::string(language), std::move(lang)).first;
  }
  return &it->second;
}

const std::string& IndexTermExtractor::Stem(Language* lang, const std::string& word) {
  const uint64_t h = Hash64(word);
  CachedStem& slot = lang->stems[h & (kStemCacheEntries - 1)];
  if (slot.hash == h && slot.word == word) return slot.stem;
  slot.hash = h;
  slot.word = word;
  lang->stemmer->Stem(word, &slot.stem);
  if (slot.stem.empty()) slot.stem = word;
  return slot.stem;
}

void IndexTermExtractor::Extract(std::string_view text, const std::vector<Token>& tokens,
                                 std::string_view language, std::vector<std::string>* out,
                                 std::vector<Token>* raw) {
  out->clear();
  if (raw) raw->clear();
  Language* lang = LanguageFor(language);
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) continue;
    NormalizeToken(TokenText(text, t), &normalized_);
    if (normalized_.empty() || (t.kind == TokenKind::kWord && IsPossessive(normalized_))) continue;
    // A hyphenated word is indexed as its parts, each with its own position ("time-sharing" ->
    // "time" "share"), so a query for either part, or for the parts as a phrase, finds it.
    std::string_view whole = normalized_;
    const bool split = t.kind == TokenKind::kWord && (t.flags & kHyphenated) != 0;
    while (!whole.empty()) {
      size_t cut = split ? whole.find('-') : std::string_view::npos;
      const std::string_view part = whole.substr(0, cut);
      whole = cut == std::string_view::npos ? std::string_view() : whole.substr(cut + 1);
      if (part.empty()) continue;
      part_.assign(part);
      out->emplace_back();
      std::string& term = out->back();
      if (t.kind == TokenKind::kWord && lang->stemmer != nullptr &&
          (t.flags & kAbbreviation) == 0) {
        term = Stem(lang, part_);
      } else {
        term = part_;
      }
      CutUtf8(&term, kMaxTermBytes);
      if (raw) raw->push_back(t);
    }
  }
}

void IndexTermExtractor::Extract(std::string_view text, std::string_view language,
                                 std::vector<std::string>* out) {
  tokenizer_.Tokenize(text, &tokens_);
  std::vector<Token> tokens;
  tokens.swap(tokens_);  // Extract below must not see tokens_ change under it
  Extract(text, tokens, language, out);
  tokens_.swap(tokens);
}

std::string IndexTermExtractor::Term(std::string_view word, std::string_view language) {
  std::vector<std::string> terms;
  Extract(word, language, &terms);
  return terms.empty() ? std::string() : terms.front();
}

}  // namespace storyline
