// RecordParser: turns one RawRecord (a JSON line, a whole .txt file or a whole .html page) into an
// Article.
//
// JSON Lines records are JSON objects (simdjson On-Demand). Fields:
//   id                    the record's own id (string or number); kept in metadata_json, used in
//                         the Article id
//   url                   Article::url
//   title                 Article::title
//   text, else body       Article::text (body is used only when text is absent or empty)
//   published_at, else date
//                         Article::published: ISO 8601 date or date-time with optional offset
//                         ("2016-05-11", "2016-05-11T09:30:00Z", "2016-05-11T09:30:00.123+02:00",
//                         "2016-05-11 09:30:00", "2016-05"), or the other forms feeds use
//                         (ParseMetadataDate); provenance kMetadata, confidence 1.
//                         An unparseable date is a warning and the date stays unknown.
//   source                Article::source; when absent, the host of the URL without "www."
//   lang                  Article::language (as given; "" when absent: the analysis stage
//                         detects it)
//   author                Article::byline: a string, or an array of strings joined by ", "
// metadata_json keeps, verbatim and compact (whitespace between tokens removed), in record order:
// every field not listed above, the `id` field (always, so the original id is never lost), a field
// listed above whose value has the wrong type (with a warning; nothing is lost), and `body` /
// `date` when `text` / `published_at` was used instead. null values count as absent.
// The record must be UTF-8 and strict JSON: invalid UTF-8, a raw control character (even a raw NUL
// byte) inside a string, bad escapes (also in keys) and anything after the object reject it. A
// string field holding the escape \u0000 loses its NULs, with a warning naming the byte offset.
//
// Text records (.txt files): invalid UTF-8 is replaced by U+FFFD and NUL bytes are removed, each
// with a warning naming the byte offset. The first non-blank line is the title when it looks like
// one (at most 150 characters and 20 words, not ending in '.', '!', '?', ':', ',' or ';', possibly
// followed by a closing quote or bracket) and more text follows; otherwise there is no title and
// the whole file is the text.
//
// HTML records (.html/.htm files): ExtractArticle (storyline/html_extract.h) decodes the page and
// finds its main text, title, byline, date (with provenance), canonical URL and language. A page
// that is not an article (an index page, too little text) is rejected with the reason, as is a
// file holding no HTML. metadata_json records html_charset, html_charset_source and, when known,
// html_date_source, html_canonical_url, html_lang and html_captions. The Article id is computed
// as for text records, with the page's URL and source.
//
// All formats: CRLF becomes LF; the text loses its leading blank lines and trailing whitespace;
// titles and other string fields are trimmed. A record whose text is then empty is rejected.
//
// Article id (stable): ArticleId(Hash64(url + '\x1f' + record id + '\x1f' + source + '\x1f' +
// title + '\x1f' + text)), using the Article's final (normalised) fields; `source` is the final
// source (possibly the URL host), and text records use "" for url, record id and source. The same
// input always yields the same id; two records share an id only when all five fields are equal.
//
// Thread-safety: thread-compatible. A RecordParser holds a simdjson parser and buffers: use one
// per worker thread. Parse keeps no reference to the record.
// Errors: Parse returns InvalidArgument with a reason naming the byte offset within the record
// ("broken JSON at byte 17: ...", "invalid UTF-8 at byte 5: ...", "no text: the record has
// neither \"text\" nor \"body\""). The caller adds the record's Origin.
#ifndef STORYLINE_ARTICLE_RECORD_PARSER_H_
#define STORYLINE_ARTICLE_RECORD_PARSER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/record_reader.h"
#include "storyline/article.h"
#include "storyline/status.h"

namespace storyline {

struct ParsedRecord {
  Article article;
  // An HTML page that is not an article (an index page, a gallery): `article` is empty and
  // `not_article` says why, as a sentence naming the page.
  std::string not_article;
  // Repairs and ignored input, each a sentence naming the field or byte offset.
  std::vector<std::string> warnings;
};

class RecordParser {
 public:
  RecordParser();
  ~RecordParser();
  RecordParser(const RecordParser&) = delete;
  RecordParser& operator=(const RecordParser&) = delete;

  // The record's article; InvalidArgument (a sentence saying what is wrong and what to do) for a
  // record that cannot become one. An HTML page that is not an article is not an error: the
  // result's `not_article` says why, and the caller leaves it out.
  Result<ParsedRecord> Parse(const RawRecord& record);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses an ISO 8601 date or date-time (see above) into *out (provenance and confidence are left
// to the caller). False when `s` is not one of the accepted forms or names an impossible date.
bool ParseIsoDate(std::string_view s, PublishedDate* out);
// ISO 8601 (ParseIsoDate), else the forms news feeds and archives write: RFC 2822 ("Wed, 11 May
// 2016 09:30:00 +0000", "... GMT", US zone names), "26-FEB-1987 15:01:01.79" (Reuters-21578),
// "11 May 2016", "May 11, 2016", "2016/05/11", each with an optional time. Impossible dates and
// trailing words are refused.
bool ParseMetadataDate(std::string_view s, PublishedDate* out);

// The host of an http(s) URL, lowercased, without "www." and port: "https://www.bbc.co.uk/x" ->
// "bbc.co.uk". "" when `url` has no host.
std::string UrlHost(std::string_view url);

// True when `line` (trimmed) looks like a headline: see the text record rules above.
bool LooksLikeTitle(std::string_view line);

}  // namespace storyline

#endif  // STORYLINE_ARTICLE_RECORD_PARSER_H_
