#include "ingest/input_walker.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

namespace storyline {

const char* InputFormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kText:
      return "text";
    case InputFormat::kJsonLines:
      return "jsonl";
    case InputFormat::kHtml:
      return "html";
    case InputFormat::kWarc:
      return "warc";
  }
  return "jsonl";
}

const char* CompressionName(Compression c) {
  switch (c) {
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "none";
}

namespace {

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  std::string_view tail = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = tail[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

constexpr const char* kSupportedSentence =
    "storyline reads .txt, .html, .htm, .jsonl and .ndjson files, optionally compressed as .gz or "
    ".zst, and web archives (.warc, .warc.gz, .arc, .arc.gz)";

using FileKey = std::pair<uint64_t, uint64_t>;  // (st_dev, st_ino)

class Walker {
 public:
  explicit Walker(WalkResult* result) : result_(result) {}

  void WalkExplicit(const std::string& path) {
    if (path == "-") {
      if (stdin_seen_) return;
      stdin_seen_ = true;
      result_->files.push_back(InputFile{"-", InputFormat::kJsonLines, Compression::kNone, 0});
      return;
    }
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      AddStatProblem(path, errno);
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      WalkDir(path, st);
      return;
    }
    std::optional<FileKind> kind = ClassifyFileName(path);
    if (!kind) {
      Problem(path, path + " is not a supported input: " + kSupportedSentence +
                        ". Rename or convert it, or leave it out.");
      return;
    }
    AddFile(path, st, *kind);
  }

 private:
  void WalkDir(const std::string& dir, const struct stat& dir_st) {
    FileKey key{static_cast<uint64_t>(dir_st.st_dev), static_cast<uint64_t>(dir_st.st_ino)};
    // A directory seen before is a symlink loop or a second link to the same tree: walk it once.
    if (!dirs_seen_.insert(key).second) return;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      int err = errno;
      if (err == EACCES) {
        Problem(dir, "Cannot list directory " + dir +
                         ": permission denied. Grant read and execute permission (chmod u+rx) "
                         "or leave it out.");
      } else {
        Problem(dir, "Cannot list directory " + dir + ": " + std::strerror(err) +
                         ". Check the path or leave it out.");
      }
      return;
    }
    std::vector<std::string> names;
    errno = 0;
    while (struct dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;  // ".", ".." and hidden files (editor swaps, .DS_Store)
      names.emplace_back(e->d_name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    std::string prefix = dir;
    if (prefix.empty() || prefix.back() != '/') prefix.push_back('/');
    for (const std::string& name : names) {
      std::string child = prefix + name;
      struct stat st;
      if (::stat(child.c_str(), &st) != 0) {
        AddStatProblem(child, errno);
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        WalkDir(child, st);
        continue;
      }
      std::optional<FileKind> kind = ClassifyFileName(name);
      if (!kind || !S_ISREG(st.st_mode)) {
        ++result_->unsupported_skipped;
        continue;
      }
      AddFile(child, st, *kind);
    }
  }

  void AddFile(const std::string& path, const struct stat& st, FileKind kind) {
    FileKey key{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
    // Regular files are listed once however they are reached; special files (a FIFO from process
    // substitution) are passed through as named.
    if (S_ISREG(st.st_mode) && !files_seen_.insert(key).second) return;
    uint64_t size = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
    result_->files.push_back(InputFile{path, kind.format, kind.compression, size});
    result_->total_bytes += size;
  }

  void AddStatProblem(const std::string& path, int err) {
    if (err == ENOENT) {
      Problem(path, path +
                        " does not exist (or is a broken symbolic link). Check the path; "
                        "relative paths start at the current directory.");
    } else if (err == EACCES) {
      Problem(path, "Cannot access " + path +
                        ": permission denied. Grant permission on it and its parent directories, "
                        "or leave it out.");
    } else if (err == ELOOP) {
      Problem(path, "Cannot access " + path +
                        ": too many levels of symbolic links (a symlink loop). Fix the link or "
                        "leave it out.");
    } else {
      Problem(path, "Cannot access " + path + ": " + std::strerror(err) +
                        ". Check the path or leave it out.");
    }
  }

  void Problem(const std::string& path, std::string reason) {
    result_->problems.push_back(InputProblem{path, std::move(reason)});
  }

  WalkResult* result_;
  std::set<FileKey> dirs_seen_;
  std::set<FileKey> files_seen_;
  bool stdin_seen_ = false;
};

}  // namespace

std::optional<FileKind> ClassifyFileName(std::string_view name) {
  Compression compression = Compression::kNone;
  if (EndsWithIgnoreCase(name, ".gz")) {
    compression = Compression::kGzip;
    name.remove_suffix(3);
  } else if (EndsWithIgnoreCase(name, ".zst")) {
    compression = Compression::kZstd;
    name.remove_suffix(4);
  }
  // The base name must be more than the extension: ".txt" alone is a hidden file, not an input.
  auto has = [&](std::string_view ext) {
    if (!EndsWithIgnoreCase(name, ext)) return false;
    std::string_view stem = name.substr(0, name.size() - ext.size());
    return !stem.empty() && stem.back() != '/';
  };
  if (has(".txt")) return FileKind{InputFormat::kText, compression};
  if (has(".jsonl") || has(".ndjson")) return FileKind{InputFormat::kJsonLines, compression};
  if (has(".html") || has(".htm")) return FileKind{InputFormat::kHtml, compression};
  if ((has(".warc") || has(".arc")) && compression != Compression::kZstd) {
    return FileKind{InputFormat::kWarc, compression};
  }
  return std::nullopt;
}

Compression SniffCompression(std::string_view head) {
  const auto* p = reinterpret_cast<const unsigned char*>(head.data());
  if (head.size() >= 2 && p[0] == 0x1f && p[1] == 0x8b) return Compression::kGzip;
  if (head.size() >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

InputFormat SniffFormat(std::string_view head) {
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  for (char c : head) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '{') return InputFormat::kJsonLines;
    return c == '<' ? InputFormat::kHtml : InputFormat::kText;
  }
  return InputFormat::kText;
}

WalkResult WalkInputs(const std::vector<std::string>& paths) {
  WalkResult result;
  Walker walker(&result);
  for (const std::string& path : paths) walker.WalkExplicit(path);
  return result;
}

}  // namespace storyline
