// HTML extraction: one saved web page into a clean Article (main text, title, byline, date,
// canonical URL, language), or a clear statement that the page is not an article.
//
// How it works (docs/html-extraction.md): the bytes are decoded to UTF-8 (BOM, the HTTP charset,
// the page's own declaration, else uchardet), parsed with libxml2's HTML parser, cut into text
// blocks (paragraphs, headings, list items ...), and the DOM subtree holding the article is chosen
// by a score built from text length, commas, link density and class/id hints. Inside it, blocks
// that are boilerplate (share bars, related links, newsletter boxes, comments ...) are dropped.
// Metadata comes from JSON-LD, meta tags, <time> elements, the URL and the visible text, each
// with its provenance.
//
// Thread-safety: ExtractArticle is safe to call concurrently from any number of threads (it keeps
// no shared mutable state; libxml2 is initialised once, thread-safely).
// Ownership: the result owns all its strings; nothing refers to the input after the call.
// Errors: InvalidArgument for input that holds no HTML at all (empty, only whitespace, binary
// data); ResourceExhausted for input above ExtractOptions::max_bytes. A page that parses but
// is not an article is not an error: it comes back with kind kIndex or kOther and a reason.
#ifndef STORYLINE_HTML_EXTRACT_H_
#define STORYLINE_HTML_EXTRACT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/article.h"
#include "storyline/status.h"

namespace storyline {

struct ExtractOptions {
  std::string url;               // where the page was fetched from ("" when unknown): URL date
                                 // patterns, resolving a relative canonical link, the source
  std::string http_charset;      // the HTTP Content-Type (or just its charset), "" when unknown
  size_t max_bytes = 64u << 20;  // larger input is refused (ResourceExhausted); 512 MB at most
};

enum class PageKind : uint8_t {
  kArticle = 0,  // one article: main text found
  kIndex,        // a home page, section front or list of links to other pages
  kOther,        // anything else: too little text, an error page, a form ...
};
const char* PageKindName(PageKind k);  // "article", "index", "other"

struct ExtractedPage {
  // url (canonical when found, else ExtractOptions::url), source (og:site_name, else the URL's
  // host), title, byline, published (with provenance and confidence), language, text
  // (paragraphs, headings and list items separated by '\n'; captions excluded). The text is the
  // best main text found even when `kind` is not kArticle. id, doc and origin are left unset.
  Article article;
  PageKind kind = PageKind::kOther;
  std::string kind_reason;  // why: "412 words in 9 paragraphs", "78% of the text is links" ...
  // Where the published date came from: "json-ld", "meta:<name>", "time-element", "url", "text",
  // or "" when unknown. Provenance kMetadata for the first four (URL dates with confidence 0.7),
  // kText (confidence 0.5) for a date written near the title.
  std::string date_source;
  std::string canonical_url;          // <link rel=canonical> or og:url, absolute; "" when absent
  std::string declared_language;      // <html lang> / content-language, primary subtag; "" if none
  std::string detected_language;      // English test, else CLD2, on the text ("und" if unsure)
  std::string charset;                // encoding used ("utf-8", "windows-1252" ...)
  std::string charset_source;         // "bom", "http", "meta", "utf-8-valid", "detected", "default"
  std::vector<std::string> captions;  // figure captions (figcaption), kept out of `text`
  std::vector<std::string> warnings;  // repairs: "replaced 3 ill-formed byte sequences" ...
  size_t paragraph_count = 0;         // lines of `text`
};

// Extracts the article from one HTML page (see the header comment).
Result<ExtractedPage> ExtractArticle(std::string_view html, const ExtractOptions& opts);

}  // namespace storyline

#endif  // STORYLINE_HTML_EXTRACT_H_
