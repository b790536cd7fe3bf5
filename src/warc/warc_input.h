// WarcInput: the decompressed bytes of one WARC/ARC file, read sequentially, gzip member by
// gzip member, with damage reported instead of ending the input.
//
// Plain files are passed through. Gzip files are inflated member by member (zlib, reset at each
// member), so both layouts work: one member per record (the WARC standard's recommendation,
// CC-NEWS) and one member for the whole file (`gzip file.warc`). A corrupt member does not end
// the input: Read stops at the damage, TakeDamage describes it (compressed offset of the member,
// zlib's reason, where reading resumed), and the next Read continues at the next gzip member
// header found after it. A file that ends inside a member (truncated download) is reported the
// same way, with nothing after it. Zero padding after the last member is ignored.
//
// Offsets: "compressed" offsets are byte positions in the file, "uncompressed" offsets are
// positions in the concatenated decompressed stream (the bytes Read returned before them). For
// plain files the two are equal.
//
// Thread-safety: one WarcInput is used by one thread at a time.
// Errors: Open returns NotFound / IOError when the file cannot be opened, InvalidArgument for a
// zstd-compressed file (not supported). Read returns IOError when read(2) fails; damage in the
// data is never an error status (see TakeDamage).
//
// Speed: when built with libdeflate (STORYLINE_HAVE_LIBDEFLATE) and fast_inflate is on, a gzip
// member that is whole in the input buffer is inflated in one call by libdeflate (about twice
// zlib's speed) into a staging buffer; a member that is larger than the buffer, cut, or damaged
// is streamed by zlib from its start instead, so the bytes and the damage reports are the same.
#ifndef STORYLINE_WARC_WARC_INPUT_H_
#define STORYLINE_WARC_WARC_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "storyline/status.h"

namespace storyline {

// Where the raw (possibly compressed) bytes come from: a file or a buffer.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; 0 only at the end.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // The name used in messages (the path).
  virtual const std::string& name() const = 0;

  // Opens a file for sequential reading (read(2)). NotFound / IOError when it cannot be opened.
  static Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path);
  // Reads an open descriptor (a pipe, standard input) that stays open afterwards; `name` is used
  // in messages ("-" for standard input).
  static std::unique_ptr<ByteSource> FromFd(int fd, std::string name);
  // Serves `data` (copied) under `name`: for tests, fuzzing and in-memory inputs.
  static std::unique_ptr<ByteSource> FromString(std::string name, std::string data);
};

// Damage found in the input: a corrupt gzip member, garbage where a member header should be, or
// the end of the file inside a member.
struct InputDamage {
  uint64_t compressed_offset = 0;    // start of the damaged member (or of the garbage)
  uint64_t uncompressed_offset = 0;  // decompressed bytes returned before the damage
  uint64_t resume_offset = 0;        // compressed offset where reading resumed (file size if none)
  bool truncated = false;            // the file ends inside a member
  bool resumed = false;              // another member was found after the damage
  std::string detail;                // zlib's reason, "not a gzip member header", ...
};

class WarcInput {
 public:
  static Result<std::unique_ptr<WarcInput>> Open(std::unique_ptr<ByteSource> source,
                                                 bool fast_inflate = true);
  // True when this build can inflate with libdeflate.
  static bool HasFastInflate();
  ~WarcInput();
  WarcInput(const WarcInput&) = delete;
  WarcInput& operator=(const WarcInput&) = delete;

  // Reads up to n decompressed bytes into buf. Returns 0 at the end of the input or when damage
  // was met: then TakeDamage returns true once, and Read may be called again (it continues after
  // the damage, or returns 0 for good). Bytes decoded before damage are returned first.
  Result<size_t> Read(char* buf, size_t n);
  // Moves the damage that stopped the last Read into *out; false when there is none.
  bool TakeDamage(InputDamage* out);

  // The compressed offset of the gzip member holding uncompressed byte `offset` (the offset itself
  // for plain files). Queries must come in non-decreasing order of offset, for bytes already
  // returned by Read: older member starts are forgotten.
  uint64_t CompressedOffsetOf(uint64_t offset);

  bool gzip() const { return gzip_; }
  const std::string& name() const { return source_->name(); }
  // File bytes consumed so far.
  uint64_t compressed_consumed() const { return in_base_ + in_pos_; }
  // Decompressed bytes returned so far.
  uint64_t uncompressed_returned() const { return produced_; }

 private:
  WarcInput(std::unique_ptr<ByteSource> source, bool fast_inflate);
  Status Init();
  Status Fill();  // refills in_buf_ after in_pos_ (keeping nothing before it)
  Result<size_t> ReadGzip(char* buf, size_t n);
  // After damage at the current member: finds the next gzip header at or after `from`.
  Status Resync(uint64_t from, InputDamage* damage);
  // True when only zero bytes remain in the file (padding after the last member).
  Result<bool> OnlyZerosRemain();
  // Inflates the member at in_pos_ whole into stage_ with libdeflate. False (nothing consumed)
  // when it is not whole in the buffer, too large, or damaged: zlib streams it then.
  Result<bool> InflateWholeMember();

  std::unique_ptr<ByteSource> source_;
  bool gzip_ = false;
  std::unique_ptr<char[]> in_buf_;
  size_t in_cap_ = 0;
  size_t in_pos_ = 0;
  size_t in_end_ = 0;
  uint64_t in_base_ = 0;  // file offset of in_buf_[0]
  bool source_eof_ = false;
  bool finished_ = false;

  uint64_t produced_ = 0;
  bool in_member_ = false;
  uint64_t member_start_ = 0;  // compressed offset of the current (or last) member
  // (uncompressed start, compressed start) of the members not yet forgotten.
  std::deque<std::pair<uint64_t, uint64_t>> members_;
  bool has_damage_ = false;
  InputDamage damage_;

  struct Inflater;
  std::unique_ptr<Inflater> inflater_;
  bool fast_inflate_ = false;
  // Bytes inflated by libdeflate and not yet returned: stage_[stage_pos_, stage_end_).
  std::unique_ptr<char[]> stage_;
  size_t stage_cap_ = 0;
  size_t stage_pos_ = 0;
  size_t stage_end_ = 0;
};

}  // namespace storyline

#endif  // STORYLINE_WARC_WARC_INPUT_H_
