// The article's own date (its document creation time, the reference of relative expressions):
// from metadata when given, else from a dateline, else from an explicit full date in the text;
// "unknown" rather than a guess.
//
// Thread-safety: pure function; safe from any thread.
#ifndef STORYLINE_TIME_ARTICLE_DATE_H_
#define STORYLINE_TIME_ARTICLE_DATE_H_

#include <string_view>

#include "storyline/article.h"

namespace storyline {

// Confidence of each source (PublishedDate::confidence).
inline constexpr float kMetadataDateConfidence = 1.0f;
inline constexpr float kDatelineDateConfidence = 0.7f;
inline constexpr float kTextDateConfidence = 0.5f;

// Bytes at the top of the text where a dateline may stand.
inline constexpr size_t kDatelineBytes = 300;

// `metadata` as given when it is known (its provenance and confidence kept; confidence set to
// 1.0 when it was 0). Otherwise:
//  - a dateline: a complete date (year, month, day written) in the first line of the text, or
//    within its first kDatelineBytes bytes before the first sentence ends ("LONDON, May 7, 2016
//    - ...", "May 7, 2016 | ..."): provenance kText, confidence 0.7;
//  - else the first complete date of the text (FindDateInText): kText, confidence 0.5;
//  - else unknown (year 0, kUnknown): a month or weekday alone, or a bare year, is no date.
PublishedDate ResolveArticleDate(const PublishedDate& metadata, std::string_view text);

}  // namespace storyline

#endif  // STORYLINE_TIME_ARTICLE_DATE_H_
