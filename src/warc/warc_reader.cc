#include "warc/warc_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <utility>

#include "warc/http_payload.h"

// Invariants:
//  - buf_[begin_, end_) are the decompressed bytes not yet consumed; buf_[0] is at stream offset
//    buf_offset_. Bytes before begin_ are never looked at again.
//  - fence_ is set only when every byte before the damage has been appended to buf_; Fill appends
//    nothing while it is set. Whoever needs bytes past it reports the damage and clears it.
//  - Each record's offset is queried from WarcInput::CompressedOffsetOf once, in stream order.

namespace storyline {

namespace {

constexpr size_t kInitialBuffer = 1u << 20;
constexpr size_t kMinRead = 64u << 10;

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool ParseDecimal(std::string_view s, uint64_t* out) {
  s = Trim(s);
  if (s.empty() || s.size() > 18) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

// The first bytes of `s`, printable, for messages.
std::string Sample(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\'') {
      out += c;
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// "20140216050221" -> "2014-02-16T05:02:21Z"; other forms are kept.
std::string ArcDateToIso(std::string_view d) {
  if (d.size() < 14) return std::string(d);
  std::string out;
  out.reserve(20);
  out.append(d.substr(0, 4)).append("-").append(d.substr(4, 2)).append("-");
  out.append(d.substr(6, 2)).append("T").append(d.substr(8, 2)).append(":");
  out.append(d.substr(10, 2)).append(":").append(d.substr(12, 2)).append("Z");
  return out;
}

}  // namespace

struct WarcReader::Header {
  bool arc = false;
  std::string version;
  std::vector<WarcField> fields;
  WarcRecordType type = WarcRecordType::kOther;
  uint64_t content_length = 0;
  size_t length = 0;  // bytes of the header, blank line included, from begin_
  uint64_t offset = 0;
  std::string arc_url, arc_date, arc_mime;

  std::string Describe() const {
    std::string_view id = FindField(fields, "WARC-Record-ID");
    if (!id.empty()) return "WARC-Record-ID " + std::string(id);
    std::string_view uri = arc ? std::string_view(arc_url) : FindField(fields, "WARC-Target-URI");
    if (!uri.empty()) return "target " + std::string(uri);
    return "no record id";
  }
};

WarcReader::WarcReader(std::unique_ptr<WarcInput> input, WarcReaderOptions options)
    : input_(std::move(input)), options_(std::move(options)) {
  cap_ = kInitialBuffer;
  buf_ = std::make_unique_for_overwrite<char[]>(cap_);
}

WarcReader::~WarcReader() = default;

Result<std::unique_ptr<WarcReader>> WarcReader::Open(const std::string& path,
                                                     WarcReaderOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, ByteSource::OpenFile(path));
  return Open(std::move(source), std::move(options));
}

Result<std::unique_ptr<WarcReader>> WarcReader::Open(std::unique_ptr<ByteSource> source,
                                                     WarcReaderOptions options) {
  if (options.max_record_bytes == 0 || options.max_header_bytes == 0) {
    return InvalidArgument("max_record_bytes and max_header_bytes must be positive.");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<WarcInput> input,
                   WarcInput::Open(std::move(source), options.fast_inflate));
  return std::unique_ptr<WarcReader>(new WarcReader(std::move(input), std::move(options)));
}

void WarcReader::TakeProblems(std::vector<WarcProblem>* problems) {
  for (WarcProblem& p : problems_) problems->push_back(std::move(p));
  problems_.clear();
}

bool WarcReader::Wanted(WarcRecordType type) const {
  return std::find(options_.types.begin(), options_.types.end(), type) != options_.types.end();
}

void WarcReader::UpdateByteCounts() {
  stats_.compressed_bytes = input_->compressed_consumed();
  stats_.uncompressed_bytes = input_->uncompressed_returned();
}

std::string WarcReader::Where(uint64_t offset) {
  if (!input_->gzip()) return "byte " + std::to_string(offset);
  return "uncompressed byte " + std::to_string(offset) + " (gzip member at compressed byte " +
         std::to_string(input_->CompressedOffsetOf(offset)) + ")";
}

void WarcReader::Report(uint64_t offset, uint64_t compressed_offset, std::string reason) {
  ++stats_.problems;
  if (problems_.size() >= options_.max_problems_kept) {
    ++stats_.problems_dropped;
    return;
  }
  problems_.push_back({path(), offset, compressed_offset, std::move(reason)});
}

bool WarcReader::Fill() {
  if (eof_ || fence_) return false;
  if (begin_ == end_) {
    buf_offset_ += begin_;
    begin_ = end_ = 0;
  } else if (cap_ - end_ < kMinRead) {
    if (begin_ > 0) {
      std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
      buf_offset_ += begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (cap_ - end_ < kMinRead) {
      // Unconsumed bytes are at most one header or one block, so this bound holds the largest.
      size_t limit = options_.max_record_bytes + options_.max_header_bytes + 2 * kMinRead;
      size_t new_cap = std::max(std::min(cap_ * 2, limit), end_ + kMinRead);
      auto bigger = std::make_unique_for_overwrite<char[]>(new_cap);
      std::memcpy(bigger.get(), buf_.get(), end_);
      buf_ = std::move(bigger);
      cap_ = new_cap;
    }
  }
  Result<size_t> got = input_->Read(buf_.get() + end_, cap_ - end_);
  if (!got.ok()) {
    uint64_t at = buf_offset_ + end_;
    Report(at, input_->compressed_consumed(),
           got.status().message() + " The records before uncompressed byte " + std::to_string(at) +
               " were read; the rest of the file is not.");
    eof_ = true;
    return false;
  }
  if (*got == 0) {
    InputDamage damage;
    if (input_->TakeDamage(&damage)) {
      fence_ = std::move(damage);
    } else {
      eof_ = true;
    }
    return false;
  }
  end_ += *got;
  return true;
}

bool WarcReader::Ensure(size_t n) {
  while (end_ - begin_ < n) {
    if (!Fill()) return false;
  }
  return true;
}

bool WarcReader::SkipBlankLines() {
  for (;;) {
    while (begin_ < end_ && (buf_[begin_] == '\n' || buf_[begin_] == '\r')) ++begin_;
    if (begin_ < end_) return true;
    if (!Fill()) return false;
  }
}

Status WarcReader::Next(WarcRecord* out, bool* eof) {
  *eof = false;
  for (;;) {
    if (!SkipBlankLines()) {
      if (fence_) {
        HandleFence();
        continue;
      }
      *eof = true;
      UpdateByteCounts();
      return Status::Ok();
    }
    if (ReadRecord(out) == Step::kReturned) {
      UpdateByteCounts();
      return Status::Ok();
    }
  }
}

namespace {

std::string DamageText(const std::string& path, const InputDamage& d) {
  if (d.truncated) {
    return path + ": the file ends inside the gzip member at compressed byte " +
           std::to_string(d.compressed_offset) + " (uncompressed byte " +
           std::to_string(d.uncompressed_offset) + "): the file is truncated";
  }
  std::string s = path + ": corrupt gzip data in the member at compressed byte " +
                  std::to_string(d.compressed_offset) + " (" + d.detail +
                  ", after uncompressed byte " + std::to_string(d.uncompressed_offset) + ")";
  if (d.resumed) {
    s += "; reading resumed at the next gzip member, at compressed byte " +
         std::to_string(d.resume_offset);
  } else {
    s += "; no gzip member follows it, so the rest of the file (to compressed byte " +
         std::to_string(d.resume_offset) + ") is lost";
  }
  return s;
}

}  // namespace

void WarcReader::HandleFence() {
  const InputDamage& d = *fence_;
  std::string reason = DamageText(path(), d);
  reason += d.truncated ? ". Every complete record before it was read; re-download the file to "
                          "get the rest."
                        : ". Records inside the damaged member are lost; re-download the file to "
                          "recover them.";
  Report(d.uncompressed_offset, d.compressed_offset, std::move(reason));
  fence_.reset();
  begin_ = end_;
}

void WarcReader::ReportCutRecord(uint64_t offset, const std::string& record_desc, uint64_t expected,
                                 uint64_t got) {
  ++stats_.damaged_records;
  uint64_t comp = input_->CompressedOffsetOf(offset);
  std::string where = Where(offset);
  std::string lengths = expected > 0 ? "; its block should hold " + std::to_string(expected) +
                                           " bytes, " + std::to_string(got) + " were present"
                                     : "";
  if (fence_) {
    const InputDamage& d = *fence_;
    std::string reason = DamageText(path(), d) + ". The record at " + where + " (" + record_desc +
                         ") was cut by it and dropped" + lengths + ". " +
                         (d.truncated ? "Every record before it was read; re-download the file "
                                        "to get the rest."
                                      : "Re-download the file to recover the lost records.");
    Report(offset, comp, std::move(reason));
    fence_.reset();
  } else {
    Report(offset, comp,
           path() + ": the file ends inside the record at " + where + " (" + record_desc + ")" +
               lengths +
               ". The file is truncated: every record before it was read; re-download or "
               "re-create the file to get the rest.");
  }
  begin_ = end_;
}

bool WarcReader::LooksLikeRecordStart(std::string_view line) const {
  if (line.size() >= 6 && line.starts_with("WARC/") && line[5] >= '0' && line[5] <= '9') {
    return true;
  }
  if (format_ == Format::kArc) {
    Header h;
    return ParseArcHeader(StripCr(line), &h);
  }
  return false;
}

void WarcReader::Resync(size_t from, const std::string& what) {
  uint64_t start = buf_offset_ + begin_;
  uint64_t start_comp = input_->CompressedOffsetOf(start);
  std::string where = Where(start);
  std::string sample = Sample(std::string_view(buf_.get() + begin_, end_ - begin_));
  uint64_t skipped = 0;
  size_t pos = std::min(begin_ + from, end_);
  // WARC needs "WARC/n" after the newline; ARC needs the whole header line.
  bool need_line = format_ == Format::kArc;
  for (;;) {
    const char* nl = static_cast<const char*>(std::memchr(buf_.get() + pos, '\n', end_ - pos));
    if (nl != nullptr) {
      size_t cand = static_cast<size_t>(nl - buf_.get()) + 1;
      const char* line_end =
          static_cast<const char*>(std::memchr(buf_.get() + cand, '\n', end_ - cand));
      bool complete = need_line ? line_end != nullptr : end_ - cand >= 6 || line_end != nullptr;
      if (complete) {
        size_t len =
            line_end != nullptr ? static_cast<size_t>(line_end - buf_.get()) - cand : end_ - cand;
        if (LooksLikeRecordStart(std::string_view(buf_.get() + cand, len))) {
          skipped += cand - begin_;
          begin_ = cand;
          break;
        }
        pos = cand;
        continue;
      }
      // The candidate line is not all here yet: keep it, drop what is before it.
      skipped += cand - 1 - begin_;
      begin_ = cand - 1;
      if (end_ - begin_ > options_.max_header_bytes) {  // a giant line: not a record start
        skipped += end_ - begin_;
        begin_ = end_;
      }
    } else {
      skipped += end_ - begin_;
      begin_ = end_;
    }
    if (!Fill()) {
      skipped += end_ - begin_;
      begin_ = end_;
      break;
    }
    pos = begin_;  // rescan the kept partial line together with the new bytes
  }
  stats_.bytes_skipped += skipped;
  std::string next = begin_ < end_ ? "skipped to the next record at " + Where(buf_offset_ + begin_)
                                   : "no record follows before the end of the readable data";
  Report(start, start_comp,
         path() + ": " + std::to_string(skipped) + " bytes at " + where + " are not a record (" +
             what + "; they start with '" + sample + "'); " + next +
             ". The previous record's length may be wrong, or the file is damaged here.");
}

bool WarcReader::ParseArcHeader(std::string_view line, Header* h) const {
  std::vector<std::string_view> tok;
  size_t pos = 0;
  while (pos < line.size() && tok.size() < 16) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos == line.size()) break;
    size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    tok.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  if (tok.size() < 5 || tok.size() > 15 || pos < line.size()) return false;
  std::string_view url = tok[0];
  bool filedesc = url.starts_with("filedesc:");
  if (!filedesc && format_ != Format::kArc) return false;
  if (url.find(':') == std::string_view::npos) return false;
  std::string_view date = tok[2];
  if (date.size() < 12 || date.size() > 17) return false;
  for (char c : date) {
    if (c < '0' || c > '9') return false;
  }
  uint64_t length;
  if (!ParseDecimal(tok.back(), &length)) return false;
  h->arc = true;
  h->version = "ARC";
  h->arc_url = std::string(url);
  h->arc_date = std::string(date);
  h->arc_mime = std::string(tok[3]);
  h->content_length = length;
  h->type = filedesc ? WarcRecordType::kWarcinfo : WarcRecordType::kResponse;
  return true;
}

bool WarcReader::ParseWarcHeader(std::string_view text, Header* h, std::string* error) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = StripCr(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) break;
    if ((line.front() == ' ' || line.front() == '\t') && !h->fields.empty()) {
      h->fields.back().value += ' ';
      h->fields.back().value += Trim(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      *error = "header line '" + Sample(line) + "' has no field name";
      return false;
    }
    h->fields.push_back(
        {std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1)))});
  }
  std::string_view length = FindField(h->fields, "Content-Length");
  if (length.empty()) {
    *error = "the header has no Content-Length";
    return false;
  }
  if (!ParseDecimal(length, &h->content_length)) {
    *error = "Content-Length '" + Sample(length) + "' is not a number";
    return false;
  }
  h->type = ParseWarcRecordType(FindField(h->fields, "WARC-Type"));
  return true;
}

bool WarcReader::ReadHeader(Header* h) {
  h->offset = buf_offset_ + begin_;
  // The first line says what this is.
  size_t nl;  // relative to begin_
  for (;;) {
    const char* p = static_cast<const char*>(std::memchr(buf_.get() + begin_, '\n', end_ - begin_));
    if (p != nullptr) {
      nl = static_cast<size_t>(p - (buf_.get() + begin_));
      break;
    }
    if (end_ - begin_ > options_.max_header_bytes) {
      Resync(1, "a line of more than " + std::to_string(options_.max_header_bytes) + " bytes");
      return false;
    }
    if (!Fill()) {
      ReportCutRecord(h->offset, "its header is incomplete", 0, 0);
      return false;
    }
  }
  std::string_view first = StripCr(std::string_view(buf_.get() + begin_, nl));
  if (first.size() >= 6 && first.starts_with("WARC/") && first[5] >= '0' && first[5] <= '9') {
    if (format_ == Format::kUnknown) format_ = Format::kWarc;
    h->version = std::string(Trim(first));
    size_t pos = nl + 1;
    for (;;) {
      const char* p = static_cast<const char*>(
          std::memchr(buf_.get() + begin_ + pos, '\n', end_ - begin_ - pos));
      if (p != nullptr) {
        size_t q = static_cast<size_t>(p - (buf_.get() + begin_));
        if (q == pos || (q == pos + 1 && buf_[begin_ + pos] == '\r')) {
          h->length = q + 1;
          break;
        }
        pos = q + 1;
        continue;
      }
      if (end_ - begin_ > options_.max_header_bytes) {
        Resync(1, "a header of more than " + std::to_string(options_.max_header_bytes) +
                      " bytes without the blank line that ends it");
        return false;
      }
      if (!Fill()) {
        ReportCutRecord(h->offset, "its header is incomplete", 0, 0);
        return false;
      }
    }
    std::string error;
    std::string_view text(buf_.get() + begin_ + nl + 1, h->length - nl - 1);
    if (!ParseWarcHeader(text, h, &error)) {
      Resync(1, "bad WARC header: " + error);
      return false;
    }
    return true;
  }
  if (ParseArcHeader(first, h)) {
    format_ = Format::kArc;
    h->length = nl + 1;
    return true;
  }
  Resync(0, format_ == Format::kArc ? "no ARC header line" : "no WARC version line");
  return false;
}

void WarcReader::SkipBlock(const Header& h) {
  uint64_t remaining = h.content_length;
  for (;;) {
    uint64_t take = std::min<uint64_t>(remaining, end_ - begin_);
    begin_ += static_cast<size_t>(take);
    remaining -= take;
    if (remaining == 0) return;
    if (!Fill()) {
      ReportCutRecord(h.offset, h.Describe(), h.content_length, h.content_length - remaining);
      return;
    }
  }
}

void WarcReader::FillRecord(Header& h, std::string_view block, WarcRecord* out) {
  WarcRecord& r = *out;
  const bool is_http_type =
      r.type == WarcRecordType::kResponse || r.type == WarcRecordType::kRevisit;
  bool http =
      options_.decode_http && is_http_type &&
      (block.starts_with("HTTP/") || r.content_type.find("application/http") != std::string::npos);
  std::string_view body = block;
  std::string http_ct;
  if (http) {
    HttpHead head;
    std::string error;
    if (ParseHttpHead(block, &head, &error)) {
      r.http_status = head.status;
      r.http_headers = std::move(head.headers);
      body = block.substr(head.length);
      http_ct = std::string(r.HttpHeader("Content-Type"));
      r.last_modified = std::string(r.HttpHeader("Last-Modified"));
      r.http_date = std::string(r.HttpHeader("Date"));
    } else {
      r.warnings.push_back(error + "; the block is returned as the payload");
      http = false;
    }
  }
  if (!http) {
    r.payload.assign(body);
  } else {
    std::string_view te = r.HttpHeader("Transfer-Encoding");
    std::string_view ce = r.HttpHeader("Content-Encoding");
    std::string decoded;
    std::string te_lower(Trim(te));
    for (char& c : te_lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool chunked = te_lower.find("chunked") != std::string::npos;
    std::string error;
    if (chunked) {
      if (DecodeChunked(body, options_.max_record_bytes, &r.payload, &error)) {
        body = {};
      } else {
        r.warnings.push_back("Transfer-Encoding: chunked, but " + error +
                             "; the body is returned as stored");
        r.payload.clear();
      }
    }
    if (!chunked || !body.empty()) r.payload.assign(body);
    std::string_view coding = Trim(ce);
    if (!coding.empty() && coding != "identity" && coding != "none" && !r.payload.empty()) {
      if (DecodeContentCoding(coding, r.payload, options_.max_record_bytes, &decoded, &error)) {
        r.payload.swap(decoded);
      } else {
        r.warnings.push_back("Content-Encoding " + std::string(coding) + " not undone (" + error +
                             "); the body is returned as stored");
      }
    }
  }
  std::string ignored_charset;
  if (!http_ct.empty()) {
    SplitContentType(http_ct, &r.mime, &r.charset);
  } else if (!r.identified_payload_type.empty()) {
    SplitContentType(r.identified_payload_type, &r.mime, &ignored_charset);
  } else if (!http && !r.content_type.empty() &&
             r.content_type.find("application/http") == std::string::npos) {
    SplitContentType(r.content_type, &r.mime, &r.charset);
  }
  if (h.arc && r.http_status == 0 && r.type == WarcRecordType::kResponse) {
    r.type = WarcRecordType::kResource;  // an ARC record that is not an HTTP response
  }
}

WarcReader::Step WarcReader::ReadRecord(WarcRecord* out) {
  Header h;
  if (!ReadHeader(&h)) return Step::kSkipped;
  ++stats_.records;
  ++stats_.by_type[static_cast<size_t>(h.type)];
  begin_ += h.length;

  WarcRecord& r = *out;
  r = WarcRecord();
  r.type = h.type;
  r.version = std::move(h.version);
  r.offset = h.offset;
  r.compressed_offset = input_->CompressedOffsetOf(h.offset);
  r.content_length = h.content_length;
  if (h.arc) {
    r.target_uri = h.arc_url;
    r.date = ArcDateToIso(h.arc_date);
    r.content_type = h.arc_mime;
  } else {
    std::string_view uri = Trim(FindField(h.fields, "WARC-Target-URI"));
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') {
      uri = Trim(uri.substr(1, uri.size() - 2));
    }
    r.target_uri = std::string(uri);
    r.date = std::string(FindField(h.fields, "WARC-Date"));
    r.record_id = std::string(FindField(h.fields, "WARC-Record-ID"));
    r.content_type = std::string(FindField(h.fields, "Content-Type"));
    r.payload_digest = std::string(FindField(h.fields, "WARC-Payload-Digest"));
    r.identified_payload_type = std::string(FindField(h.fields, "WARC-Identified-Payload-Type"));
    r.language = std::string(FindField(h.fields, "WARC-Identified-Content-Language"));
  }
  r.date_unix = ParseWarcDate(r.date);

  if (!Wanted(h.type)) {
    ++stats_.skipped_type;
    SkipBlock(h);
    return Step::kSkipped;
  }
  if (!options_.filter.MatchesHeader(r)) {
    ++stats_.filtered;
    SkipBlock(h);
    return Step::kSkipped;
  }
  if (h.content_length > options_.max_record_bytes) {
    ++stats_.oversized;
    Report(r.offset, r.compressed_offset,
           path() + ": the record at " + Where(r.offset) + " (" + h.Describe() + ") holds " +
               std::to_string(h.content_length) + " bytes, more than the limit of " +
               std::to_string(options_.max_record_bytes) +
               "; it was skipped. Raise --max-record-size to read it.");
    SkipBlock(h);
    return Step::kSkipped;
  }
  if (!Ensure(static_cast<size_t>(h.content_length))) {
    ReportCutRecord(h.offset, h.Describe(), h.content_length, end_ - begin_);
    return Step::kSkipped;
  }
  r.fields = std::move(h.fields);
  std::string_view block(buf_.get() + begin_, static_cast<size_t>(h.content_length));
  FillRecord(h, block, out);
  begin_ += static_cast<size_t>(h.content_length);
  if (!options_.filter.MatchesMime(r.mime)) {
    ++stats_.filtered;
    return Step::kSkipped;
  }
  ++stats_.returned;
  return Step::kReturned;
}

}  // namespace storyline
