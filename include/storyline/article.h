// The Article: the value every stage after extraction works on.
//
// Plain value type, safe to copy and move between threads. Offsets anywhere in storyline are byte
// offsets into `text` as stored (valid UTF-8, otherwise exactly as the source gave it), so later
// stages can highlight and quote from the original.
#ifndef STORYLINE_ARTICLE_H_
#define STORYLINE_ARTICLE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storyline/ids.h"

namespace storyline {

// Where a published date came from, most trusted first.
enum class DateProvenance : uint8_t {
  kUnknown = 0,  // no date found; storyline says so rather than guessing
  kMetadata,     // a field of the record (JSONL `published_at` / `date`, HTML meta, WARC header)
  kText,         // an explicit full date written in the article's text
};
const char* DateProvenanceName(DateProvenance p);  // "unknown", "metadata", "text"

// A calendar date with optional time, as found. `year == 0` means unknown.
struct PublishedDate {
  int year = 0, month = 0, day = 0;  // month and day may be 0 when only a year/month is known
  int hour = -1, minute = -1, second = -1;  // -1 when no time was given
  int utc_offset_minutes = 0;
  bool has_utc_offset = false;
  DateProvenance provenance = DateProvenance::kUnknown;
  float confidence = 0;  // 0..1: metadata 1.0; a date found in text lower
  bool known() const { return year != 0; }
  // "2016-05-11", "2016-05", "2016-05-11T09:30:00Z" ...; "" when unknown.
  std::string ToIso() const;
};

// Where an article came from, precisely enough to find the record again.
struct Origin {
  std::string path;          // file path as given (or "-" for stdin), or URL for fetched input
  uint64_t line = 0;         // 1-based line number for line-oriented formats; 0 when not applicable
  uint64_t byte_offset = 0;  // offset of the record in the (decompressed) stream
  // "file.jsonl:12", "file.txt", or "file.warc.gz@1234" for a record at an uncompressed offset.
  std::string ToString() const;
};

struct Article {
  ArticleId id;  // stable id (see ids.h)
  DocId doc;     // dense id; assigned at commit, 0 before
  std::string url;
  std::string source;  // outlet or publisher ("Press TV"), or the host of the URL
  std::string title;   // "" when the input has none
  std::string byline;  // author(s)
  PublishedDate published;
  std::string language;  // ISO 639-1 code ("en"), or "und" when undetermined
  std::string text;      // main text, valid UTF-8, paragraphs separated by '\n'
  // Other fields of the record kept as a JSON object text ("{}" when none).
  std::string metadata_json = "{}";
  Origin origin;
  uint32_t token_count = 0;  // words and numbers in text (from the analysis tokenizer)
  uint32_t sentence_count = 0;
};

}  // namespace storyline

#endif  // STORYLINE_ARTICLE_H_
