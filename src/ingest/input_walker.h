// InputWalker: turns the paths a user names (files, directories, "-") into the list of input files
// storyline can read, in a deterministic order, and says clearly what it cannot read.
//
// Supported files: *.txt (one article per file), *.html and *.htm (one web page per file), *.jsonl
// and *.ndjson (one JSON object per line), each optionally compressed as *.gz or *.zst
// (extensions are matched case-insensitively).
//
// Thread-safety: free functions without shared state; safe to call from any thread.
// Errors: WalkInputs never fails as a whole. Every path it cannot use becomes an InputProblem whose
// reason is a full sentence saying what to do; all other inputs are still returned.
#ifndef STORYLINE_INGEST_INPUT_WALKER_H_
#define STORYLINE_INGEST_INPUT_WALKER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace storyline {

// kWarc: a WARC 1.0/1.1 or ARC file (plain or gzip); read by src/warc in the engine, whose HTML
// responses become kHtml records.
enum class InputFormat : uint8_t { kText, kJsonLines, kHtml, kWarc };
enum class Compression : uint8_t { kNone, kGzip, kZstd };

const char* InputFormatName(InputFormat f);  // "text", "jsonl", "html", "warc"
const char* CompressionName(Compression c);  // "none", "gzip", "zstd"

// One input. path "-" is standard input: its `format` and `compression` are placeholders
// (kJsonLines, kNone) and `size_bytes` is 0; ByteStream sniffs the compression from the magic
// bytes and RecordReader sniffs the format from the first non-blank byte (see SniffFormat).
struct InputFile {
  std::string path;
  InputFormat format = InputFormat::kJsonLines;
  Compression compression = Compression::kNone;
  uint64_t size_bytes = 0;  // on-disk (compressed) size, for progress
};

struct InputProblem {
  std::string path;
  std::string reason;  // a full sentence saying what is wrong and what to do
};

struct WalkResult {
  std::vector<InputFile> files;  // in the order given; directories expanded sorted by name
  std::vector<InputProblem> problems;
  uint64_t unsupported_skipped = 0;  // files inside directories with an unsupported extension
  uint64_t total_bytes = 0;          // sum of files[i].size_bytes
};

// Expands files and directories into supported input files.
//  - Directories are walked recursively, entries sorted by name (bytewise) for determinism.
//    Symbolic links are followed; a directory reached twice (a symlink loop, or two links to the
//    same tree) is walked once, and a file reached twice is listed once.
//  - Unsupported files found inside directories are skipped silently and counted
//    (unsupported_skipped); an unsupported file named explicitly is a problem.
//  - Missing paths and directories that cannot be listed (permission denied) are problems.
//  - "-" is passed through as standard input (at most once).
// Hidden entries (names starting with '.') inside directories are skipped without being counted.
WalkResult WalkInputs(const std::vector<std::string>& paths);

// Classifies a file name by its extensions: "a.jsonl.gz" -> {kJsonLines, kGzip}. nullopt when the
// name is not a supported input.
struct FileKind {
  InputFormat format;
  Compression compression;
};
std::optional<FileKind> ClassifyFileName(std::string_view name);

// Compression from the first bytes of a stream: gzip (1f 8b), zstd (28 b5 2f fd), else kNone.
// Needs at least 4 bytes to recognise zstd; fewer bytes give kNone unless they match gzip.
Compression SniffCompression(std::string_view head);

// Format from the first bytes of a decompressed stream: the first byte that is not whitespace
// (after an optional UTF-8 byte order mark) is '{' -> kJsonLines, '<' -> kHtml (a page:
// "<!DOCTYPE html>", "<html>", "<meta ...>"; a plain-text article does not start with '<'),
// anything else (or no such byte) -> kText.
InputFormat SniffFormat(std::string_view head);

}  // namespace storyline

#endif  // STORYLINE_INGEST_INPUT_WALKER_H_
