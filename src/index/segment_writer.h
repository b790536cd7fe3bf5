// SegmentWriter: writes one immutable segment file holding the texts of one ingest batch.
//
// Texts are packed into ~64 KB blocks, each compressed with zstd and checksummed; a document
// table and a footer with its own checksum end the file (docs/formats/segment.md). Finish()
// writes "<path>.tmp", fsyncs it, renames it to <path> and fsyncs the directory, so a segment file
// is either complete under its final name or absent.
//
// Thread-compatible: one thread at a time.
#ifndef STORYLINE_INDEX_SEGMENT_WRITER_H_
#define STORYLINE_INDEX_SEGMENT_WRITER_H_

#include <memory>
#include <string>
#include <string_view>

#include "storyline/env.h"
#include "storyline/ids.h"
#include "storyline/status.h"

struct ZSTD_CCtx_s;

namespace storyline {

class SegmentWriter {
 public:
  // `path` is the final file name; nothing is visible under it before Finish() succeeds.
  static Result<std::unique_ptr<SegmentWriter>> Create(Env* env, std::string path, SegmentId id,
                                                       int zstd_level = 1);
  ~SegmentWriter();

  // Appends a text; returns its ordinal (0, 1, ...) in the segment.
  Result<uint32_t> Add(std::string_view text);
  // Completes the file (see above). On failure the temporary file is removed when possible.
  Status Finish();

  uint32_t doc_count() const { return doc_count_; }
  // Valid after Finish(): file size and the footer checksum (recorded in the catalog).
  uint64_t file_size() const { return file_size_; }
  uint64_t checksum() const { return checksum_; }

 private:
  SegmentWriter(Env* env, std::string path, SegmentId id, int zstd_level);
  Status FlushBlock();

  Env* env_;
  std::string path_, tmp_path_;
  SegmentId id_;
  int zstd_level_;
  std::unique_ptr<WritableFile> file_;
  ZSTD_CCtx_s* cctx_ = nullptr;  // owned; reused for every block (creating one costs ~100 KB)
  std::string block_;            // raw bytes of the open block
  std::string compressed_;       // scratch
  std::string doc_table_;
  std::string block_table_;
  uint32_t doc_count_ = 0, block_count_ = 0;
  uint64_t offset_ = 0;
  uint64_t file_size_ = 0, checksum_ = 0;
  bool finished_ = false;
};

}  // namespace storyline

#endif  // STORYLINE_INDEX_SEGMENT_WRITER_H_
