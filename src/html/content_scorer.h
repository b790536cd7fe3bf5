// ContentScorer: chooses the main text of a page among its text blocks, and says whether the page
// is an article at all.
//
// 1. Scoring. Every block of at least 25 characters outside boilerplate gives its container and
//    up to four further ancestors points (1 + commas + one per 100 characters, at most 3; halved
//    for the grandparent, then divided by 3 x level), on top of a start value from the tag (div
//    +5, td/pre/blockquote +3, lists -3, headings -5) and class/id hints (+-25). A container's
//    score is scaled by (1 - its link density). The best container wins; its parent replaces it
//    when the parent scores higher (text split over sibling containers), and its siblings join
//    when they score at least a fifth of it or are link-free paragraphs. Containers with the same
//    tag and class as the winner elsewhere on the page (the other posts of a blog) join too.
// 2. Cleaning. Inside the chosen subtrees, blocks under boilerplate elements (share bars, related
//    links, newsletter boxes, comments ...), link-dense blocks and lists, short stock phrases
//    ("Advertisement", "Share this") and headings left without text are dropped; captions are
//    kept apart.
//    The last h1 before the main text (the headline) opens it. Boilerplate names do not count
//    for an element holding 40% of the page's running text (an unclosed masthead, a page-wide
//    form) or long link-free prose, except comment sections.
// 3. Fallback. When the chosen subtree holds under 400 characters but the page has twice as
//    much running text elsewhere, every non-boilerplate block of running text is taken instead.
// 4. Page kind. Article: at least 60 words with a paragraph of 80+ characters (40 words when
//    the page declares itself an article in JSON-LD or og:type), and the text not made of links.
//    Index: link-dense pages, and lists of 6+ linked headlines in the chosen text (or on a page
//    with under 150 words of text). Other: the rest (too little text).
//
// Thread-safety: a pure function; safe from any thread.
#ifndef STORYLINE_HTML_CONTENT_SCORER_H_
#define STORYLINE_HTML_CONTENT_SCORER_H_

#include <string>
#include <vector>

#include "html/dom_blocks.h"
#include "storyline/html_extract.h"

namespace storyline {

struct MainText {
  std::string text;  // kept blocks joined by '\n'
  std::vector<std::string> captions;
  size_t paragraphs = 0;  // lines of text
  size_t words = 0;       // whitespace-separated words of text (CJK: characters / 2)
  PageKind kind = PageKind::kOther;
  std::string reason;
  int first_block = -1;  // index in DomBlocks::blocks of the first kept block (-1: none)
  int last_block = -1;   // and of the last
};

// `declared_article`: JSON-LD @type *Article / BlogPosting or og:type article.
MainText ScoreMainText(const DomBlocks& dom, bool declared_article);

}  // namespace storyline

#endif  // STORYLINE_HTML_CONTENT_SCORER_H_
