// HTTP message parsing for WARC response records: the status line and headers, chunked
// transfer coding, and content codings (gzip, deflate, br).
//
// Every function is bounded by `limit` bytes of output, so a decompression bomb cannot exhaust
// memory, and none throws. Thread-safety: pure functions.
#ifndef STORYLINE_WARC_HTTP_PAYLOAD_H_
#define STORYLINE_WARC_HTTP_PAYLOAD_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "warc/warc_record.h"

namespace storyline {

struct HttpHead {
  int status = 0;  // 200, 404, ...
  std::vector<WarcField> headers;
  size_t length = 0;  // bytes of the status line, headers and the blank line after them
};

// Parses the status line ("HTTP/1.1 200 OK") and header lines at the start of `block`; lines
// may end with CRLF or LF, continuation lines are joined. Returns false, with *error set, when
// the block does not start with a status line. A block without the blank line after the headers
// (nothing after them) is accepted with all of it as the head.
bool ParseHttpHead(std::string_view block, HttpHead* head, std::string* error);

// Undoes chunked transfer coding. Returns false, with *error set, when the chunk sizes do not fit
// the body (the caller then keeps the body as it is: some writers store already-dechunked bodies
// under a chunked header), or when the output would exceed limit.
bool DecodeChunked(std::string_view body, size_t limit, std::string* out, std::string* error);

// Undoes one content coding: "gzip"/"x-gzip", "deflate" (zlib or raw), "br" (when built with
// brotli). "identity" copies. Returns false, with *error set, for an unknown coding, damaged
// data, or output above limit.
bool DecodeContentCoding(std::string_view coding, std::string_view body, size_t limit,
                         std::string* out, std::string* error);

// Splits a Content-Type value: "text/html; charset=UTF-8" -> mime "text/html", charset "utf-8"
// (both lowercase, quotes removed).
void SplitContentType(std::string_view value, std::string* mime, std::string* charset);

}  // namespace storyline

#endif  // STORYLINE_WARC_HTTP_PAYLOAD_H_
