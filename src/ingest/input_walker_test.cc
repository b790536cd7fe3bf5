#include "ingest/input_walker.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "ingest/ingest_test_util.h"

namespace storyline {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::vector<std::string> Paths(const WalkResult& r) {
  std::vector<std::string> out;
  for (const InputFile& f : r.files) out.push_back(f.path);
  return out;
}

TEST(InputWalkerTest, ClassifiesSupportedExtensionsCaseInsensitively) {
  struct Case {
    const char* name;
    bool supported;
    InputFormat format;
    Compression compression;
  } cases[] = {
      {"a.txt", true, InputFormat::kText, Compression::kNone},
      {"a.TXT", true, InputFormat::kText, Compression::kNone},
      {"a.jsonl", true, InputFormat::kJsonLines, Compression::kNone},
      {"a.ndjson", true, InputFormat::kJsonLines, Compression::kNone},
      {"a.jsonl.gz", true, InputFormat::kJsonLines, Compression::kGzip},
      {"a.ndjson.zst", true, InputFormat::kJsonLines, Compression::kZstd},
      {"a.txt.GZ", true, InputFormat::kText, Compression::kGzip},
      {"dir/a.txt.zst", true, InputFormat::kText, Compression::kZstd},
      {"page.html", true, InputFormat::kHtml, Compression::kNone},
      {"page.HTM", true, InputFormat::kHtml, Compression::kNone},
      {"page.html.gz", true, InputFormat::kHtml, Compression::kGzip},
      {".html", false, {}, {}},
      {"a.json", false, {}, {}},
      {"a.gz", false, {}, {}},
      {"a.jsonl.bz2", false, {}, {}},
      {"a.zst.jsonl.tar", false, {}, {}},
      {".txt", false, {}, {}},
      {"dir/.jsonl", false, {}, {}},
  };
  for (const Case& c : cases) {
    std::optional<FileKind> kind = ClassifyFileName(c.name);
    ASSERT_EQ(kind.has_value(), c.supported) << c.name;
    if (!c.supported) continue;
    EXPECT_EQ(kind->format, c.format) << c.name;
    EXPECT_EQ(kind->compression, c.compression) << c.name;
  }
}

TEST(InputWalkerTest, ExpandsDirectoriesRecursivelySortedByName) {
  TempDir dir;
  WriteFile(dir.Path("b.jsonl"), "{}\n");
  WriteFile(dir.Path("a.txt"), "hello");
  WriteFile(dir.Path("sub/z.ndjson.gz"), "x");
  WriteFile(dir.Path("sub/c.txt.zst"), "x");
  WriteFile(dir.Path("A.txt"), "x");
  WalkResult r = WalkInputs({dir.path()});
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(Paths(r),
            (std::vector<std::string>{dir.Path("A.txt"), dir.Path("a.txt"), dir.Path("b.jsonl"),
                                      dir.Path("sub/c.txt.zst"), dir.Path("sub/z.ndjson.gz")}));
  EXPECT_EQ(r.files[3].compression, Compression::kZstd);
  EXPECT_EQ(r.files[3].format, InputFormat::kText);
  EXPECT_EQ(r.total_bytes, 3u + 5u + 1u + 1u + 1u);
  EXPECT_EQ(r.files[2].size_bytes, 3u);
}

TEST(InputWalkerTest, UnsupportedFilesInDirectoriesAreCountedNotReported) {
  TempDir dir;
  WriteFile(dir.Path("a.jsonl"), "{}\n");
  WriteFile(dir.Path("notes.md"), "x");
  WriteFile(dir.Path("data.csv"), "x");
  WriteFile(dir.Path(".hidden.jsonl"), "x");
  WalkResult r = WalkInputs({dir.path()});
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.unsupported_skipped, 2u);
}

TEST(InputWalkerTest, ExplicitUnsupportedFileIsAProblemAndOthersContinue) {
  TempDir dir;
  WriteFile(dir.Path("a.csv"), "x");
  WriteFile(dir.Path("b.jsonl"), "{}\n");
  WalkResult r = WalkInputs({dir.Path("a.csv"), dir.Path("b.jsonl")});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].path, dir.Path("a.csv"));
  EXPECT_NE(r.problems[0].reason.find("not a supported input"), std::string::npos);
  EXPECT_NE(r.problems[0].reason.find(".jsonl"), std::string::npos);
  EXPECT_EQ(Paths(r), std::vector<std::string>{dir.Path("b.jsonl")});
}

TEST(InputWalkerTest, MissingPathIsAProblemAndOthersContinue) {
  TempDir dir;
  WriteFile(dir.Path("b.jsonl"), "{}\n");
  WalkResult r = WalkInputs({dir.Path("missing.jsonl"), dir.Path("b.jsonl")});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].reason.find("does not exist"), std::string::npos);
  EXPECT_EQ(r.files.size(), 1u);
}

TEST(InputWalkerTest, UnreadableDirectoryIsAProblemAndSiblingsAreRead) {
  TempDir dir;
  WriteFile(dir.Path("locked/a.jsonl"), "{}\n");
  WriteFile(dir.Path("open/b.jsonl"), "{}\n");
  ASSERT_EQ(::chmod(dir.Path("locked").c_str(), 0), 0);
  if (DIR* d = ::opendir(dir.Path("locked").c_str())) {
    ::closedir(d);
    GTEST_SKIP() << "running with privileges that ignore directory permissions (root?): chmod 000 "
                    "does not stop reads, so the permission problem cannot be provoked";
  }
  WalkResult r = WalkInputs({dir.path()});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].path, dir.Path("locked"));
  EXPECT_NE(r.problems[0].reason.find("permission denied"), std::string::npos);
  EXPECT_EQ(Paths(r), std::vector<std::string>{dir.Path("open/b.jsonl")});
}

TEST(InputWalkerTest, SymlinkLoopsAreWalkedOnce) {
  TempDir dir;
  WriteFile(dir.Path("d/a.jsonl"), "{}\n");
  ASSERT_EQ(::symlink(dir.Path("d").c_str(), dir.Path("d/loop").c_str()), 0);
  ASSERT_EQ(::symlink(dir.Path("d/a.jsonl").c_str(), dir.Path("d/link.jsonl").c_str()), 0);
  WalkResult r = WalkInputs({dir.path(), dir.Path("d")});
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(Paths(r), std::vector<std::string>{dir.Path("d/a.jsonl")});
}

TEST(InputWalkerTest, BrokenSymlinkInDirectoryIsAProblem) {
  TempDir dir;
  WriteFile(dir.Path("a.jsonl"), "{}\n");
  ASSERT_EQ(::symlink(dir.Path("gone.jsonl").c_str(), dir.Path("b.jsonl").c_str()), 0);
  WalkResult r = WalkInputs({dir.path()});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].path, dir.Path("b.jsonl"));
  EXPECT_EQ(r.files.size(), 1u);
}

TEST(InputWalkerTest, StdinIsPassedThroughOnce) {
  WalkResult r = WalkInputs({"-", "-"});
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].path, "-");
  EXPECT_TRUE(r.problems.empty());
}

TEST(InputWalkerTest, SniffsCompressionFromMagicBytes) {
  EXPECT_EQ(SniffCompression("\x1f\x8b\x08\x00"), Compression::kGzip);
  EXPECT_EQ(SniffCompression(std::string_view("\x28\xb5\x2f\xfd\x00", 5)), Compression::kZstd);
  EXPECT_EQ(SniffCompression("{\"a\":1}"), Compression::kNone);
  EXPECT_EQ(SniffCompression(""), Compression::kNone);
  EXPECT_EQ(SniffCompression("\x28\xb5"), Compression::kNone);
}

TEST(InputWalkerTest, SniffsFormatFromFirstNonBlankByte) {
  EXPECT_EQ(SniffFormat("{\"text\":\"a\"}\n"), InputFormat::kJsonLines);
  EXPECT_EQ(SniffFormat("\n \r\n\t{\"text\":\"a\"}"), InputFormat::kJsonLines);
  EXPECT_EQ(SniffFormat("\xEF\xBB\xBF{}"), InputFormat::kJsonLines);
  EXPECT_EQ(SniffFormat("\n<!DOCTYPE html><html><body><p>a</p>"), InputFormat::kHtml);
  EXPECT_EQ(SniffFormat("\xEF\xBB\xBF<html lang=\"en\">"), InputFormat::kHtml);
  EXPECT_EQ(SniffFormat("London (Reuters) - <b> is not a page"), InputFormat::kText);
  EXPECT_EQ(SniffFormat("Headline\n\nBody."), InputFormat::kText);
  EXPECT_EQ(SniffFormat("[1,2]"), InputFormat::kText);
  EXPECT_EQ(SniffFormat("   "), InputFormat::kText);
  EXPECT_EQ(SniffFormat(""), InputFormat::kText);
}

}  // namespace
}  // namespace storyline
