#include "analysis/tokenizer.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <array>
#include <limits>

#include "analysis/abbreviations.h"
#include "common/utf8.h"

// Invariants: the scanner only moves forward; every emitted token has begin < end <= text size,
// tokens are in order and never overlap. Decoding never reads past the end (DecodeUtf8 checks).

namespace storyline {
namespace {

// Character kinds. Everything up to kNumOther can continue a word; the order is relied on.
enum Kind : uint8_t {
  kUpper = 0,  // Lu, Lt
  kLower,      // Ll
  kDigit,      // Nd
  kLetter,     // Lm, Lo without case (Arabic, Hebrew, Thai, Katakana, Hangul ...)
  kMark,       // Mn, Mc, Me
  kNumOther,   // Nl, No (½, ², Ⅻ)
  kIdeo,       // Han ideographs and Hiragana: one token per character
  kSpace,      // Z*, Cc
  kIgnore,     // Cf: soft hyphen, zero-width joiners, BOM
  kPunct,
  kSymbol,
  kHigh,  // a byte >= 0x80: decode first
};

constexpr std::array<uint8_t, 256> MakeAsciiTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint8_t k = kHigh;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        k = kUpper;
      } else if (c >= 'a' && c <= 'z') {
        k = kLower;
      } else if (c >= '0' && c <= '9') {
        k = kDigit;
      } else if (c <= ' ' || c == 0x7F) {
        k = kSpace;
      } else if (c == '$' || c == '%' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' ||
                 c == '`' || c == '|' || c == '~' || c == '#' || c == '&' || c == '@') {
        k = kSymbol;  // Unicode S* plus the Po signs that are not punctuation to a reader
      } else {
        k = kPunct;
      }
    }
    t[c] = k;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kAscii = MakeAsciiTable();

constexpr bool IsAsciiDigit(uint8_t c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlpha(uint8_t c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
constexpr bool IsAsciiAlnum(uint8_t c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }

bool IsIdeographic(char32_t cp) {
  if (cp < 0x2E80) return false;
  if (cp >= 0x3040 && cp <= 0x309F) return true;  // Hiragana
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_IDEOGRAPHIC);
}

Kind ClassifyCodePoint(char32_t cp) {
  if (cp == 0x2030 || cp == 0x2031) return kSymbol;  // ‰ ‱, like %
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_UPPERCASE_LETTER:
    case U_TITLECASE_LETTER:
      return kUpper;
    case U_LOWERCASE_LETTER:
      return kLower;
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return IsIdeographic(cp) ? kIdeo : kLetter;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return kMark;
    case U_DECIMAL_DIGIT_NUMBER:
      return kDigit;
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return kNumOther;
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_CONTROL_CHAR:
      return kSpace;
    case U_FORMAT_CHAR:
      return kIgnore;
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return kPunct;
    default:  // S*, private use, unassigned, and U+FFFD for ill-formed input
      return kSymbol;
  }
}

bool IsApostrophe(char32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

// Top-level domains accepted for a bare domain ("example.com"), lowercase only.
bool IsCommonTld(std::string_view s) {
  static constexpr std::string_view kTlds[] = {
      "com", "net", "org", "gov", "edu", "mil", "int", "io", "uk", "eu", "info", "tv", "ly",  "me",
      "us",  "ca",  "au",  "de",  "fr",  "ru",  "cn",  "jp", "in", "ie", "nz",   "za", "news"};
  for (std::string_view t : kTlds) {
    if (t == s) return true;
  }
  return false;
}

// ASCII characters allowed inside a URL token. The apostrophe and quotes are left out so that
// "example.com's" and quoted URLs tokenise as a reader expects.
bool IsUrlChar(uint8_t c) {
  if (IsAsciiAlnum(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':
    case '!':
    case '$':
    case '&':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case '%':
      return true;
    default:
      return false;
  }
}

bool IsEmailLocalChar(uint8_t c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// Counts of a word's characters, for its kind and flags.
struct WordStats {
  uint32_t upper = 0;
  uint32_t lower = 0;
  bool digit = false;
  bool hyphenated = false;
  bool abbreviation = false;
  void Add(uint8_t k) {
    upper += (k == kUpper);
    lower += (k == kLower);
    digit |= (k == kDigit);
  }
};

class Scanner {
 public:
  Scanner(std::string_view text, std::vector<Token>* out)
      : text_(text),
        p_(reinterpret_cast<const uint8_t*>(text.data())),
        n_(text.size()),
        out_(out) {}

  void Run() {
    size_t i = 0;
    while (i < n_) {
      const uint8_t c = p_[i];
      switch (kAscii[c]) {
        case kSpace:
          ++i;
          break;
        case kUpper:
        case kLower:
          if ((c | 0x20) == 'h' || (c | 0x20) == 'w' || (c | 0x20) == 'f') {
            size_t end = TryUrl(i);
            if (end != 0) {
              i = EmitUrl(i, end);
              break;
            }
          }
          i = ScanWord(i, i, false);
          break;
        case kDigit:
          i = ScanWord(i, i, true);
          break;
        case kHigh:
          i = ScanNonAscii(i);
          break;
        default:
          i = ScanAsciiPunct(i);
          break;
      }
    }
  }

 private:
  // Kind of the character at i (kSpace past the end); its length in *len and value in *cp.
  Kind KindAt(size_t i, uint32_t* len, char32_t* cp) const {
    if (i >= n_) {
      *len = 0;
      *cp = 0;
      return kSpace;
    }
    if (p_[i] < 0x80) {
      *len = 1;
      *cp = p_[i];
      return static_cast<Kind>(kAscii[p_[i]]);
    }
    size_t j = i;
    *cp = DecodeUtf8(text_, &j);
    *len = static_cast<uint32_t>(j - i);
    return ClassifyCodePoint(*cp);
  }
  // True when the character at i is a letter, digit or number that can continue a word.
  bool WordCharAt(size_t i) const {
    uint32_t len;
    char32_t cp;
    Kind k = KindAt(i, &len, &cp);
    return k <= kNumOther && k != kMark;
  }

  void Emit(size_t begin, size_t end, TokenKind kind, uint8_t flags) {
    out_->push_back(Token{static_cast<uint32_t>(begin), static_cast<uint32_t>(end), kind, flags});
  }

  void EmitWord(size_t begin, size_t end, bool numeric, bool first_upper, const WordStats& st) {
    uint8_t flags = 0;
    if (!numeric) {
      if (first_upper) flags |= kCapitalized;
      if (st.upper >= 2 && st.lower == 0) flags |= kAllCaps;
    }
    if (st.digit) flags |= kHasDigit;
    if (st.hyphenated) flags |= kHyphenated;
    if (st.abbreviation) flags |= kAbbreviation;
    Emit(begin, end, numeric ? TokenKind::kNumber : TokenKind::kWord, flags);
  }

  // Scans a word or number whose token starts at `begin`; scanning resumes at `from` (begin < from
  // only for ".5"). Returns the position after everything emitted.
  size_t ScanWord(size_t begin, size_t from, bool numeric) {
    WordStats st;
    size_t i = from;
    bool first_upper = false;
    bool ascii_letters_only = true;  // no digit, mark, apostrophe, hyphen or non-ASCII letter
    {
      uint32_t len;
      char32_t cp;
      first_upper = KindAt(begin, &len, &cp) == kUpper;
    }
    for (;;) {
      while (i < n_) {
        const uint8_t k = kAscii[p_[i]];
        if (k > kDigit) break;
        st.Add(k);
        ++i;
      }
      if (i >= n_) break;
      const uint8_t c = p_[i];
      const uint8_t kc = kAscii[c];
      if (kc == kSpace) break;
      if (kc == kHigh) {
        uint32_t len;
        char32_t cp;
        Kind k = KindAt(i, &len, &cp);
        if (k <= kNumOther) {
          st.Add(k);
          ascii_letters_only = false;
          i += len;
          continue;
        }
        if (IsApostrophe(cp)) {
          size_t after = Apostrophe(begin, i, len, numeric, first_upper, &st);
          if (after != 0) return after;
          if (!numeric && WordCharAt(i + len)) {
            ascii_letters_only = false;
            i += len;
            continue;
          }
          break;
        }
        if ((cp == 0xAD || cp == 0x200C || cp == 0x200D) && WordCharAt(i + len)) {
          i += len;  // soft hyphen and zero-width (non-)joiners inside a word
          continue;
        }
        if ((cp == 0x2010 || cp == 0x2011) && WordCharAt(i + len)) {
          st.hyphenated = true;
          ascii_letters_only = false;
          i += len;
          continue;
        }
        break;
      }
      ascii_letters_only &= !st.digit;
      const bool prev_digit = i > begin && IsAsciiDigit(p_[i - 1]);
      switch (c) {
        case '\'': {
          size_t after = Apostrophe(begin, i, 1, numeric, first_upper, &st);
          if (after != 0) return after;
          if (!numeric && WordCharAt(i + 1)) {
            ascii_letters_only = false;
            i += 1;
            continue;
          }
          break;
        }
        case '-':
          if (WordCharAt(i + 1)) {
            st.hyphenated = true;
            ascii_letters_only = false;
            i += 1;
            continue;
          }
          break;
        case '.': {
          if (prev_digit && i + 1 < n_ && IsAsciiDigit(p_[i + 1])) {
            i += 1;
            continue;
          }
          size_t end = TryEmail(begin);
          if (end != 0) return EmitUrl(begin, end);
          if (!numeric && ascii_letters_only) {
            end = TryAbbreviation(begin, i, &st);
            if (end != 0) {
              EmitWord(begin, end, false, first_upper, st);
              return end;
            }
          }
          if (!numeric) {
            end = TryDomain(begin);
            if (end != 0) return EmitUrl(begin, end);
          }
          break;
        }
        case ',':
          if (prev_digit && i + 3 < n_ && IsAsciiDigit(p_[i + 1]) && IsAsciiDigit(p_[i + 2]) &&
              IsAsciiDigit(p_[i + 3]) && (i + 4 >= n_ || !IsAsciiDigit(p_[i + 4]))) {
            i += 1;
            continue;
          }
          break;
        case ':':
          if (prev_digit && i + 2 < n_ && IsAsciiDigit(p_[i + 1]) && IsAsciiDigit(p_[i + 2]) &&
              (i + 3 >= n_ || !IsAsciiDigit(p_[i + 3]))) {
            i += 1;
            continue;
          }
          break;
        case '/':
          if (prev_digit && i + 1 < n_ && IsAsciiDigit(p_[i + 1])) {
            i += 1;
            continue;
          }
          break;
        case '&':  // AT&T, S&P, R&D
          if (i > begin && p_[i - 1] >= 'A' && p_[i - 1] <= 'Z' && i + 1 < n_ && p_[i + 1] >= 'A' &&
              p_[i + 1] <= 'Z') {
            i += 1;
            continue;
          }
          break;
        case '@':
        case '_':
        case '+':
        case '%': {
          size_t end = TryEmail(begin);
          if (end != 0) return EmitUrl(begin, end);
          break;
        }
        default:
          break;
      }
      break;
    }
    EmitWord(begin, i, numeric, first_upper, st);
    return i;
  }

  // At an apostrophe at i (len bytes) inside the word [begin, i): splits off a possessive 's,
  // emitting both tokens and returning the position after them; 0 when not a possessive.
  size_t Apostrophe(size_t begin, size_t i, uint32_t len, bool numeric, bool first_upper,
                    WordStats* st) {
    size_t s = i + len;
    if (s < n_ && (p_[s] == 's' || p_[s] == 'S') && !WordCharAt(s + 1)) {
      EmitWord(begin, i, numeric, first_upper, *st);
      Emit(i, s + 1, TokenKind::kWord, 0);
      return s + 1;
    }
    return 0;
  }

  // The word [begin, dot) is ASCII letters followed by '.'. Returns the end of an abbreviation
  // token including its period (and sets st->abbreviation), or 0.
  size_t TryAbbreviation(size_t begin, size_t dot, WordStats* st) {
    const size_t wlen = dot - begin;
    // Initialisms: single letters each followed by a period, at least two ("U.S.", "a.m.").
    if (wlen == 1) {
      size_t k = begin;
      int count = 0;
      while (k + 1 < n_ && IsAsciiAlpha(p_[k]) && p_[k + 1] == '.') {
        ++count;
        k += 2;
      }
      if (count >= 2 && (k >= n_ || !IsAsciiAlnum(p_[k]))) {
        for (size_t j = begin + 2; j < k; j += 2) st->Add(kAscii[p_[j]]);
        st->abbreviation = true;
        return k;
      }
    }
    if (dot + 1 < n_ && p_[dot + 1] == '.') return 0;  // "etc..." is a word and an ellipsis
    const std::string_view word = text_.substr(begin, wlen);
    switch (ClassifyAbbreviation(word)) {
      case AbbreviationClass::kNone:
        break;
      case AbbreviationClass::kBeforeNumber: {
        size_t k = dot + 1;
        if (k < n_ && p_[k] == ' ') ++k;
        if (k < n_ && IsAsciiDigit(p_[k])) {
          st->abbreviation = true;
          return dot + 1;
        }
        return 0;
      }
      default:
        st->abbreviation = true;
        return dot + 1;
    }
    // A capital initial: "George W. Bush".
    if (wlen == 1 && p_[begin] >= 'A' && p_[begin] <= 'Z' &&
        (dot + 1 >= n_ || p_[dot + 1] == ' ' || p_[dot + 1] == '\n')) {
      st->abbreviation = true;
      return dot + 1;
    }
    return 0;
  }

  // An e-mail address starting at begin; returns its end or 0.
  size_t TryEmail(size_t begin) const {
    size_t k = begin;
    while (k < n_ && IsEmailLocalChar(p_[k])) ++k;
    if (k == begin || k >= n_ || p_[k] != '@') return 0;
    size_t end = ScanDomain(k + 1);
    return end;
  }

  // Labels of [A-Za-z0-9-] separated by single periods, at least two, the last alphabetic and at
  // least two letters. Returns the end of the domain, or 0.
  size_t ScanDomain(size_t from) const {
    size_t k = from;
    size_t end = 0;
    int labels = 0;
    for (;;) {
      size_t label_begin = k;
      bool alpha = true;
      while (k < n_ && (IsAsciiAlnum(p_[k]) || p_[k] == '-')) {
        alpha &= IsAsciiAlpha(p_[k]);
        ++k;
      }
      if (k == label_begin) break;
      ++labels;
      if (labels >= 2 && alpha && k - label_begin >= 2) end = k;
      if (k + 1 < n_ && p_[k] == '.' && IsAsciiAlnum(p_[k + 1])) {
        ++k;
        continue;
      }
      break;
    }
    return end;
  }

  // A bare domain with a common top-level domain ("example.com", "bbc.co.uk/news"), or 0.
  size_t TryDomain(size_t begin) const {
    size_t end = ScanDomain(begin);
    if (end == 0) return 0;
    size_t tld = end;
    while (tld > begin && p_[tld - 1] != '.') --tld;
    if (!IsCommonTld(text_.substr(tld, end - tld))) return 0;
    if (end < n_ && (WordCharAt(end) || p_[end] == '@')) return 0;
    if (end < n_ && p_[end] == '/') return UrlExtent(begin, end);
    return end;
  }

  // A URL starting at i with a scheme or "www."; returns its end or 0.
  size_t TryUrl(size_t i) const {
    static constexpr std::string_view kPrefixes[] = {"http://", "https://", "ftp://", "www."};
    for (std::string_view prefix : kPrefixes) {
      if (n_ - i <= prefix.size()) continue;
      bool match = true;
      for (size_t k = 0; k < prefix.size() && match; ++k) {
        match = (p_[i + k] | 0x20) == static_cast<uint8_t>(prefix[k]) ||
                p_[i + k] == static_cast<uint8_t>(prefix[k]);
      }
      if (!match || !IsAsciiAlnum(p_[i + prefix.size()])) continue;
      return UrlExtent(i, i + prefix.size());
    }
    return 0;
  }

  // Extends a URL from `from`, then trims trailing punctuation and unbalanced brackets.
  size_t UrlExtent(size_t begin, size_t from) const {
    size_t k = from;
    while (k < n_) {
      if (p_[k] < 0x80) {
        if (!IsUrlChar(p_[k])) break;
        ++k;
        continue;
      }
      uint32_t len;
      char32_t cp;
      Kind kind = KindAt(k, &len, &cp);
      if (kind > kNumOther) break;
      k += len;
    }
    for (;;) {
      uint8_t last = p_[k - 1];
      if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?') {
        --k;
        continue;
      }
      if (last == ')' || last == ']') {
        uint8_t open = last == ')' ? '(' : '[';
        int balance = 0;
        for (size_t j = begin; j < k; ++j) balance += (p_[j] == open) - (p_[j] == last);
        if (balance < 0) {
          --k;
          continue;
        }
      }
      break;
    }
    return k;
  }

  size_t EmitUrl(size_t begin, size_t end) {
    Emit(begin, end, TokenKind::kUrl, 0);
    return end;
  }

  // "’90s", "'89": an apostrophe (len bytes at i) and two digits, optionally "s". Returns the end
  // of the number token or 0.
  size_t TryDecade(size_t i, uint32_t len) const {
    size_t d = i + len;
    if (d + 1 >= n_ || !IsAsciiDigit(p_[d]) || !IsAsciiDigit(p_[d + 1])) return 0;
    size_t end = d + 2;
    if (end < n_ && p_[end] == 's') ++end;
    if (WordCharAt(end)) return 0;
    return end;
  }

  size_t ScanAsciiPunct(size_t i) {
    const uint8_t c = p_[i];
    size_t end = i + 1;
    switch (c) {
      case '.':
        while (end < n_ && p_[end] == '.') ++end;
        if (end == i + 1 && end < n_ && IsAsciiDigit(p_[end]) &&
            (i == 0 || !IsAsciiAlnum(p_[i - 1])))
          return ScanWord(i, i + 1, true);  // ".5"
        break;
      case '-':
        while (end < n_ && p_[end] == '-') ++end;
        break;
      case '!':
      case '?':
        while (end < n_ && (p_[end] == '!' || p_[end] == '?')) ++end;
        break;
      case '\'': {
        size_t decade = TryDecade(i, 1);
        if (decade != 0) {
          Emit(i, decade, TokenKind::kNumber, kHasDigit);
          return decade;
        }
        break;
      }
      default:
        break;
    }
    Emit(i, end, kAscii[c] == kSymbol ? TokenKind::kSymbol : TokenKind::kPunct, 0);
    return end;
  }

  size_t ScanNonAscii(size_t i) {
    uint32_t len;
    char32_t cp;
    const Kind k = KindAt(i, &len, &cp);
    switch (k) {
      case kUpper:
      case kLower:
      case kLetter:
        return ScanWord(i, i, false);
      case kDigit:
      case kNumOther:
        return ScanWord(i, i, true);
      case kIdeo:
        Emit(i, i + len, TokenKind::kWord, 0);
        return i + len;
      case kPunct:
        if (cp == 0x2019) {
          size_t decade = TryDecade(i, len);
          if (decade != 0) {
            Emit(i, decade, TokenKind::kNumber, kHasDigit);
            return decade;
          }
        }
        Emit(i, i + len, TokenKind::kPunct, 0);
        return i + len;
      case kSymbol:
        Emit(i, i + len, TokenKind::kSymbol, 0);
        return i + len;
      default:  // spaces, format characters, and marks that follow no letter
        return i + len;
    }
  }

  const std::string_view text_;
  const uint8_t* const p_;
  const size_t n_;
  std::vector<Token>* const out_;
};

constexpr std::array<char, 128> MakeLowerTable() {
  std::array<char, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  return t;
}
constexpr std::array<char, 128> kLower128 = MakeLowerTable();

// Replaces the UTF-8 encodings of ’ ‘ ʼ in *s by '.
void UnifyApostrophes(std::string* s) {
  std::string& t = *s;
  size_t w = 0;
  for (size_t r = 0; r < t.size();) {
    const auto c0 = static_cast<uint8_t>(t[r]);
    if (c0 == 0xE2 && r + 2 < t.size() && static_cast<uint8_t>(t[r + 1]) == 0x80 &&
        (static_cast<uint8_t>(t[r + 2]) == 0x98 || static_cast<uint8_t>(t[r + 2]) == 0x99)) {
      t[w++] = '\'';
      r += 3;
    } else if (c0 == 0xCA && r + 1 < t.size() && static_cast<uint8_t>(t[r + 1]) == 0xBC) {
      t[w++] = '\'';
      r += 2;
    } else {
      t[w++] = t[r++];
    }
  }
  t.resize(w);
}

}  // namespace

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return "word";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kPunct:
      return "punct";
    case TokenKind::kSymbol:
      return "symbol";
    case TokenKind::kUrl:
      return "url";
  }
  return "?";
}

void Tokenizer::Tokenize(std::string_view utf8_text, std::vector<Token>* out) const {
  out->clear();
  if (utf8_text.size() >= std::numeric_limits<uint32_t>::max()) {
    utf8_text = utf8_text.substr(0, std::numeric_limits<uint32_t>::max() - 1);
  }
  // English news averages about six bytes per token including the space.
  out->reserve(utf8_text.size() / 5 + 8);
  Scanner(utf8_text, out).Run();
}

void NormalizeToken(std::string_view token_text, std::string* out) {
  const auto* p = reinterpret_cast<const uint8_t*>(token_text.data());
  const size_t n = token_text.size();
  size_t i = 0;
  // Fast path: ASCII, curly apostrophes and soft hyphens need no ICU. Each maps to at most as
  // many bytes as it has, so the output is written in place, then cut.
  out->resize(n);
  char* o = out->data();
  size_t w = 0;
  while (i < n) {
    const uint8_t c = p[i];
    if (c < 0x80) {
      o[w++] = kLower128[c];
      ++i;
    } else if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x80 &&
               (p[i + 2] == 0x98 || p[i + 2] == 0x99)) {
      o[w++] = '\'';
      i += 3;
    } else if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xAD) {
      i += 2;
    } else {
      break;
    }
  }
  out->resize(w);
  if (i == n) return;

  std::string repaired;
  std::string_view src = token_text;
  if (!IsValidUtf8(src)) {
    repaired = RepairUtf8(src, nullptr);
    src = repaired;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  out->clear();
  if (U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(out);
    nfkc_cf->normalizeUTF8(0, icu::StringPiece(src.data(), static_cast<int32_t>(src.size())), sink,
                           nullptr, status);
  }
  if (U_FAILURE(status)) {
    // ICU data missing or out of memory: index the text as written rather than lose the token.
    out->assign(src.data(), src.size());
  }
  UnifyApostrophes(out);
}

size_t CountWordTokens(const std::vector<Token>& tokens) {
  size_t count = 0;
  for (const Token& t : tokens) {
    count += (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber);
  }
  return count;
}

}  // namespace storyline
