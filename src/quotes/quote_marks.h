// Quotation marks: pairs the opening and closing marks of a text into quoted stretches, paragraph
// by paragraph, before any attribution (quote_finder.h does that).
//
// Thread-safety: pure functions; safe from any thread.
//
// Invariants: every part lies inside the text and inside one paragraph; parts of one quote are in
// text order and do not overlap; quotes are returned in text order and do not overlap.
#ifndef STORYLINE_QUOTES_QUOTE_MARKS_H_
#define STORYLINE_QUOTES_QUOTE_MARKS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "quotes/quote_finder.h"

namespace storyline {

// One quoted stretch: the content of each part (between its marks), the first opening mark's
// begin and the last closing mark's end (the last part's end when the quote is never closed).
struct QuotedStretch {
  std::vector<TextSpan> parts;
  uint32_t open_begin = 0;
  uint32_t close_end = 0;
  bool closed = true;   // false: the paragraph ended with the quote open and nothing continued it
  bool single = false;  // between ‘ and ’ (not nested in double quotes)
};

// The quoted stretches of `text` (at most the first 4 GiB - 1 bytes). Marks: “ ” „ (double),
// « » (guillemets), the straight " (opening or closing by the characters around it), and ‘ ’ as
// outer quotes only when they open at a word boundary outside any double quote (a ’ that closes
// them must not be followed by a letter). Marks nested inside a quote are part of its content.
// A paragraph (a line) that ends inside a quote continues it when the next non-empty paragraph
// starts with an opening mark: the quote gets one part per paragraph. Otherwise an open double
// quote ends at the end of its paragraph (closed = false) and an open single quote is dropped.
std::vector<QuotedStretch> FindQuotedStretches(std::string_view text);

}  // namespace storyline

#endif  // STORYLINE_QUOTES_QUOTE_MARKS_H_
