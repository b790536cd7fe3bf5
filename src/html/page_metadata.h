// PageMetadata: title, byline, publication date, canonical URL, site name and declared language of
// a page, from its JSON-LD, meta tags, links, <time> elements, headings, URL and visible text.
//
// Date sources, first found wins ("fewer but right": a source that yields no valid day is passed
// over, and month-only dates are never returned):
//   json-ld        datePublished, else dateCreated, of the page's Article-like object (else any)
//   meta:<name>    article:published_time, datePublished (itemprop), pubdate, publish-date, date,
//                  dc.date(.issued), dcterms.created/issued, sailthru.date, parsely-pub-date,
//                  citation_publication_date ... (modification dates are ignored)
//   time-element   <time datetime> marked as published (pubdate, itemprop, class), else the first
//                  <time> not marked as an update
//   url            /2016/05/11/, /2016-05-11, _20160511 in the page URL (confidence 0.7)
//   text           a full date in a date- or byline-classed element, or in the visible text just
//                  before and at the start of the main text, or just after it
//                  (analysis/text_date_finder, German and French month names, "11.05.2016");
//                  provenance kText, confidence 0.5
//
// Thread-safety: pure functions; safe from any thread.
#ifndef STORYLINE_HTML_PAGE_METADATA_H_
#define STORYLINE_HTML_PAGE_METADATA_H_

#include <string>
#include <string_view>

#include "html/dom_blocks.h"
#include "storyline/article.h"

namespace storyline {

struct PageMetadata {
  std::string title;
  std::string byline;
  std::string site_name;          // og:site_name / application-name; "" when absent
  std::string canonical;          // absolute; "" when absent
  std::string declared_language;  // primary subtag, lowercase; "" when absent
  PublishedDate published;
  std::string date_source;        // see above; "" when unknown
  bool declared_article = false;  // JSON-LD *Article / BlogPosting, or og:type article
};

// Everything but the text date (which needs the main text: see FindTextDate).
PageMetadata ExtractPageMetadata(const DomBlocks& dom, std::string_view url);

// The text date: date-classed elements, then the blocks around `first_main_block` (up to 6
// before, 2 after), then the last main block and the 3 after `last_main_block` (a "posted on"
// line under the article). Unknown when none.
PublishedDate FindTextDate(const DomBlocks& dom, int first_main_block, int last_main_block);

// Parses a date value from metadata: ISO 8601 and its relatives ("2016-05-11", "2016/05/11",
// "20160511", "2016-05-11T09:30:00+02:00", "2016-05-11 09:30"), else a written date ("May 11,
// 2016", "Wed, 11 May 2016 09:30:00 GMT", "11.05.2016"). Only complete, valid days (years
// 1990-2099) are accepted.
bool ParseDateValue(std::string_view s, PublishedDate* out);

// The date in a URL path, or an unknown date.
PublishedDate DateFromUrl(std::string_view url);

// Resolves `href` against the page URL ("/a" -> "https://host/a"); "" when it cannot.
std::string ResolveUrl(std::string_view href, std::string_view base);

// Strips a site name from a page title: "Khan rejects offer | Press TV" -> "Khan rejects offer".
std::string CleanTitle(std::string_view title, std::string_view site_name, std::string_view h1);

}  // namespace storyline

#endif  // STORYLINE_HTML_PAGE_METADATA_H_
