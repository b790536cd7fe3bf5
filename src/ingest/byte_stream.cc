#include "ingest/byte_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <poll.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

namespace storyline {

namespace {
// Compressed input is read in blocks of this size; plain files are read straight into the
// caller's buffer and need no block of their own.
constexpr size_t kCompressedBlock = 256 * 1024;
constexpr size_t kSniffBytes = 4;
}  // namespace

struct ByteStream::Decoder {
  z_stream zs{};
  bool zlib_ready = false;
  bool in_member = false;  // inside a gzip member (its end marker not yet seen)
  ZSTD_DStream* zds = nullptr;
  bool frame_open = false;  // inside a zstd frame (not yet complete and flushed)

  ~Decoder() {
    if (zlib_ready) inflateEnd(&zs);
    if (zds != nullptr) ZSTD_freeDStream(zds);
  }
};

ByteStream::ByteStream(int fd, bool owns_fd, std::string path, Compression compression)
    : fd_(fd), owns_fd_(owns_fd), path_(std::move(path)), compression_(compression) {}

ByteStream::~ByteStream() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<ByteStream>> ByteStream::Open(const InputFile& file) {
  if (file.path == "-") {
    std::unique_ptr<ByteStream> s(new ByteStream(STDIN_FILENO, false, "-", Compression::kNone));
    RETURN_IF_ERROR(s->Init());
    return s;
  }
  int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) {
      return NotFound(file.path +
                      " does not exist (it may have been moved or deleted since it was "
                      "listed). Check the path.");
    }
    if (err == EACCES) {
      return IOError("Cannot open " + file.path +
                     ": permission denied. Grant read permission (chmod u+r) or leave it out.");
    }
    return IOError("Cannot open " + file.path + ": " + std::strerror(err) + ".");
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IOError(file.path + " is a directory, not a file. Pass it to the walker instead.");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::unique_ptr<ByteStream> s(new ByteStream(fd, true, file.path, file.compression));
  RETURN_IF_ERROR(s->Init());
  return s;
}

Status ByteStream::Init() {
  decoder_ = std::make_unique<Decoder>();
  bool is_stdin = !owns_fd_;
  if (is_stdin || compression_ != Compression::kNone) {
    in_cap_ = kCompressedBlock;
    in_buf_ = std::make_unique_for_overwrite<char[]>(in_cap_);
  }
  if (is_stdin) {
    // Read until the magic bytes can be recognised; they stay in in_buf_ for the decoder.
    while (in_end_ < kSniffBytes && !file_eof_) {
      ASSIGN_OR_RETURN(size_t got, ReadRaw(in_buf_.get() + in_end_, in_cap_ - in_end_));
      if (got == 0) file_eof_ = true;
      in_end_ += got;
    }
    compression_ = SniffCompression(std::string_view(in_buf_.get(), in_end_));
  }
  if (compression_ == Compression::kGzip) {
    // 15 + 16: a gzip wrapper (not raw deflate or zlib), largest window.
    if (inflateInit2(&decoder_->zs, 15 + 16) != Z_OK) {
      return Internal("zlib could not be initialised for " + path_ + " (out of memory?).");
    }
    decoder_->zlib_ready = true;
  } else if (compression_ == Compression::kZstd) {
    decoder_->zds = ZSTD_createDStream();
    if (decoder_->zds == nullptr) {
      return Internal("zstd could not be initialised for " + path_ + " (out of memory?).");
    }
    ZSTD_initDStream(decoder_->zds);
  }
  return Status::Ok();
}

uint64_t ByteStream::compressed_bytes_consumed() const {
  return file_bytes_read_ - (in_end_ - in_pos_);
}

bool ByteStream::NothingReady() const {
  if (owns_fd_ || in_pos_ != in_end_ || file_eof_) return false;
  struct pollfd p = {fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;
}

Result<size_t> ByteStream::ReadRaw(char* buf, size_t n) {
  if (interrupt_ != nullptr && !owns_fd_) {
    // stdin may be an idle pipe: wait for data in short steps so an interrupt is seen.
    for (;;) {
      if (interrupt_->load()) {
        interrupted_ = true;
        return size_t{0};
      }
      struct pollfd p = {fd_, POLLIN, 0};
      int r = ::poll(&p, 1, 200);
      if (r > 0) break;
      if (r < 0 && errno != EINTR) break;  // let read() report the error
    }
  }
  for (;;) {
    ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) {
      file_bytes_read_ += static_cast<uint64_t>(got);
      return static_cast<size_t>(got);
    }
    if (errno == EINTR) continue;
    return IOError("Reading " + path_ + " failed at byte " + std::to_string(file_bytes_read_) +
                   ": " + std::strerror(errno) + ". Check the disk or the source of the data.");
  }
}

Status ByteStream::FillInput() {
  in_pos_ = in_end_ = 0;
  ASSIGN_OR_RETURN(size_t got, ReadRaw(in_buf_.get(), in_cap_));
  if (got == 0) file_eof_ = true;
  in_end_ = got;
  return Status::Ok();
}

Status ByteStream::DamageError(const char* format_name, uint64_t offset, const std::string& detail,
                               uint64_t delivered) const {
  if (offset == 0) {
    return Corruption(path_ + " is not valid " + format_name + " data (" + detail +
                      " at compressed byte 0). If it is not compressed, rename it without the "
                      "compression extension; otherwise re-create it.");
  }
  return Corruption(path_ + ": corrupt " + format_name + " data at compressed byte " +
                    std::to_string(offset) + " (" + detail + "); the " + std::to_string(delivered) +
                    " bytes before the damage were read. Re-download or re-create the file.");
}

Status ByteStream::TruncatedError(const char* format_name, uint64_t delivered) const {
  return Corruption(path_ + ": truncated " + format_name +
                    " data: the file ends at compressed byte " + std::to_string(file_bytes_read_) +
                    " in the middle of the stream; the " + std::to_string(delivered) +
                    " bytes before the damage were read. The file is incomplete: re-download or "
                    "re-create it.");
}

Result<size_t> ByteStream::Read(char* buf, size_t n) {
  if (!error_.ok()) return error_;
  if (finished_ || n == 0) return size_t{0};
  Result<size_t> r = size_t{0};
  switch (compression_) {
    case Compression::kNone:
      r = ReadPlain(buf, n);
      break;
    case Compression::kGzip:
      r = ReadGzip(buf, n);
      break;
    case Compression::kZstd:
      r = ReadZstd(buf, n);
      break;
  }
  if (!r.ok()) {
    error_ = r.status();
    return r;
  }
  returned_ += *r;
  // An error found after some bytes were decoded is held back until they are delivered.
  if (*r == 0 && !error_.ok()) return error_;
  return r;
}

Result<size_t> ByteStream::ReadPlain(char* buf, size_t n) {
  if (in_pos_ < in_end_) {  // the sniffed head of standard input
    size_t k = std::min(n, in_end_ - in_pos_);
    std::memcpy(buf, in_buf_.get() + in_pos_, k);
    in_pos_ += k;
    return k;
  }
  if (file_eof_) {
    finished_ = true;
    return size_t{0};
  }
  ASSIGN_OR_RETURN(size_t got, ReadRaw(buf, n));
  if (got == 0) {
    file_eof_ = true;
    finished_ = true;
  }
  return got;
}

Result<size_t> ByteStream::ReadGzip(char* buf, size_t n) {
  z_stream& zs = decoder_->zs;
  n = std::min<size_t>(n, UINT_MAX);
  zs.next_out = reinterpret_cast<Bytef*>(buf);
  zs.avail_out = static_cast<uInt>(n);
  bool is_stdin = !owns_fd_;
  while (zs.avail_out > 0) {
    size_t produced = n - zs.avail_out;
    if (in_pos_ == in_end_ && !file_eof_) {
      if (produced > 0 && is_stdin) break;  // deliver what we have rather than block on a pipe
      RETURN_IF_ERROR(FillInput());
      continue;
    }
    if (!decoder_->in_member) {
      // Between members: zero padding is ignored; the end of the file ends the stream.
      while (in_pos_ < in_end_ && in_buf_[in_pos_] == 0) ++in_pos_;
      if (in_pos_ == in_end_) {
        if (file_eof_) {
          finished_ = true;
          break;
        }
        continue;
      }
      if (in_end_ - in_pos_ >= 2 && (static_cast<unsigned char>(in_buf_[in_pos_]) != 0x1f ||
                                     static_cast<unsigned char>(in_buf_[in_pos_ + 1]) != 0x8b)) {
        uint64_t delivered = returned_ + (n - zs.avail_out);
        error_ = DamageError("gzip", compressed_bytes_consumed(),
                             delivered == 0 ? "no gzip magic bytes"
                                            : "unexpected bytes after the end of a gzip member",
                             delivered);
        break;
      }
      if (inflateReset(&zs) != Z_OK) return Internal("zlib inflateReset failed for " + path_);
      decoder_->in_member = true;
    }
    zs.next_in = reinterpret_cast<Bytef*>(in_buf_.get() + in_pos_);
    zs.avail_in = static_cast<uInt>(in_end_ - in_pos_);
    int ret = inflate(&zs, Z_NO_FLUSH);
    in_pos_ = in_end_ - zs.avail_in;
    if (ret == Z_STREAM_END) {
      decoder_->in_member = false;
      continue;
    }
    if (ret == Z_OK) continue;
    if (ret == Z_BUF_ERROR) {  // no progress was possible
      if (in_pos_ == in_end_ && file_eof_) {
        error_ = TruncatedError("gzip", returned_ + (n - zs.avail_out));
        break;
      }
      continue;
    }
    std::string detail = zs.msg != nullptr ? zs.msg : "zlib error " + std::to_string(ret);
    error_ =
        DamageError("gzip", compressed_bytes_consumed(), detail, returned_ + (n - zs.avail_out));
    break;
  }
  size_t produced = n - zs.avail_out;
  if (produced == 0 && !error_.ok()) return error_;
  return produced;
}

Result<size_t> ByteStream::ReadZstd(char* buf, size_t n) {
  ZSTD_outBuffer out{buf, n, 0};
  bool is_stdin = !owns_fd_;
  while (out.pos < out.size) {
    if (in_pos_ == in_end_ && !file_eof_) {
      if (out.pos > 0 && is_stdin) break;
      RETURN_IF_ERROR(FillInput());
      continue;
    }
    if (in_pos_ == in_end_ && !decoder_->frame_open) {
      finished_ = true;
      break;
    }
    ZSTD_inBuffer in{in_buf_.get() + in_pos_, in_end_ - in_pos_, 0};
    size_t out_before = out.pos;
    size_t ret = ZSTD_decompressStream(decoder_->zds, &out, &in);
    in_pos_ += in.pos;
    if (ZSTD_isError(ret)) {
      error_ = DamageError("zstd", compressed_bytes_consumed(), ZSTD_getErrorName(ret),
                           returned_ + out.pos);
      break;
    }
    decoder_->frame_open = ret != 0;
    if (decoder_->frame_open && in_pos_ == in_end_ && file_eof_ && in.pos == 0 &&
        out.pos == out_before) {
      error_ = TruncatedError("zstd", returned_ + out.pos);
      break;
    }
  }
  if (out.pos == 0 && !error_.ok()) return error_;
  return out.pos;
}

}  // namespace storyline
