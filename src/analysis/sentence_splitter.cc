#include "analysis/sentence_splitter.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "analysis/abbreviations.h"
#include "common/utf8.h"

namespace storyline {
namespace {

enum class Terminator : uint8_t { kNone, kStop, kCjkStop, kAbbreviation };

Terminator TerminatorOf(std::string_view t, const Token& token) {
  if (token.flags & kAbbreviation) return Terminator::kAbbreviation;
  if (token.kind != TokenKind::kPunct || t.empty()) return Terminator::kNone;
  const char c = t[0];
  if (c == '.' || c == '!' || c == '?') return Terminator::kStop;  // ".", "...", "?!"
  if (t == "\u2026") return Terminator::kStop;                     // …
  if (t == "\u3002" || t == "\uFF01" || t == "\uFF1F") return Terminator::kCjkStop;  // 。！？
  return Terminator::kNone;
}

// True when the token at index u closes a quotation or bracket opened before the terminator.
bool IsCloser(std::string_view text, const std::vector<Token>& tokens, size_t u) {
  const Token& tok = tokens[u];
  if (tok.kind != TokenKind::kPunct) return false;
  std::string_view t = TokenText(text, tok);
  if (t == ")" || t == "]" || t == "}" || t == "\u201D" || t == "\u2019" || t == "\u00BB" ||
      t == "\u203A") {
    return true;
  }
  // A straight quote closes only when attached to what precedes it.
  return (t == "\"" || t == "'") && tok.begin == tokens[u - 1].end;
}

bool IsOpener(std::string_view text, const std::vector<Token>& tokens, size_t u) {
  std::string_view t = TokenText(text, tokens[u]);
  if (t == "(" || t == "[" || t == "\u201C" || t == "\u2018" || t == "\u00AB" || t == "\u2039") {
    return true;
  }
  return (t == "\"" || t == "'") && tokens[u].begin != tokens[u - 1].end;
}

// True when the word token `t` starts with a letter that is not lowercase (capitalised, or a
// script without case).
bool StartsLikeSentence(std::string_view t, const Token& token) {
  if (token.flags & kCapitalized) return true;
  if (t.empty()) return false;
  const auto c = static_cast<uint8_t>(t[0]);
  if (c < 0x80) return false;  // lowercase ASCII, or an apostrophe ("’s")
  size_t i = 0;
  const char32_t cp = DecodeUtf8(t, &i);
  return u_isalpha(static_cast<UChar32>(cp)) && !u_islower(static_cast<UChar32>(cp));
}

bool GapHasNewline(std::string_view text, uint32_t from, uint32_t to) {
  to = std::min<uint32_t>(to, static_cast<uint32_t>(text.size()));
  for (uint32_t i = from; i < to; ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') return true;
    // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR: E2 80 A8/A9.
    if (static_cast<uint8_t>(c) == 0xE2 && i + 2 < to &&
        static_cast<uint8_t>(text[i + 1]) == 0x80 &&
        (static_cast<uint8_t>(text[i + 2]) == 0xA8 || static_cast<uint8_t>(text[i + 2]) == 0xA9)) {
      return true;
    }
  }
  return false;
}

// Whether a sentence ends before token u, after a terminator token `term_index` (and its closers).
bool BreaksBefore(std::string_view text, const std::vector<Token>& tokens, size_t term_index,
                  Terminator term, size_t u) {
  const Token& next = tokens[u];
  const std::string_view next_text = TokenText(text, next);
  if (term == Terminator::kCjkStop) return true;
  if (term == Terminator::kAbbreviation) {
    std::string_view abbr = TokenText(text, tokens[term_index]);
    abbr.remove_suffix(1);  // the period
    switch (ClassifyAbbreviation(abbr)) {
      case AbbreviationClass::kTitle:
      case AbbreviationClass::kBeforeNumber:
        return false;
      case AbbreviationClass::kMonth:
        if (next.kind == TokenKind::kNumber) return false;
        break;
      default:
        break;
    }
    return next.kind == TokenKind::kWord && IsCommonSentenceOpener(next_text);
  }
  switch (next.kind) {
    case TokenKind::kWord:
      return StartsLikeSentence(next_text, next);
    case TokenKind::kNumber:
    case TokenKind::kSymbol:
      return true;
    case TokenKind::kPunct:
      return IsOpener(text, tokens, u);
    case TokenKind::kUrl:
      return false;
  }
  return false;
}

}  // namespace

void SplitSentences(std::string_view text, const std::vector<Token>& tokens,
                    std::vector<Sentence>* out) {
  out->clear();
  const size_t n = tokens.size();
  if (n == 0) return;
  size_t first = 0;
  auto emit = [&](size_t end_token) {
    out->push_back(Sentence{tokens[first].begin, tokens[end_token - 1].end,
                            static_cast<uint32_t>(first), static_cast<uint32_t>(end_token)});
    first = end_token;
  };
  for (size_t t = 0; t < n; ++t) {
    if (t > first && GapHasNewline(text, tokens[t - 1].end, tokens[t].begin)) emit(t);
    const Terminator term = TerminatorOf(TokenText(text, tokens[t]), tokens[t]);
    if (term == Terminator::kNone) continue;
    size_t u = t + 1;
    while (u < n && !GapHasNewline(text, tokens[u - 1].end, tokens[u].begin) &&
           IsCloser(text, tokens, u)) {
      ++u;
    }
    if (u < n && !GapHasNewline(text, tokens[u - 1].end, tokens[u].begin) &&
        BreaksBefore(text, tokens, t, term, u)) {
      emit(u);
    }
    t = u - 1;  // the loop's ++t visits u next, where a newline before it is handled
  }
  if (first < n) emit(n);
}

}  // namespace storyline
