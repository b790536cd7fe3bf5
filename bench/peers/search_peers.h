// The search peers storyline measures itself against, side by side on the same documents in the
// same run: Xapian 1.4 (C++ API, BM25, English stemming, on-disk glass database) and SQLite FTS5
// (porter + unicode61 tokenizer, bm25()). Both index a document's title and text and answer
// the three query shapes of the benchmarks: any of the words (OR), all of them (AND), and a
// phrase. Used by eval/search_eval (relevance) and bench/search_bench (speed and size).
//
// Thread-compatible: one thread per peer. Errors of the peers' libraries (Xapian exceptions,
// SQLite codes) come back as Status values naming the peer.
#ifndef STORYLINE_BENCH_PEERS_SEARCH_PEERS_H_
#define STORYLINE_BENCH_PEERS_SEARCH_PEERS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storyline/status.h"

namespace storyline::peers {

struct PeerDoc {
  std::string id, title, text;
};

enum class PeerQueryKind { kOr, kAnd, kPhrase };

class SearchPeer {
 public:
  virtual ~SearchPeer() = default;
  virtual std::string name() const = 0;
  // Indexes every document (once; the peer's store lives in `dir`).
  virtual Status Index(const std::vector<PeerDoc>& docs) = 0;
  // The ids of the best k documents for lower-case words, best first.
  virtual Result<std::vector<std::string>> Search(const std::vector<std::string>& words,
                                                  PeerQueryKind kind, size_t k) = 0;
  // Bytes of the peer's index on disk.
  virtual uint64_t IndexBytes() const = 0;
  // Xapian: compacts the database (xapian-compact's job) and reopens it; others: nothing.
  virtual Status Compact() { return Status::Ok(); }
};

std::unique_ptr<SearchPeer> MakeXapianPeer(const std::string& dir);
std::unique_ptr<SearchPeer> MakeFts5Peer(const std::string& dir);

// Bytes of the files under `path` (a file or a directory).
uint64_t DiskBytes(const std::string& path);

}  // namespace storyline::peers

#endif  // STORYLINE_BENCH_PEERS_SEARCH_PEERS_H_
