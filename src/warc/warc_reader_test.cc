#include "warc/warc_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <random>
#include <thread>

#include "common/test_seed_for_test.h"
#include "warc/warc_test_util.h"

namespace storyline {
namespace {

using testing::BuildFile;
using testing::Gzip;
using testing::HtmlResponse;
using testing::HttpBlock;
using testing::Layout;
using testing::ReadAll;
using testing::TestRecord;
using testing::WarcText;

TestRecord Page(int i, const std::string& host = "example.com") {
  TestRecord r;
  r.uri = "http://" + host + "/story/" + std::to_string(i);
  r.id = "<urn:uuid:" + std::to_string(1000 + i) + ">";
  r.block = HtmlResponse("<html><body><p>Story " + std::to_string(i) + "</p></body></html>");
  return r;
}

std::string Body(int i) {
  return "<html><body><p>Story " + std::to_string(i) + "</p></body></html>";
}

std::vector<std::string> Pages(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(WarcText(Page(i)));
  return out;
}

bool AnyProblemContains(const std::vector<WarcProblem>& ps, const std::string& text) {
  for (const WarcProblem& p : ps) {
    if (p.reason.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string ProblemsText(const std::vector<WarcProblem>& ps) {
  std::string s;
  for (const WarcProblem& p : ps) s += p.reason + "\n";
  return s;
}

TEST(WarcReaderTest, ReadsResponseFieldsHttpHeadAndPayload) {
  TestRecord r = Page(7);
  r.uri = "<http://example.com/story/7>";  // some writers add angle brackets
  r.extra = {{"X-Benchmark-Id", "l3s-0042"},
             {"WARC-Payload-Digest", "sha1:ABC"},
             {"WARC-Identified-Content-Language", "eng"}};
  r.block = HttpBlock(200,
                      {{"Content-Type", "text/html; charset=ISO-8859-1"},
                       {"Last-Modified", "Wed, 01 May 2024 09:00:00 GMT"},
                       {"Date", "Wed, 01 May 2024 10:00:00 GMT"}},
                      Body(7));
  auto rr = ReadAll(WarcText(r));
  ASSERT_EQ(rr.records.size(), 1u) << ProblemsText(rr.problems);
  const WarcRecord& rec = rr.records[0];
  EXPECT_EQ(rec.type, WarcRecordType::kResponse);
  EXPECT_EQ(rec.version, "WARC/1.0");
  EXPECT_EQ(rec.target_uri, "http://example.com/story/7");
  EXPECT_EQ(rec.record_id, "<urn:uuid:1007>");
  EXPECT_EQ(rec.date, "2024-05-01T10:00:00Z");
  EXPECT_EQ(rec.date_unix, 1714557600);
  EXPECT_EQ(rec.http_status, 200);
  EXPECT_EQ(rec.mime, "text/html");
  EXPECT_EQ(rec.charset, "iso-8859-1");
  EXPECT_EQ(rec.last_modified, "Wed, 01 May 2024 09:00:00 GMT");
  EXPECT_EQ(rec.http_date, "Wed, 01 May 2024 10:00:00 GMT");
  EXPECT_EQ(rec.payload, Body(7));
  EXPECT_EQ(rec.payload_digest, "sha1:ABC");
  EXPECT_EQ(rec.language, "eng");
  EXPECT_EQ(rec.Field("x-benchmark-id"), "l3s-0042");
  EXPECT_EQ(rec.offset, 0u);
  EXPECT_TRUE(rec.warnings.empty());
  EXPECT_TRUE(rr.problems.empty()) << ProblemsText(rr.problems);
}

TEST(WarcReaderTest, ReadsWarc11ResourceRecordsWithFractionalDates) {
  TestRecord r;
  r.version = "WARC/1.1";
  r.type = "resource";
  r.uri = "file:///news/a.txt";
  r.date = "2024-05-01T10:00:00.250Z";
  r.content_type = "text/plain; charset=utf-8";
  r.block = "Plain text article.";
  auto rr = ReadAll(WarcText(r));
  ASSERT_EQ(rr.records.size(), 1u) << ProblemsText(rr.problems);
  EXPECT_EQ(rr.records[0].type, WarcRecordType::kResource);
  EXPECT_EQ(rr.records[0].version, "WARC/1.1");
  EXPECT_EQ(rr.records[0].http_status, 0);
  EXPECT_EQ(rr.records[0].mime, "text/plain");
  EXPECT_EQ(rr.records[0].charset, "utf-8");
  EXPECT_EQ(rr.records[0].payload, "Plain text article.");
  EXPECT_EQ(rr.records[0].date_unix, 1714557600);
}

TEST(WarcReaderTest, AllThreeLayoutsGiveTheSameRecordsAndMemberOffsets) {
  std::vector<std::string> recs = Pages(5);
  for (Layout layout : {Layout::kPlain, Layout::kGzipPerRecord, Layout::kGzipWholeFile}) {
    std::vector<uint64_t> offsets;
    std::string file = BuildFile(recs, layout, &offsets);
    auto rr = ReadAll(file);
    ASSERT_EQ(rr.records.size(), 5u) << static_cast<int>(layout) << ProblemsText(rr.problems);
    uint64_t uncompressed = 0;
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(rr.records[i].payload, Body(i));
      EXPECT_EQ(rr.records[i].offset, uncompressed);
      EXPECT_EQ(rr.records[i].compressed_offset, offsets[i]) << static_cast<int>(layout);
      uncompressed += recs[i].size();
    }
    EXPECT_TRUE(rr.problems.empty()) << ProblemsText(rr.problems);
    EXPECT_EQ(rr.stats.uncompressed_bytes, uncompressed);
    EXPECT_EQ(rr.stats.compressed_bytes, file.size());
  }
}

TEST(WarcReaderTest, SmallReadsGiveTheSameRecordsAsLargeOnes) {
  std::vector<std::string> recs = Pages(4);
  for (Layout layout : {Layout::kPlain, Layout::kGzipPerRecord, Layout::kGzipWholeFile}) {
    std::string file = BuildFile(recs, layout);
    for (size_t step : {1u, 3u, 17u}) {
      auto rr = testing::ReadAllFrom(std::make_unique<testing::TrickleSource>("t", file, step));
      ASSERT_EQ(rr.records.size(), 4u) << step << ProblemsText(rr.problems);
      EXPECT_EQ(rr.records[3].payload, Body(3));
      EXPECT_TRUE(rr.problems.empty()) << ProblemsText(rr.problems);
    }
  }
}

TEST(WarcReaderTest, SkipsAndCountsRequestMetadataWarcinfoAndRevisitRecords) {
  std::vector<std::string> recs;
  for (std::string type : {"warcinfo", "request", "response", "metadata", "revisit", "resource"}) {
    TestRecord r = Page(static_cast<int>(recs.size()));
    r.type = type;
    if (type == "resource") r.content_type = "text/html";
    if (type == "resource") r.block = Body(5);
    recs.push_back(WarcText(r));
  }
  auto rr = ReadAll(BuildFile(recs, Layout::kGzipPerRecord));
  ASSERT_EQ(rr.records.size(), 2u) << ProblemsText(rr.problems);
  EXPECT_EQ(rr.records[0].type, WarcRecordType::kResponse);
  EXPECT_EQ(rr.records[1].type, WarcRecordType::kResource);
  EXPECT_EQ(rr.stats.records, 6u);
  EXPECT_EQ(rr.stats.skipped_type, 4u);
  EXPECT_EQ(rr.stats.by_type[static_cast<size_t>(WarcRecordType::kRevisit)], 1u);
  EXPECT_TRUE(rr.problems.empty());

  WarcReaderOptions all;
  all.types = {WarcRecordType::kRequest};
  auto requests = ReadAll(BuildFile(recs, Layout::kPlain), all);
  ASSERT_EQ(requests.records.size(), 1u);
  EXPECT_EQ(requests.records[0].type, WarcRecordType::kRequest);
}

TEST(WarcReaderTest, UndoesChunkedTransferAndGzipContentEncoding) {
  std::string body = Body(1) + std::string(3000, ' ') + "end";
  std::string gz = Gzip(body);
  std::string chunked;
  for (size_t pos = 0; pos < gz.size(); pos += 700) {
    std::string part = gz.substr(pos, 700);
    char hex[16];
    std::snprintf(hex, sizeof hex, "%zx", part.size());
    chunked += std::string(hex) + "\r\n" + part + "\r\n";
  }
  chunked += "0\r\n\r\n";
  TestRecord r = Page(1);
  r.block = HttpBlock(200,
                      {{"Content-Type", "text/html"},
                       {"Transfer-Encoding", "Chunked"},
                       {"Content-Encoding", "GZIP"}},
                      chunked);
  auto rr = ReadAll(WarcText(r));
  ASSERT_EQ(rr.records.size(), 1u);
  EXPECT_EQ(rr.records[0].payload, body);
  EXPECT_TRUE(rr.records[0].warnings.empty());
}

TEST(WarcReaderTest, KeepsTheBodyWithAWarningWhenChunkingOrEncodingIsWrong) {
  TestRecord r = Page(1);
  r.block = HttpBlock(200, {{"Transfer-Encoding", "chunked"}, {"Content-Encoding", "gzip"}},
                      Body(1));  // neither chunked nor gzip in fact (already decoded)
  auto rr = ReadAll(WarcText(r));
  ASSERT_EQ(rr.records.size(), 1u);
  EXPECT_EQ(rr.records[0].payload, Body(1));
  ASSERT_EQ(rr.records[0].warnings.size(), 2u);
  EXPECT_NE(rr.records[0].warnings[0].find("chunked"), std::string::npos);
  EXPECT_NE(rr.records[0].warnings[1].find("gzip"), std::string::npos);
}

TEST(WarcReaderTest, ReadsArcFilesPlainAndGzipped) {
  std::string filedesc_body =
      "1 0 LiveWeb Capture\nURL IP-address Archive-date Content-type Archive-length\n";
  std::string head = "filedesc://test.arc.gz 127.0.0.1 20140216050221 text/plain " +
                     std::to_string(filedesc_body.size()) + "\n" + filedesc_body + "\n";
  std::vector<std::string> recs = {head};
  for (int i = 0; i < 3; ++i) {
    std::string block = HtmlResponse(Body(i));
    recs.push_back("http://example.com/" + std::to_string(i) + " 93.184.216.119 2014021605022" +
                   std::to_string(i) + " text/html " + std::to_string(block.size()) + "\n" + block +
                   "\n");
  }
  for (Layout layout : {Layout::kPlain, Layout::kGzipPerRecord}) {
    auto rr = ReadAll(BuildFile(recs, layout), {}, "test.arc.gz");
    ASSERT_EQ(rr.records.size(), 3u) << ProblemsText(rr.problems);
    EXPECT_EQ(rr.records[2].version, "ARC");
    EXPECT_EQ(rr.records[2].target_uri, "http://example.com/2");
    EXPECT_EQ(rr.records[2].date, "2014-02-16T05:02:22Z");
    EXPECT_EQ(rr.records[2].http_status, 200);
    EXPECT_EQ(rr.records[2].payload, Body(2));
    EXPECT_EQ(rr.stats.skipped_type, 1u);  // the filedesc record
    EXPECT_TRUE(rr.problems.empty()) << ProblemsText(rr.problems);
  }
}

TEST(WarcReaderTest, ReadsArcVersion2HeaderLines) {
  std::string block = HtmlResponse(Body(4));
  std::string file =
      "filedesc://v2.arc 0.0.0.0 20240501100000 text/plain 200 - - 0 v2.arc 9\n2 0 test\n\n"
      "http://example.com/4 10.0.0.1 20240501100004 text/html 200 SHA1XYZ - 0 v2.arc " +
      std::to_string(block.size()) + "\n" + block + "\n";
  auto rr = ReadAll(file, {}, "v2.arc");
  ASSERT_EQ(rr.records.size(), 1u) << ProblemsText(rr.problems);
  EXPECT_EQ(rr.records[0].target_uri, "http://example.com/4");
  EXPECT_EQ(rr.records[0].payload, Body(4));
  EXPECT_EQ(rr.records[0].date_unix, 1714557604);
  EXPECT_TRUE(rr.problems.empty()) << ProblemsText(rr.problems);
}

TEST(WarcReaderTest, ReadsFilesWithBareLineFeeds) {
  // Header, HTTP head and blank lines all end in LF alone.
  TestRecord r = Page(3);
  std::string block;
  for (char c : r.block) {
    if (c != '\r') block += c;
  }
  std::string head =
      "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: http://example.com/3\n"
      "Content-Type: application/http; msgtype=response\nContent-Length: " +
      std::to_string(block.size()) + "\n\n";
  auto rr = ReadAll(head + block + "\n\n" + head + block + "\n\n");
  ASSERT_EQ(rr.records.size(), 2u) << ProblemsText(rr.problems);
  EXPECT_EQ(rr.records[1].payload, Body(3));
  EXPECT_EQ(rr.records[1].http_status, 200);
  EXPECT_TRUE(rr.problems.empty()) << ProblemsText(rr.problems);
}

TEST(WarcReaderTest, TruncatedPlainFileKeepsEveryRecordBeforeTheDamage) {
  std::vector<std::string> recs = Pages(3);
  std::string file = BuildFile(recs, Layout::kPlain);
  uint64_t third = recs[0].size() + recs[1].size();
  auto header_cut = ReadAll(file.substr(0, third + 60));
  ASSERT_EQ(header_cut.records.size(), 2u);
  ASSERT_EQ(header_cut.problems.size(), 1u);
  EXPECT_EQ(header_cut.problems[0].offset, third);
  EXPECT_NE(header_cut.problems[0].reason.find("header is incomplete"), std::string::npos);
  file.resize(third + recs[2].size() - 30);  // inside the block
  auto rr = ReadAll(file);
  ASSERT_EQ(rr.records.size(), 2u);
  ASSERT_EQ(rr.problems.size(), 1u);
  EXPECT_EQ(rr.problems[0].offset, third);
  EXPECT_NE(rr.problems[0].reason.find("truncated"), std::string::npos);
  EXPECT_NE(rr.problems[0].reason.find("byte " + std::to_string(third)), std::string::npos);
  EXPECT_NE(rr.problems[0].reason.find("<urn:uuid:1002>"), std::string::npos)
      << rr.problems[0].reason;
  EXPECT_EQ(rr.stats.damaged_records, 1u);
}

TEST(WarcReaderTest, TruncatedGzipKeepsRecordsBeforeTheDamageInBothLayouts) {
  std::vector<std::string> recs = Pages(4);
  std::vector<uint64_t> offsets;
  std::string per_record = BuildFile(recs, Layout::kGzipPerRecord, &offsets);
  auto rr = ReadAll(per_record.substr(0, offsets[2] + 30));
  ASSERT_EQ(rr.records.size(), 2u) << ProblemsText(rr.problems);
  ASSERT_EQ(rr.problems.size(), 1u) << ProblemsText(rr.problems);
  EXPECT_EQ(rr.problems[0].compressed_offset, offsets[2]);
  EXPECT_NE(rr.problems[0].reason.find("compressed byte " + std::to_string(offsets[2])),
            std::string::npos);
  EXPECT_NE(rr.problems[0].reason.find("truncated"), std::string::npos);

  // One member for the file: everything inflated before the cut is kept.
  std::vector<std::string> big;
  for (int i = 0; i < 200; ++i) big.push_back(WarcText(Page(i)));
  std::string whole = BuildFile(big, Layout::kGzipWholeFile);
  auto cut = ReadAll(whole.substr(0, whole.size() / 2));
  EXPECT_GT(cut.records.size(), 50u);
  EXPECT_LT(cut.records.size(), 200u);
  ASSERT_EQ(cut.problems.size(), 1u) << ProblemsText(cut.problems);
  EXPECT_EQ(cut.problems[0].compressed_offset, 0u);
  EXPECT_NE(cut.problems[0].reason.find("truncated"), std::string::npos);
  for (size_t i = 0; i < cut.records.size(); ++i) EXPECT_EQ(cut.records[i].payload, Body(i));
}

TEST(WarcReaderTest, CorruptGzipMemberIsReportedAndReadingResumesAtTheNextMember) {
  std::vector<std::string> recs;
  for (int i = 0; i < 4; ++i) {
    TestRecord r = Page(i);
    r.block = HtmlResponse(Body(i) + std::string(2000, 'a' + i));
    recs.push_back(WarcText(r));
  }
  std::vector<uint64_t> offsets;
  std::string file = BuildFile(recs, Layout::kGzipPerRecord, &offsets);
  // Damage the deflate data of member 1 (after its 10-byte header).
  for (uint64_t k = offsets[1] + 12; k < offsets[1] + 40; ++k) file[k] = static_cast<char>(0xff);
  auto rr = ReadAll(file);
  ASSERT_EQ(rr.records.size(), 3u) << ProblemsText(rr.problems);
  EXPECT_EQ(rr.records[0].record_id, "<urn:uuid:1000>");
  EXPECT_EQ(rr.records[1].record_id, "<urn:uuid:1002>");
  EXPECT_EQ(rr.records[2].record_id, "<urn:uuid:1003>");
  ASSERT_GE(rr.problems.size(), 1u);
  EXPECT_EQ(rr.problems[0].compressed_offset, offsets[1]);
  EXPECT_NE(rr.problems[0].reason.find("corrupt gzip"), std::string::npos);
  EXPECT_NE(rr.problems[0].reason.find("resumed"), std::string::npos);
}

TEST(WarcReaderTest, GarbageBetweenRecordsIsSkippedAndReportedWithItsOffset) {
  std::vector<std::string> recs = Pages(3);
  std::string garbage = "this is not a record\r\nnor is this\r\n";
  std::string plain = recs[0] + garbage + recs[1] + recs[2];
  auto rr = ReadAll(plain);
  ASSERT_EQ(rr.records.size(), 3u) << ProblemsText(rr.problems);
  ASSERT_EQ(rr.problems.size(), 1u);
  EXPECT_EQ(rr.problems[0].offset, recs[0].size());
  EXPECT_NE(rr.problems[0].reason.find(std::to_string(garbage.size()) + " bytes"),
            std::string::npos)
      << rr.problems[0].reason;
  EXPECT_EQ(rr.stats.bytes_skipped, garbage.size());

  // Between gzip members: not a member header; the reader finds the next one.
  std::vector<uint64_t> offsets;
  std::string gz = Gzip(recs[0]) + "JUNKJUNKJUNK" + Gzip(recs[1]) + Gzip(recs[2]);
  auto rz = ReadAll(gz);
  ASSERT_EQ(rz.records.size(), 3u) << ProblemsText(rz.problems);
  ASSERT_EQ(rz.problems.size(), 1u) << ProblemsText(rz.problems);
  EXPECT_TRUE(AnyProblemContains(rz.problems, "not a gzip member header"));
  EXPECT_EQ(rz.problems[0].compressed_offset, Gzip(recs[0]).size());
}

TEST(WarcReaderTest, WrongContentLengthLosesOnlyThatRecord) {
  std::vector<std::string> recs = Pages(3);
  TestRecord bad = Page(1);
  bad.content_length_override = static_cast<long long>(bad.block.size() / 2);
  std::string file = recs[0] + WarcText(bad) + recs[2];
  auto rr = ReadAll(file);
  // The short record is returned cut (nothing can tell), the rest of its block is garbage.
  ASSERT_EQ(rr.records.size(), 3u) << ProblemsText(rr.problems);
  EXPECT_EQ(rr.records[2].record_id, "<urn:uuid:1002>");
  EXPECT_EQ(rr.problems.size(), 1u);
}

TEST(WarcReaderTest, BadHeadersAreReportedAndTheReaderResynchronises) {
  std::vector<std::string> recs = Pages(3);
  std::string no_length = "WARC/1.0\r\nWARC-Type: response\r\n\r\nsome block\r\n\r\n";
  std::string bad_length =
      "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nsome block\r\n\r\n";
  std::string no_name =
      "WARC/1.0\r\nWARC-Type: response\r\njust words\r\nContent-Length: 4\r\n\r\n"
      "abcd\r\n\r\n";
  auto rr = ReadAll(recs[0] + no_length + recs[1] + bad_length + recs[2] + no_name);
  ASSERT_EQ(rr.records.size(), 3u) << ProblemsText(rr.problems);
  ASSERT_EQ(rr.problems.size(), 3u);
  EXPECT_NE(rr.problems[2].reason.find("no field name"), std::string::npos);
  EXPECT_NE(rr.problems[0].reason.find("no Content-Length"), std::string::npos);
  EXPECT_EQ(rr.problems[0].offset, recs[0].size());
  EXPECT_NE(rr.problems[1].reason.find("not a number"), std::string::npos);
}

TEST(WarcReaderTest, WaitingProblemsAreCappedAndTheRestCounted) {
  std::string file;
  for (int i = 0; i < 50; ++i) file += "garbage line\r\n" + WarcText(Page(i));
  WarcReaderOptions options;
  options.max_problems_kept = 10;
  auto rr = ReadAll(file, options);
  EXPECT_EQ(rr.records.size(), 50u);
  EXPECT_EQ(rr.problems.size(), 10u);
  EXPECT_EQ(rr.stats.problems, 50u);
  EXPECT_EQ(rr.stats.problems_dropped, 40u);
}

TEST(WarcReaderTest, OversizedRecordIsSkippedAndReportedWithoutStoppingTheRead) {
  TestRecord big = Page(1);
  big.block = HtmlResponse(std::string(3u << 20, 'x'));
  std::vector<std::string> recs = {WarcText(Page(0)), WarcText(big), WarcText(Page(2))};
  WarcReaderOptions options;
  options.max_record_bytes = 64 << 10;
  for (Layout layout : {Layout::kPlain, Layout::kGzipPerRecord}) {
    auto rr = ReadAll(BuildFile(recs, layout), options);
    ASSERT_EQ(rr.records.size(), 2u) << ProblemsText(rr.problems);
    EXPECT_EQ(rr.records[1].payload, Body(2));
    EXPECT_EQ(rr.stats.oversized, 1u);
    ASSERT_EQ(rr.problems.size(), 1u);
    EXPECT_EQ(rr.problems[0].offset, recs[0].size());
    EXPECT_NE(rr.problems[0].reason.find("--max-record-size"), std::string::npos);
  }
}

TEST(WarcReaderTest, SkippedRecordsAreNeverBuffered) {
  TestRecord big = Page(1);
  big.block = HtmlResponse(std::string(40u << 20, 'x'));
  TestRecord request = Page(2);
  request.type = "request";
  request.block = std::string(30u << 20, 'r');
  std::vector<std::string> recs = {WarcText(Page(0)), WarcText(big), WarcText(request),
                                   WarcText(Page(3))};
  WarcReaderOptions options;
  options.max_record_bytes = 1 << 20;
  for (Layout layout : {Layout::kPlain, Layout::kGzipPerRecord}) {
    auto reader =
        WarcReader::Open(ByteSource::FromString("big.warc", BuildFile(recs, layout)), options);
    ASSERT_TRUE(reader.ok());
    WarcRecord rec;
    bool eof = false;
    int n = 0;
    while ((*reader)->Next(&rec, &eof).ok() && !eof) ++n;
    EXPECT_EQ(n, 2);
    EXPECT_LE((*reader)->buffer_capacity(),
              options.max_record_bytes + options.max_header_bytes + (128u << 10));
    EXPECT_EQ((*reader)->stats().oversized, 1u);
    EXPECT_EQ((*reader)->stats().skipped_type, 1u);
  }
}

TEST(WarcReaderTest, TheBufferGrowsNoFurtherThanTheLargestRecordAllowed) {
  WarcReaderOptions options;
  options.max_record_bytes = 3u << 20;
  TestRecord near = Page(1);
  near.block = HtmlResponse(std::string(options.max_record_bytes - 1000, 'n'));
  auto reader = WarcReader::Open(
      ByteSource::FromString("near.warc", WarcText(Page(0)) + WarcText(near)), options);
  ASSERT_TRUE(reader.ok());
  WarcRecord rec;
  bool eof = false;
  int n = 0;
  while ((*reader)->Next(&rec, &eof).ok() && !eof) ++n;
  EXPECT_EQ(n, 2);
  EXPECT_LE((*reader)->buffer_capacity(),
            options.max_record_bytes + options.max_header_bytes + (128u << 10));
}

TEST(WarcReaderTest, GzipBombPayloadIsBoundedByTheRecordLimit) {
  TestRecord r = Page(1);
  std::string bomb = Gzip(std::string(8u << 20, 'z'), 9);
  r.block = HttpBlock(200, {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}}, bomb);
  WarcReaderOptions options;
  options.max_record_bytes = 1 << 20;
  auto rr = ReadAll(WarcText(r), options);
  ASSERT_EQ(rr.records.size(), 1u);
  EXPECT_EQ(rr.records[0].payload, bomb);  // left encoded
  ASSERT_EQ(rr.records[0].warnings.size(), 1u);
  EXPECT_NE(rr.records[0].warnings[0].find("limit"), std::string::npos);
}

TEST(WarcReaderTest, FiltersOnHostDateLanguageAndMime) {
  std::vector<std::string> recs;
  auto add = [&](int i, const std::string& host, const std::string& date, const std::string& lang,
                 const std::string& ct) {
    TestRecord r = Page(i, host);
    r.date = date;
    if (!lang.empty()) r.extra = {{"WARC-Identified-Content-Language", lang}};
    r.block = HtmlResponse(Body(i), ct);
    recs.push_back(WarcText(r));
  };
  add(0, "www.bbc.co.uk", "2024-05-01T10:00:00Z", "eng", "text/html");
  add(1, "bbc.com", "2024-05-01T10:00:00Z", "eng", "text/html");
  add(2, "news.bbc.co.uk", "2024-06-01T10:00:00Z", "eng", "text/html");
  add(3, "www.bbc.co.uk", "2024-05-02T10:00:00Z", "deu", "text/html");
  add(4, "www.bbc.co.uk", "2024-05-02T10:00:00Z", "", "application/pdf");
  add(5, "www.bbc.co.uk", "2024-05-03T23:59:59Z", "", "text/html; charset=utf-8");
  std::string file = BuildFile(recs, Layout::kGzipPerRecord);
  WarcReaderOptions options;
  options.filter.hosts = {"bbc.co.uk"};
  options.filter.from_unix = *WarcFilter::ParseDateBound("2024-05-01", false);
  options.filter.to_unix = *WarcFilter::ParseDateBound("2024-05-03", true);
  options.filter.languages = {"en"};
  options.filter.mimes = {"text/html"};
  auto rr = ReadAll(file, options);
  ASSERT_EQ(rr.records.size(), 2u);
  EXPECT_EQ(rr.records[0].payload, Body(0));
  EXPECT_EQ(rr.records[1].payload, Body(5));
  EXPECT_EQ(rr.stats.filtered, 4u);
  EXPECT_EQ(rr.stats.returned, 2u);
}

TEST(WarcReaderTest, EmptyFilesZeroPaddingAndBlankLinesAreNotProblems) {
  EXPECT_TRUE(ReadAll("").records.empty());
  EXPECT_TRUE(ReadAll("").problems.empty());
  std::string padded = BuildFile(Pages(2), Layout::kGzipPerRecord) + std::string(512, '\0');
  auto rr = ReadAll(padded);
  EXPECT_EQ(rr.records.size(), 2u);
  EXPECT_TRUE(rr.problems.empty()) << ProblemsText(rr.problems);
  auto blank = ReadAll("\r\n\n" + WarcText(Page(0)) + "\n\n\r\n");
  EXPECT_EQ(blank.records.size(), 1u);
  EXPECT_TRUE(blank.problems.empty()) << ProblemsText(blank.problems);
}

TEST(WarcReaderTest, ReadsGzipFromAPipe) {
  std::string file = BuildFile(Pages(30), Layout::kGzipPerRecord);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    size_t pos = 0;
    while (pos < file.size()) {
      ssize_t n = ::write(fds[1], file.data() + pos, std::min<size_t>(4096, file.size() - pos));
      if (n <= 0) break;
      pos += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  auto rr = testing::ReadAllFrom(ByteSource::FromFd(fds[0], "-"));
  writer.join();
  ::close(fds[0]);
  ASSERT_EQ(rr.records.size(), 30u) << ProblemsText(rr.problems);
  EXPECT_EQ(rr.records[29].payload, Body(29));
  EXPECT_TRUE(rr.problems.empty());
}

TEST(WarcReaderTest, NonWarcInputIsOneProblemNamingTheFileNotACrash) {
  std::string junk(300000, 'j');  // no newline anywhere
  auto rr = ReadAll(junk, {}, "notes.warc");
  EXPECT_TRUE(rr.records.empty());
  ASSERT_EQ(rr.problems.size(), 1u);
  EXPECT_NE(rr.problems[0].reason.find("notes.warc"), std::string::npos);
  EXPECT_EQ(rr.problems[0].offset, 0u);
  auto zst = WarcReader::Open(ByteSource::FromString("a.warc.zst", "\x28\xb5\x2f\xfd rest"));
  ASSERT_FALSE(zst.ok());
  EXPECT_NE(zst.status().message().find("zstd"), std::string::npos);
  auto missing = WarcReader::Open("/nonexistent/x.warc.gz");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

std::string Summary(const testing::ReadResult& rr) {
  std::string s;
  for (const WarcRecord& r : rr.records) {
    s += r.record_id + " " + std::to_string(r.offset) + " " + std::to_string(r.compressed_offset) +
         " " + std::to_string(r.payload.size()) + "\n";
  }
  for (const WarcProblem& p : rr.problems) s += p.reason + "\n";
  return s;
}

TEST(WarcReaderTest, FastAndStreamingInflateGiveTheSameRecordsAndProblems) {
  if (!WarcInput::HasFastInflate()) GTEST_SKIP() << "built without libdeflate";
  // 3183772773 (round 17): a damaged member that zlib reads past the next member's start; the
  // streaming path used to have let those bytes go before searching for the next member.
  for (const uint64_t seed :
       {uint64_t{3183772773}, testing::TestSeed("WarcReaderTest.FastAndStreamingInflate")}) {
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 40; ++round) {
      std::vector<std::string> recs;
      int n = 1 + static_cast<int>(rng() % 30);
      for (int i = 0; i < n; ++i) {
        TestRecord r = Page(i);
        // Some members larger than the input buffer, so both paths meet.
        size_t len = rng() % 4 == 0 ? 300000 + rng() % 200000 : rng() % 20000;
        std::string filler(len, ' ');
        for (char& c : filler) c = static_cast<char>('a' + rng() % 26);
        r.block = HtmlResponse(Body(i) + filler);
        recs.push_back(WarcText(r));
      }
      Layout layout = rng() % 4 == 0 ? Layout::kGzipWholeFile : Layout::kGzipPerRecord;
      std::string file = BuildFile(recs, layout);
      int damage = static_cast<int>(rng() % 3);
      if (damage == 1) file.resize(rng() % (file.size() + 1));
      if (damage == 2) {
        for (int k = 0; k < 3; ++k) file[rng() % file.size()] ^= static_cast<char>(1 + rng() % 255);
      }
      WarcReaderOptions fast, slow;
      slow.fast_inflate = false;
      auto a = ReadAll(file, fast);
      auto b = ReadAll(file, slow);
      ASSERT_EQ(Summary(a), Summary(b)) << "seed " << seed << " round " << round;
      if (damage == 0) {
        ASSERT_EQ(a.records.size(), recs.size());
      }
    }
  }
}

TEST(WarcReaderTest, RandomDamageNeverLosesRecordsBeforeItAndNeverCrashes) {
  uint64_t seed = testing::TestSeed("WarcReaderTest.RandomDamage");
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 60; ++round) {
    int n = 1 + static_cast<int>(rng() % 12);
    std::vector<std::string> recs;
    for (int i = 0; i < n; ++i) {
      TestRecord r = Page(i);
      r.block = HtmlResponse(Body(i) + std::string(rng() % 5000, 'p'));
      recs.push_back(WarcText(r));
    }
    Layout layout = static_cast<Layout>(rng() % 3);
    std::vector<uint64_t> offsets;
    std::string file = BuildFile(recs, layout, &offsets);
    size_t cut = rng() % (file.size() + 1);
    std::string damaged = file.substr(0, cut);
    auto rr = ReadAll(damaged);
    // Records wholly before the cut survive (for per-record layouts: members before it).
    size_t intact = 0;
    if (layout != Layout::kGzipWholeFile) {
      while (intact < recs.size() &&
             offsets[intact] +
                     (layout == Layout::kPlain ? recs[intact].size() : Gzip(recs[intact]).size()) <=
                 cut) {
        ++intact;
      }
      ASSERT_GE(rr.records.size(), intact) << "seed " << seed << " round " << round;
    }
    for (size_t i = 0; i < intact; ++i) {
      EXPECT_TRUE(rr.records[i].payload.starts_with(Body(i))) << "seed " << seed;
    }
    bool at_boundary = std::find(offsets.begin(), offsets.end(), cut) != offsets.end();
    if (cut < file.size() && cut > 0 && layout != Layout::kPlain &&
        (layout == Layout::kGzipWholeFile || !at_boundary)) {
      EXPECT_FALSE(rr.problems.empty()) << "seed " << seed << " round " << round;
    }
    // Random byte flips: any outcome but a crash or a hang.
    std::string flipped = file;
    for (int k = 0; k < 5 && !flipped.empty(); ++k) {
      flipped[rng() % flipped.size()] = static_cast<char>(rng());
    }
    auto rf = ReadAll(flipped);
    EXPECT_LE(rf.records.size(), recs.size() + 1);
  }
}

}  // namespace
}  // namespace storyline
