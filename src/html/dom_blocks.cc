#include "html/dom_blocks.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace storyline {

namespace {

constexpr size_t kMaxH1 = 4;
constexpr size_t kMaxHintTexts = 16;
constexpr size_t kMaxHintTextChars = 200;

std::string_view Name(const xmlNode* n) {
  return n->name != nullptr ? std::string_view(reinterpret_cast<const char*>(n->name))
                            : std::string_view();
}

// The attribute's value, pointing into the document (valid while it lives); "" when absent.
std::string_view AttrView(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr || strcasecmp(reinterpret_cast<const char*>(a->name), name) != 0) {
      continue;
    }
    if (a->children != nullptr && a->children->content != nullptr) {
      return reinterpret_cast<const char*>(a->children->content);
    }
    return "";
  }
  return "";
}

std::string Attr(const xmlNode* n, const char* name) { return std::string(AttrView(n, name)); }

bool HasAttr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr && strcasecmp(reinterpret_cast<const char*>(a->name), name) == 0) {
      return true;
    }
  }
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

struct TagInfo {
  std::string_view name;
  TagKind kind;
};

// <head> is a plain container: its metadata elements are skipped (and collected) one by one, and
// libxml2 leaves the body's content inside it when an unknown tag keeps it open.
constexpr std::array kTags = {
    TagInfo{"a", TagKind::kInline},
    TagInfo{"abbr", TagKind::kInline},
    TagInfo{"acronym", TagKind::kInline},
    TagInfo{"address", TagKind::kOther},
    TagInfo{"article", TagKind::kArticle},
    TagInfo{"aside", TagKind::kBoilerplate},
    TagInfo{"audio", TagKind::kSkip},
    TagInfo{"b", TagKind::kInline},
    TagInfo{"bdi", TagKind::kInline},
    TagInfo{"bdo", TagKind::kInline},
    TagInfo{"big", TagKind::kInline},
    TagInfo{"blockquote", TagKind::kPre},
    TagInfo{"button", TagKind::kBoilerplate},
    TagInfo{"canvas", TagKind::kSkip},
    TagInfo{"center", TagKind::kOther},
    TagInfo{"cite", TagKind::kInline},
    TagInfo{"code", TagKind::kInline},
    TagInfo{"data", TagKind::kInline},
    TagInfo{"dd", TagKind::kListItem},
    TagInfo{"del", TagKind::kInline},
    TagInfo{"dfn", TagKind::kInline},
    TagInfo{"dialog", TagKind::kBoilerplate},
    TagInfo{"dl", TagKind::kList},
    TagInfo{"dt", TagKind::kListItem},
    TagInfo{"em", TagKind::kInline},
    TagInfo{"embed", TagKind::kSkip},
    TagInfo{"figcaption", TagKind::kCaption},
    TagInfo{"font", TagKind::kInline},
    TagInfo{"footer", TagKind::kBoilerplate},
    TagInfo{"form", TagKind::kOther},
    TagInfo{"frameset", TagKind::kSkip},
    TagInfo{"h1", TagKind::kHeading},
    TagInfo{"h2", TagKind::kHeading},
    TagInfo{"h3", TagKind::kHeading},
    TagInfo{"h4", TagKind::kHeading},
    TagInfo{"h5", TagKind::kHeading},
    TagInfo{"h6", TagKind::kHeading},
    TagInfo{"head", TagKind::kOther},
    TagInfo{"i", TagKind::kInline},
    TagInfo{"iframe", TagKind::kSkip},
    TagInfo{"img", TagKind::kInline},
    TagInfo{"input", TagKind::kSkip},
    TagInfo{"ins", TagKind::kInline},
    TagInfo{"kbd", TagKind::kInline},
    TagInfo{"label", TagKind::kInline},
    TagInfo{"li", TagKind::kListItem},
    TagInfo{"link", TagKind::kSkip},
    TagInfo{"main", TagKind::kArticle},
    TagInfo{"map", TagKind::kSkip},
    TagInfo{"mark", TagKind::kInline},
    TagInfo{"math", TagKind::kSkip},
    TagInfo{"menu", TagKind::kBoilerplate},
    TagInfo{"meta", TagKind::kSkip},
    TagInfo{"nav", TagKind::kBoilerplate},
    TagInfo{"nobr", TagKind::kInline},
    TagInfo{"noscript", TagKind::kSkip},
    TagInfo{"object", TagKind::kSkip},
    TagInfo{"ol", TagKind::kList},
    TagInfo{"option", TagKind::kSkip},
    TagInfo{"p", TagKind::kParagraph},
    TagInfo{"picture", TagKind::kSkip},
    TagInfo{"pre", TagKind::kPre},
    TagInfo{"q", TagKind::kInline},
    TagInfo{"s", TagKind::kInline},
    TagInfo{"samp", TagKind::kInline},
    TagInfo{"script", TagKind::kSkip},
    TagInfo{"select", TagKind::kSkip},
    TagInfo{"small", TagKind::kInline},
    TagInfo{"span", TagKind::kInline},
    TagInfo{"strike", TagKind::kInline},
    TagInfo{"strong", TagKind::kInline},
    TagInfo{"style", TagKind::kSkip},
    TagInfo{"sub", TagKind::kInline},
    TagInfo{"sup", TagKind::kInline},
    TagInfo{"svg", TagKind::kSkip},
    TagInfo{"td", TagKind::kCell},
    TagInfo{"template", TagKind::kSkip},
    TagInfo{"textarea", TagKind::kSkip},
    TagInfo{"th", TagKind::kCell},
    TagInfo{"time", TagKind::kInline},
    TagInfo{"title", TagKind::kSkip},
    TagInfo{"tt", TagKind::kInline},
    TagInfo{"u", TagKind::kInline},
    TagInfo{"ul", TagKind::kList},
    TagInfo{"var", TagKind::kInline},
    TagInfo{"video", TagKind::kSkip},
    TagInfo{"wbr", TagKind::kInline},
};

static_assert(std::is_sorted(kTags.begin(), kTags.end(),
                             [](const TagInfo& a, const TagInfo& b) { return a.name < b.name; }),
              "kTags must be sorted by name for the binary search");

TagKind KindOf(std::string_view name) {
  // kTags is sorted by name: binary search.
  size_t lo = 0, hi = kTags.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kTags[mid].name < name) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < kTags.size() && kTags[lo].name == name) return kTags[lo].kind;
  return TagKind::kOther;
}

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

uint32_t Fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h == 0 ? 1 : h;
}

bool IsTokenChar(char c) { return c != ' ' && c != '-' && c != '_' && c != '\t' && c != '\n'; }

bool HasToken(std::string_view s, std::string_view token) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !IsTokenChar(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && IsTokenChar(s[j])) ++j;
    if (s.substr(i, j - i) == token) return true;
    i = j;
  }
  return false;
}

// Appends text with whitespace (ASCII and no-break space) collapsed to single spaces; returns the
// number of code points appended.
uint32_t AppendCollapsed(std::string_view in, std::string* out, bool* pending_space) {
  uint32_t cps = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      if (!out->empty()) *pending_space = true;
      continue;
    }
    if (*pending_space) {
      out->push_back(' ');
      ++cps;
      *pending_space = false;
    }
    out->push_back(static_cast<char>(c));
    if ((c & 0xC0) != 0x80) ++cps;
  }
  return cps;
}

std::string CollapsedText(xmlNode* n, size_t max_chars) {
  xmlChar* content = xmlNodeGetContent(n);
  if (content == nullptr) return "";
  std::string out;
  bool pending = false;
  std::string_view raw(reinterpret_cast<const char*>(content));
  AppendCollapsed(raw.substr(0, max_chars * 4), &out, &pending);
  xmlFree(content);
  return out;
}

bool IsHidden(const xmlNode* n) {
  if (n->properties == nullptr) return false;
  if (HasAttr(n, "hidden")) return true;
  if (strcasecmp(std::string(AttrView(n, "aria-hidden")).c_str(), "true") == 0) return true;
  std::string_view style_view = AttrView(n, "style");
  if (style_view.empty()) return false;
  std::string style = Lower(style_view);
  std::string compact;
  for (char c : style) {
    if (c != ' ') compact.push_back(c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

class Walker {
 public:
  explicit Walker(DomBlocks* out) : out_(out) {}

  void PushRoot() { owner_stack_.push_back(0); }

  void Walk(xmlNode* node, int parent_elem, bool in_link, bool in_caption, bool in_boiler) {
    for (xmlNode* n = node; n != nullptr; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content == nullptr) continue;
        // A space owed from before the link is not link text.
        const bool owes_space = pending_space_ && !current_.empty();
        uint32_t cps =
            AppendCollapsed(reinterpret_cast<const char*>(n->content), &current_, &pending_space_);
        if (in_link) current_links_ += cps - (owes_space && cps > 0 ? 1 : 0);
        current_chars_ += cps;
        if (in_caption) current_caption_ = true;
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      // libxml2's HTML parser lowercases element names.
      const std::string_view name = Name(n);
      TagKind kind = KindOf(name);
      if (kind == TagKind::kSkip || kind == TagKind::kBoilerplate || kind == TagKind::kInline) {
        Collect(n, name, kind, in_boiler);
      }
      if (kind == TagKind::kSkip) continue;
      if (name == "br" || name == "hr") {
        Flush();
        continue;
      }
      if (IsHidden(n)) continue;
      if (kind == TagKind::kInline) {
        Walk(n->children, parent_elem, in_link || name == "a", in_caption, in_boiler);
        continue;
      }
      // A block-level element: it ends the current block and owns the text inside it.
      Flush();
      int e = static_cast<int>(out_->elements.size());
      DomElement el;
      el.parent = parent_elem;
      el.kind = kind;
      el.is_body = name == "body";
      if (kind == TagKind::kHeading) el.heading_level = static_cast<uint8_t>(name[1] - '0');
      bool hint_boiler = kind == TagKind::kBoilerplate;
      if (!el.is_body && name != "html" && n->properties != nullptr) {
        std::string cls = Lower(Attr(n, "class"));
        std::string id = Lower(Attr(n, "id"));
        std::string role = Lower(Attr(n, "role"));
        // An id holding a URL (CleanEval's <text id="http://...">) is a name, not a hint.
        if (id.find("://") != std::string::npos) id.clear();
        std::string both = cls + " " + id;
        // "commentary" is an article genre, not a comment section.
        for (size_t p = both.find("commentary"); p != std::string::npos;
             p = both.find("commentary", p)) {
          both.replace(p, 10, "opinion-ry");
        }
        bool negative = false, positive = false;
        for (std::string_view s : kNegativeSubstrings) {
          if (both.find(s) != std::string::npos) {
            negative = true;
            break;
          }
        }
        for (std::string_view t : kNegativeTokens) {
          if (negative) break;
          if (HasToken(both, t)) negative = true;
        }
        for (std::string_view s : kPositiveSubstrings) {
          if (both.find(s) != std::string::npos) {
            positive = true;
            break;
          }
        }
        if (role == "navigation" || role == "complementary" || role == "contentinfo" ||
            role == "banner" || role == "menu" || role == "search" || role == "dialog") {
          negative = true;
          positive = false;
        }
        if (negative && !positive) hint_boiler = true;
        el.comment_hint = both.find("comment") != std::string::npos;
        if (!cls.empty()) el.signature = Fnv1a(std::string(name) + "." + cls);
        el.class_weight = static_cast<int8_t>((positive ? 25 : 0) - (negative ? 25 : 0));
        CollectHints(n, both, in_boiler || hint_boiler);
      }
      if (kind == TagKind::kArticle && !hint_boiler) el.class_weight = 25;
      if (name == "html") {
        out_->html_lang = Attr(n, "lang");
        if (out_->html_lang.empty()) out_->html_lang = Attr(n, "xml:lang");
      }
      el.boilerplate_hint = hint_boiler;
      out_->elements.push_back(el);
      owner_stack_.push_back(e);
      bool caption = in_caption || kind == TagKind::kCaption;
      Walk(n->children, e, false, caption, in_boiler || hint_boiler);
      Flush();
      owner_stack_.pop_back();
      if (kind == TagKind::kHeading && el.heading_level == 1 && out_->headings_h1.size() < kMaxH1 &&
          !in_boiler) {
        std::string t = CollapsedText(n, kMaxHintTextChars * 2);
        if (!t.empty()) out_->headings_h1.push_back(std::move(t));
      }
    }
  }

  void Flush() {
    if (!current_.empty() && !owner_stack_.empty()) {
      TextBlock b;
      b.owner = owner_stack_.back();
      const DomElement& el = out_->elements[b.owner];
      b.kind = el.kind;
      b.heading_level = el.heading_level;
      b.chars = current_chars_;
      b.link_chars = current_links_ > current_chars_ ? current_chars_ : current_links_;
      b.in_caption = current_caption_;
      b.text = std::move(current_);
      out_->blocks.push_back(std::move(b));
    }
    current_.clear();
    current_chars_ = current_links_ = 0;
    current_caption_ = false;
    pending_space_ = false;
  }

 private:
  // Metadata sources carried by skipped, boilerplate and inline elements.
  void Collect(xmlNode* n, std::string_view name, TagKind kind, bool in_boiler) {
    if (name == "meta") {
      std::string key = Attr(n, "property");
      if (key.empty()) key = Attr(n, "name");
      if (key.empty()) key = Attr(n, "itemprop");
      if (key.empty()) key = Attr(n, "http-equiv");
      if (!key.empty()) out_->metas.push_back(MetaTag{Lower(key), Attr(n, "content")});
    } else if (name == "link") {
      std::string rel = Lower(Attr(n, "rel"));
      if (rel == "canonical" && out_->canonical.empty()) out_->canonical = Attr(n, "href");
    } else if (name == "title") {
      if (out_->title.empty()) out_->title = CollapsedText(n, 1000);
    } else if (name == "script") {
      std::string type = Lower(Attr(n, "type"));
      if (type.find("ld+json") != std::string::npos) {
        xmlChar* content = xmlNodeGetContent(n);
        if (content != nullptr) {
          out_->json_ld.emplace_back(reinterpret_cast<const char*>(content));
          xmlFree(content);
        }
      }
    } else if (name == "time") {
      TimeElement t;
      t.datetime = Attr(n, "datetime");
      if (t.datetime.empty()) t.datetime = CollapsedText(n, 100);
      std::string hints = Lower(Attr(n, "class") + " " + Attr(n, "itemprop") + " " + Attr(n, "id"));
      t.publish_hint = HasAttr(n, "pubdate") || hints.find("publish") != std::string::npos ||
                       hints.find("created") != std::string::npos;
      t.update_hint =
          hints.find("update") != std::string::npos || hints.find("modif") != std::string::npos;
      if (!t.datetime.empty() && out_->times.size() < kMaxHintTexts) out_->times.push_back(t);
    } else if (kind == TagKind::kInline && n->properties != nullptr) {
      std::string cls = Lower(Attr(n, "class") + " " + Attr(n, "id"));
      // hAtom: <abbr class="published" title="2013-04-04T18:52:11+02:00">.
      if (name == "abbr" && cls.find("published") != std::string::npos &&
          out_->times.size() < kMaxHintTexts) {
        std::string title = Attr(n, "title");
        if (!title.empty()) out_->times.push_back(TimeElement{title, true, false});
      }
      CollectHints(n, cls, in_boiler);
    }
    if (name == "a" && n->properties != nullptr &&
        Lower(AttrView(n, "rel")).find("author") != std::string::npos && !in_boiler &&
        out_->byline_texts.size() < kMaxHintTexts) {
      std::string t = CollapsedText(n, kMaxHintTextChars);
      if (!t.empty()) out_->byline_texts.push_back(std::move(t));
    }
  }

  // itemprop, byline- and date-classed elements.
  void CollectHints(xmlNode* n, const std::string& class_and_id, bool in_boiler) {
    std::string itemprop = Lower(Attr(n, "itemprop"));
    if (itemprop == "datepublished" || itemprop == "datecreated") {
      std::string v = Attr(n, "content");
      if (v.empty()) v = Attr(n, "datetime");
      if (v.empty()) v = CollapsedText(n, 100);
      out_->metas.push_back(MetaTag{"itemprop:" + itemprop, v});
    }
    if (in_boiler && class_and_id.find("byline") == std::string::npos) return;
    if (out_->byline_texts.size() < kMaxHintTexts &&
        (itemprop == "author" || class_and_id.find("byline") != std::string::npos ||
         HasToken(class_and_id, "author") ||
         class_and_id.find("author-name") != std::string::npos)) {
      std::string t = CollapsedText(n, kMaxHintTextChars);
      if (!t.empty() && t.size() <= kMaxHintTextChars) out_->byline_texts.push_back(std::move(t));
    }
    if (out_->date_texts.size() < kMaxHintTexts &&
        (class_and_id.find("date") != std::string::npos ||
         class_and_id.find("time") != std::string::npos ||
         class_and_id.find("publish") != std::string::npos ||
         class_and_id.find("posted") != std::string::npos ||
         class_and_id.find("byline") != std::string::npos ||
         class_and_id.find("meta") != std::string::npos)) {
      std::string t = CollapsedText(n, kMaxHintTextChars);
      if (!t.empty() && t.size() <= kMaxHintTextChars) out_->date_texts.push_back(std::move(t));
    }
  }

  DomBlocks* out_;
  std::vector<int> owner_stack_;
  std::string current_;
  uint32_t current_chars_ = 0;
  uint32_t current_links_ = 0;
  bool current_caption_ = false;
  bool pending_space_ = false;
};

}  // namespace

DomBlocks BuildDomBlocks(_xmlDoc* doc) {
  DomBlocks out;
  if (doc == nullptr) return out;
  // Element 0 stands for the document, so text outside <html> still has an owner.
  out.elements.push_back(DomElement{});
  Walker walker(&out);
  walker.PushRoot();
  walker.Walk(doc->children, 0, false, false, false);
  walker.Flush();
  // Totals per subtree: blocks add to their owner and every ancestor.
  for (const TextBlock& b : out.blocks) {
    for (int e = b.owner; e >= 0; e = out.elements[e].parent) {
      DomElement& el = out.elements[e];
      el.text_chars += b.chars;
      el.link_chars += b.link_chars;
      if (b.chars >= 25) ++el.paragraph_blocks;
    }
  }
  return out;
}

}  // namespace storyline
