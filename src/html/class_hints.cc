#include "html/class_hints.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace storyline {

namespace {

// Class/id words of boilerplate (substrings of the lowercased class and id).
constexpr std::array<std::string_view, 46> kNegativeSubstrings = {
    "comment",    "share",     "sharing",    "social",    "related",  "newsletter", "subscri",
    "signup",     "sign-up",   "cookie",     "consent",   "gdpr",     "footer",     "breadcrumb",
    "sidebar",    "widget",    "promo",      "advert",    "sponsor",  "popular",    "most-read",
    "mostread",   "most_read", "trending",   "recommend", "outbrain", "taboola",    "pagination",
    "pager",      "navbar",    "navigation", "masthead",  "toolbar",  "disqus",     "banner",
    "skyscraper", "popup",     "modal",      "login",     "byline",   "dateline",   "author-bio",
    "more-from",  "read-more", "readmore",   "tagcloud"};
// Whole class/id tokens (split on space, '-' and '_') of boilerplate.
constexpr std::array<std::string_view, 16> kNegativeTokens = {
    "ad",   "ads",    "nav",    "menu",   "tags",   "tag",      "print", "rss",
    "skip", "hidden", "header", "topbar", "subnav", "keywords", "links", "extra"};
constexpr std::array<std::string_view, 13> kPositiveSubstrings = {
    "article", "content", "entry",  "post",   "story",           "body", "text",
    "main",    "blog",    "hentry", "column", "instapaper_body", "page"};

bool IsTokenChar(char c) { return c != ' ' && c != '-' && c != '_' && c != '\t' && c != '\n'; }

// Every word FindClassHints looks for, by its first byte, so that one pass over a string finds
// them all.
enum HintGroup : uint8_t {
  kGroupNegative = 1,
  kGroupPositive = 2,
  kGroupComment = 4,
  kGroupByline = 8,
  kGroupAuthorName = 16,
  kGroupDate = 32,
};

struct HintNeedle {
  std::string_view text;
  uint8_t groups;
};

class HintNeedles {
 public:
  HintNeedles() {
    std::vector<HintNeedle> all;
    for (std::string_view w : kNegativeSubstrings) all.push_back({w, kGroupNegative});
    for (std::string_view w : kPositiveSubstrings) all.push_back({w, kGroupPositive});
    all.push_back({"comment", kGroupComment});
    all.push_back({"byline", kGroupByline});
    all.push_back({"author-name", kGroupAuthorName});
    for (std::string_view w : {"date", "time", "publish", "posted", "meta"}) {
      all.push_back({w, kGroupDate});
    }
    for (const HintNeedle& n : all) by_first_[static_cast<unsigned char>(n.text[0])].push_back(n);
  }
  // The groups of the words found in `s`.
  uint8_t Find(std::string_view s) const {
    uint8_t groups = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      for (const HintNeedle& n : by_first_[static_cast<unsigned char>(s[i])]) {
        if ((groups & n.groups) != n.groups && s.compare(i, n.text.size(), n.text) == 0) {
          groups |= n.groups;
        }
      }
    }
    return groups;
  }

 private:
  std::array<std::vector<HintNeedle>, 256> by_first_;
};

}  // namespace

ClassHints FindClassHints(std::string_view s) {
  static const HintNeedles needles;
  const uint8_t groups = needles.Find(s);
  ClassHints h;
  h.negative = (groups & kGroupNegative) != 0;
  bool author_token = false;
  // Whole tokens (split on space, '-' and '_').
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && !IsTokenChar(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && IsTokenChar(s[j])) ++j;
    const std::string_view token = s.substr(i, j - i);
    if (!token.empty()) {
      for (std::string_view t : kNegativeTokens) {
        if (token == t) h.negative = true;
      }
      if (token == "author") author_token = true;
    }
    i = j;
  }
  h.positive = (groups & kGroupPositive) != 0;
  h.comment = (groups & kGroupComment) != 0;
  h.byline = (groups & kGroupByline) != 0;
  h.author = author_token || (groups & kGroupAuthorName) != 0;
  h.date = (groups & kGroupDate) != 0 || h.byline;
  return h;
}

}  // namespace storyline
