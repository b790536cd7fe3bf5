#include "time/article_date.h"

#include "analysis/text_date_finder.h"

namespace storyline {
namespace {

// The dateline region: the first non-empty line, at most kDatelineBytes, cut at the first
// sentence end (". " after a lowercase letter, so "Jan. 5" and "U.S." do not cut it).
std::string_view DatelineRegion(std::string_view text) {
  size_t start = 0;
  while (start < text.size() && (text[start] == '\n' || text[start] == '\r' || text[start] == ' ' ||
                                 text[start] == '\t')) {
    ++start;
  }
  std::string_view region = text.substr(start, kDatelineBytes);
  if (const size_t nl = region.find('\n'); nl != std::string_view::npos) {
    region = region.substr(0, nl);
  }
  for (size_t i = 1; i + 1 < region.size(); ++i) {
    if (region[i] == '.' && region[i + 1] == ' ' && region[i - 1] >= 'a' && region[i - 1] <= 'z' &&
        !(i >= 3 && region[i - 3] == ' ')) {  // "Jan." "Feb." keep the region going
      return region.substr(0, i);
    }
  }
  return region;
}

}  // namespace

PublishedDate ResolveArticleDate(const PublishedDate& metadata, std::string_view text) {
  if (metadata.known()) {
    PublishedDate out = metadata;
    if (out.provenance == DateProvenance::kUnknown) out.provenance = DateProvenance::kMetadata;
    if (out.confidence <= 0) out.confidence = kMetadataDateConfidence;
    return out;
  }
  PublishedDate dateline = FindDateInText(DatelineRegion(text));
  if (dateline.known()) {
    dateline.confidence = kDatelineDateConfidence;
    return dateline;
  }
  PublishedDate in_text = FindDateInText(text);
  if (in_text.known()) in_text.confidence = kTextDateConfidence;
  return in_text;
}

}  // namespace storyline
