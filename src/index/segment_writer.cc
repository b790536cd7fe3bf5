#include "index/segment_writer.h"

#include <zstd.h>

#include <cstdio>

#include "common/hash.h"
#include "index/segment_format.h"

namespace storyline {

using namespace segment_format;  // NOLINT: format constants and byte helpers

std::string segment_format::SegmentFileName(uint32_t segment_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "seg-%06u.sls", segment_id);
  return buf;
}

SegmentWriter::SegmentWriter(Env* env, std::string path, SegmentId id, int zstd_level)
    : env_(env),
      path_(std::move(path)),
      tmp_path_(path_ + ".tmp"),
      id_(id),
      zstd_level_(zstd_level) {}

SegmentWriter::~SegmentWriter() {
  ZSTD_freeCCtx(cctx_);
  if (!finished_ && file_) {
    (void)file_->Close();
    (void)env_->DeleteFile(tmp_path_);
  }
}

Result<std::unique_ptr<SegmentWriter>> SegmentWriter::Create(Env* env, std::string path,
                                                             SegmentId id, int zstd_level) {
  std::unique_ptr<SegmentWriter> w(new SegmentWriter(env, std::move(path), id, zstd_level));
  ASSIGN_OR_RETURN(w->file_, env->NewWritableFile(w->tmp_path_));
  std::string header(kHeaderMagic, 8);
  PutU32(&header, kFormatVersion);
  PutU32(&header, id.value());
  PutU64(&header, static_cast<uint64_t>(env->NowMicros()));
  PutU32(&header, static_cast<uint32_t>(Checksum64(header)));
  PutU32(&header, 0);  // reserved
  RETURN_IF_ERROR(w->file_->Append(header));
  w->offset_ = header.size();
  return w;
}

Result<uint32_t> SegmentWriter::Add(std::string_view text) {
  if (text.size() >= kMaxBlockBytes) {
    return ResourceExhausted("text of " + std::to_string(text.size()) +
                             " bytes is larger than a segment block allows (1 GiB)");
  }
  if (!block_.empty() && block_.size() + text.size() > kTargetBlockBytes)
    RETURN_IF_ERROR(FlushBlock());
  PutU32(&doc_table_, block_count_);
  PutU32(&doc_table_, static_cast<uint32_t>(block_.size()));
  PutU32(&doc_table_, static_cast<uint32_t>(text.size()));
  block_.append(text);
  return doc_count_++;
}

Status SegmentWriter::FlushBlock() {
  if (!cctx_) cctx_ = ZSTD_createCCtx();
  if (!cctx_) return ResourceExhausted("out of memory for a zstd context");
  compressed_.resize(ZSTD_compressBound(block_.size()));
  size_t n = ZSTD_compressCCtx(cctx_, compressed_.data(), compressed_.size(), block_.data(),
                               block_.size(), zstd_level_);
  if (ZSTD_isError(n)) return Internal(std::string("zstd: ") + ZSTD_getErrorName(n));
  compressed_.resize(n);
  std::string head;
  PutU32(&head, static_cast<uint32_t>(block_.size()));
  PutU32(&head, static_cast<uint32_t>(n));
  PutU64(&head, Checksum64(compressed_));
  RETURN_IF_ERROR(file_->Append(head));
  RETURN_IF_ERROR(file_->Append(compressed_));
  PutU64(&block_table_, offset_);
  offset_ += head.size() + n;
  ++block_count_;
  block_.clear();
  return Status::Ok();
}

Status SegmentWriter::Finish() {
  if (finished_) return Internal("SegmentWriter::Finish called twice");
  Status s = [&]() -> Status {
    if (!block_.empty()) RETURN_IF_ERROR(FlushBlock());
    uint64_t doc_table_offset = offset_;
    uint64_t block_table_offset = offset_ + doc_table_.size();
    std::string tables = doc_table_ + block_table_;
    std::string footer;
    PutU64(&footer, doc_table_offset);
    PutU64(&footer, block_table_offset);
    PutU32(&footer, doc_count_);
    PutU32(&footer, block_count_);
    PutU64(&footer, Checksum64(tables));
    PutU64(&footer, Checksum64(footer));  // covers the fields above, hence the tables too
    footer.append(kFooterMagic, 8);
    checksum_ = GetU64(footer.data() + 32);
    RETURN_IF_ERROR(file_->Append(tables));
    RETURN_IF_ERROR(file_->Append(footer));
    file_size_ = offset_ + tables.size() + footer.size();
    RETURN_IF_ERROR(file_->Sync());
    RETURN_IF_ERROR(file_->Close());
    RETURN_IF_ERROR(env_->RenameFile(tmp_path_, path_));
    return env_->SyncDir(DirName(path_));
  }();
  if (s.ok()) finished_ = true;
  return s;
}

}  // namespace storyline
