// Finds the first explicit, complete calendar date written in an article's text: a hint for the
// published date when the record has none.
//
// Thread-safety: a pure function; safe from any thread.
#ifndef STORYLINE_ANALYSIS_TEXT_DATE_FINDER_H_
#define STORYLINE_ANALYSIS_TEXT_DATE_FINDER_H_

#include <cstddef>
#include <string_view>

#include "storyline/article.h"

namespace storyline {

// Bytes of the text searched: a dateline or an early date is near the top.
inline constexpr size_t kTextDatePrefixBytes = 8 * 1024;

// Returns the first complete date (year, month and day all written) in the first 8 KB of `text`,
// with provenance kText and confidence 0.5, time fields unset; otherwise an unknown date.
// Accepted forms, years 1000-2999, days checked against the month (and leap years):
//   "May 7, 2016", "May 07, 2016", "May 7 2016", "May 7th, 2016", "Sept. 3, 2015", "MAY 7, 2016"
//   "7 May 2016", "7th May, 2016", "7 of May 2016", "7 Sept. 2015"
//   "2016-05-07", "2016/05/07" (ISO order only)
// Month names are English, full or abbreviated, and must start with a capital ("may 7, 2016" is
// the verb). Incomplete dates are not dates: "May 5", "January, 2017", "MAY 07:" (a dateline
// without a year). Numeric day/month orders ("05/07/2016") are ambiguous and ignored.
PublishedDate FindDateInText(std::string_view text);

}  // namespace storyline

#endif  // STORYLINE_ANALYSIS_TEXT_DATE_FINDER_H_
