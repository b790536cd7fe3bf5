// Fuzzes RecordReader (and ByteStream under it). The first byte picks how the rest is stored in a
// temporary file: plain or gzip-/zstd-compressed, or raw under a .gz/.zst name (so damaged
// compressed data is exercised), as JSON Lines or text; the second byte picks the record limit and
// batch size. Checks the reader's promises on every record.
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ingest/record_reader.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "broken promise: %s\n", what);
    std::abort();
  }
}

std::string Gzip(const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, in.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 1);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t mode = data[0];
  const size_t limit = 1 + (data[1] & 0x3f) * 7;
  const size_t batch = 1 + (data[1] >> 6) * 50;
  std::string payload(reinterpret_cast<const char*>(data) + 2, size - 2);

  storyline::InputFile file;
  file.format = (mode & 1) ? storyline::InputFormat::kText : storyline::InputFormat::kJsonLines;
  switch ((mode >> 1) % 5) {
    case 0:
      file.compression = storyline::Compression::kNone;
      break;
    case 1:
      file.compression = storyline::Compression::kGzip;
      payload = Gzip(payload);
      break;
    case 2:
      file.compression = storyline::Compression::kZstd;
      payload = Zstd(payload);
      break;
    case 3:
      file.compression = storyline::Compression::kGzip;
      break;  // raw bytes as gzip
    default:
      file.compression = storyline::Compression::kZstd;
      break;  // raw bytes as zstd
  }
  // Truncate compressed data sometimes, to exercise the damage paths.
  if ((mode & 0x80) && !payload.empty())
    payload.resize(payload.size() - 1 - (mode & 0x0f) % payload.size());

  static const std::string path = "/tmp/fuzz_record_reader_" + std::to_string(::getpid());
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(payload.data(), 1, payload.size(), f);
  std::fclose(f);
  file.path = path;

  auto reader = storyline::RecordReader::Open(file, limit);
  Check(reader.ok(), "a readable file opens");
  std::vector<storyline::RawRecord> records;
  std::vector<storyline::RecordProblem> problems;
  for (int guard = 0;; ++guard) {
    Check(guard < 1'000'000, "ReadBatch terminates");
    size_t before = records.size();
    auto more = (*reader)->ReadBatch(batch, &records, &problems);
    Check(more.ok(), "ReadBatch reports problems, not errors");
    if (!*more) {
      Check(records.size() == before, "nothing is appended when false is returned");
      break;
    }
  }
  uint64_t last_line = 0;
  for (const storyline::RawRecord& r : records) {
    Check(r.bytes.size() <= limit, "records respect the limit");
    Check(!r.bytes.empty(), "records are not empty");
    if (r.format == storyline::InputFormat::kJsonLines) {
      Check(r.bytes.find('\n') == std::string::npos, "JSON records hold no newline");
      Check(r.origin.line > last_line, "line numbers increase");
      last_line = r.origin.line;
    }
  }
  for (const storyline::RecordProblem& p : problems)
    Check(!p.reason.empty(), "problems have reasons");
  return 0;
}
