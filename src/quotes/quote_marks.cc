#include "quotes/quote_marks.h"

#include <algorithm>
#include <limits>

namespace storyline {
namespace {

enum class MarkType : uint8_t {
  kOpenDouble,      // “ „
  kCloseDouble,     // ”
  kStraight,        // "
  kOpenSingle,      // ‘
  kCloseSingle,     // ’
  kOpenGuillemet,   // «
  kCloseGuillemet,  // »
};

struct Mark {
  uint32_t begin;
  uint32_t end;
  MarkType type;
  bool low = false;  // „, which some styles close with “
};

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The marks of text[begin, end) in order.
void ScanMarks(std::string_view text, uint32_t begin, uint32_t end, std::vector<Mark>* out) {
  out->clear();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (uint32_t i = begin; i < end; ++i) {
    unsigned char c = s[i];
    if (c == '"') {
      out->push_back({i, i + 1, MarkType::kStraight});
    } else if (c == 0xE2 && i + 2 < end && s[i + 1] == 0x80) {
      unsigned char d = s[i + 2];
      if (d == 0x9C)
        out->push_back({i, i + 3, MarkType::kOpenDouble});
      else if (d == 0x9D)
        out->push_back({i, i + 3, MarkType::kCloseDouble});
      else if (d == 0x9E)
        out->push_back({i, i + 3, MarkType::kOpenDouble, true});
      else if (d == 0x98)
        out->push_back({i, i + 3, MarkType::kOpenSingle});
      else if (d == 0x99)
        out->push_back({i, i + 3, MarkType::kCloseSingle});
      else
        continue;
      i += 2;
    } else if (c == 0xC2 && i + 1 < end && (s[i + 1] == 0xAB || s[i + 1] == 0xBB)) {
      out->push_back(
          {i, i + 2, s[i + 1] == 0xAB ? MarkType::kOpenGuillemet : MarkType::kCloseGuillemet});
      ++i;
    }
  }
}

// True when the character before `pos` (inside [para_begin, ...)) lets a mark open there: the
// paragraph start, a space, an opening bracket, a dash, or another opening mark.
bool OpensAfter(std::string_view text, uint32_t para_begin, uint32_t pos) {
  if (pos == para_begin) return true;
  auto c = static_cast<unsigned char>(text[pos - 1]);
  if (IsSpace(c) || c == '(' || c == '[' || c == '{' || c == '-' || c == '/') return true;
  if (pos >= para_begin + 3 && static_cast<unsigned char>(text[pos - 3]) == 0xE2 &&
      static_cast<unsigned char>(text[pos - 2]) == 0x80) {
    auto d = static_cast<unsigned char>(text[pos - 1]);
    return d == 0x93 || d == 0x94 || d == 0x9C || d == 0x98;  // – — “ ‘
  }
  if (pos >= para_begin + 2 && static_cast<unsigned char>(text[pos - 2]) == 0xC2 &&
      static_cast<unsigned char>(text[pos - 1]) == 0xAB) {
    return true;  // «
  }
  return false;
}

// True when the byte after `pos` (before `end`) starts a word: not a space and not the end.
bool WordFollows(std::string_view text, uint32_t pos, uint32_t end) {
  return pos < end && !IsSpace(static_cast<unsigned char>(text[pos]));
}

// A ’ closes a single quote unless a letter or digit follows (then it is an apostrophe:
// "don’t", "Khan’s").
bool ClosesSingle(std::string_view text, uint32_t pos, uint32_t end) {
  if (pos >= end) return true;
  auto c = static_cast<unsigned char>(text[pos]);
  if (IsAsciiAlnum(c)) return false;
  return c < 0xC3 || c > 0xDF;  // a Latin letter with a diacritic is a letter too
}

bool IsDoubleOpener(const Mark& m, std::string_view text, uint32_t para_begin, uint32_t para_end) {
  switch (m.type) {
    case MarkType::kOpenDouble:
    case MarkType::kOpenGuillemet:
      return true;
    case MarkType::kStraight:
      return OpensAfter(text, para_begin, m.begin) && WordFollows(text, m.end, para_end);
    default:
      return false;
  }
}

struct Paragraph {
  uint32_t begin;
  uint32_t end;  // without trailing spaces
};

std::vector<Paragraph> SplitParagraphs(std::string_view text) {
  std::vector<Paragraph> out;
  uint32_t n = static_cast<uint32_t>(text.size());
  uint32_t start = 0;
  for (uint32_t i = 0; i <= n; ++i) {
    if (i == n || text[i] == '\n') {
      uint32_t b = start, e = i;
      while (b < e && IsSpace(static_cast<unsigned char>(text[b]))) ++b;
      while (e > b && IsSpace(static_cast<unsigned char>(text[e - 1]))) --e;
      if (b < e) out.push_back({b, e});
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

std::vector<QuotedStretch> FindQuotedStretches(std::string_view text) {
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    text = text.substr(0, std::numeric_limits<uint32_t>::max() - 1);
  }
  std::vector<QuotedStretch> out;
  std::vector<Paragraph> paragraphs = SplitParagraphs(text);
  std::vector<Mark> marks;

  // The quote being read; `open` says whether a mark is open, `continuing` that the previous
  // paragraph left it open and this paragraph's first mark reopens it.
  QuotedStretch cur;
  bool open = false, continuing = false;
  Mark opener{};
  uint32_t content_begin = 0;

  for (size_t p = 0; p < paragraphs.size(); ++p) {
    const Paragraph para = paragraphs[p];
    ScanMarks(text, para.begin, para.end, &marks);
    for (size_t k = 0; k < marks.size(); ++k) {
      const Mark& m = marks[k];
      if (continuing) {
        // The paragraph starts with the continuation mark (checked before continuing was set).
        continuing = false;
        open = true;
        opener = m;
        content_begin = m.end;
        continue;
      }
      if (!open) {
        if (IsDoubleOpener(m, text, para.begin, para.end)) {
          open = true;
          opener = m;
          content_begin = m.end;
          cur = QuotedStretch{};
          cur.open_begin = m.begin;
        } else if (m.type == MarkType::kOpenSingle && OpensAfter(text, para.begin, m.begin) &&
                   WordFollows(text, m.end, para.end)) {
          open = true;
          opener = m;
          content_begin = m.end;
          cur = QuotedStretch{};
          cur.open_begin = m.begin;
          cur.single = true;
        }
        continue;
      }
      bool closes = false;
      if (opener.type == MarkType::kOpenSingle) {
        if (m.type == MarkType::kCloseSingle && ClosesSingle(text, m.end, para.end)) {
          closes = true;
        } else if (IsDoubleOpener(m, text, para.begin, para.end)) {
          // The ‘ was an apostrophe after all ("‘90s", "rock ‘n’ roll"): read the double quote.
          opener = m;
          content_begin = m.end;
          cur = QuotedStretch{};
          cur.open_begin = m.begin;
          continue;
        }
      } else if (opener.type == MarkType::kOpenGuillemet) {
        closes = m.type == MarkType::kCloseGuillemet;
      } else {
        closes = m.type == MarkType::kCloseDouble ||
                 (m.type == MarkType::kStraight &&
                  !(OpensAfter(text, para.begin, m.begin) && WordFollows(text, m.end, para.end))) ||
                 (opener.low && m.type == MarkType::kOpenDouble) ||
                 // A “ used as a closing mark (“...,“ said X): no space before, none after.
                 (m.type == MarkType::kOpenDouble && !OpensAfter(text, para.begin, m.begin) &&
                  !WordFollows(text, m.end, para.end));
      }
      if (closes) {
        cur.parts.push_back({content_begin, m.begin});
        cur.close_end = m.end;
        cur.closed = true;
        out.push_back(std::move(cur));
        cur = QuotedStretch{};
        open = false;
      }
    }
    if (open) {
      // Continued by the next paragraph when it starts with an opening mark of the same kind.
      bool continues = false;
      if (p + 1 < paragraphs.size() && opener.type != MarkType::kOpenSingle) {
        const Paragraph next = paragraphs[p + 1];
        std::vector<Mark> first;
        ScanMarks(text, next.begin, std::min<uint32_t>(next.end, next.begin + 3), &first);
        continues = !first.empty() && first[0].begin == next.begin &&
                    IsDoubleOpener(first[0], text, next.begin, next.end);
      }
      if (content_begin < para.end) cur.parts.push_back({content_begin, para.end});
      if (continues) {
        continuing = true;
        open = false;
      } else {
        open = false;
        if (!cur.single && !cur.parts.empty()) {
          cur.close_end = cur.parts.back().end;
          cur.closed = false;
          out.push_back(std::move(cur));
        }
        cur = QuotedStretch{};
      }
    }
  }
  if (continuing && !cur.parts.empty()) {
    // Unreachable in practice (the check saw a next paragraph), kept for the invariant.
    cur.close_end = cur.parts.back().end;
    cur.closed = false;
    out.push_back(std::move(cur));
  }
  // Drop empty parts and quotes (“” with nothing inside).
  std::vector<QuotedStretch> kept;
  kept.reserve(out.size());
  for (QuotedStretch& q : out) {
    std::erase_if(q.parts, [](const TextSpan& s) { return s.begin >= s.end; });
    if (!q.parts.empty()) kept.push_back(std::move(q));
  }
  return kept;
}

}  // namespace storyline
