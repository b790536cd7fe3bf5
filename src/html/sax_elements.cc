// The element and text helpers of the SAX walk (sax_elements.h).
#include "html/sax_elements.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace storyline::sax_elements {
namespace {
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

// 1 for the ASCII whitespace bytes, 2 for 0xC2 (the first byte of a no-break space).
constexpr std::array<uint8_t, 256> kSpaceTable = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : {' ', '\n', '\t', '\r', '\f', '\v'}) t[c] = 1;
  t[0xC2] = 2;
  return t;
}();

}  // namespace

// The attribute's value (valid during the SAX callback); "" when absent or given without one.
std::string_view AttrView(SaxAttrs atts, const char* name) {
  if (atts == nullptr) return "";
  for (size_t i = 0; atts[i] != nullptr; i += 2) {
    if (strcasecmp(reinterpret_cast<const char*>(atts[i]), name) != 0) continue;
    return atts[i + 1] != nullptr ? std::string_view(reinterpret_cast<const char*>(atts[i + 1]))
                                  : std::string_view();
  }
  return "";
}

std::string Attr(SaxAttrs atts, const char* name) { return std::string(AttrView(atts, name)); }

bool HasAttr(SaxAttrs atts, const char* name) {
  if (atts == nullptr) return false;
  for (size_t i = 0; atts[i] != nullptr; i += 2) {
    if (strcasecmp(reinterpret_cast<const char*>(atts[i]), name) == 0) return true;
  }
  return false;
}

bool HasAttrs(SaxAttrs atts) { return atts != nullptr && atts[0] != nullptr; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

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

uint32_t Fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h == 0 ? 1 : h;
}

// Appends text with whitespace (ASCII and no-break space) collapsed to single spaces; returns the
// number of code points appended.
uint32_t AppendCollapsed(std::string_view in, std::string* out, bool* pending_space) {
  uint32_t cps = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const auto* const end = p + in.size();
  while (p < end) {
    // A run of spaces.
    while (p < end) {
      const uint8_t k = kSpaceTable[*p];
      if (k == 1) {
        ++p;
      } else if (k == 2 && p + 1 < end && p[1] == 0xA0) {
        p += 2;
      } else {
        break;
      }
      if (!out->empty()) *pending_space = true;
    }
    // A run of other bytes, appended at once.
    const auto* const run = p;
    uint32_t run_cps = 0;
    while (p < end) {
      const uint8_t k = kSpaceTable[*p];
      if (k == 1 || (k == 2 && p + 1 < end && p[1] == 0xA0)) break;
      run_cps += (*p & 0xC0) != 0x80;
      ++p;
    }
    if (p == run) continue;
    if (*pending_space) {
      out->push_back(' ');
      ++cps;
      *pending_space = false;
    }
    out->append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
    cps += run_cps;
  }
  return cps;
}

// What xmlNodeGetContent gives, whitespace collapsed.
std::string CollapseCaptured(std::string_view raw) {
  std::string out;
  bool pending = false;
  AppendCollapsed(raw, &out, &pending);
  return out;
}

ElementAttrs ScanAttrs(SaxAttrs atts) {
  ElementAttrs a;
  if (!HasAttrs(atts)) return a;
  a.any = true;
  for (size_t i = 0; atts[i] != nullptr; i += 2) {
    const char* name = reinterpret_cast<const char*>(atts[i]);
    const std::string_view value =
        atts[i + 1] != nullptr ? std::string_view(reinterpret_cast<const char*>(atts[i + 1]))
                               : std::string_view();
    auto is = [&](const char* n) { return strcasecmp(name, n) == 0; };
    switch (name[0] | 0x20) {
      case 'a':
        if (is("aria-hidden")) a.aria_hidden = value;
        break;
      case 'c':
        if (is("class")) a.cls = value;
        break;
      case 'h':
        if (is("hidden")) a.hidden = true;
        break;
      case 'i':
        if (is("id")) {
          a.id = value;
        } else if (is("itemprop")) {
          a.itemprop = value;
        }
        break;
      case 'r':
        if (is("role")) {
          a.role = value;
        } else if (is("rel")) {
          a.rel = value;
        }
        break;
      case 's':
        if (is("style")) a.style = value;
        break;
      default:
        break;
    }
  }
  return a;
}

bool IsHidden(const ElementAttrs& a) {
  if (!a.any) return false;
  if (a.hidden) return true;
  if (strcasecmp(std::string(a.aria_hidden).c_str(), "true") == 0) return true;
  if (a.style.empty()) return false;
  std::string compact;
  for (char c : a.style) {
    if (c != ' ') compact.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

}  // namespace storyline::sax_elements
