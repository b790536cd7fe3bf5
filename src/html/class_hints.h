// ClassHints: what the class and id of an element say about it: boilerplate words ("comment",
// "share", "sidebar" ...), content words ("article", "story" ...), and the words of byline and
// date elements. dom_blocks uses them for its element hints and metadata sources.
//
// Thread-safety: a pure function (its word table is built once, thread-safely); safe from any
// thread.
#ifndef STORYLINE_HTML_CLASS_HINTS_H_
#define STORYLINE_HTML_CLASS_HINTS_H_

#include <string_view>

namespace storyline {

struct ClassHints {
  bool negative = false;  // boilerplate words (substrings) or tokens (split on space, '-', '_')
  bool positive = false;  // content words
  bool comment = false;   // "comment"
  bool byline = false;    // "byline"
  bool author = false;    // the token "author", or "author-name"
  bool date = false;      // date, time, publish, posted, byline or meta
};

// The hints of a lowercased "class id" string (the two attributes joined by a space).
ClassHints FindClassHints(std::string_view class_and_id);

}  // namespace storyline

#endif  // STORYLINE_HTML_CLASS_HINTS_H_
