// ByteStream: the decompressed bytes of one input file (plain, gzip or zstd), read sequentially.
//
// Plain files are read with read(2) straight into the caller's buffer; gzip is inflated with zlib
// (concatenated members, as written by `cat a.gz b.gz` or pigz, are read as one stream; zero
// padding after the last member is ignored); zstd is decompressed with the streaming API (any
// number of frames). Standard input (path "-") is sniffed from its magic bytes.
//
// Thread-safety: one ByteStream is used by one thread at a time; distinct streams are independent.
// Errors:
//  - Open: NotFound when the file does not exist, IOError when it cannot be opened (permission).
//  - Read: Corruption when compressed data is damaged or truncated. The message names the file and
//    the compressed byte offset of the damage. Every byte decoded before the damage is returned by
//    earlier Read calls first; the error is returned by the next call, and again by every call
//    after it. (For a truncated file every byte returned is exact. Damage inside deflate data can
//    decode to some wrong bytes before zlib notices it, as gzip's checksum comes at the end of a
//    member; records made of them fail to parse downstream.) IOError when read(2) fails.
#ifndef STORYLINE_INGEST_BYTE_STREAM_H_
#define STORYLINE_INGEST_BYTE_STREAM_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "ingest/input_walker.h"
#include "storyline/status.h"

namespace storyline {

class ByteStream {
 public:
  // Opens file.path ("-" = standard input, which is not closed afterwards).
  static Result<std::unique_ptr<ByteStream>> Open(const InputFile& file);

  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Reads up to n decompressed bytes into buf. Returns the number read, 0 only at the end of the
  // stream. May return fewer than n bytes before the end. Blocks only when no byte is ready.
  Result<size_t> Read(char* buf, size_t n);

  // While reading from a pipe or terminal (stdin), checks `flag` every 200 ms; once it is true
  // the stream ends as if the input had ended. Regular files are not affected (the caller checks
  // the flag between reads). Not owned; may be null.
  void set_interrupt(const std::atomic<bool>* flag) { interrupt_ = flag; }

  // True when reading stdin (a pipe or terminal) would block now: no buffered input and no byte
  // ready. Always false for regular files.
  bool NothingReady() const;
  // True when the stream ended because of the interrupt flag rather than the input's end.
  bool interrupted() const { return interrupted_; }

  // Bytes of the underlying file consumed by the decoder so far (for progress against size_bytes).
  uint64_t compressed_bytes_consumed() const;
  // Decompressed bytes returned so far.
  uint64_t bytes_returned() const { return returned_; }

  const std::string& path() const { return path_; }
  // The compression actually in use (sniffed for standard input).
  Compression compression() const { return compression_; }

 private:
  ByteStream(int fd, bool owns_fd, std::string path, Compression compression);

  Status Init();                                // sniffs stdin, sets up the decoder
  Status FillInput();                           // reads the next block of the file into in_buf_
  Result<size_t> ReadRaw(char* buf, size_t n);  // read(2), retrying on EINTR
  Result<size_t> ReadPlain(char* buf, size_t n);
  Result<size_t> ReadGzip(char* buf, size_t n);
  Result<size_t> ReadZstd(char* buf, size_t n);
  // `delivered`: decompressed bytes returned before the damage, including the current Read's.
  Status DamageError(const char* format_name, uint64_t offset, const std::string& detail,
                     uint64_t delivered) const;
  Status TruncatedError(const char* format_name, uint64_t delivered) const;

  int fd_;
  bool owns_fd_;
  const std::atomic<bool>* interrupt_ = nullptr;
  bool interrupted_ = false;
  std::string path_;
  Compression compression_;

  // Compressed input (and the sniffed head of plain standard input): [in_pos_, in_end_).
  std::unique_ptr<char[]> in_buf_;
  size_t in_cap_ = 0;
  size_t in_pos_ = 0;
  size_t in_end_ = 0;
  uint64_t file_bytes_read_ = 0;  // bytes read from fd_ so far
  bool file_eof_ = false;

  uint64_t returned_ = 0;
  bool finished_ = false;
  Status error_;  // sticky: once set, every Read returns it

  // Decoder state, opaque here so zlib.h and zstd.h stay out of this header.
  struct Decoder;
  std::unique_ptr<Decoder> decoder_;
};

}  // namespace storyline

#endif  // STORYLINE_INGEST_BYTE_STREAM_H_
