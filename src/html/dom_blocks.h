// DomBlocks: a parsed HTML document flattened into what extraction needs: the elements (a compact
// tree, document order), the text blocks (paragraphs, headings, list items, lines broken by <br>)
// with their link text, and the page's metadata sources (meta tags, links, JSON-LD, <time>,
// byline candidates) collected in the same walk.
//
// Thread-safety: ParseDomBlocks is a pure function of its input (it initialises libxml2 once and
// silences its error output per thread); safe from any number of threads.
// Invariants: elements are in preorder, so elements[e].parent < e; a block's owner is the
// innermost block-level element open when its text was read.
#ifndef STORYLINE_HTML_DOM_BLOCKS_H_
#define STORYLINE_HTML_DOM_BLOCKS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storyline/status.h"

namespace storyline {

// What extraction needs to know of a tag.
enum class TagKind : uint8_t {
  kOther,        // unknown or plain container (div, section, span ...)
  kInline,       // a, b, i, em, strong, span ...: text flows into the current block
  kParagraph,    // p
  kHeading,      // h1..h6
  kListItem,     // li, dt, dd
  kList,         // ul, ol, dl
  kCell,         // td, th
  kPre,          // pre, blockquote
  kCaption,      // figcaption
  kArticle,      // article, main
  kBoilerplate,  // nav, footer, aside, form, header, menu, button, select: never article text
  kSkip,         // script, style, noscript, iframe, svg, template, head ...: no visible text
};

struct DomElement {
  int parent = -1;
  TagKind kind = TagKind::kOther;
  uint8_t heading_level = 0;  // 1..6 for h1..h6
  bool is_body = false;
  // Class/id hints: positive ("article", "content", "story" ...) and negative ("comment",
  // "related", "share", "sidebar" ...).
  int8_t class_weight = 0;
  bool boilerplate_hint = false;  // strongly boilerplate by class/id/role/tag (never content)
  bool comment_hint = false;
  uint32_t signature = 0;  // hash of tag name and class: repeated containers (blog posts) match //
                           // class/id names comments (boilerplate however large)
  uint32_t text_chars = 0;        // characters of text in blocks owned by this subtree
  uint32_t link_chars = 0;        // of which inside <a>
  uint32_t paragraph_blocks = 0;  // blocks of >= 25 characters owned by this subtree
};

struct TextBlock {
  std::string text;                // whitespace collapsed, trimmed, non-empty
  int owner = -1;                  // the block-level element holding it
  uint32_t chars = 0;              // code points
  uint32_t link_chars = 0;         // code points inside <a>
  TagKind kind = TagKind::kOther;  // kind of the owner (kParagraph, kHeading, kListItem ...)
  uint8_t heading_level = 0;
  bool in_caption = false;  // inside <figcaption> (or a caption-classed element)
};

struct MetaTag {
  std::string key;    // lowercased name, property, itemprop or http-equiv
  std::string value;  // content (or datetime/href for itemprop elements)
};

struct TimeElement {
  std::string datetime;       // the datetime attribute (or the element's text when it has none)
  bool publish_hint = false;  // pubdate attribute, itemprop=datePublished, or a "publish" class
  bool update_hint = false;   // "update"/"modified" class or itemprop=dateModified
};

struct DomBlocks {
  std::vector<DomElement> elements;
  std::vector<TextBlock> blocks;
  std::vector<MetaTag> metas;
  std::vector<std::string> json_ld;       // texts of <script type="application/ld+json">
  std::vector<TimeElement> times;         // in document order
  std::vector<std::string> headings_h1;   // texts of the first h1 elements
  std::vector<std::string> byline_texts;  // texts of byline/author-classed elements, rel=author
  std::vector<std::string> date_texts;    // texts of date-classed elements (class has "date")
  std::string title;                      // <title>
  std::string canonical;                  // <link rel=canonical href>
  std::string html_lang;                  // <html lang> (or xml:lang)
};

// Parses `utf8_html` (well-formed UTF-8; a <meta charset> in it is ignored) with libxml2's HTML
// parser in recovery mode and builds the blocks from its SAX events, without a document tree.
// Errors: InvalidArgument when libxml2 cannot start on the input (it is too large for its int
// length, or it gave no document).
Result<DomBlocks> ParseDomBlocks(std::string_view utf8_html);

}  // namespace storyline

#endif  // STORYLINE_HTML_DOM_BLOCKS_H_
