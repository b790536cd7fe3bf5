// Env: every file-system and clock access storyline makes goes through this interface, so tests
// can inject faults (failed fsync, short write, crash before rename) without touching the engine.
//
// Env::Default() is the real POSIX implementation; it lives for the whole process. Thread-safety:
// Env methods may be called from any thread; a WritableFile or RandomAccessFile is used by one
// thread at a time. (SQLite does its own I/O: the catalog's durability is SQLite's, see
// docs/formats/catalog.md.)
#ifndef STORYLINE_ENV_H_
#define STORYLINE_ENV_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/status.h"

namespace storyline {

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  virtual Status Sync() = 0;   // data and metadata durable on return (fsync)
  virtual Status Close() = 0;  // idempotent
};

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to n bytes at offset into *scratch; the returned view points into *scratch.
  // Returns fewer bytes only at end of file.
  virtual Result<std::string_view> Read(uint64_t offset, size_t n, std::string* scratch) const = 0;
  virtual uint64_t Size() const = 0;
};

// A whole read-only file in memory: mapped by the POSIX Env (pages come from the page cache as
// they are touched), read into a buffer by Envs that cannot map. The view lives as long as the
// object.
class MappedFile {
 public:
  virtual ~MappedFile() = default;
  virtual std::string_view data() const = 0;
};

// Held while a process is the store's single writer; released on destruction.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class Env {
 public:
  virtual ~Env() = default;
  static Env* Default();

  // Creates or truncates.
  virtual Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) = 0;
  virtual Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(
      const std::string& path) = 0;
  // For immutable files read at random (index files). The default reads the file through
  // NewRandomAccessFile into memory.
  virtual Result<std::unique_ptr<MappedFile>> NewMappedFile(const std::string& path);
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  virtual Status DeleteFile(const std::string& path) = 0;
  // fsync of a directory: makes creations, renames and deletions in it durable.
  virtual Status SyncDir(const std::string& dir) = 0;
  virtual Status CreateDirIfMissing(const std::string& dir) = 0;
  // Names (not paths) of the entries of `dir`, without "." and "..".
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;
  virtual bool FileExists(const std::string& path) = 0;
  // Takes an exclusive, non-blocking lock. ResourceExhausted names the holder's pid when another
  // process holds it.
  virtual Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) = 0;
  virtual int64_t NowMicros() = 0;  // wall clock, microseconds since the Unix epoch
};

// Reads a whole file through env.
Result<std::string> ReadFileToString(Env* env, const std::string& path);
// The directory part of a path: "a/b/c" -> "a/b", "/c" -> "/", "c" -> ".".
std::string DirName(const std::string& path);
// Writes data to path atomically: temp file, fsync, rename, fsync dir.
Status WriteFileAtomically(Env* env, const std::string& path, std::string_view data);

}  // namespace storyline

#endif  // STORYLINE_ENV_H_
