// Test helpers: build WARC/ARC files in memory (plain or gzip, both layouts) and read them back.
// Test-only, header-only.
#ifndef STORYLINE_WARC_WARC_TEST_UTIL_H_
#define STORYLINE_WARC_WARC_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "warc/warc_reader.h"

namespace storyline::testing {

struct TestRecord {
  std::string version = "WARC/1.0";
  std::string type = "response";
  std::string uri = "http://example.com/";
  std::string date = "2024-05-01T10:00:00Z";
  std::string id = "<urn:uuid:00000000-0000-0000-0000-000000000000>";
  std::string content_type = "application/http; msgtype=response";
  std::vector<std::pair<std::string, std::string>> extra;  // more header fields
  std::string block;
  // When set, written instead of the real block length.
  long long content_length_override = -1;
};

inline std::string HttpBlock(int status, const std::vector<std::pair<std::string, std::string>>& h,
                             const std::string& body) {
  std::string s =
      "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Other") + "\r\n";
  for (const auto& [k, v] : h) s += k + ": " + v + "\r\n";
  s += "\r\n";
  s += body;
  return s;
}

inline std::string HtmlResponse(const std::string& body,
                                const std::string& ct = "text/html; charset=UTF-8") {
  return HttpBlock(200, {{"Content-Type", ct}, {"Content-Length", std::to_string(body.size())}},
                   body);
}

inline std::string WarcText(const TestRecord& r) {
  std::string s = r.version + "\r\n";
  s += "WARC-Type: " + r.type + "\r\n";
  if (!r.uri.empty()) s += "WARC-Target-URI: " + r.uri + "\r\n";
  s += "WARC-Date: " + r.date + "\r\n";
  s += "WARC-Record-ID: " + r.id + "\r\n";
  if (!r.content_type.empty()) s += "Content-Type: " + r.content_type + "\r\n";
  for (const auto& [k, v] : r.extra) s += k + ": " + v + "\r\n";
  s += "Content-Length: " +
       std::to_string(r.content_length_override >= 0
                          ? static_cast<unsigned long long>(r.content_length_override)
                          : r.block.size()) +
       "\r\n\r\n";
  s += r.block;
  s += "\r\n\r\n";
  return s;
}

inline std::string Gzip(const std::string& in, int level = 6) {
  z_stream zs{};
  deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// Raw deflate (windowBits -15) or zlib-wrapped (15).
inline std::string Deflate(const std::string& in, int window_bits) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

enum class Layout { kPlain, kGzipPerRecord, kGzipWholeFile };

// The file bytes of `records` in `layout`; *member_offsets gets each record's compressed offset.
inline std::string BuildFile(const std::vector<std::string>& records, Layout layout,
                             std::vector<uint64_t>* member_offsets = nullptr) {
  std::string out;
  if (layout == Layout::kGzipWholeFile) {
    std::string all;
    for (const std::string& r : records) all += r;
    if (member_offsets) member_offsets->assign(records.size(), 0);
    return Gzip(all);
  }
  for (const std::string& r : records) {
    if (member_offsets) member_offsets->push_back(out.size());
    out += layout == Layout::kPlain ? r : Gzip(r);
  }
  return out;
}

struct ReadResult {
  std::vector<WarcRecord> records;
  std::vector<WarcProblem> problems;
  WarcStats stats;
};

// A source that hands out at most `step` bytes per read, to exercise every buffer boundary.
class TrickleSource : public ByteSource {
 public:
  TrickleSource(std::string name, std::string data, size_t step)
      : name_(std::move(name)), data_(std::move(data)), step_(step) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min({n, step_, data_.size() - pos_});
    std::copy(data_.data() + pos_, data_.data() + pos_ + k, buf);
    pos_ += k;
    return k;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::string data_;
  size_t step_;
  size_t pos_ = 0;
};

inline ReadResult ReadAllFrom(std::unique_ptr<ByteSource> source, WarcReaderOptions options = {}) {
  ReadResult rr;
  auto reader = WarcReader::Open(std::move(source), std::move(options));
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return rr;
  for (int guard = 0; guard < 1000000; ++guard) {
    WarcRecord rec;
    bool eof = false;
    Status s = (*reader)->Next(&rec, &eof);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok() || eof) break;
    rr.records.push_back(std::move(rec));
  }
  (*reader)->TakeProblems(&rr.problems);
  rr.stats = (*reader)->stats();
  return rr;
}

inline ReadResult ReadAll(const std::string& data, WarcReaderOptions options = {},
                          const std::string& name = "test.warc") {
  return ReadAllFrom(ByteSource::FromString(name, data), std::move(options));
}

}  // namespace storyline::testing

#endif  // STORYLINE_WARC_WARC_TEST_UTIL_H_
