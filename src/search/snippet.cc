#include "search/snippet.h"

#include <algorithm>
#include <set>

#include "analysis/tokenizer.h"

namespace storyline {
namespace {

constexpr std::string_view kEllipsis = "\u2026";

// Moves `pos` back to the start of a UTF-8 sequence.
size_t Utf8Start(std::string_view s, size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<uint8_t>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

}  // namespace

Snippet MakeSnippet(std::string_view text, std::string_view language,
                    const std::vector<std::string>& terms, size_t max_chars,
                    IndexTermExtractor* extractor) {
  Snippet out;
  if (text.empty()) return out;
  Tokenizer tokenizer;
  std::vector<Token> tokens, raw;
  std::vector<std::string> analysed;
  tokenizer.Tokenize(text, &tokens);
  extractor->Extract(text, tokens, language, &analysed, &raw);
  const std::set<std::string> wanted(terms.begin(), terms.end());
  // Matched words: (token, term index in `terms` order for distinctness).
  std::vector<std::pair<Token, std::string>> matches;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (wanted.count(analysed[i])) matches.emplace_back(raw[i], analysed[i]);
  }
  size_t begin = 0, end = std::min(text.size(), max_chars);
  if (!matches.empty()) {
    // The window starting at a match, covering the most distinct terms, then the most matches.
    size_t best = 0, best_distinct = 0, best_count = 0;
    for (size_t i = 0; i < matches.size(); ++i) {
      std::set<std::string> distinct;
      size_t count = 0;
      for (size_t j = i; j < matches.size() && matches[j].first.end - matches[i].first.begin <=
                                                   max_chars;
           ++j) {
        distinct.insert(matches[j].second);
        ++count;
      }
      if (distinct.size() > best_distinct ||
          (distinct.size() == best_distinct && count > best_count)) {
        best = i;
        best_distinct = distinct.size();
        best_count = count;
      }
    }
    // Start a little before the first match, at a token boundary (or the sentence's start).
    const size_t first = matches[best].first.begin;
    begin = first > max_chars / 4 ? first - max_chars / 4 : 0;
    for (const Token& t : tokens) {
      if (t.begin >= begin) {
        begin = t.begin <= first ? t.begin : first;
        break;
      }
    }
    end = std::min(text.size(), begin + max_chars);
  }
  end = Utf8Start(text, end);
  // End at a token boundary when the cut falls inside a word.
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
    if (it->begin < end && it->end > end) {
      if (it->begin > begin) end = it->begin;
      break;
    }
    if (it->end <= end) break;
  }
  std::string_view passage = text.substr(begin, end - begin);
  // One line: newlines become spaces.
  const std::string prefix = begin > 0 ? std::string(kEllipsis) : std::string();
  out.text = prefix;
  for (char c : passage) out.text.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
  if (end < text.size()) out.text += kEllipsis;
  for (const auto& [t, term] : matches) {
    if (t.begin >= begin && t.end <= end) {
      out.highlights.emplace_back(static_cast<uint32_t>(prefix.size() + t.begin - begin),
                                  static_cast<uint32_t>(prefix.size() + t.end - begin));
    }
  }
  return out;
}

}  // namespace storyline
