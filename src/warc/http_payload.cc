#include "warc/http_payload.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#ifdef STORYLINE_HAVE_BROTLI
#include <brotli/decode.h>
#endif

namespace storyline {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Inflates with the given window bits (15 + 32: gzip or zlib, -15: raw deflate). Concatenated
// gzip members are all read.
bool Inflate(std::string_view in, int window_bits, size_t limit, std::string* out,
             std::string* error) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) {
    *error = "zlib could not be initialised";
    return false;
  }
  out->clear();
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), 1u << 30));
  char chunk[64 * 1024];
  bool ok = true;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    int ret = inflate(&zs, Z_NO_FLUSH);
    size_t produced = sizeof(chunk) - zs.avail_out;
    if (out->size() + produced > limit) {
      *error = "decoded body larger than the record limit";
      ok = false;
      break;
    }
    out->append(chunk, produced);
    if (ret == Z_STREAM_END) {
      if (zs.avail_in > 0 && window_bits > 0 && zs.next_in[0] == 0x1f) {
        inflateReset(&zs);  // another gzip member
        continue;
      }
      break;
    }
    if (ret == Z_BUF_ERROR && zs.avail_in == 0) {
      *error = "compressed body is truncated";
      ok = false;
      break;
    }
    if (ret != Z_OK && ret != Z_BUF_ERROR) {
      *error = zs.msg != nullptr ? std::string("zlib: ") + zs.msg : "damaged compressed body";
      ok = false;
      break;
    }
  }
  inflateEnd(&zs);
  return ok;
}

}  // namespace

bool ParseHttpHead(std::string_view block, HttpHead* head, std::string* error) {
  head->status = 0;
  head->headers.clear();
  head->length = 0;
  if (!block.starts_with("HTTP/")) {
    *error = "the block does not start with an HTTP status line";
    return false;
  }
  size_t eol = block.find('\n');
  std::string_view status_line = block.substr(0, eol);
  size_t sp = status_line.find(' ');
  int status = 0;
  if (sp != std::string_view::npos) {
    size_t p = sp;
    while (p < status_line.size() && status_line[p] == ' ') ++p;
    size_t digits = 0;
    while (p < status_line.size() && digits < 3 && status_line[p] >= '0' && status_line[p] <= '9') {
      status = status * 10 + (status_line[p] - '0');
      ++p;
      ++digits;
    }
    if (digits != 3) status = 0;
  }
  if (status == 0) {
    *error = "bad HTTP status line '" + std::string(Trim(status_line.substr(0, 80))) + "'";
    return false;
  }
  head->status = status;
  size_t pos = eol == std::string_view::npos ? block.size() : eol + 1;
  while (pos < block.size()) {
    size_t end = block.find('\n', pos);
    std::string_view line =
        block.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    size_t next = end == std::string_view::npos ? block.size() : end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      head->length = next;
      return true;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !head->headers.empty()) {
      std::string& v = head->headers.back().value;
      v += ' ';
      v += Trim(line);
    } else {
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        head->headers.push_back(
            {std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1)))});
      }
      // A line without a colon is dropped, as browsers do.
    }
    pos = next;
  }
  head->length = block.size();
  return true;
}

bool DecodeChunked(std::string_view body, size_t limit, std::string* out, std::string* error) {
  out->clear();
  size_t pos = 0;
  for (;;) {
    size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) {
      if (pos == body.size() && pos > 0) return true;  // last chunk without the 0 chunk
      *error = "chunk size line missing at body byte " + std::to_string(pos);
      return false;
    }
    std::string_view line = Trim(body.substr(pos, eol - pos));
    size_t semi = line.find(';');  // chunk extensions
    if (semi != std::string_view::npos) line = Trim(line.substr(0, semi));
    if (line.empty() || line.size() > 15) {
      *error = "bad chunk size line at body byte " + std::to_string(pos);
      return false;
    }
    uint64_t size = 0;
    for (char c : line) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                          : -1;
      if (v < 0) {
        *error = "bad chunk size '" + std::string(line) + "' at body byte " + std::to_string(pos);
        return false;
      }
      size = size * 16 + static_cast<uint64_t>(v);
    }
    pos = eol + 1;
    if (size == 0) return true;  // trailers, if any, are ignored
    if (size > body.size() - pos) {
      *error = "chunk of " + std::to_string(size) + " bytes at body byte " + std::to_string(pos) +
               " runs past the end of the body";
      return false;
    }
    if (out->size() + size > limit) {
      *error = "dechunked body larger than the record limit";
      return false;
    }
    out->append(body.data() + pos, size);
    pos += size;
    if (pos < body.size() && body[pos] == '\r') ++pos;
    if (pos < body.size() && body[pos] == '\n') ++pos;
    if (pos == body.size()) return true;  // body ends without the final 0 chunk
  }
}

bool DecodeContentCoding(std::string_view coding, std::string_view body, size_t limit,
                         std::string* out, std::string* error) {
  std::string c = Lower(Trim(coding));
  if (c.empty() || c == "identity") {
    if (body.size() > limit) {
      *error = "body larger than the record limit";
      return false;
    }
    out->assign(body);
    return true;
  }
  if (c == "gzip" || c == "x-gzip") return Inflate(body, 15 + 32, limit, out, error);
  if (c == "deflate") {
    // RFC 9110 says zlib-wrapped, but many servers send raw deflate.
    if (Inflate(body, 15 + 32, limit, out, error)) return true;
    return Inflate(body, -15, limit, out, error);
  }
#ifdef STORYLINE_HAVE_BROTLI
  if (c == "br") {
    BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (s == nullptr) {
      *error = "brotli could not be initialised";
      return false;
    }
    out->clear();
    size_t avail_in = body.size();
    const uint8_t* next_in = reinterpret_cast<const uint8_t*>(body.data());
    bool ok = false;
    uint8_t chunk[64 * 1024];
    for (;;) {
      size_t avail_out = sizeof(chunk);
      uint8_t* next_out = chunk;
      BrotliDecoderResult r =
          BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
      size_t produced = sizeof(chunk) - avail_out;
      if (out->size() + produced > limit) {
        *error = "decoded body larger than the record limit";
        break;
      }
      out->append(reinterpret_cast<const char*>(chunk), produced);
      if (r == BROTLI_DECODER_RESULT_SUCCESS) {
        ok = true;
        break;
      }
      if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
      *error =
          r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT
              ? "brotli body is truncated"
              : std::string("brotli: ") + BrotliDecoderErrorString(BrotliDecoderGetErrorCode(s));
      break;
    }
    BrotliDecoderDestroyInstance(s);
    return ok;
  }
#endif
  *error = "unsupported Content-Encoding '" + std::string(Trim(coding)) + "'";
  return false;
}

void SplitContentType(std::string_view value, std::string* mime, std::string* charset) {
  size_t semi = value.find(';');
  *mime = Lower(Trim(value.substr(0, semi)));
  charset->clear();
  while (semi != std::string_view::npos) {
    size_t next = value.find(';', semi + 1);
    std::string_view param = Trim(value.substr(
        semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1));
    size_t eq = param.find('=');
    if (eq != std::string_view::npos && Lower(Trim(param.substr(0, eq))) == "charset") {
      std::string_view v = Trim(param.substr(eq + 1));
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        v = v.substr(1, v.size() - 2);
      }
      *charset = Lower(Trim(v));
      return;
    }
    semi = next;
  }
}

}  // namespace storyline
