#include "warc/warc_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#ifdef STORYLINE_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

namespace storyline {

namespace {

constexpr size_t kInputBlock = 256 * 1024;
// Member starts remembered for CompressedOffsetOf; a reader queries each record as it starts, so
// only the members between the oldest buffered record and the read position are ever needed.
constexpr size_t kMaxRememberedMembers = 1 << 16;
// libdeflate needs a member whole: before trying, at least this much input is buffered (when the
// file has it), so members below it are never cut by the buffer's end.
constexpr size_t kWholeMemberInput = 128 * 1024;
// The staging buffer for one inflated member starts here and grows to the largest member seen,
// up to kMaxStage; larger members are streamed by zlib.
constexpr size_t kInitialStage = 1u << 20;
constexpr size_t kMaxStage = 8u << 20;

class FileSource : public ByteSource {
 public:
  FileSource(int fd, std::string path, bool owns_fd)
      : fd_(fd), owns_fd_(owns_fd), path_(std::move(path)) {}
  ~FileSource() override {
    if (owns_fd_) ::close(fd_);
  }

  Result<size_t> Read(char* buf, size_t n) override {
    for (;;) {
      ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) {
        offset_ += static_cast<uint64_t>(got);
        return static_cast<size_t>(got);
      }
      if (errno == EINTR) continue;
      return IOError("Reading " + path_ + " failed at byte " + std::to_string(offset_) + ": " +
                     std::strerror(errno) + ". Check the disk or the source of the data.");
    }
  }
  const std::string& name() const override { return path_; }

 private:
  int fd_;
  bool owns_fd_;
  std::string path_;
  uint64_t offset_ = 0;
};

class StringSource : public ByteSource {
 public:
  StringSource(std::string name, std::string data)
      : name_(std::move(name)), data_(std::move(data)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::string data_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> ByteSource::OpenFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return NotFound(path + " does not exist. Check the path.");
    if (err == EACCES) {
      return IOError("Cannot open " + path +
                     ": permission denied. Grant read permission (chmod u+r) or leave it out.");
    }
    return IOError("Cannot open " + path + ": " + std::strerror(err) + ".");
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IOError(path + " is a directory, not a WARC file.");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<ByteSource>(new FileSource(fd, path, true));
}

std::unique_ptr<ByteSource> ByteSource::FromFd(int fd, std::string name) {
  return std::make_unique<FileSource>(fd, std::move(name), false);
}

std::unique_ptr<ByteSource> ByteSource::FromString(std::string name, std::string data) {
  return std::make_unique<StringSource>(std::move(name), std::move(data));
}

struct WarcInput::Inflater {
  z_stream zs{};
  bool ready = false;
#ifdef STORYLINE_HAVE_LIBDEFLATE
  libdeflate_decompressor* fast = nullptr;
#endif
  ~Inflater() {
    if (ready) inflateEnd(&zs);
#ifdef STORYLINE_HAVE_LIBDEFLATE
    if (fast != nullptr) libdeflate_free_decompressor(fast);
#endif
  }
};

WarcInput::WarcInput(std::unique_ptr<ByteSource> source, bool fast_inflate)
    : source_(std::move(source)), fast_inflate_(fast_inflate && HasFastInflate()) {}
WarcInput::~WarcInput() = default;

bool WarcInput::HasFastInflate() {
#ifdef STORYLINE_HAVE_LIBDEFLATE
  return true;
#else
  return false;
#endif
}

Result<std::unique_ptr<WarcInput>> WarcInput::Open(std::unique_ptr<ByteSource> source,
                                                   bool fast_inflate) {
  std::unique_ptr<WarcInput> in(new WarcInput(std::move(source), fast_inflate));
  RETURN_IF_ERROR(in->Init());
  return in;
}

Status WarcInput::Init() {
  in_cap_ = kInputBlock;
  in_buf_ = std::make_unique_for_overwrite<char[]>(in_cap_);
  while (in_end_ < 4 && !source_eof_) RETURN_IF_ERROR(Fill());
  auto byte = [&](size_t i) { return static_cast<unsigned char>(in_buf_[i]); };
  if (in_end_ >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f && byte(3) == 0xfd) {
    return InvalidArgument(name() +
                           " is zstd-compressed; zstd WARC files are not supported. Decompress it "
                           "(zstd -d) or recompress it with gzip.");
  }
  gzip_ = in_end_ >= 2 && byte(0) == 0x1f && byte(1) == 0x8b;
  if (gzip_) {
    inflater_ = std::make_unique<Inflater>();
    // 15 + 16: a gzip wrapper, largest window.
    if (inflateInit2(&inflater_->zs, 15 + 16) != Z_OK) {
      return Internal("zlib could not be initialised for " + name() + " (out of memory?).");
    }
    inflater_->ready = true;
#ifdef STORYLINE_HAVE_LIBDEFLATE
    if (fast_inflate_) {
      inflater_->fast = libdeflate_alloc_decompressor();
      if (inflater_->fast == nullptr) fast_inflate_ = false;
    }
#endif
  }
  return Status::Ok();
}

Status WarcInput::Fill() {
  // Inside a gzip member being inflated by zlib, its bytes stay buffered while they fit: if the
  // member turns out damaged, Resync searches for the next member from just after its start
  // (a damaged member can run over the members after it), as the whole-member path does. A
  // member larger than the buffer is let go.
  size_t keep_from = in_pos_;
  if (gzip_ && in_member_ && member_start_ >= in_base_) {
    keep_from = std::min(keep_from, static_cast<size_t>(member_start_ - in_base_));
    if (keep_from == 0 && in_end_ == in_cap_) keep_from = in_pos_;  // no room left
  }
  if (keep_from > 0) {
    std::memmove(in_buf_.get(), in_buf_.get() + keep_from, in_end_ - keep_from);
    in_base_ += keep_from;
    in_end_ -= keep_from;
    in_pos_ -= keep_from;
  }
  if (in_end_ == in_cap_ || source_eof_) return Status::Ok();
  ASSIGN_OR_RETURN(size_t got, source_->Read(in_buf_.get() + in_end_, in_cap_ - in_end_));
  if (got == 0) source_eof_ = true;
  in_end_ += got;
  return Status::Ok();
}

bool WarcInput::TakeDamage(InputDamage* out) {
  if (!has_damage_) return false;
  *out = std::move(damage_);
  damage_ = InputDamage();
  has_damage_ = false;
  return true;
}

uint64_t WarcInput::CompressedOffsetOf(uint64_t offset) {
  if (!gzip_) return offset;
  while (members_.size() > 1 && members_[1].first <= offset) members_.pop_front();
  return members_.empty() ? 0 : members_.front().second;
}

Result<size_t> WarcInput::Read(char* buf, size_t n) {
  if (n == 0) return size_t{0};
  if (stage_pos_ < stage_end_) {  // the rest of a member inflated by libdeflate
    size_t k = std::min(n, stage_end_ - stage_pos_);
    std::memcpy(buf, stage_.get() + stage_pos_, k);
    stage_pos_ += k;
    produced_ += k;
    return k;
  }
  if (has_damage_ || finished_) return size_t{0};
  if (gzip_) return ReadGzip(buf, n);
  size_t got;
  if (in_pos_ < in_end_) {  // the sniffed head of the file
    got = std::min(n, in_end_ - in_pos_);
    std::memcpy(buf, in_buf_.get() + in_pos_, got);
    in_pos_ += got;
  } else {
    ASSIGN_OR_RETURN(got, source_->Read(buf, n));
    in_base_ += got;
    if (got == 0) finished_ = true;
  }
  produced_ += got;
  return got;
}

Result<bool> WarcInput::OnlyZerosRemain() {
  for (;;) {
    while (in_pos_ < in_end_ && in_buf_[in_pos_] == 0) ++in_pos_;
    if (in_pos_ < in_end_) return false;
    if (source_eof_) return true;
    RETURN_IF_ERROR(Fill());
  }
}

Result<size_t> WarcInput::ReadGzip(char* buf, size_t n) {
  z_stream& zs = inflater_->zs;
  size_t got = 0;
  bool stalled = false;  // the last inflate call made no progress
  while (got < n) {
    if (in_pos_ == in_end_ && !source_eof_) {
      RETURN_IF_ERROR(Fill());
      continue;
    }
    // At the end of the file, zlib may still hold output of the current member: only a call
    // without progress means the member is cut.
    if (in_pos_ == in_end_ && (!in_member_ || stalled)) {
      finished_ = true;
      if (in_member_) {
        in_member_ = false;
        damage_ = InputDamage();
        damage_.compressed_offset = member_start_;
        damage_.uncompressed_offset = produced_ + got;
        damage_.resume_offset = in_base_ + in_end_;
        damage_.truncated = true;
        damage_.detail = "the file ends inside this gzip member";
        has_damage_ = true;
      }
      break;
    }
    if (!in_member_) {
      if (in_buf_[in_pos_] == 0) {
        ASSIGN_OR_RETURN(bool zeros, OnlyZerosRemain());
        if (zeros) {
          finished_ = true;
          break;
        }
      }
      member_start_ = in_base_ + in_pos_;
      if (members_.size() >= kMaxRememberedMembers) members_.pop_front();
      members_.emplace_back(produced_ + got, member_start_);
      if (fast_inflate_) {
        ASSIGN_OR_RETURN(bool whole, InflateWholeMember());
        if (whole) {
          size_t k = std::min(n - got, stage_end_ - stage_pos_);
          std::memcpy(buf + got, stage_.get() + stage_pos_, k);
          stage_pos_ += k;
          got += k;
          continue;  // ends the loop when the staged member did not fit
        }
      }
      inflateReset(&zs);
      in_member_ = true;
    }
    size_t avail_in = in_end_ - in_pos_;
    size_t avail_out = n - got;
    zs.next_in = reinterpret_cast<Bytef*>(in_buf_.get() + in_pos_);
    zs.avail_in = static_cast<uInt>(std::min<size_t>(avail_in, 1u << 30));
    zs.next_out = reinterpret_cast<Bytef*>(buf + got);
    zs.avail_out = static_cast<uInt>(std::min<size_t>(avail_out, 1u << 30));
    uInt in_before = zs.avail_in;
    uInt out_before = zs.avail_out;
    int ret = inflate(&zs, Z_NO_FLUSH);
    in_pos_ += in_before - zs.avail_in;
    got += out_before - zs.avail_out;
    stalled = in_before == zs.avail_in && out_before == zs.avail_out;
    if (ret == Z_STREAM_END) {
      in_member_ = false;
      continue;
    }
    if (ret == Z_OK || ret == Z_BUF_ERROR) continue;
    if (ret == Z_MEM_ERROR) {
      return Internal("zlib ran out of memory while reading " + name() + ".");
    }
    // Z_DATA_ERROR, Z_NEED_DICT: this member is damaged (or is not a gzip member at all).
    in_member_ = false;
    damage_ = InputDamage();
    damage_.compressed_offset = member_start_;
    damage_.uncompressed_offset = produced_ + got;
    damage_.detail = zs.msg != nullptr ? std::string("zlib: ") + zs.msg : "zlib error";
    if (damage_.detail == "zlib: incorrect header check" ||
        damage_.detail == "zlib: unknown compression method") {
      damage_.detail = "not a gzip member header";
    }
    has_damage_ = true;
    RETURN_IF_ERROR(Resync(member_start_ + 1, &damage_));
    break;
  }
  produced_ += got;
  return got;
}

Result<bool> WarcInput::InflateWholeMember() {
#ifdef STORYLINE_HAVE_LIBDEFLATE
  while (in_end_ - in_pos_ < kWholeMemberInput && !source_eof_) {
    size_t before = in_end_ - in_pos_;
    RETURN_IF_ERROR(Fill());
    if (in_end_ - in_pos_ == before) break;  // buffer full
  }
  if (stage_ == nullptr) {
    stage_cap_ = kInitialStage;
    stage_ = std::make_unique_for_overwrite<char[]>(stage_cap_);
  }
  for (;;) {
    size_t in_used = 0;
    size_t out_used = 0;
    libdeflate_result r =
        libdeflate_gzip_decompress_ex(inflater_->fast, in_buf_.get() + in_pos_, in_end_ - in_pos_,
                                      stage_.get(), stage_cap_, &in_used, &out_used);
    if (r == LIBDEFLATE_SUCCESS) {
      in_pos_ += in_used;
      stage_pos_ = 0;
      stage_end_ = out_used;
      return true;
    }
    if (r != LIBDEFLATE_INSUFFICIENT_SPACE || stage_cap_ >= kMaxStage) return false;
    stage_cap_ *= 2;
    stage_ = std::make_unique_for_overwrite<char[]>(stage_cap_);
  }
#else
  return false;
#endif
}

Status WarcInput::Resync(uint64_t from, InputDamage* damage) {
  // in_buf_ holds file bytes [in_base_, in_base_ + in_end_); start the search at `from` when it
  // is still buffered, else at the read position (zlib consumed the bytes before it).
  if (from >= in_base_) in_pos_ = static_cast<size_t>(std::min<uint64_t>(from - in_base_, in_end_));
  for (;;) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(in_buf_.get());
    for (size_t i = in_pos_; i + 2 < in_end_; ++i) {
      const void* hit = std::memchr(p + i, 0x1f, in_end_ - 2 - i);
      if (hit == nullptr) break;
      i = static_cast<size_t>(static_cast<const unsigned char*>(hit) - p);
      if (p[i + 1] == 0x8b && p[i + 2] == 0x08) {
        in_pos_ = i;
        damage->resume_offset = in_base_ + i;
        damage->resumed = true;
        return Status::Ok();
      }
    }
    if (source_eof_) {
      in_pos_ = in_end_;
      damage->resume_offset = in_base_ + in_end_;
      finished_ = true;
      return Status::Ok();
    }
    // Keep the last two bytes: a header may straddle the refill.
    in_pos_ = in_end_ >= in_pos_ + 2 ? in_end_ - 2 : in_pos_;
    RETURN_IF_ERROR(Fill());
  }
}

}  // namespace storyline
