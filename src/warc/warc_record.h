// The values a WarcReader hands out: one record (WarcRecord), a problem met in the input
// (WarcProblem), the counts of a file (WarcStats), and the record filter (WarcFilter).
//
// Thread-safety: plain values, safe to copy and move to worker threads. WarcFilter is immutable
// once built; Matches* may be called from any number of threads.
#ifndef STORYLINE_WARC_WARC_RECORD_H_
#define STORYLINE_WARC_WARC_RECORD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/status.h"

namespace storyline {

enum class WarcRecordType : uint8_t {
  kResponse = 0,
  kResource,
  kRequest,
  kMetadata,
  kWarcinfo,
  kRevisit,
  kConversion,
  kContinuation,
  kOther,  // an unknown WARC-Type (kept as written in the fields)
};
inline constexpr size_t kWarcRecordTypeCount = 9;
std::string_view WarcRecordTypeName(WarcRecordType type);   // "response", "resource", ...
WarcRecordType ParseWarcRecordType(std::string_view name);  // case-insensitive; kOther if unknown

// One header field, as written (name case kept, value trimmed).
struct WarcField {
  std::string name;
  std::string value;
};

// The value of the first field called `name` (ASCII case-insensitive), or "" when absent.
std::string_view FindField(const std::vector<WarcField>& fields, std::string_view name);

struct WarcRecord {
  WarcRecordType type = WarcRecordType::kOther;
  std::string version;     // "WARC/1.0", "WARC/1.1"; "ARC" for ARC records
  std::string target_uri;  // WARC-Target-URI, without the <> some writers add; ARC: the URL
  std::string date;        // WARC-Date as written (ARC dates are rewritten as ISO 8601, UTC)
  std::optional<int64_t> date_unix;  // the date in seconds since the epoch, when it parses
  std::string record_id;             // WARC-Record-ID, e.g. "<urn:uuid:...>"
  std::string content_type;          // Content-Type of the block ("application/http; msgtype=...")
  uint64_t content_length = 0;       // bytes of the block
  std::string payload_digest;        // WARC-Payload-Digest ("sha1:...")
  std::string identified_payload_type;  // WARC-Identified-Payload-Type
  std::string language;  // WARC-Identified-Content-Language ("eng" or "eng,fra"), "" if absent
  std::vector<WarcField> fields;  // every header field in order, custom ones (X-...) included

  // HTTP (response records and ARC records whose block is an HTTP response). 0 when the block is
  // not an HTTP message (resource records, or an unparseable head: see warnings).
  int http_status = 0;
  std::vector<WarcField> http_headers;
  std::string last_modified;  // HTTP Last-Modified, as written
  std::string http_date;      // HTTP Date, as written

  // The payload's media type, lowercase without parameters ("text/html"): HTTP Content-Type,
  // else WARC-Identified-Payload-Type, else (resource records) the block's Content-Type.
  std::string mime;
  std::string charset;  // the charset parameter of that Content-Type, lowercase; "" if none
  // The payload: the HTTP body after Transfer-Encoding (chunked) and Content-Encoding (gzip,
  // deflate, br) are undone; for other records the block. An encoding that fails to decode
  // leaves the bytes as they were, with a warning.
  std::string payload;

  uint64_t offset = 0;             // uncompressed offset of the record's first byte
  uint64_t compressed_offset = 0;  // gzip member holding it (== offset for plain files)
  // Non-fatal oddities of this record (bad chunking, undecodable Content-Encoding, ...).
  std::vector<std::string> warnings;

  // Field accessors (case-insensitive names), "" when absent.
  std::string_view Field(std::string_view name) const { return FindField(fields, name); }
  std::string_view HttpHeader(std::string_view name) const { return FindField(http_headers, name); }
};

// Something wrong in the input that cost records or bytes. Offsets say where: the uncompressed
// offset in the decompressed stream and the compressed offset of the gzip member (for plain files
// both are the file offset).
struct WarcProblem {
  std::string path;
  uint64_t offset = 0;
  uint64_t compressed_offset = 0;
  std::string reason;  // a full sentence: file, offset, what is wrong, what to do
};

struct WarcStats {
  uint64_t records = 0;   // records whose header was read, whatever became of them
  uint64_t returned = 0;  // handed out by Next
  std::array<uint64_t, kWarcRecordTypeCount> by_type{};  // records seen, per type
  uint64_t skipped_type = 0;      // of a type not asked for (request, metadata, warcinfo, ...)
  uint64_t filtered = 0;          // rejected by the WarcFilter
  uint64_t oversized = 0;         // block larger than max_record_bytes, skipped
  uint64_t damaged_records = 0;   // cut by damage or truncation, not returned
  uint64_t problems = 0;          // WarcProblems reported
  uint64_t problems_dropped = 0;  // of those, not kept (max_problems_kept were waiting)
  uint64_t bytes_skipped = 0;     // garbage bytes skipped while resynchronising
  uint64_t uncompressed_bytes = 0;
  uint64_t compressed_bytes = 0;  // file bytes consumed
};

// Which records to keep. Empty lists accept everything. Built once, then read-only.
struct WarcFilter {
  // Hosts of the target URI, suffix match on labels: "bbc.co.uk" keeps bbc.co.uk and
  // www.bbc.co.uk, not notbbc.co.uk. Lowercase.
  std::vector<std::string> hosts;
  // Payload media types ("text/html"); a trailing "/*" matches a whole type ("text/*").
  std::vector<std::string> mimes;
  // Languages, ISO 639-1 ("en") or 639-3 ("eng"), matched against
  // WARC-Identified-Content-Language. A record without that field passes (its language is not
  // known yet): the article extractor applies MatchesLanguage again once it has identified it.
  std::vector<std::string> languages;
  std::optional<int64_t> from_unix;  // WARC-Date >= from (seconds since the epoch)
  std::optional<int64_t> to_unix;    // WARC-Date <= to; a record without a date fails both

  bool empty() const {
    return hosts.empty() && mimes.empty() && languages.empty() && !from_unix && !to_unix;
  }
  // The checks on WARC header fields alone (host, date, language): the reader applies them before
  // reading the block, so rejected records cost no copy.
  bool MatchesHeader(const WarcRecord& record) const;
  // The media type check, once the payload's type is known.
  bool MatchesMime(std::string_view mime) const;
  // `lang`: a code list as in WARC-Identified-Content-Language, or a 639-1 code from a language
  // identifier. Empty `lang` (unknown) passes.
  bool MatchesLanguage(std::string_view lang) const;
  bool Matches(const WarcRecord& record) const {
    return MatchesHeader(record) && MatchesMime(record.mime);
  }

  // Builds a filter from the CLI's flag values (--host, --mime, --lang, --from, --to; "" when a
  // flag is absent; lists are comma-separated, "bbc.co.uk,reuters.com"). Hosts and media types are
  // lowercased, a leading "*." or "." of a host dropped. InvalidArgument names the flag and value
  // (a bad date, a language code that is not 2 or 3 letters, --from after --to).
  static Result<WarcFilter> FromFlags(std::string_view hosts, std::string_view mimes,
                                      std::string_view languages, std::string_view from,
                                      std::string_view to);
  // Parses a --from / --to bound: "2024-05-01", "2024-05-01T12:00:00Z" (or with fractional
  // seconds or a +hh:mm offset). A date alone is the start of that day for --from and its last
  // second for --to (is_upper). InvalidArgument names the value and the accepted forms.
  static Result<int64_t> ParseDateBound(std::string_view text, bool is_upper);
};

// Seconds since the epoch of a WARC date (ISO 8601: YYYY-MM-DDThh:mm:ss[.f]Z, or a prefix of
// it) or a 14-digit ARC date (YYYYMMDDhhmmss); nullopt when it does not parse.
std::optional<int64_t> ParseWarcDate(std::string_view text);
// The host of a URI, lowercase, without user info, port or trailing dot; "" when there is none.
std::string HostOfUri(std::string_view uri);

}  // namespace storyline

#endif  // STORYLINE_WARC_WARC_RECORD_H_
