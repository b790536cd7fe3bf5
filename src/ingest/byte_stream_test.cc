#include "ingest/byte_stream.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "ingest/ingest_test_util.h"

namespace storyline {
namespace {

using testing::Gzip;
using testing::TempDir;
using testing::WriteFile;
using testing::Zstd;

// Reads everything; returns the bytes and the final status (OK at a clean end).
std::pair<std::string, Status> ReadAll(ByteStream* s, size_t chunk = 4096) {
  std::string out;
  std::string buf(chunk, '\0');
  for (;;) {
    Result<size_t> r = s->Read(buf.data(), buf.size());
    if (!r.ok()) return {out, r.status()};
    if (*r == 0) return {out, Status::Ok()};
    out.append(buf.data(), *r);
  }
}

std::string SampleText(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  static const char* kWords[] = {"storm", "mayor", "London", "election", "river", "bank", "\n"};
  std::string s;
  while (s.size() < n) {
    s += kWords[rng() % 7];
    s += ' ';
  }
  s.resize(n);
  return s;
}

InputFile File(const std::string& path, Compression c) {
  return InputFile{path, InputFormat::kJsonLines, c, 0};
}

TEST(ByteStreamTest, ReadsPlainGzipAndZstdFilesIdentically) {
  TempDir dir;
  std::string data = SampleText(3 << 20, 1);
  WriteFile(dir.Path("a.jsonl"), data);
  WriteFile(dir.Path("a.jsonl.gz"), Gzip(data));
  WriteFile(dir.Path("a.jsonl.zst"), Zstd(data));
  for (auto [name, c] :
       {std::pair{"a.jsonl", Compression::kNone}, std::pair{"a.jsonl.gz", Compression::kGzip},
        std::pair{"a.jsonl.zst", Compression::kZstd}}) {
    auto s = ByteStream::Open(File(dir.Path(name), c));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto [out, st] = ReadAll(s->get(), 100000);
    EXPECT_TRUE(st.ok()) << name << ": " << st.ToString();
    EXPECT_EQ(out, data) << name;
    EXPECT_EQ((*s)->compressed_bytes_consumed(), std::filesystem::file_size(dir.Path(name)));
  }
}

TEST(ByteStreamTest, ReadsConcatenatedGzipMembersAndZstdFrames) {
  TempDir dir;
  WriteFile(dir.Path("m.gz"),
            Gzip("first\n") + Gzip("") + Gzip("second\n") + std::string(16, '\0'));
  WriteFile(dir.Path("m.zst"), Zstd("first\n") + Zstd("second\n"));
  auto g = ByteStream::Open(File(dir.Path("m.gz"), Compression::kGzip));
  ASSERT_TRUE(g.ok());
  auto [gout, gst] = ReadAll(g->get());
  EXPECT_TRUE(gst.ok()) << gst.ToString();
  EXPECT_EQ(gout, "first\nsecond\n");
  auto z = ByteStream::Open(File(dir.Path("m.zst"), Compression::kZstd));
  ASSERT_TRUE(z.ok());
  auto [zout, zst] = ReadAll(z->get());
  EXPECT_TRUE(zst.ok()) << zst.ToString();
  EXPECT_EQ(zout, "first\nsecond\n");
}

TEST(ByteStreamTest, TruncatedGzipDeliversBytesBeforeDamageThenCorruptionWithOffset) {
  TempDir dir;
  std::string data = SampleText(1 << 20, 2);
  std::string gz = Gzip(data);
  size_t cut = gz.size() / 2;
  WriteFile(dir.Path("t.gz"), gz.substr(0, cut));
  auto s = ByteStream::Open(File(dir.Path("t.gz"), Compression::kGzip));
  ASSERT_TRUE(s.ok());
  auto [out, st] = ReadAll(s->get());
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("truncated"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(dir.Path("t.gz")), std::string::npos);
  EXPECT_NE(st.message().find("compressed byte " + std::to_string(cut)), std::string::npos)
      << st.message();
  // Everything zlib could decode before the cut was delivered, and it is a prefix of the data.
  EXPECT_GT(out.size(), data.size() / 4);
  EXPECT_EQ(data.compare(0, out.size(), out), 0);
  // The error is sticky.
  char b[16];
  EXPECT_EQ(s.value()->Read(b, sizeof b).status().code(), StatusCode::kCorruption);
}

TEST(ByteStreamTest, CorruptGzipReportsDamageOffsetAfterGoodBytes) {
  TempDir dir;
  std::string data = SampleText(1 << 20, 3);
  std::string gz = Gzip(data);
  for (size_t i = gz.size() / 2; i < gz.size() / 2 + 64; ++i) gz[i] = static_cast<char>(0xff);
  WriteFile(dir.Path("c.gz"), gz);
  auto s = ByteStream::Open(File(dir.Path("c.gz"), Compression::kGzip));
  ASSERT_TRUE(s.ok());
  auto [out, st] = ReadAll(s->get());
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("compressed byte"), std::string::npos) << st.message();
  // The bytes well before the damage are exact (just before it, deflate may decode garbage
  // before zlib can tell).
  ASSERT_GT(out.size(), data.size() / 4);
  EXPECT_EQ(data.compare(0, data.size() / 4, out, 0, data.size() / 4), 0);
}

TEST(ByteStreamTest, GarbageAfterGzipMemberIsCorruptionAfterTheGoodBytes) {
  TempDir dir;
  WriteFile(dir.Path("g.gz"), Gzip("good\n") + "garbage");
  auto s = ByteStream::Open(File(dir.Path("g.gz"), Compression::kGzip));
  ASSERT_TRUE(s.ok());
  auto [out, st] = ReadAll(s->get());
  EXPECT_EQ(out, "good\n");
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("after the end of a gzip member"), std::string::npos) << st.message();
}

TEST(ByteStreamTest, TruncatedZstdDeliversBytesBeforeDamageThenCorruption) {
  TempDir dir;
  std::string data = SampleText(2 << 20, 4);
  std::string zst = Zstd(data);
  size_t cut = zst.size() * 2 / 3;
  WriteFile(dir.Path("t.zst"), zst.substr(0, cut));
  auto s = ByteStream::Open(File(dir.Path("t.zst"), Compression::kZstd));
  ASSERT_TRUE(s.ok());
  auto [out, st] = ReadAll(s->get());
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("truncated zstd"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("compressed byte " + std::to_string(cut)), std::string::npos);
  EXPECT_GT(out.size(), 0u);
  EXPECT_EQ(data.compare(0, out.size(), out), 0);
}

TEST(ByteStreamTest, MisnamedPlainFileIsNotGzipData) {
  TempDir dir;
  WriteFile(dir.Path("p.jsonl.gz"), "{\"text\":\"plain\"}\n");
  auto s = ByteStream::Open(File(dir.Path("p.jsonl.gz"), Compression::kGzip));
  ASSERT_TRUE(s.ok());
  auto [out, st] = ReadAll(s->get());
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("is not valid gzip data"), std::string::npos) << st.message();
  EXPECT_TRUE(out.empty());
}

TEST(ByteStreamTest, MissingFileIsNotFoundAndDirectoryIsIOError) {
  TempDir dir;
  auto s = ByteStream::Open(File(dir.Path("nope.jsonl"), Compression::kNone));
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  auto d = ByteStream::Open(File(dir.path(), Compression::kNone));
  EXPECT_EQ(d.status().code(), StatusCode::kIOError);
}

TEST(ByteStreamTest, EmptyFilesAreEmptyStreams) {
  TempDir dir;
  WriteFile(dir.Path("e.jsonl"), "");
  WriteFile(dir.Path("e.jsonl.gz"), "");
  WriteFile(dir.Path("e.jsonl.zst"), "");
  for (auto [name, c] :
       {std::pair{"e.jsonl", Compression::kNone}, std::pair{"e.jsonl.gz", Compression::kGzip},
        std::pair{"e.jsonl.zst", Compression::kZstd}}) {
    auto s = ByteStream::Open(File(dir.Path(name), c));
    ASSERT_TRUE(s.ok());
    auto [out, st] = ReadAll(s->get());
    EXPECT_TRUE(st.ok()) << name << ": " << st.ToString();
    EXPECT_TRUE(out.empty());
  }
}

TEST(ByteStreamTest, StdinCompressionIsSniffedFromMagicBytes) {
  TempDir dir;
  std::string data = SampleText(100000, 5);
  WriteFile(dir.Path("in.gz"), Gzip(data));
  WriteFile(dir.Path("in.zst"), Zstd(data));
  WriteFile(dir.Path("in.plain"), data);
  WriteFile(dir.Path("in.tiny"), "ab");
  for (auto [name, c, expect] : {std::tuple{"in.gz", Compression::kGzip, data},
                                 std::tuple{"in.zst", Compression::kZstd, data},
                                 std::tuple{"in.plain", Compression::kNone, data},
                                 std::tuple{"in.tiny", Compression::kNone, std::string("ab")}}) {
    testing::WithStdinFrom(dir.Path(name), [&, c = c, expect = expect, name = name] {
      auto s = ByteStream::Open(InputFile{"-", InputFormat::kJsonLines, Compression::kNone, 0});
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      EXPECT_EQ((*s)->compression(), c) << name;
      auto [out, st] = ReadAll(s->get());
      EXPECT_TRUE(st.ok()) << st.ToString();
      EXPECT_EQ(out, expect) << name;
    });
  }
}

}  // namespace
}  // namespace storyline
