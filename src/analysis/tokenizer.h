// Tokenizer: splits news text into words, numbers, punctuation, symbols and URLs, with byte
// offsets into the original text, and NormalizeToken gives a token's indexing form.
//
// Thread-safety: Tokenizer is stateless; one instance may be used from many threads at once.
// NormalizeToken and CountWordTokens are pure functions, safe from any thread.
//
// Rules (English news first, any script and any bytes accepted):
//  - Words are runs of letters, combining marks and digits, ASCII via lookup tables, other code
//    points via ICU character properties. Han ideographs and Hiragana are one token per
//    character (no dictionary segmentation); Katakana, Hangul, Thai and every other script form
//    runs like Latin words. Invalid UTF-8 decodes as U+FFFD, a kSymbol token.
//  - A hyphen between letters or digits joins ("long-term", "cost-of-living", "COVID-19", "24-hour"
//    as one token, flag kHyphenated); "--", a spaced hyphen and dashes are kPunct tokens.
//  - Possessive 's after a word or number is its own kWord token ("Khan’s" -> "Khan" "’s"; also
//    "it’s" -> "it" "’s", the Penn Treebank convention). Other contractions stay whole ("don't",
//    "I’ll", "can’t", "O'Brien"). An apostrophe that ends a word ("workers’ rights") cannot be told
//    from a closing quote ("‘hot’") without parsing, so it is a kPunct token either way.
//  - Abbreviations keep their period and get kAbbreviation: table entries ("Mr.", "Sept.", "Inc.",
//    see abbreviations.h; "No." only before a number), initialisms of single letters and periods
//    ("U.S.", "D.C.", "a.m."), and a single capital followed by a period and a space (initials,
//    "George W. Bush").
//  - Numbers start with a digit and take in decimal points ("1.3"), thousands groups of exactly
//    three digits ("1,000"), times ("10:30"), slashes ("24/7", "9/11"), hyphens ("2016-05-07") and
//    letters ("2bn", "3rd", "1990s"); all are kNumber. "’90s" is one kNumber. A sign is separate.
//    "%" is a separate kSymbol (so is every currency sign: "£2bn" -> "£" "2bn").
//  - "...", "…", "?!", "!!" and "--" are single kPunct tokens.
//  - URLs starting with a scheme ("https://") or "www.", bare domains with a common top-level
//    domain ("example.com"), and e-mail addresses are one kUrl token; trailing punctuation and an
//    unbalanced ")" are left out.
//  - Spaces, control and format characters separate tokens and are never tokens themselves.
// Flags: kCapitalized when the first letter is upper or title case; kAllCaps when at least two
// letters and none lowercase; kHasDigit when any digit.
#ifndef STORYLINE_ANALYSIS_TOKENIZER_H_
#define STORYLINE_ANALYSIS_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace storyline {

enum class TokenKind : uint8_t { kWord, kNumber, kPunct, kSymbol, kUrl };

// "word", "number", "punct", "symbol", "url".
const char* TokenKindName(TokenKind kind);

enum TokenFlags : uint8_t {
  kCapitalized = 1,
  kAllCaps = 2,
  kAbbreviation = 4,
  kHasDigit = 8,
  kHyphenated = 16,
};

// Byte offsets [begin, end) into the original text.
struct Token {
  uint32_t begin;
  uint32_t end;
  TokenKind kind;
  uint8_t flags;
};

class Tokenizer {
 public:
  // Clears *out, then appends the tokens of `utf8_text` in order. Never fails; any bytes are
  // accepted. Only the first 4 GiB - 1 bytes are looked at (offsets are 32-bit).
  void Tokenize(std::string_view utf8_text, std::vector<Token>* out) const;
};

// Replaces *out with the indexing form of a token's text: Unicode NFKC case-folded (ICU
// NFKC_Casefold; ASCII and ASCII-with-apostrophes take a fast path without ICU), curly
// apostrophes ’ ‘ as ', soft hyphens removed. Ill-formed UTF-8 becomes U+FFFD first.
void NormalizeToken(std::string_view token_text, std::string* out);

// Number of kWord and kNumber tokens.
size_t CountWordTokens(const std::vector<Token>& tokens);

// The text of `token` in `text`.
inline std::string_view TokenText(std::string_view text, const Token& token) {
  return text.substr(token.begin, token.end - token.begin);
}

}  // namespace storyline

#endif  // STORYLINE_ANALYSIS_TOKENIZER_H_
