#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "common/fault_injection_env.h"
#include "common/temp_dir_for_test.h"
#include "index/segment_reader.h"
#include "index/segment_writer.h"

namespace storyline {
namespace {

class SegmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path();
    path_ = dir_ + "/seg-000001.sls";
  }

  std::vector<std::string> RandomTexts(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<std::string> texts;
    for (size_t i = 0; i < n; ++i) {
      std::string t;
      size_t len = rng() % 5000;
      for (size_t k = 0; k < len; ++k) t.push_back(static_cast<char>('a' + rng() % 26));
      texts.push_back(t);
    }
    return texts;
  }
  testing::TempDir tmp_;
  std::string dir_, path_;
};

TEST_F(SegmentTest, TextsReadBackExactlyAcrossManyBlocks) {
  const uint32_t seed = 1234;
  SCOPED_TRACE("seed " + std::to_string(seed));
  auto texts = RandomTexts(300, seed);
  texts.push_back("");  // empty text is a valid document
  auto w = SegmentWriter::Create(Env::Default(), path_, SegmentId(1));
  ASSERT_TRUE(w.ok());
  for (size_t i = 0; i < texts.size(); ++i) {
    auto ord = (*w)->Add(texts[i]);
    ASSERT_TRUE(ord.ok());
    EXPECT_EQ(*ord, i);
  }
  ASSERT_TRUE((*w)->Finish().ok());
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));

  auto r = SegmentReader::Open(Env::Default(), path_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->doc_count(), texts.size());
  EXPECT_EQ((*r)->id(), SegmentId(1));
  EXPECT_EQ((*r)->checksum(), (*w)->checksum());
  for (size_t i : {size_t{0}, size_t{150}, size_t{7}, texts.size() - 1, size_t{299}}) {
    auto t = (*r)->ReadText(static_cast<uint32_t>(i));
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(*t, texts[i]);
  }
  uint64_t checked = 0;
  EXPECT_TRUE((*r)->VerifyAll(&checked).ok());
  EXPECT_EQ(checked, std::filesystem::file_size(path_));
}

TEST_F(SegmentTest, AFlippedByteIsReportedAsCorruptionWithTheFileName) {
  auto w = SegmentWriter::Create(Env::Default(), path_, SegmentId(1));
  ASSERT_TRUE(w.ok());
  for (auto& t : RandomTexts(50, 7)) ASSERT_TRUE((*w)->Add(t).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    char c;
    f.seekg(100);
    f.get(c);
    f.seekp(100);
    f.put(static_cast<char>(c ^ 0x40));
  }
  auto r = SegmentReader::Open(Env::Default(), path_);
  ASSERT_TRUE(r.ok());  // header, footer and tables are intact
  Status s = (*r)->VerifyAll(nullptr);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find(path_), std::string::npos);
}

TEST_F(SegmentTest, ATruncatedFileDoesNotOpen) {
  auto w = SegmentWriter::Create(Env::Default(), path_, SegmentId(1));
  ASSERT_TRUE(w.ok());
  for (auto& t : RandomTexts(20, 9)) ASSERT_TRUE((*w)->Add(t).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  std::filesystem::resize_file(path_, std::filesystem::file_size(path_) - 10);
  auto r = SegmentReader::Open(Env::Default(), path_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
}

TEST_F(SegmentTest, FailedFsyncLeavesNoSegmentUnderItsFinalName) {
  FaultInjectionEnv env(Env::Default());
  auto w = SegmentWriter::Create(&env, path_, SegmentId(1));
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Add("some text").ok());
  env.FailSyncAfter(0);
  Status s = (*w)->Finish();
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  w->reset();  // the destructor removes the temporary file
  EXPECT_FALSE(std::filesystem::exists(path_));
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
}

TEST_F(SegmentTest, ShortWriteIsAnErrorNotASilentlyShortFile) {
  FaultInjectionEnv env(Env::Default());
  auto w = SegmentWriter::Create(&env, path_, SegmentId(1));
  ASSERT_TRUE(w.ok());
  env.ShortWriteAfter(0);
  ASSERT_TRUE((*w)->Add(std::string(100, 'x')).ok());
  EXPECT_FALSE((*w)->Finish().ok());
  EXPECT_FALSE(std::filesystem::exists(path_));
}

}  // namespace
}  // namespace storyline
