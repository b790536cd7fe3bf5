// RecordReader: splits one input file into raw records: one per line of a JSON Lines file, or the
// whole file for a .txt or .html file. It never parses JSON or HTML; RecordParser (src/article)
// does, on worker threads.
//
// JSON Lines: lines end with '\n' (a '\r' before it is dropped, so CRLF files work); lines that are
// empty or only whitespace are skipped; a UTF-8 byte order mark at the start of the file is
// dropped; a last line without '\n' is a record. Standard input ("-") is sniffed: the first
// non-blank byte '{' means JSON Lines, anything else one text record.
//
// Bad input never stops the reader; it becomes a RecordProblem and the records around it survive:
//  - a record longer than max_record_bytes is skipped without being buffered (memory stays below
//    about max_record_bytes + 1 MiB) and reported with its line and byte offset;
//  - a stream error (truncated or corrupt .gz/.zst, read error) is reported, ends the input, and
//    the partial line before it is reported, not returned;
//  - an empty file, or a JSON Lines file with only blank lines, is reported.
//
// Thread-safety: one RecordReader is used by one thread at a time. RawRecords are independent
// values, safe to hand to other threads.
// Errors: Open returns NotFound / IOError when the file cannot be opened. ReadBatch reports all
// problems of the input as RecordProblems and returns a non-OK status only for a broken invariant.
#ifndef STORYLINE_INGEST_RECORD_READER_H_
#define STORYLINE_INGEST_RECORD_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ingest/byte_stream.h"
#include "ingest/input_walker.h"
#include "storyline/article.h"
#include "storyline/status.h"

namespace storyline {

// One JSON line (without its line ending), or a whole .txt or .html file.
struct RawRecord {
  Origin origin;  // path; 1-based line (0 for text files); byte offset in the decompressed stream
  InputFormat format = InputFormat::kJsonLines;
  std::string bytes;
  // Web records (HTML from a WARC response): where it was fetched and the HTTP charset.
  std::string url, http_charset, fetched_at;
  bool web_archive = false;  // from a WARC/ARC file: the --lang filter applies to it
};

struct RecordProblem {
  Origin origin;       // where the problem is: the line and byte offset when known
  std::string reason;  // a full sentence saying what is wrong and what to do
};

class RecordReader {
 public:
  // Default limit for one record (the CLI's --max-record-size).
  static constexpr size_t kDefaultMaxRecordBytes = 64u << 20;

  // Opens the file. max_record_bytes: a record above it is skipped (without ever buffering more
  // than the limit) and reported with its line and byte offset and the hint to raise
  // --max-record-size.
  static Result<std::unique_ptr<RecordReader>> Open(const InputFile& file, size_t max_record_bytes);

  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  // Appends records totalling up to about max_bytes (at least one record when any remain) to *out,
  // and the problems met on the way to *problems. Returns false, having appended nothing, at the
  // end of the input, so both `while (ReadBatch(...))` and "process, then stop on false" loops see
  // every record. A stream error is reported as a RecordProblem and ends the input.
  Result<bool> ReadBatch(size_t max_bytes, std::vector<RawRecord>* out,
                         std::vector<RecordProblem>* problems);

  // Compressed bytes consumed so far, for progress against InputFile::size_bytes.
  uint64_t bytes_consumed() const;
  // See ByteStream::set_interrupt: an idle stdin stops waiting once *flag is true.
  void set_interrupt(const std::atomic<bool>* flag) { stream_->set_interrupt(flag); }
  // True when the input ended early because of that flag.
  bool interrupted() const { return stream_->interrupted(); }
  // The format in use (sniffed for standard input).
  InputFormat format() const { return format_; }

 private:
  RecordReader(std::unique_ptr<ByteStream> stream, InputFormat format, size_t max_record_bytes);

  Status SniffStdinFormat();
  // Reads more bytes after end_, moving the unconsumed tail to the front and growing the buffer
  // when a line does not fit. Sets eof_ at the end of the stream; a stream error sets
  // stream_error_ and eof_.
  void Fill();
  // Discards the line starting at begin_ that is longer than the limit, reading until its '\n'.
  void SkipLongLine(std::vector<RecordProblem>* problems);
  void ReadJsonLines(size_t max_bytes, std::vector<RawRecord>* out,
                     std::vector<RecordProblem>* problems);
  void ReadText(std::vector<RawRecord>* out, std::vector<RecordProblem>* problems);
  // Emits the line [begin, begin + len) of buf_, which started at decompressed offset `offset`.
  // Returns the bytes appended to *out (0 for a blank line).
  size_t EmitLine(size_t begin, size_t len, std::vector<RawRecord>* out);
  void ReportStreamError(std::vector<RecordProblem>* problems);
  void ReportEndOfInput(std::vector<RecordProblem>* problems);
  Origin MakeOrigin(uint64_t line, uint64_t offset) const;

  std::unique_ptr<ByteStream> stream_;
  std::string path_;
  InputFormat format_;
  size_t max_record_bytes_;

  // Buffered decompressed bytes: [begin_, end_) are unconsumed; buf_[0] is at stream offset
  // buf_offset_. scan_ is where the search for the next '\n' resumes.
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;
  size_t begin_ = 0;
  size_t scan_ = 0;
  size_t end_ = 0;
  uint64_t buf_offset_ = 0;
  uint64_t line_ = 1;  // line number of the line starting at begin_

  bool eof_ = false;
  bool done_ = false;
  bool bom_checked_ = false;
  Status stream_error_;
  uint64_t records_ = 0;
  uint64_t problems_ = 0;
};

}  // namespace storyline

#endif  // STORYLINE_INGEST_RECORD_READER_H_
