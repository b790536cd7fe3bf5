// The reader on real WARC and ARC files with known quirks: the warcio and resiliparse test
// samples and the synthetic CC-NEWS file in ../shared/data/extract/warc-samples/ (never copied
// into the repository). Skipped, with a message, when that folder is absent (CI);
// STORYLINE_WARC_SAMPLES points elsewhere.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include "warc/warc_reader.h"
#include "warc/warc_test_util.h"

namespace storyline {
namespace {

std::string SamplesDir() {
  if (const char* env = std::getenv("STORYLINE_WARC_SAMPLES")) return env;
  return std::string(STORYLINE_SOURCE_DIR) + "/../shared/data/extract/warc-samples";
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

class WarcSamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = SamplesDir();
    if (!Exists(dir_)) {
      GTEST_SKIP() << "no WARC samples at " << dir_
                   << " (the development data folder is not here; set STORYLINE_WARC_SAMPLES)";
    }
  }
  testing::ReadResult Read(const std::string& rel, WarcReaderOptions options = {}) {
    testing::ReadResult rr;
    auto source = ByteSource::OpenFile(dir_ + "/" + rel);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    if (!source.ok()) return rr;
    return testing::ReadAllFrom(std::move(*source), std::move(options));
  }
  static std::string Problems(const testing::ReadResult& rr) {
    std::string s;
    for (const WarcProblem& p : rr.problems) s += p.reason + "\n";
    return s;
  }
  std::string dir_;
};

TEST_F(WarcSamplesTest, WarcioExampleInAllThreeForms) {
  for (const char* f : {"warcio/example.warc", "warcio/example.warc.gz"}) {
    auto rr = Read(f);
    ASSERT_FALSE(rr.records.empty()) << f << Problems(rr);
    EXPECT_TRUE(rr.problems.empty()) << f << Problems(rr);
    const WarcRecord& r = rr.records[0];
    EXPECT_EQ(r.target_uri, "http://example.com/") << f;
    EXPECT_EQ(r.http_status, 200) << f;
    EXPECT_EQ(r.mime, "text/html") << f;
    EXPECT_NE(r.payload.find("Example Domain"), std::string::npos) << f;
    EXPECT_GT(rr.stats.skipped_type, 0u) << f;  // warcinfo, request, metadata
  }
}

TEST_F(WarcSamplesTest, WarcioArcFile) {
  auto rr = Read("warcio/example.arc.gz");
  ASSERT_EQ(rr.records.size(), 1u) << Problems(rr);
  EXPECT_TRUE(rr.problems.empty()) << Problems(rr);
  EXPECT_EQ(rr.records[0].version, "ARC");
  EXPECT_EQ(rr.records[0].target_uri, "http://example.com/");
  EXPECT_EQ(rr.records[0].date, "2014-02-16T05:02:21Z");
  EXPECT_EQ(rr.records[0].http_status, 200);
  EXPECT_NE(rr.records[0].payload.find("Example Domain"), std::string::npos);
  EXPECT_TRUE(rr.records[0].payload.ends_with("</html>\n"));
}

TEST_F(WarcSamplesTest, WarcioChunkedResponseIsDechunked) {
  auto rr = Read("warcio/example-iana.org-chunked.warc");
  ASSERT_FALSE(rr.records.empty()) << Problems(rr);
  const WarcRecord& r = rr.records[0];
  EXPECT_EQ(r.HttpHeader("Transfer-Encoding"), "chunked");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
  EXPECT_TRUE(r.payload.starts_with("<!doctype html>") || r.payload.starts_with("<!DOCTYPE"))
      << r.payload.substr(0, 40);
  EXPECT_TRUE(rr.problems.empty()) << Problems(rr);
}

TEST_F(WarcSamplesTest, WarcioNonChunkedBodiesAreReadAndGzipBodiesDecoded) {
  for (const char* f :
       {"warcio/example-wrong-chunks.warc.gz", "warcio/example-bad-non-chunked.warc.gz"}) {
    auto rr = Read(f);
    ASSERT_FALSE(rr.records.empty()) << f << Problems(rr);
    EXPECT_TRUE(rr.problems.empty()) << f << Problems(rr);
    for (const WarcRecord& r : rr.records) {
      EXPECT_NE(r.payload.find("Example Domain"), std::string::npos)
          << f << " " << r.record_id << (r.warnings.empty() ? "" : r.warnings[0]);
    }
  }
}

TEST_F(WarcSamplesTest, WarcioTruncatedFileReportsTheCutRecord) {
  // Its response's gzip body is cut short, and two stray bytes follow the record.
  auto rr = Read("warcio/example-trunc.warc");
  ASSERT_EQ(rr.records.size(), 1u) << Problems(rr);
  ASSERT_EQ(rr.records[0].warnings.size(), 1u);
  EXPECT_NE(rr.records[0].warnings[0].find("truncated"), std::string::npos);
  ASSERT_EQ(rr.problems.size(), 1u) << Problems(rr);
  EXPECT_EQ(rr.problems[0].offset, 2560u);
  for (const WarcProblem& p : rr.problems) {
    EXPECT_NE(p.reason.find("example-trunc.warc"), std::string::npos) << p.reason;
  }
}

TEST_F(WarcSamplesTest, WarcioOddTargetUrisResourceAndPostRecords) {
  auto space = Read("warcio/example-space-in-target-uri.warc.gz");
  ASSERT_FALSE(space.records.empty()) << Problems(space);
  EXPECT_NE(space.records[0].target_uri.find(' '), std::string::npos);
  auto wget = Read("warcio/example-wget-bad-target-uri.warc.gz");
  ASSERT_FALSE(wget.records.empty()) << Problems(wget);
  EXPECT_EQ(wget.records[0].target_uri.front(), 'h') << wget.records[0].target_uri;
  auto resource = Read("warcio/example-resource.warc.gz");
  ASSERT_FALSE(resource.records.empty()) << Problems(resource);
  EXPECT_EQ(resource.records[0].type, WarcRecordType::kResource);
  for (const char* f : {"warcio/post-test.warc.gz", "warcio/example-digest.warc"}) {
    auto rr = Read(f);
    EXPECT_TRUE(rr.problems.empty()) << f << Problems(rr);
    EXPECT_GT(rr.stats.records, 0u) << f;
  }
}

TEST_F(WarcSamplesTest, ResiliparseSamplesPlainAndGzipAgree) {
  for (const char* base : {"resiliparse/warcfile.warc", "resiliparse/block-sized-records.warc"}) {
    WarcReaderOptions all;
    all.types = {WarcRecordType::kResponse, WarcRecordType::kResource, WarcRecordType::kRequest,
                 WarcRecordType::kMetadata, WarcRecordType::kWarcinfo, WarcRecordType::kRevisit,
                 WarcRecordType::kOther};
    auto plain = Read(base, all);
    auto gz = Read(std::string(base) + ".gz", all);
    EXPECT_TRUE(plain.problems.empty()) << base << Problems(plain);
    EXPECT_TRUE(gz.problems.empty()) << base << Problems(gz);
    ASSERT_EQ(plain.records.size(), gz.records.size()) << base;
    ASSERT_FALSE(plain.records.empty()) << base;
    for (size_t i = 0; i < plain.records.size(); ++i) {
      EXPECT_EQ(plain.records[i].record_id, gz.records[i].record_id);
      EXPECT_EQ(plain.records[i].payload, gz.records[i].payload);
      EXPECT_EQ(plain.records[i].offset, gz.records[i].offset);
    }
  }
}

TEST_F(WarcSamplesTest, ResiliparseClippedAndQuirkyFiles) {
  auto clipped = Read("resiliparse/clipped.warc.gz");
  // One gzip member whose only record is cut: nothing to return, the cut reported.
  EXPECT_TRUE(clipped.records.empty());
  ASSERT_EQ(clipped.problems.size(), 1u);
  EXPECT_NE(clipped.problems[0].reason.find("truncated"), std::string::npos);
  auto quirk = Read("resiliparse/clueweb-quirk.warc.gz");
  EXPECT_FALSE(quirk.records.empty()) << Problems(quirk);
}

TEST_F(WarcSamplesTest, SyntheticCcNewsHasOneHtmlResponsePerL3sPage) {
  auto rr = Read("synthetic/SYNTHETIC-CC-NEWS-l3sgn1.warc.gz");
  EXPECT_EQ(rr.records.size(), 621u) << Problems(rr);
  EXPECT_TRUE(rr.problems.empty()) << Problems(rr);
  size_t with_id = 0;
  for (const WarcRecord& r : rr.records) {
    with_id += !r.HttpHeader("X-Benchmark-Id").empty();  // in the HTTP head
    EXPECT_EQ(r.http_status, 200);
  }
  EXPECT_EQ(with_id, rr.records.size());
}

TEST_F(WarcSamplesTest, SyntheticCcNewsPayloadsAreTheL3sPagesByteForByte) {
  std::string pages = dir_ + "/../l3s-gn1/input";
  if (!Exists(pages)) GTEST_SKIP() << "no L3S-GN1 pages at " << pages;
  auto rr = Read("synthetic/SYNTHETIC-CC-NEWS-l3sgn1.warc.gz");
  ASSERT_EQ(rr.records.size(), 621u) << Problems(rr);
  size_t same = 0;
  for (const WarcRecord& r : rr.records) {
    std::string path = pages + "/" + std::string(r.HttpHeader("X-Benchmark-Id")) + ".html";
    auto source = ByteSource::OpenFile(path);
    ASSERT_TRUE(source.ok()) << path;
    std::string page;
    char buf[65536];
    for (;;) {
      auto got = (*source)->Read(buf, sizeof buf);
      ASSERT_TRUE(got.ok());
      if (*got == 0) break;
      page.append(buf, *got);
    }
    same += page == r.payload;
  }
  EXPECT_EQ(same, rr.records.size());
}

TEST_F(WarcSamplesTest, FiltersOnTheSyntheticCcNewsFile) {
  const char* f = "synthetic/SYNTHETIC-CC-NEWS-l3sgn1.warc.gz";
  WarcReaderOptions html;
  html.filter.mimes = {"text/html"};
  html.filter.hosts = {"l3s-gn1.invalid"};
  EXPECT_EQ(Read(f, html).records.size(), 621u);
  WarcReaderOptions other_host;
  other_host.filter.hosts = {"example.com"};
  auto none = Read(f, other_host);
  EXPECT_TRUE(none.records.empty());
  EXPECT_EQ(none.stats.filtered, 621u);
  WarcReaderOptions before;
  before.filter.to_unix = *WarcFilter::ParseDateBound("2019-11-19", true);
  EXPECT_TRUE(Read(f, before).records.empty());
}

}  // namespace
}  // namespace storyline
