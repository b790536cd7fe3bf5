#include "common/fault_injection_env.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "common/temp_dir_for_test.h"

namespace storyline {
namespace {

class FaultInjectionEnvTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = tmp_.path(); }
  testing::TempDir tmp_;
  std::string dir_;
};

TEST_F(FaultInjectionEnvTest, PowerLossCutsUnsyncedDataAndUndoesUnsyncedRenames) {
  FaultInjectionEnv env(Env::Default());
  // Durable file: written, synced, directory synced.
  {
    auto f = env.NewWritableFile(dir_ + "/durable");
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE((*f)->Append("synced").ok());
    ASSERT_TRUE((*f)->Sync().ok());
    ASSERT_TRUE((*f)->Append(" and lost").ok());
    ASSERT_TRUE((*f)->Close().ok());
  }
  ASSERT_TRUE(env.SyncDir(dir_).ok());
  // A file renamed but whose directory was never synced.
  {
    auto f = env.NewWritableFile(dir_ + "/tmp");
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE((*f)->Append("x").ok());
    ASSERT_TRUE((*f)->Sync().ok());
  }
  ASSERT_TRUE(env.RenameFile(dir_ + "/tmp", dir_ + "/final").ok());

  ASSERT_TRUE(env.SimulatePowerLoss().ok());
  EXPECT_TRUE(env.crashed());
  EXPECT_FALSE(env.NewWritableFile(dir_ + "/after").ok());

  auto durable = ReadFileToString(Env::Default(), dir_ + "/durable");
  ASSERT_TRUE(durable.ok());
  EXPECT_EQ(*durable, "synced");
  EXPECT_FALSE(Env::Default()->FileExists(dir_ + "/final"));
  EXPECT_FALSE(Env::Default()->FileExists(dir_ + "/tmp"));  // created, never dir-synced
}

TEST_F(FaultInjectionEnvTest, ArmedFaultsFireOnceOnTheNthCall) {
  FaultInjectionEnv env(Env::Default());
  auto f = env.NewWritableFile(dir_ + "/a");
  ASSERT_TRUE(f.ok());
  env.FailSyncAfter(1);
  EXPECT_TRUE((*f)->Sync().ok());
  Status s = (*f)->Sync();
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_NE(s.message().find("injected"), std::string::npos);
  EXPECT_TRUE((*f)->Sync().ok());

  env.ShortWriteAfter(0);
  EXPECT_FALSE((*f)->Append("abcd").ok());
  ASSERT_TRUE((*f)->Close().ok());
  auto data = ReadFileToString(Env::Default(), dir_ + "/a");
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "ab");
}

}  // namespace
}  // namespace storyline
