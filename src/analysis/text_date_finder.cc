#include "analysis/text_date_finder.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include "analysis/tokenizer.h"

namespace storyline {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsFolded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// 1..12 for an English month name or abbreviation token ("May", "Sept.", "SEPT", "January"),
// written with a capital first letter; 0 otherwise.
int MonthOf(std::string_view t, const Token& token) {
  if (token.kind != TokenKind::kWord || !(token.flags & kCapitalized)) return 0;
  if (!t.empty() && t.back() == '.') t.remove_suffix(1);
  static constexpr std::string_view kNames[12] = {"january",   "february", "march",    "april",
                                                  "may",       "june",     "july",     "august",
                                                  "september", "october",  "november", "december"};
  for (int m = 0; m < 12; ++m) {
    if (EqualsFolded(t, kNames[m])) return m + 1;
    if (m != 4 && EqualsFolded(t, kNames[m].substr(0, 3))) return m + 1;
  }
  return EqualsFolded(t, "sept") ? 9 : 0;
}

// Value of an all-digit token of `min_digits`..`max_digits` digits, else -1.
int DigitsValue(std::string_view t, size_t min_digits, size_t max_digits) {
  if (t.size() < min_digits || t.size() > max_digits) return -1;
  int v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Day of month from "7", "07", "7th", "1st", "22nd", "3rd"; -1 when not a day.
int DayOf(std::string_view t, const Token& token) {
  if (token.kind != TokenKind::kNumber) return -1;
  if (t.size() > 2) {
    std::string_view suffix = t.substr(t.size() - 2);
    if (EqualsFolded(suffix, "st") || EqualsFolded(suffix, "nd") || EqualsFolded(suffix, "rd") ||
        EqualsFolded(suffix, "th")) {
      t.remove_suffix(2);
    }
  }
  int d = DigitsValue(t, 1, 2);
  return d >= 1 && d <= 31 ? d : -1;
}

int YearOf(std::string_view t, const Token& token) {
  if (token.kind != TokenKind::kNumber) return -1;
  int y = DigitsValue(t, 4, 4);
  return y >= 1000 && y <= 2999 ? y : -1;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool ValidDate(int y, int m, int d) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
}

// "2016-05-07" or "2016/05/07" as one token.
bool ParseIsoToken(std::string_view t, int* y, int* m, int* d) {
  if (t.size() > 10 && t[10] == 'T') t = t.substr(0, 10);  // "2016-05-07T09:30"
  if (t.size() < 8 || t.size() > 10 || (t[4] != '-' && t[4] != '/')) return false;
  const char sep = t[4];
  size_t second = t.find(sep, 5);
  if (second == std::string_view::npos) return false;
  *y = DigitsValue(t.substr(0, 4), 4, 4);
  *m = DigitsValue(t.substr(5, second - 5), 1, 2);
  *d = DigitsValue(t.substr(second + 1), 1, 2);
  return *y >= 1000 && *y <= 2999 && ValidDate(*y, *m, *d);
}

PublishedDate MakeDate(int y, int m, int d) {
  PublishedDate date;
  date.year = y;
  date.month = m;
  date.day = d;
  date.provenance = DateProvenance::kText;
  date.confidence = 0.5f;
  return date;
}

// Whether `text` holds a run of exactly four ASCII digits starting with 1 or 2 (a possible
// year): every accepted form has its year as such a token ("2016", or the start of "2016-05-07"),
// so a text without one has no date and need not be tokenised (two texts in three of
// Reuters-21578: the tokenising was a tenth of a deferred ingest's worker time).
bool HasYearDigits(std::string_view text) {
  size_t run = 0;  // ASCII digits ending at i - 1
  char first = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    // Eight bytes without a digit end any run and hold no year: skipped at once.
    while (run == 0 && i + 8 <= text.size()) {
      uint64_t w;
      std::memcpy(&w, text.data() + i, 8);
      // Per byte b < 0x80 (no carry crosses bytes): b + 0x50 has its high bit set when
      // b >= '0', b + 0x46 when b > '9'; a digit has the first without the second.
      constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
      const uint64_t ascii = ~w & kHigh;
      const uint64_t ge_0 = ((w & ~kHigh) + kOnes * (0x80 - 0x30)) & kHigh;
      const uint64_t ge_colon = ((w & ~kHigh) + kOnes * (0x80 - 0x3A)) & kHigh;
      if ((ascii & ge_0 & ~ge_colon) != 0) break;
      i += 8;
    }
    const char c = i < text.size() ? text[i] : '\0';
    if (c >= '0' && c <= '9') {
      if (run++ == 0) first = c;
      continue;
    }
    if (run == 4 && (first == '1' || first == '2')) return true;
    run = 0;
  }
  return false;
}

}  // namespace

PublishedDate FindDateInText(std::string_view text) {
  if (text.size() > kTextDatePrefixBytes) text = text.substr(0, kTextDatePrefixBytes);
  if (!HasYearDigits(text)) return PublishedDate{};
  thread_local std::vector<Token> tokens;  // kept: allocating it was a tenth of this function
  Tokenizer().Tokenize(text, &tokens);
  const size_t n = tokens.size();
  auto tok = [&](size_t i) { return TokenText(text, tokens[i]); };
  auto is_comma = [&](size_t i) { return i < n && tok(i) == ","; };

  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kNumber) {
      int y, m, d;
      if ((t.flags & kHyphenated || tok(i).find('/') != std::string_view::npos) &&
          ParseIsoToken(tok(i), &y, &m, &d)) {
        return MakeDate(y, m, d);
      }
      // Day [of] Month [,] Year.
      d = DayOf(tok(i), t);
      if (d < 0) continue;
      size_t k = i + 1;
      if (k < n && tok(k) == "of") ++k;
      if (k >= n || (m = MonthOf(tok(k), tokens[k])) == 0) continue;
      ++k;
      if (is_comma(k)) ++k;
      if (k < n && (y = YearOf(tok(k), tokens[k])) > 0 && ValidDate(y, m, d)) {
        return MakeDate(y, m, d);
      }
      continue;
    }
    // Month Day [,] Year.
    const int m = MonthOf(tok(i), t);
    if (m == 0 || i + 1 >= n) continue;
    const int d = DayOf(tok(i + 1), tokens[i + 1]);
    if (d < 0) continue;
    size_t k = i + 2;
    if (is_comma(k)) ++k;
    int y;
    if (k < n && (y = YearOf(tok(k), tokens[k])) > 0 && ValidDate(y, m, d)) {
      return MakeDate(y, m, d);
    }
  }
  return PublishedDate{};
}

}  // namespace storyline
