// WarcReader: the records of one WARC (1.0, 1.1) or ARC file, streamed, with damaged input
// reported and skipped instead of ending the read.
//
// Input: plain .warc/.arc, or gzip with one member per record (.warc.gz as written by crawlers,
// CC-NEWS) or one member for the whole file; the layout is found from the bytes, not the name.
// ARC (version 1 and 2 header lines) is recognised from its first record (filedesc://).
//
// What Next returns: by default response and resource records (WarcReaderOptions::types), that
// pass the filter. For a response whose block is an HTTP message (application/http, or an ARC
// record starting with "HTTP/"), the status line and headers are parsed and the payload is the
// body with chunked transfer coding and gzip/deflate/br content coding undone. Other types
// (request, metadata, warcinfo, revisit, ...) are skipped without copying and counted.
//
// Bad input never stops the reader more than necessary; it becomes a WarcProblem (TakeProblems)
// with the file, offsets, what is wrong and what to do, and reading goes on:
//  - a truncated file: every record before the damage is returned; the cut record is reported
//    with its uncompressed offset and the compressed offset of its gzip member;
//  - a corrupt gzip member: reported; reading resumes at the next gzip member header;
//  - garbage where a record should start, or a header without a valid Content-Length: reported;
//    the reader skips to the next line starting "WARC/" (ARC: the next ARC header line);
//  - a record whose block is larger than max_record_bytes: skipped without being buffered and
//    reported. Memory: the record buffer stays below max_record_bytes + max_header_bytes +
//    128 KiB (1 MiB at least); a returned payload, a separate copy, is at most max_record_bytes
//    after decoding; gzip input takes 256 KiB, plus up to 8 MiB of libdeflate staging.
// A WARC record whose Content-Length is too short or too long shows up as garbage before the
// next record (reported, resynchronised) or as a swallowed next record (undetectable in general).
//
// Thread-safety: one WarcReader per thread (it owns a file and a buffer). WarcRecords are plain
// values: move them to worker threads. Reading one file from several threads is not supported;
// parallelism comes from reading several files at once.
// Errors: Open returns NotFound / IOError when the file cannot be opened, InvalidArgument for a
// zstd file. Next returns a non-OK status only for a broken invariant; damage, bad records and
// read errors are WarcProblems.
#ifndef STORYLINE_WARC_WARC_READER_H_
#define STORYLINE_WARC_WARC_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storyline/status.h"
#include "warc/warc_input.h"
#include "warc/warc_record.h"

namespace storyline {

struct WarcReaderOptions {
  // A record whose block is larger than this is skipped and reported (the CLI's
  // --max-record-size). Also bounds a decoded (dechunked, decompressed) payload.
  size_t max_record_bytes = 64u << 20;
  // A WARC header section (or ARC header line) longer than this is treated as garbage.
  size_t max_header_bytes = 256u << 10;
  // The record types returned; others are skipped and counted in WarcStats::skipped_type.
  std::vector<WarcRecordType> types = {WarcRecordType::kResponse, WarcRecordType::kResource};
  // Records failing it are skipped and counted in WarcStats::filtered.
  WarcFilter filter;
  // Parse HTTP heads and decode payloads. When false, payload is the raw block.
  bool decode_http = true;
  // Problems waiting for TakeProblems are kept up to this many; more are only counted
  // (WarcStats::problems_dropped), so a hostile file cannot fill memory with reports.
  size_t max_problems_kept = 10000;
  // Inflate whole gzip members with libdeflate when built with it (same bytes and problems,
  // about twice as fast); false streams everything through zlib.
  bool fast_inflate = true;
};

class WarcReader {
 public:
  static Result<std::unique_ptr<WarcReader>> Open(const std::string& path,
                                                  WarcReaderOptions options = {});
  // Reads from `source` (a file, or bytes in memory under a name for messages).
  static Result<std::unique_ptr<WarcReader>> Open(std::unique_ptr<ByteSource> source,
                                                  WarcReaderOptions options = {});
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // Reads the next record that is asked for into *out (overwritten) and sets *eof = false; at the
  // end of the input sets *eof = true (*out then holds nothing useful). Problems met on the way
  // are queued for TakeProblems: call it after each Next, or at least regularly (at most
  // max_problems_kept wait; more are only counted).
  Status Next(WarcRecord* out, bool* eof);
  // Moves the problems reported since the last call into *problems (appended).
  void TakeProblems(std::vector<WarcProblem>* problems);
  // Counts so far (complete once Next returned eof).
  const WarcStats& stats() const { return stats_; }
  const std::string& path() const { return input_->name(); }
  // Bytes held by the record buffer now (it grows to the largest record read, never for records
  // skipped); for tests and monitoring of the memory bound.
  size_t buffer_capacity() const { return cap_; }

 private:
  enum class Step { kReturned, kSkipped };
  enum class Format { kUnknown, kWarc, kArc };
  struct Header;

  WarcReader(std::unique_ptr<WarcInput> input, WarcReaderOptions options);

  // Reads more bytes after end_. False when none come: at the end of the input (eof_), or at
  // damage (fence_), which is handled by the caller once the bytes before it are used.
  bool Fill();
  bool Ensure(size_t n);  // at least n unconsumed bytes buffered; false as for Fill
  // Skips CR and LF bytes; false when no other byte is left before the end or a fence.
  bool SkipBlankLines();
  Step ReadRecord(WarcRecord* out);
  // Parses the header at begin_ into *h; false (problem reported, resynchronised or at the end)
  // when there is no usable header.
  bool ReadHeader(Header* h);
  bool ParseWarcHeader(std::string_view text, Header* h, std::string* error);
  bool ParseArcHeader(std::string_view line, Header* h) const;
  // Skips the block of a record not returned, without buffering it.
  void SkipBlock(const Header& h);
  void FillRecord(Header& h, std::string_view block, WarcRecord* out);
  // Skips bytes from begin_ + from until a line that starts a record; reports what was skipped.
  void Resync(size_t from, const std::string& what);
  bool LooksLikeRecordStart(std::string_view line) const;
  // The input stopped before the record at `offset` was complete (damage or end of file).
  void ReportCutRecord(uint64_t offset, const std::string& record_desc, uint64_t expected,
                       uint64_t got);
  // Reports the pending damage (fence_) that no record was cut by, and clears it.
  void HandleFence();
  std::string Where(uint64_t offset);
  void Report(uint64_t offset, uint64_t compressed_offset, std::string reason);
  void UpdateByteCounts();
  bool Wanted(WarcRecordType type) const;

  std::unique_ptr<WarcInput> input_;
  WarcReaderOptions options_;
  Format format_ = Format::kUnknown;

  // Unconsumed decompressed bytes are [begin_, end_) of buf_; buf_[0] is at stream offset
  // buf_offset_.
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;
  size_t begin_ = 0;
  size_t end_ = 0;
  uint64_t buf_offset_ = 0;
  bool eof_ = false;
  std::optional<InputDamage> fence_;

  std::vector<WarcProblem> problems_;
  WarcStats stats_;
};

}  // namespace storyline

#endif  // STORYLINE_WARC_WARC_READER_H_
