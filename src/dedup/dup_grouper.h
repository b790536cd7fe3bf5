// DupGrouper: groups near-duplicate articles incrementally (LSH candidates, exact verification on
// shingles, union-find over the verified pairs) and says, within each group, which member is the
// original and which member each copy most likely derives from.
//
// Contract:
//  - Every article added is a member of exactly one group (a singleton until a copy arrives);
//    nothing is dropped.
//  - Two articles are linked when LshIndex makes them candidates and their CopyScore on exact
//    shingles is >= CopyThresholds::min_score; groups are the connected components of the links.
//    Both tests are symmetric, so the groups do not depend on the order of Add calls nor on how
//    articles are split across calls (incremental ingest == one batch).
//  - Group id = the smallest DocId among the members: stable while the group grows; when two
//    groups merge, the merged group keeps the smaller id.
//  - Member order ("earlier"): dated articles by date, then undated ones; equal or missing dates
//    by text length, longest first; then by DocId. The canonical member is the first.
//  - derives_from of a member = the earlier linked member containing the largest fraction of the
//    member's shingles (shared_fraction); a member linked only to later members derives from the
//    canonical member. The canonical member derives from nothing (shared_fraction 1).
// Memory: per article its shingles as 32-bit fingerprints (4 bytes each, kept for verification),
// its links, and the LSH entries (memory_bytes()).
//
// Thread-safety: not synchronised: one writer (Add); const methods may run concurrently with each
// other but not with Add. Signatures are computed by the caller (MinHasher is thread-safe, so
// ingest workers can sign in parallel). Errors: Add returns InvalidArgument for a doc id added
// before, 0xFFFFFFFF, or a signature that does not fit the LSH options; GroupOf returns NotFound
// for an unknown doc.
#ifndef STORYLINE_DEDUP_DUP_GROUPER_H_
#define STORYLINE_DEDUP_DUP_GROUPER_H_

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "dedup/lsh_index.h"
#include "dedup/minhash.h"
#include "dedup/similarity.h"
#include "storyline/ids.h"
#include "storyline/status.h"

namespace storyline {

struct DupArticle {
  DocId doc;
  std::optional<int64_t> date;    // any sortable instant (e.g. seconds since the epoch)
  uint32_t text_length = 0;       // bytes or words; used to order members with equal dates
  std::vector<uint64_t> shingles;  // sorted, unique (Shingler output)
};

struct DupMember {
  DocId doc;
  std::optional<DocId> derives_from;  // none for the canonical member
  double shared_fraction = 1.0;       // fraction of this member's shingles found in derives_from
};

struct DupGroup {
  DocId group_id;                  // smallest DocId of the members
  DocId canonical;                 // members[0].doc
  std::vector<DupMember> members;  // in member order (see above), canonical first
};

struct DupGrouperOptions {
  LshOptions lsh;
  CopyThresholds copy;
};

struct DupGrouperStats {
  uint64_t articles = 0;
  uint64_t candidates = 0;      // LSH candidates verified
  uint64_t links = 0;           // candidates that passed verification
  double lsh_seconds = 0;       // LSH query + insert
  double verify_seconds = 0;    // exact verification and union-find
};

class DupGrouper {
 public:
  explicit DupGrouper(const DupGrouperOptions& options = {});

  const DupGrouperOptions& options() const { return options_; }

  // Adds one article with its signature (from a MinHasher with k >= bands * rows).
  Status Add(const DupArticle& article, const Signature& signature);

  // Group id of `doc`.
  Result<DocId> GroupOf(DocId doc) const;
  // The group containing `doc`, fully described.
  Result<DupGroup> GroupContaining(DocId doc) const;
  // Every group with at least min_size members, in increasing group id order. min_size 1 gives
  // the complete article -> group mapping including singletons.
  std::vector<DupGroup> Groups(size_t min_size = 2) const;

  size_t size() const { return articles_.size(); }
  const LshIndex& lsh() const { return lsh_; }
  const DupGrouperStats& stats() const { return stats_; }
  // Bytes held for verification (shingle fingerprints and links), excluding the LSH index.
  size_t verification_memory_bytes() const;

 private:
  struct Link {
    uint32_t other;      // internal index
    float self_in_other;  // containment of this article in the other
  };
  struct Entry {
    DocId doc;
    std::optional<int64_t> date;
    uint32_t text_length;
    uint32_t parent;   // union-find
    uint32_t min_doc;  // at roots: smallest DocId of the component
    uint32_t size;     // at roots: members of the component (union by size keeps trees shallow)
    std::vector<uint32_t> fingerprints;
    std::vector<Link> links;
  };

  uint32_t Find(uint32_t i) const;  // no path compression: const methods stay read-only
  void Union(uint32_t a, uint32_t b);
  bool Earlier(uint32_t a, uint32_t b) const;
  DupGroup Describe(std::vector<uint32_t> members) const;

  DupGrouperOptions options_;
  LshIndex lsh_;
  std::vector<Entry> articles_;
  std::unordered_map<uint32_t, uint32_t> index_of_;
  DupGrouperStats stats_;
};

}  // namespace storyline

#endif  // STORYLINE_DEDUP_DUP_GROUPER_H_
