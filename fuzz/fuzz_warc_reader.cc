// Fuzzes WarcReader (and WarcInput, the HTTP parsing and payload decoding under it). The first
// byte picks how the rest is served: as is (plain, or damaged gzip when it starts with the gzip
// magic), gzip-compressed as one member, or cut into several gzip members at the positions of
// "WARC/" (the per-record layout), and the record limit. Checks the reader's promises on every
// record.
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "warc/warc_reader.h"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  uint8_t mode = data[0];
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string file;
  switch (mode % 3) {
    case 0:
      file = body;
      break;
    case 1:
      file = Gzip(body);
      break;
    default: {
      size_t start = 0;
      for (size_t pos = body.find("WARC/", 1); pos != std::string::npos;
           pos = body.find("WARC/", pos + 1)) {
        file += Gzip(body.substr(start, pos - start));
        start = pos;
      }
      file += Gzip(body.substr(start));
      break;
    }
  }
  storyline::WarcReaderOptions options;
  options.max_record_bytes = (mode & 4) ? 256 : (1u << 20);
  options.max_header_bytes = (mode & 8) ? 128 : (64u << 10);
  if (mode & 16) {
    options.types = {storyline::WarcRecordType::kResponse, storyline::WarcRecordType::kResource,
                     storyline::WarcRecordType::kRevisit,  storyline::WarcRecordType::kRequest,
                     storyline::WarcRecordType::kMetadata, storyline::WarcRecordType::kWarcinfo,
                     storyline::WarcRecordType::kOther};
  }
  auto reader = storyline::WarcReader::Open(
      storyline::ByteSource::FromString("fuzz.warc", std::move(file)), options);
  if (!reader.ok()) return 0;  // zstd magic
  uint64_t last_offset = 0;
  uint64_t returned = 0;
  std::vector<storyline::WarcProblem> problems;
  for (;;) {
    storyline::WarcRecord rec;
    bool eof = false;
    storyline::Status s = (*reader)->Next(&rec, &eof);
    Check(s.ok(), "Next returns OK on any input");
    if (eof) break;
    ++returned;
    Check(returned == 1 || rec.offset > last_offset, "record offsets increase");
    last_offset = rec.offset;
    Check(rec.content_length <= options.max_record_bytes, "oversized records are not returned");
    Check(rec.payload.size() <= options.max_record_bytes, "payloads are bounded");
    Check(returned < 1000000, "no endless loop");
  }
  (*reader)->TakeProblems(&problems);
  const storyline::WarcStats& st = (*reader)->stats();
  Check(st.returned == returned, "stats count the records returned");
  Check(st.problems == problems.size() + st.problems_dropped, "every problem is handed out");
  for (const auto& p : problems) {
    Check(p.reason.find("fuzz.warc") != std::string::npos, "problems name the file");
  }
  return 0;
}
