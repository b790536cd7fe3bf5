#include "storyline/article.h"

#include <cstdio>

#include "storyline/ids.h"

namespace storyline {

std::string FormatArticleId(ArticleId id) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(id.value()));
  return buf;
}

std::optional<ArticleId> ParseArticleId(std::string_view hex) {
  if (hex.size() != 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : hex) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return std::nullopt;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return ArticleId(v);
}

const char* DateProvenanceName(DateProvenance p) {
  switch (p) {
    case DateProvenance::kUnknown:
      return "unknown";
    case DateProvenance::kMetadata:
      return "metadata";
    case DateProvenance::kText:
      return "text";
  }
  return "unknown";
}

std::string PublishedDate::ToIso() const {
  if (!known()) return "";
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d", year);
  if (month > 0) n += std::snprintf(buf + n, sizeof buf - n, "-%02d", month);
  if (month > 0 && day > 0) n += std::snprintf(buf + n, sizeof buf - n, "-%02d", day);
  if (day > 0 && hour >= 0) {
    n += std::snprintf(buf + n, sizeof buf - n, "T%02d:%02d:%02d", hour, minute < 0 ? 0 : minute,
                       second < 0 ? 0 : second);
    if (has_utc_offset) {
      if (utc_offset_minutes == 0) {
        n += std::snprintf(buf + n, sizeof buf - n, "Z");
      } else {
        int m = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
        n += std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d",
                           utc_offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
      }
    }
  }
  return std::string(buf, n);
}

std::string Origin::ToString() const {
  std::string s = path;
  if (line > 0) {
    s += ':';
    s += std::to_string(line);
  } else if (byte_offset > 0) {
    // A record inside a file that is not line-oriented (a WARC record).
    s += '@';
    s += std::to_string(byte_offset);
  }
  return s;
}

}  // namespace storyline
