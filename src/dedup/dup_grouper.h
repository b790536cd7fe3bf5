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
// Two ways to use it:
//  - In memory (eval, tests): Add(article with shingles, signature). The grouper keeps each
//    article's shingle fingerprints (4 bytes per shingle) for verification.
//  - Over a store (the engine): construct with a FingerprintSource, which supplies the
//    fingerprints of stored articles when they are candidates (the engine re-shingles their text,
//    with a cache for recent articles), so the grouper keeps only a few dozen bytes per article
//    besides the LSH entries. AddKeyed takes precomputed fingerprints and band keys (computed by
//    ingest workers in parallel) and reports the links it made, for the catalog; Restore and
//    RestoreLink rebuild the state from what the catalog persisted, without verifying again.
// Memory per article: an Entry (~72 bytes), an id map entry, its links, and the LSH entries
// (LshIndex::memory_bytes()); in memory mode also its fingerprints.
//
// Thread-safety: not synchronised: one writer (Add, AddKeyed, Restore*); const methods may run
// concurrently with each other but not with a writer. Signatures are computed by the caller
// (MinHasher is thread-safe, so ingest workers can sign in parallel). Errors: Add returns
// InvalidArgument for a doc id added before, 0xFFFFFFFF, or a signature that does not fit the LSH
// options; GroupOf returns NotFound for an unknown doc; errors of the FingerprintSource are
// passed on, and leave the grouper as it was before the call.
#ifndef STORYLINE_DEDUP_DUP_GROUPER_H_
#define STORYLINE_DEDUP_DUP_GROUPER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "dedup/lsh_index.h"
#include "dedup/minhash.h"
#include "dedup/similarity.h"
#include "storyline/ids.h"
#include "storyline/status.h"

namespace storyline {

// Supplies the shingle fingerprints (ShingleFingerprints in similarity.h) of articles already in a
// grouper, when the grouper does not keep them itself.
class FingerprintSource {
 public:
  virtual ~FingerprintSource() = default;
  // The fingerprints of `doc`; the view stays valid until the next call on this source.
  virtual Result<std::span<const uint32_t>> Fingerprints(DocId doc) = 0;
};

// A verified copy relation between a newly added article and an earlier one.
struct DupLink {
  DocId doc;    // the article added later
  DocId other;  // the article it was found to copy or be copied by
  float doc_in_other = 0;  // containment of doc's shingles in other's
  float other_in_doc = 0;
};

struct DupArticle {
  DocId doc;
  std::optional<int64_t> date;    // any sortable instant (e.g. seconds since the epoch)
  uint32_t text_length = 0;       // bytes or words; used to order members with equal dates
  std::vector<uint64_t> shingles;  // sorted, unique (Shingler output); unused by AddKeyed/Restore
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
  // `source` (not owned, must outlive the grouper): when given, fingerprints are not kept and
  // are asked from it for verification.
  explicit DupGrouper(const DupGrouperOptions& options = {}, FingerprintSource* source = nullptr);

  const DupGrouperOptions& options() const { return options_; }
  // Thresholds for the verifications from now on (links already made stay).
  void set_copy_thresholds(const CopyThresholds& copy) { options_.copy = copy; }

  // Adds one article with its signature (from a MinHasher with k >= bands * rows).
  Status Add(const DupArticle& article, const Signature& signature);

  // Adds one article (article.shingles unused) with its fingerprints (ShingleFingerprints) and
  // band keys (LshIndex::BandKeys); appends the links it made to *links (may be null).
  Status AddKeyed(const DupArticle& article, std::span<const uint32_t> fingerprints,
                  std::span<const uint32_t> band_keys, std::vector<DupLink>* links);
  // Prepares for `articles` articles in all (a restore knows how many are coming).
  void Reserve(size_t articles);
  // Rebuilding persisted state: an article added earlier with these band keys (no verification,
  // no links), then each link it made (both articles restored before).
  Status Restore(const DupArticle& article, std::span<const uint32_t> band_keys);
  Status RestoreLink(const DupLink& link);

  // Group id of `doc`.
  Result<DocId> GroupOf(DocId doc) const;
  // The group containing `doc`, fully described (in time proportional to its size).
  Result<DupGroup> GroupContaining(DocId doc) const;
  // Every group with at least min_size members, in increasing group id order. min_size 1 gives
  // the complete article -> group mapping including singletons.
  Result<std::vector<DupGroup>> Groups(size_t min_size = 2) const;
  // The groups (of two or more) that gained members since the last call, described as they are
  // now, in increasing group id order. Every article whose group id changed is a member of one
  // of them, so rewriting their members' rows keeps a per-article table current.
  Result<std::vector<DupGroup>> TakeChangedGroups();

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
    std::vector<uint32_t> fingerprints;  // in memory mode only
    std::vector<Link> links;
    std::vector<uint32_t> members;  // at roots of components of two or more: every member
  };

  uint32_t Find(uint32_t i) const;  // no path compression: const methods stay read-only
  void Union(uint32_t a, uint32_t b);
  bool Earlier(uint32_t a, uint32_t b) const;
  Result<DupGroup> Describe(std::vector<uint32_t> members) const;
  std::vector<uint32_t> MembersOf(uint32_t root) const;
  Status FingerprintsOf(uint32_t i, std::vector<uint32_t>* out) const;
  Status NewEntry(const DupArticle& article, uint32_t* index);

  DupGrouperOptions options_;
  FingerprintSource* source_;
  LshIndex lsh_;
  std::vector<Entry> articles_;
  // Entry index of a DocId: the store's DocIds are dense, so a vector indexed by DocId (entry + 1,
  // 0 = absent; 4 bytes per id) holds them, without the hash map's pointer chasing and rehashing.
  // An id far beyond the ids seen (more than twice the vector plus 1M) goes to a map instead.
  static constexpr uint32_t kAbsent = 0xFFFFFFFFu;
  uint32_t IndexOf(DocId doc) const;  // kAbsent if the doc was not added
  void SetIndexOf(DocId doc, uint32_t index);
  std::vector<uint32_t> dense_index_;
  std::unordered_map<uint32_t, uint32_t> sparse_index_;
  std::vector<uint32_t> changed_;  // entries whose group gained members since TakeChanged
  DupGrouperStats stats_;
};

}  // namespace storyline

#endif  // STORYLINE_DEDUP_DUP_GROUPER_H_
