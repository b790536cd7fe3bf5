// SegmentReader: reads texts back from an immutable segment file (docs/formats/segment.md).
//
// Open() checks the header, the footer and the tables' checksums; ReadText() checks the checksum
// of every block it decompresses; VerifyAll() checks every block. Any mismatch is Corruption
// naming the file and the offset.
//
// Thread-compatible: one thread at a time (it caches the last block it decompressed).
#ifndef STORYLINE_INDEX_SEGMENT_READER_H_
#define STORYLINE_INDEX_SEGMENT_READER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "storyline/env.h"
#include "storyline/ids.h"
#include "storyline/status.h"

struct ZSTD_DCtx_s;

namespace storyline {

class SegmentReader {
 public:
  static Result<std::unique_ptr<SegmentReader>> Open(Env* env, const std::string& path);
  ~SegmentReader();

  SegmentId id() const { return id_; }
  uint32_t doc_count() const { return doc_count_; }
  uint64_t file_size() const { return file_->Size(); }
  uint64_t checksum() const { return checksum_; }  // the footer checksum

  Result<std::string> ReadText(uint32_t ordinal);
  // Decompresses and checks every block; adds the file's size to *bytes_checked.
  Status VerifyAll(uint64_t* bytes_checked);

 private:
  SegmentReader() = default;
  Status LoadBlock(uint32_t block);

  std::string path_;
  std::unique_ptr<RandomAccessFile> file_;
  SegmentId id_;
  uint32_t doc_count_ = 0, block_count_ = 0;
  uint64_t checksum_ = 0;
  std::string doc_table_, block_table_;
  ZSTD_DCtx_s* dctx_ = nullptr;  // owned; reused for every block
  int64_t cached_block_ = -1;
  std::string cached_raw_, scratch_;
};

}  // namespace storyline

#endif  // STORYLINE_INDEX_SEGMENT_READER_H_
