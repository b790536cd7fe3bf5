#include "quotes/quote_links.h"

#include <algorithm>
#include <cctype>

#include "common/hash.h"

namespace storyline {

namespace {

constexpr size_t kMinKeyWords = 4;
constexpr size_t kMinLinkWords = 6;
constexpr double kMinContainment = 0.7;
// Shared word pairs, at least: stock phrases ("we're going to win this ...") are not a quote.
constexpr size_t kMinSharedBigrams = 6;
// Trigram hashes below this (a quarter of the space) are anchors.
constexpr uint64_t kAnchorBound = ~0ULL / 4;

// Sorted, distinct hashes of the word n-grams.
std::vector<uint64_t> Shingles(const std::vector<std::string>& words, size_t n) {
  std::vector<uint64_t> out;
  if (words.size() < n) return out;
  std::string gram;
  for (size_t i = 0; i + n <= words.size(); ++i) {
    gram.clear();
    for (size_t k = 0; k < n; ++k) {
      if (k) gram += ' ';
      gram += words[i + k];
    }
    out.push_back(Hash64(gram, 0x71756f74652d6e67ULL + n));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

void QuoteWords(std::string_view text, const std::vector<TextSpan>& parts,
                std::vector<std::string>* words) {
  words->clear();
  for (const TextSpan& part : parts) {
    bool in_word = false;
    for (uint32_t i = part.begin; i < part.end && i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      // U+2000..U+203F (curly quotes, dashes, ellipsis) separate words like ASCII punctuation;
      // ASCII letters and digits are lower-cased; other UTF-8 bytes (letters of other scripts)
      // are kept.
      if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
        i += 2;
        in_word = false;
        continue;
      }
      if (!std::isalnum(c) && c < 0x80) {
        in_word = false;
        continue;
      }
      if (!in_word) words->emplace_back();
      words->back() += static_cast<char>(std::tolower(c));
      in_word = true;
    }
  }
}

uint64_t QuoteKey(const std::vector<std::string>& words) {
  if (words.size() < kMinKeyWords) return 0;
  std::string joined;
  for (const std::string& w : words) {
    if (!joined.empty()) joined += ' ';
    joined += w;
  }
  return Hash64(joined, 0x71756f7465) | 1;
}

std::vector<uint64_t> QuoteAnchors(const std::vector<std::string>& words) {
  std::vector<uint64_t> out;
  if (words.size() < kMinLinkWords) return out;
  std::vector<uint64_t> grams = Shingles(words, 3);
  for (uint64_t h : grams) {
    if (h < kAnchorBound || out.empty()) out.push_back(h);  // sorted: the first is the smallest
  }
  return out;
}

bool NearIdenticalQuotes(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() < kMinLinkWords || b.size() < kMinLinkWords) return false;
  std::vector<uint64_t> x = Shingles(a, 2), y = Shingles(b, 2);
  if (x.size() > y.size()) std::swap(x, y);
  size_t shared = 0;
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] == y[j]) {
      ++shared;
      ++i;
      ++j;
    } else if (x[i] < y[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return shared >= kMinSharedBigrams &&
         static_cast<double>(shared) >= kMinContainment * static_cast<double>(x.size());
}

std::string FormatQuoteParts(const std::vector<TextSpan>& parts) {
  std::string out;
  for (const TextSpan& p : parts) {
    if (!out.empty()) out += ' ';
    out += std::to_string(p.begin) + "-" + std::to_string(p.end);
  }
  return out;
}

std::vector<TextSpan> ParseQuoteParts(std::string_view parts, size_t text_size) {
  std::vector<TextSpan> out;
  size_t i = 0;
  while (i < parts.size()) {
    size_t j = parts.find(' ', i);
    if (j == std::string_view::npos) j = parts.size();
    std::string_view range = parts.substr(i, j - i);
    size_t dash = range.find('-');
    uint64_t b = 0, e = 0;
    bool ok = dash != std::string_view::npos && dash > 0 && dash + 1 < range.size();
    for (size_t k = 0; ok && k < range.size(); ++k) {
      if (k == dash) continue;
      const char c = range[k];
      ok = c >= '0' && c <= '9' && (k < dash ? b : e) < (1ULL << 40);
      if (ok) (k < dash ? b : e) = (k < dash ? b : e) * 10 + static_cast<uint64_t>(c - '0');
    }
    if (ok && b <= e && e <= text_size) {
      out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    }
    i = j + 1;
  }
  return out;
}

}  // namespace storyline
