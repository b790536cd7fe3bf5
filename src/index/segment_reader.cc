#include "index/segment_reader.h"

#include <zstd.h>

#include <cstring>

#include "common/hash.h"
#include "index/segment_format.h"

namespace storyline {

using namespace segment_format;  // NOLINT: format constants and byte helpers

SegmentReader::~SegmentReader() { ZSTD_freeDCtx(dctx_); }

Result<std::unique_ptr<SegmentReader>> SegmentReader::Open(Env* env, const std::string& path) {
  std::unique_ptr<SegmentReader> r(new SegmentReader());
  r->path_ = path;
  ASSIGN_OR_RETURN(r->file_, env->NewRandomAccessFile(path));
  uint64_t size = r->file_->Size();
  auto corrupt = [&](const std::string& what) {
    return Corruption("segment " + path + ": " + what +
                      "; run `storyline check` to list the damage");
  };
  if (size < kHeaderSize + kFooterSize)
    return corrupt("file too short (" + std::to_string(size) + " bytes)");
  std::string buf;
  ASSIGN_OR_RETURN(auto header, r->file_->Read(0, kHeaderSize, &buf));
  if (header.size() != kHeaderSize || std::memcmp(header.data(), kHeaderMagic, 8) != 0) {
    return corrupt("bad magic number (not a storyline segment)");
  }
  if (GetU32(header.data() + 8) != kFormatVersion) {
    return corrupt("format version " + std::to_string(GetU32(header.data() + 8)) +
                   " is not supported by this build (expected " + std::to_string(kFormatVersion) +
                   ")");
  }
  if (GetU32(header.data() + 24) != static_cast<uint32_t>(Checksum64(header.substr(0, 24)))) {
    return corrupt("header checksum mismatch");
  }
  r->id_ = SegmentId(GetU32(header.data() + 12));
  std::string fbuf;
  ASSIGN_OR_RETURN(auto footer, r->file_->Read(size - kFooterSize, kFooterSize, &fbuf));
  if (footer.size() != kFooterSize || std::memcmp(footer.data() + 40, kFooterMagic, 8) != 0) {
    return corrupt("footer missing (the file was cut short)");
  }
  if (GetU64(footer.data() + 32) != Checksum64(footer.substr(0, 32))) {
    return corrupt("footer checksum mismatch");
  }
  uint64_t doc_off = GetU64(footer.data());
  uint64_t block_off = GetU64(footer.data() + 8);
  r->doc_count_ = GetU32(footer.data() + 16);
  r->block_count_ = GetU32(footer.data() + 20);
  r->checksum_ = GetU64(footer.data() + 32);
  uint64_t tables_end = size - kFooterSize;
  if (doc_off > block_off || block_off > tables_end ||
      block_off - doc_off != uint64_t{r->doc_count_} * kDocEntrySize ||
      tables_end - block_off != uint64_t{r->block_count_} * 8) {
    return corrupt("footer describes tables that do not fit the file");
  }
  std::string tables;
  ASSIGN_OR_RETURN(auto t, r->file_->Read(doc_off, tables_end - doc_off, &tables));
  if (t.size() != tables_end - doc_off) return corrupt("tables cut short");
  if (Checksum64(t) != GetU64(footer.data() + 24)) return corrupt("table checksum mismatch");
  r->doc_table_.assign(t.substr(0, block_off - doc_off));
  r->block_table_.assign(t.substr(block_off - doc_off));
  return r;
}

Status SegmentReader::LoadBlock(uint32_t block) {
  if (cached_block_ == block) return Status::Ok();
  if (block >= block_count_) {
    return Corruption("segment " + path_ + ": block " + std::to_string(block) + " out of range");
  }
  uint64_t off = GetU64(block_table_.data() + 8ull * block);
  std::string head_buf;
  ASSIGN_OR_RETURN(auto head, file_->Read(off, kBlockHeaderSize, &head_buf));
  auto corrupt = [&](const std::string& what) {
    return Corruption("segment " + path_ + ": block " + std::to_string(block) + " at offset " +
                      std::to_string(off) + ": " + what);
  };
  if (head.size() != kBlockHeaderSize) return corrupt("header cut short");
  uint32_t raw_len = GetU32(head.data());
  uint32_t comp_len = GetU32(head.data() + 4);
  uint64_t sum = GetU64(head.data() + 8);
  if (raw_len > kMaxBlockBytes || comp_len > kMaxBlockBytes) return corrupt("impossible length");
  ASSIGN_OR_RETURN(auto comp, file_->Read(off + kBlockHeaderSize, comp_len, &scratch_));
  if (comp.size() != comp_len) return corrupt("cut short");
  if (Checksum64(comp) != sum) return corrupt("checksum mismatch");
  cached_block_ = -1;  // a failure below must not leave a stale block marked as cached
  cached_raw_.resize(raw_len);
  if (!dctx_) dctx_ = ZSTD_createDCtx();
  if (!dctx_) return ResourceExhausted("out of memory for a zstd context");
  size_t n = ZSTD_decompressDCtx(dctx_, cached_raw_.data(), raw_len, comp.data(), comp.size());
  if (ZSTD_isError(n) || n != raw_len) return corrupt("does not decompress");
  cached_block_ = block;
  return Status::Ok();
}

Result<std::string> SegmentReader::ReadText(uint32_t ordinal) {
  if (ordinal >= doc_count_) {
    return Corruption("segment " + path_ + " has no document " + std::to_string(ordinal) +
                      "; run `storyline check`");
  }
  const char* e = doc_table_.data() + size_t{ordinal} * kDocEntrySize;
  uint32_t block = GetU32(e), off = GetU32(e + 4), len = GetU32(e + 8);
  RETURN_IF_ERROR(LoadBlock(block));
  if (uint64_t{off} + len > cached_raw_.size()) {
    return Corruption("segment " + path_ + ": document " + std::to_string(ordinal) +
                      " lies outside its block");
  }
  return cached_raw_.substr(off, len);
}

Status SegmentReader::VerifyAll(uint64_t* bytes_checked) {
  for (uint32_t b = 0; b < block_count_; ++b) RETURN_IF_ERROR(LoadBlock(b));
  for (uint32_t d = 0; d < doc_count_; ++d) {
    const char* e = doc_table_.data() + size_t{d} * kDocEntrySize;
    if (GetU32(e) >= block_count_) {
      return Corruption("segment " + path_ + ": document " + std::to_string(d) +
                        " points to a missing block");
    }
  }
  if (bytes_checked) *bytes_checked += file_->Size();
  return Status::Ok();
}

}  // namespace storyline
