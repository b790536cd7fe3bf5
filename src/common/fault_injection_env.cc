#include "common/fault_injection_env.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace storyline {
namespace {

class FaultFile final : public WritableFile {
 public:
  FaultFile(FaultInjectionEnv* env, std::string path, std::unique_ptr<WritableFile> base)
      : env_(env), path_(std::move(path)), base_(std::move(base)) {}
  Status Append(std::string_view data) override { return env_->OnAppend(path_, data, base_.get()); }
  Status Sync() override { return env_->OnSync(path_, base_.get()); }
  Status Close() override { return base_->Close(); }

 private:
  FaultInjectionEnv* env_;
  std::string path_;
  std::unique_ptr<WritableFile> base_;
};

}  // namespace

bool FaultInjectionEnv::Fire(int* counter) {
  if (*counter < 0) return false;
  if (*counter == 0) {
    *counter = -1;
    return true;
  }
  --*counter;
  return false;
}

void FaultInjectionEnv::FailSyncAfter(int n) {
  std::lock_guard l(mu_);
  sync_fail_ = n;
}
void FaultInjectionEnv::ShortWriteAfter(int n) {
  std::lock_guard l(mu_);
  short_write_ = n;
}
void FaultInjectionEnv::FailRenameAfter(int n) {
  std::lock_guard l(mu_);
  rename_fail_ = n;
}
void FaultInjectionEnv::CrashAtRenameAfter(int n) {
  std::lock_guard l(mu_);
  rename_crash_ = n;
}

bool FaultInjectionEnv::crashed() const {
  std::lock_guard l(mu_);
  return crashed_;
}

void FaultInjectionEnv::Reset() {
  std::lock_guard l(mu_);
  files_.clear();
  renames_.clear();
  sync_fail_ = short_write_ = rename_fail_ = rename_crash_ = -1;
  crashed_ = false;
}

Status FaultInjectionEnv::CheckCrashed() const {
  if (crashed_) return IOError("injected: the file system has crashed");
  return Status::Ok();
}

Status FaultInjectionEnv::OnAppend(const std::string& path, std::string_view data,
                                   WritableFile* base) {
  std::lock_guard l(mu_);
  RETURN_IF_ERROR(CheckCrashed());
  if (Fire(&short_write_)) {
    std::string_view half = data.substr(0, data.size() / 2);
    RETURN_IF_ERROR(base->Append(half));
    files_[path].size += half.size();
    return IOError("injected: short write to " + path);
  }
  RETURN_IF_ERROR(base->Append(data));
  files_[path].size += data.size();
  return Status::Ok();
}

Status FaultInjectionEnv::OnSync(const std::string& path, WritableFile* base) {
  std::lock_guard l(mu_);
  RETURN_IF_ERROR(CheckCrashed());
  if (Fire(&sync_fail_)) return IOError("injected: fsync failed for " + path);
  RETURN_IF_ERROR(base->Sync());
  files_[path].synced_size = files_[path].size;
  return Status::Ok();
}

Result<std::unique_ptr<WritableFile>> FaultInjectionEnv::NewWritableFile(const std::string& path) {
  std::lock_guard l(mu_);
  RETURN_IF_ERROR(CheckCrashed());
  ASSIGN_OR_RETURN(auto base, base_->NewWritableFile(path));
  FileState st;
  st.created_unsynced_dir = true;
  files_[path] = st;
  return std::unique_ptr<WritableFile>(new FaultFile(this, path, std::move(base)));
}

Result<std::unique_ptr<RandomAccessFile>> FaultInjectionEnv::NewRandomAccessFile(
    const std::string& path) {
  {
    std::lock_guard l(mu_);
    RETURN_IF_ERROR(CheckCrashed());
  }
  return base_->NewRandomAccessFile(path);
}

Status FaultInjectionEnv::RenameFile(const std::string& from, const std::string& to) {
  std::lock_guard l(mu_);
  RETURN_IF_ERROR(CheckCrashed());
  if (Fire(&rename_crash_)) {
    crashed_ = true;
    return IOError("injected: crash before renaming " + from);
  }
  if (Fire(&rename_fail_)) return IOError("injected: rename failed for " + from);
  RETURN_IF_ERROR(base_->RenameFile(from, to));
  auto it = files_.find(from);
  if (it != files_.end()) {
    files_[to] = it->second;
    files_.erase(it);
  }
  renames_.push_back({from, to});
  return Status::Ok();
}

Status FaultInjectionEnv::DeleteFile(const std::string& path) {
  std::lock_guard l(mu_);
  RETURN_IF_ERROR(CheckCrashed());
  files_.erase(path);
  return base_->DeleteFile(path);
}

Status FaultInjectionEnv::SyncDir(const std::string& dir) {
  std::lock_guard l(mu_);
  RETURN_IF_ERROR(CheckCrashed());
  if (Fire(&sync_fail_)) return IOError("injected: fsync failed for directory " + dir);
  RETURN_IF_ERROR(base_->SyncDir(dir));
  for (auto& [path, st] : files_) {
    if (DirName(path) == dir) st.created_unsynced_dir = false;
  }
  std::vector<PendingRename> keep;
  for (auto& r : renames_) {
    if (DirName(r.to) != dir) keep.push_back(r);
  }
  renames_ = std::move(keep);
  return Status::Ok();
}

Status FaultInjectionEnv::SimulatePowerLoss() {
  std::lock_guard l(mu_);
  Status first;
  auto note = [&](Status s) {
    if (first.ok() && !s.ok()) first = s;
  };
  // Undo renames whose directory entry was never made durable, newest first.
  for (auto it = renames_.rbegin(); it != renames_.rend(); ++it) {
    if (base_->FileExists(it->to)) {
      note(base_->RenameFile(it->to, it->from));
      auto f = files_.find(it->to);
      if (f != files_.end()) {
        files_[it->from] = f->second;
        files_.erase(f);
      }
    }
  }
  renames_.clear();
  for (auto& [path, st] : files_) {
    if (!base_->FileExists(path)) continue;
    if (st.created_unsynced_dir) {
      note(base_->DeleteFile(path));
    } else if (st.size > st.synced_size) {
      if (::truncate(path.c_str(), static_cast<off_t>(st.synced_size)) != 0) {
        note(IOError("cannot truncate " + path + ": " + std::strerror(errno)));
      }
    }
  }
  files_.clear();
  crashed_ = true;
  return first;
}

Status FaultInjectionEnv::CreateDirIfMissing(const std::string& dir) {
  {
    std::lock_guard l(mu_);
    RETURN_IF_ERROR(CheckCrashed());
  }
  return base_->CreateDirIfMissing(dir);
}

Result<std::vector<std::string>> FaultInjectionEnv::ListDir(const std::string& dir) {
  {
    std::lock_guard l(mu_);
    RETURN_IF_ERROR(CheckCrashed());
  }
  return base_->ListDir(dir);
}

bool FaultInjectionEnv::FileExists(const std::string& path) { return base_->FileExists(path); }

Result<std::unique_ptr<FileLock>> FaultInjectionEnv::LockFile(const std::string& path) {
  return base_->LockFile(path);
}

int64_t FaultInjectionEnv::NowMicros() { return base_->NowMicros(); }

}  // namespace storyline
