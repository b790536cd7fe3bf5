// FaultInjectionEnv: an Env for tests that wraps a real one and fails on request.
//
// It can fail the n-th fsync, cut the n-th write short, fail (or "crash" at) the n-th rename, and
// simulate power loss: data not yet fsynced is cut off, and files created or renamed since their
// directory was last fsynced disappear or go back to their old names, as on a real disk after a
// crash. After a simulated crash every call fails until Reset().
//
// Thread-safety: all methods are safe to call concurrently (one mutex).
#ifndef STORYLINE_COMMON_FAULT_INJECTION_ENV_H_
#define STORYLINE_COMMON_FAULT_INJECTION_ENV_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "storyline/env.h"

namespace storyline {

class FaultInjectionEnv final : public Env {
 public:
  explicit FaultInjectionEnv(Env* base) : base_(base) {}

  // Counters count calls from now; -1 disarms. The failing call returns IOError("injected ...").
  void FailSyncAfter(int n);    // calls 0..n-1 succeed, call n fails
  void ShortWriteAfter(int n);  // call n writes half of its data, then fails
  void FailRenameAfter(int n);  // call n fails without renaming
  // Call n of RenameFile "crashes": nothing is renamed and the env enters the crashed state.
  void CrashAtRenameAfter(int n);

  // Drops unsynced data and undoes unsynced directory changes on the real files, then enters the
  // crashed state. Returns the first error met while undoing.
  Status SimulatePowerLoss();
  bool crashed() const;
  // Leaves the crashed state and forgets all tracking and armed faults.
  void Reset();

  // Env:
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override;
  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status DeleteFile(const std::string& path) override;
  Status SyncDir(const std::string& dir) override;
  Status CreateDirIfMissing(const std::string& dir) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
  bool FileExists(const std::string& path) override;
  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override;
  int64_t NowMicros() override;

  // Used by the files this env hands out.
  Status OnAppend(const std::string& path, std::string_view data, WritableFile* base);
  Status OnSync(const std::string& path, WritableFile* base);

 private:
  struct FileState {
    uint64_t size = 0;
    uint64_t synced_size = 0;
    bool created_unsynced_dir = false;  // its directory entry is not durable yet
  };
  struct PendingRename {
    std::string from, to;
  };
  Status CheckCrashed() const;
  static bool Fire(int* counter);

  Env* base_;
  mutable std::mutex mu_;
  std::map<std::string, FileState> files_;
  std::vector<PendingRename> renames_;
  int sync_fail_ = -1, short_write_ = -1, rename_fail_ = -1, rename_crash_ = -1;
  bool crashed_ = false;
};

}  // namespace storyline

#endif  // STORYLINE_COMMON_FAULT_INJECTION_ENV_H_
