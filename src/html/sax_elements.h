// The element and text helpers of the SAX walk in dom_blocks.cc: what kind of element a tag
// name is, the attributes the walk reads (found in one pass), whether an element is hidden, and
// whitespace collapsing of text as it streams in. Split from dom_blocks.cc so that file holds the
// walk itself.
//
// Thread-safety: pure functions over their arguments.
#ifndef STORYLINE_HTML_SAX_ELEMENTS_H_
#define STORYLINE_HTML_SAX_ELEMENTS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "html/dom_blocks.h"

namespace storyline::sax_elements {

// libxml2's SAX attribute array (const xmlChar**): name, value, name, value, ..., null; a value
// may be null (an attribute given without one).
using SaxAttrs = const unsigned char**;

// The attribute's value (valid during the SAX callback); "" when absent or given without one.
std::string_view AttrView(SaxAttrs atts, const char* name);
std::string Attr(SaxAttrs atts, const char* name);
bool HasAttr(SaxAttrs atts, const char* name);
bool HasAttrs(SaxAttrs atts);

// ASCII lower case.
std::string Lower(std::string_view s);

// The kind of a (lower-case) tag name; kOther for names not in the table.
TagKind KindOf(std::string_view name);

// FNV-1a of the bytes, never 0.
uint32_t Fnv1a(std::string_view s);

// Appends text with whitespace (ASCII and no-break space) collapsed to single spaces; returns the
// number of code points appended. *pending_space carries a space seen at the end of one call to
// the next.
uint32_t AppendCollapsed(std::string_view in, std::string* out, bool* pending_space);
// What xmlNodeGetContent gives, whitespace collapsed.
std::string CollapseCaptured(std::string_view raw);

// The attributes the walk reads on every element, found in one pass (libxml2 keeps one
// attribute of each name, so the first match is the only one).
struct ElementAttrs {
  bool any = false;
  bool hidden = false;  // the `hidden` attribute
  std::string_view cls, id, role, itemprop, rel, style, aria_hidden;
};
ElementAttrs ScanAttrs(SaxAttrs atts);

// hidden, aria-hidden="true", or a style with display:none or visibility:hidden.
bool IsHidden(const ElementAttrs& a);

}  // namespace storyline::sax_elements

#endif  // STORYLINE_HTML_SAX_ELEMENTS_H_
