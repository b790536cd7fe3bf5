#include "html/content_scorer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string_view>

namespace storyline {

namespace {

constexpr uint32_t kMinScoredChars = 25;
constexpr int kScoredAncestors = 5;
constexpr uint32_t kMinMainChars = 400;
// Near-equal runners-up (within this share of the winner's score), at least this many under one
// ancestor, make the ancestor the winner.
constexpr float kAlternativeRatio = 0.75f;
constexpr size_t kMinAlternatives = 2;

bool IsParagraphLike(TagKind k) {
  return k == TagKind::kParagraph || k == TagKind::kListItem || k == TagKind::kPre ||
         k == TagKind::kCaption || k == TagKind::kHeading;
}

float StartScore(const DomElement& el) {
  float s = el.class_weight;
  switch (el.kind) {
    case TagKind::kOther:
    case TagKind::kArticle:
      s += 5;
      break;
    case TagKind::kPre:
    case TagKind::kCell:
      s += 3;
      break;
    case TagKind::kList:
    case TagKind::kListItem:
      s -= 3;
      break;
    case TagKind::kHeading:
      s -= 5;
      break;
    default:
      break;
  }
  return s;
}

float LinkDensity(uint32_t links, uint32_t chars) {
  return chars == 0 ? 0.f : static_cast<float>(links) / static_cast<float>(chars);
}

// Occurrences of the byte `c`, eight bytes at a time.
size_t CountByte(std::string_view s, char c) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const uint64_t pattern = 0x0101010101010101ULL * static_cast<unsigned char>(c);
  size_t n = 0, i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const uint64_t x = w ^ pattern;  // zero bytes where s has c
    n += static_cast<size_t>(std::popcount(~(((x & kLow7) + kLow7) | x | kLow7)));
  }
  for (; i < s.size(); ++i) n += s[i] == c;
  return n;
}

int Commas(std::string_view t) {
  int n = static_cast<int>(CountByte(t, ','));
  // Fullwidth comma U+FF0C and ideographic comma U+3001, found from their lead bytes.
  for (auto [lead, second, third] : {std::array<char, 3>{'\xEF', '\xBC', '\x8C'},
                                     std::array<char, 3>{'\xE3', '\x80', '\x81'}}) {
    for (size_t i = t.find(lead); i != std::string_view::npos; i = t.find(lead, i + 1)) {
      if (i + 2 < t.size() && t[i + 1] == second && t[i + 2] == third) ++n;
    }
  }
  return n;
}

// Short blocks that are page furniture, whatever subtree they sit in.
constexpr std::array<std::string_view, 34> kJunkPrefixes = {
    "advertisement", "advertising", "share",
    "tweet",         "email this",  "e-mail this",
    "print",         "comments",    "comment",
    "read more",     "related",     "click here",
    "subscribe",     "sign up",     "follow us",
    "copyright",     "\xC2\xA9",    "all rights reserved",
    "posted in",     "filed under", "tags:",
    "loading",       "image:",      "photo:",
    "getty images",  "previous",    "next",
    "back to top",   "skip to",     "most read",
    "most popular",  "latest news", "you may also like",
    "more from"};
constexpr size_t kJunkMaxChars = 60;

char LowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// `s` starts with `prefix` (lowercase) ignoring ASCII case.
bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (LowerChar(s[i]) != prefix[i]) return false;
  }
  return true;
}

bool ContainsNoCase(std::string_view s, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (StartsWithNoCase(s.substr(i), needle)) return true;
  }
  return false;
}

bool IsJunk(const TextBlock& b) {
  const std::string_view t = b.text;
  if (b.chars > kJunkMaxChars) {
    std::string_view head = t.substr(0, 40);
    return StartsWithNoCase(head, "copyright") || StartsWithNoCase(head, "\xC2\xA9") ||
           (ContainsNoCase(head, "all rights reserved") && b.chars < 200);
  }
  for (std::string_view p : kJunkPrefixes) {
    if (StartsWithNoCase(t, p)) return true;
  }
  return false;
}

// Words of a block (whitespace-separated; CJK: characters / 2 over the whole text, see below).
// Block texts hold single spaces only, never at either end.
size_t BlockWords(const TextBlock& b) { return CountByte(b.text, ' ') + 1; }

// Lead bytes of 3-byte sequences (U+0800..U+FFFF): mostly CJK and Thai characters.
size_t ThreeByteLeads(const TextBlock& b) {
  if (b.chars == b.text.size()) return 0;  // ASCII only
  size_t n = 0;
  for (char ch : b.text) {
    const auto c = static_cast<unsigned char>(ch);
    n += c >= 0xE3 && c <= 0xE9;
  }
  return n;
}

}  // namespace

MainText ScoreMainText(const DomBlocks& dom, bool declared_article) {
  MainText out;
  const auto& els = dom.elements;
  const auto& blocks = dom.blocks;
  const size_t n = els.size();
  if (n == 0) {
    out.reason = "the page has no elements";
    return out;
  }
  // A boilerplate-named element holding most of the page's running text is a wrapper (often an
  // unclosed masthead or a page-wide form), not boilerplate; comments stay boilerplate.
  const uint32_t page_running = els[0].text_chars - els[0].link_chars;
  std::vector<uint8_t> boiler(n, 0), in_boiler(n, 0);
  for (size_t e = 0; e < n; ++e) {
    const DomElement& el = els[e];
    const uint32_t running = el.text_chars - el.link_chars;
    bool wrapper = !el.comment_hint && el.paragraph_blocks >= 3 && running * 10 >= page_running * 4;
    // A class name alone does not make prose boilerplate ("links" cells holding blog posts).
    bool prose = !el.comment_hint && el.kind != TagKind::kBoilerplate && el.paragraph_blocks >= 2 &&
                 running >= 400 && LinkDensity(el.link_chars, el.text_chars) < 0.15f;
    boiler[e] = el.boilerplate_hint && !wrapper && !prose;
    in_boiler[e] = boiler[e] || (el.parent >= 0 && in_boiler[el.parent]);
  }

  // 1. Scores.
  std::vector<float> score(n, 0.f);
  std::vector<uint8_t> scored(n, 0);
  for (const TextBlock& b : blocks) {
    if (b.chars < kMinScoredChars || in_boiler[b.owner] || b.kind == TagKind::kHeading ||
        b.in_caption) {
      continue;
    }
    float points =
        1.f + static_cast<float>(Commas(b.text)) + std::min(static_cast<float>(b.chars / 100), 3.f);
    int e = b.owner;
    if (IsParagraphLike(els[e].kind) && els[e].parent >= 0) e = els[e].parent;
    for (int level = 0; e >= 0 && level < kScoredAncestors; ++level, e = els[e].parent) {
      if (!scored[e]) {
        scored[e] = 1;
        score[e] = StartScore(els[e]);
      }
      float divider = level == 0 ? 1.f : level == 1 ? 2.f : static_cast<float>(level * 3);
      score[e] += points / divider;
    }
  }
  int top = -1;
  for (size_t e = 0; e < n; ++e) {
    if (!scored[e] || in_boiler[e]) continue;
    score[e] *= 1.f - LinkDensity(els[e].link_chars, els[e].text_chars);
    if (top < 0 || score[e] > score[top]) top = static_cast<int>(e);
  }

  std::vector<uint8_t> included(n, 0);
  if (top >= 0) {
    // Near-equal candidates (two or more of the five next best, within 75% of the winner) under
    // one ancestor of the winner: the article is split over them, and the ancestor holds it all.
    std::vector<int> best;
    for (size_t e = 0; e < n; ++e) {
      if (scored[e] && !in_boiler[e] && static_cast<int>(e) != top)
        best.push_back(static_cast<int>(e));
    }
    const size_t keep = std::min<size_t>(best.size(), 5);
    std::partial_sort(best.begin(), best.begin() + keep, best.end(),
                      [&](int a, int b) { return score[a] > score[b]; });
    best.resize(keep);
    std::vector<int> alternatives;
    for (int e : best) {
      if (score[e] >= kAlternativeRatio * score[top]) alternatives.push_back(e);
    }
    if (alternatives.size() >= kMinAlternatives) {
      auto is_under = [&](int e, int ancestor) {
        for (int a = e; a >= 0; a = els[a].parent) {
          if (a == ancestor) return true;
        }
        return false;
      };
      for (int a = els[top].parent; a > 0 && !els[a].is_body; a = els[a].parent) {
        int under = 0;
        for (int e : alternatives) under += is_under(e, a);
        if (under >= static_cast<int>(kMinAlternatives)) {
          top = a;
          break;
        }
      }
    }
  }
  if (top >= 0) {
    // Climb when the parent gathers more (the text is split over sibling containers).
    float last = score[top];
    const float threshold = score[top] / 3.f;
    for (int p = els[top].parent; p > 0 && !els[p].is_body; p = els[p].parent) {
      if (!scored[p] || in_boiler[p]) continue;
      if (score[p] < threshold) break;
      if (score[p] > last) {
        top = p;
        break;
      }
      last = score[p];
    }
    // A container that is its parent's only text is the same content; take the larger one.
    while (els[top].parent > 0 && !els[els[top].parent].is_body &&
           els[els[top].parent].text_chars == els[top].text_chars && !in_boiler[els[top].parent]) {
      top = els[top].parent;
    }
    included[top] = 1;
    const int parent = els[top].parent;
    const float sibling_threshold = std::max(10.f, score[top] * 0.2f);
    if (parent >= 0) {
      for (size_t e = static_cast<size_t>(parent) + 1; e < n; ++e) {
        if (els[e].parent != parent || static_cast<int>(e) == top || in_boiler[e]) continue;
        float ld = LinkDensity(els[e].link_chars, els[e].text_chars);
        bool good = (scored[e] && score[e] >= sibling_threshold) ||
                    (els[e].kind == TagKind::kParagraph && els[e].text_chars > 80 && ld < 0.25f);
        if (good) included[e] = 1;
      }
    }
    // Containers like the chosen one elsewhere on the page: the other posts of a blog page.
    const uint32_t sig = els[top].signature;
    if (sig != 0) {
      for (size_t e = 0; e < n; ++e) {
        if (els[e].signature != sig || static_cast<int>(e) == top || in_boiler[e]) continue;
        if (els[e].text_chars < 200 || LinkDensity(els[e].link_chars, els[e].text_chars) > 0.25f) {
          continue;
        }
        included[e] = 1;
      }
    }
  }

  // 2. Cleaning.
  std::vector<uint8_t> in_content(n, 0), boiler_in_content(n, 0);
  for (size_t e = 0; e < n; ++e) {
    int p = els[e].parent;
    in_content[e] = included[e] || (p >= 0 && in_content[p]);
    boiler_in_content[e] = included[e] ? 0 : ((p >= 0 && boiler_in_content[p]) || boiler[e]);
  }
  auto keep_block = [&](const TextBlock& b, bool inside) {
    if (!inside || b.in_caption) return false;
    float ld = LinkDensity(b.link_chars, b.chars);
    if (b.kind != TagKind::kHeading && ld > 0.5f) return false;
    if (b.kind == TagKind::kListItem) {
      int list = els[b.owner].parent;
      if (ld > 0.3f) return false;
      if (list >= 0 && LinkDensity(els[list].link_chars, els[list].text_chars) > 0.5f) {
        return false;
      }
    }
    return !IsJunk(b);
  };
  std::vector<int> kept;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const TextBlock& b = blocks[i];
    bool inside = in_content[b.owner] && !boiler_in_content[b.owner];

    if (inside && b.in_caption) {
      out.captions.push_back(b.text);
      continue;
    }
    if (keep_block(b, inside)) kept.push_back(static_cast<int>(i));
  }

  uint32_t kept_chars = 0;
  for (int i : kept) kept_chars += blocks[i].chars;
  // 3. Fallback: running text outside the chosen subtree.
  uint32_t running_chars = 0;
  for (const TextBlock& b : blocks) {
    if (!in_boiler[b.owner] && b.chars >= 60 && LinkDensity(b.link_chars, b.chars) < 0.3f) {
      running_chars += b.chars;
    }
  }
  if (kept_chars < kMinMainChars && running_chars > 2 * kept_chars) {
    kept.clear();
    out.captions.clear();
    for (size_t i = 0; i < blocks.size(); ++i) {
      const TextBlock& b = blocks[i];
      if (in_boiler[b.owner]) continue;
      if (b.in_caption) {
        out.captions.push_back(b.text);
        continue;
      }
      bool running = b.chars >= 40 && LinkDensity(b.link_chars, b.chars) < 0.3f && !IsJunk(b);
      if (running || (b.kind == TagKind::kHeading && b.chars >= 10)) {
        kept.push_back(static_cast<int>(i));
      }
    }
  }
  // The headline (the last h1 before the main text, outside it) opens the article.
  if (!kept.empty()) {
    for (int i = kept.front() - 1; i >= 0 && i >= kept.front() - 30; --i) {
      const TextBlock& b = blocks[i];
      if (b.kind == TagKind::kHeading && b.heading_level == 1 && !in_boiler[b.owner]) {
        kept.insert(kept.begin(), i);
        break;
      }
    }
  }
  // Headings left without text after them (the end, or another heading of the same or a higher
  // rank next) were the titles of dropped blocks.
  std::vector<int> final_blocks;
  for (size_t k = 0; k < kept.size(); ++k) {
    const TextBlock& b = blocks[kept[k]];
    if (b.kind == TagKind::kHeading) {
      if (k + 1 == kept.size()) continue;
      const TextBlock& next = blocks[kept[k + 1]];
      if (next.kind == TagKind::kHeading && next.heading_level <= b.heading_level) continue;
    }
    final_blocks.push_back(kept[k]);
  }

  size_t long_paragraphs = 0, words = 0, cjk = 0;
  uint32_t content_links = 0, content_chars = 0;
  for (int i : final_blocks) {
    const TextBlock& b = blocks[i];
    words += BlockWords(b);
    cjk += ThreeByteLeads(b);
    if (!out.text.empty()) out.text.push_back('\n');
    out.text += b.text;
    ++out.paragraphs;
    if (b.kind != TagKind::kHeading && b.chars >= 80) ++long_paragraphs;
    content_links += b.link_chars;
    content_chars += b.chars;
  }
  if (!final_blocks.empty()) {
    out.first_block = final_blocks.front();
    out.last_block = final_blocks.back();
  }
  out.words = std::max(words, cjk / 2);

  // 4. Page kind.
  // Linked headlines (h2..h6 that are links) make a list of teasers when they sit in the chosen
  // text, or when the page has little else; beside a long article they are a sidebar.
  size_t link_blocks = 0, teaser_headings = 0, teasers_in_text = 0;
  for (const TextBlock& b : blocks) {
    if (in_boiler[b.owner]) continue;
    float ld = LinkDensity(b.link_chars, b.chars);
    if (b.chars >= 10 && ld > 0.7f) ++link_blocks;
    if (b.kind == TagKind::kHeading && b.heading_level >= 2 && b.chars >= 20 && ld > 0.7f) {
      ++teaser_headings;
      if (in_content[b.owner]) ++teasers_in_text;
    }
  }
  const float page_ld = LinkDensity(els[0].link_chars, els[0].text_chars);
  const float content_ld = LinkDensity(content_links, content_chars);
  const size_t min_words = declared_article ? 40 : 60;
  const bool enough_text = out.words >= min_words && long_paragraphs >= 1 && content_ld < 0.4f;
  const bool teaser_list = !declared_article && teaser_headings >= 6 &&
                           teaser_headings * 2 >= long_paragraphs &&
                           (teasers_in_text >= 6 || out.words < 150);
  if (enough_text && !teaser_list) {
    out.kind = PageKind::kArticle;
    out.reason =
        std::to_string(out.words) + " words in " + std::to_string(out.paragraphs) + " paragraphs";
  } else if (teaser_list) {
    out.kind = PageKind::kIndex;
    out.reason = "a list of " + std::to_string(teaser_headings) + " linked headlines";
  } else if (page_ld >= 0.35f || link_blocks >= 15) {
    out.kind = PageKind::kIndex;
    out.reason = std::to_string(static_cast<int>(page_ld * 100 + 0.5f)) +
                 "% of the page's text is links (" + std::to_string(link_blocks) +
                 " link blocks) and the main text has " + std::to_string(out.words) + " words";
  } else {
    out.kind = PageKind::kOther;
    out.reason = out.words == 0 ? std::string("no running text")
                                : "only " + std::to_string(out.words) + " words of running text";
  }
  return out;
}

}  // namespace storyline
