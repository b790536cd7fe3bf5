// Helpers for the ingest and article tests: temporary directories, files, gzip/zstd compression.
// Test-only; header-only so each test target can include it without another library.
#ifndef STORYLINE_INGEST_INGEST_TEST_UTIL_H_
#define STORYLINE_INGEST_INGEST_TEST_UTIL_H_

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "common/temp_dir_for_test.h"

namespace storyline::testing {

inline void WriteFile(const std::string& path, std::string_view data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) throw std::runtime_error("cannot write " + path);
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), f) != data.size()) {
    std::fclose(f);
    throw std::runtime_error("short write " + path);
  }
  std::fclose(f);
}

inline std::string ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw std::runtime_error("cannot read " + path);
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// One gzip member.
inline std::string Gzip(std::string_view data, int level = 6) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int ret = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (ret != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  return out;
}

// One zstd frame.
inline std::string Zstd(std::string_view data, int level = 3) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  if (ZSTD_isError(n)) throw std::runtime_error("ZSTD_compress");
  out.resize(n);
  return out;
}

// Runs `fn` with standard input redirected from `path`, restoring it afterwards.
template <typename Fn>
void WithStdinFrom(const std::string& path, Fn fn) {
  std::fflush(stdin);
  int saved = ::dup(STDIN_FILENO);
  FILE* f = std::fopen(path.c_str(), "rb");
  if (saved < 0 || f == nullptr) throw std::runtime_error("cannot redirect stdin");
  ::dup2(::fileno(f), STDIN_FILENO);
  std::fclose(f);
  fn();
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
}

}  // namespace storyline::testing

#endif  // STORYLINE_INGEST_INGEST_TEST_UTIL_H_
