// LshIndex: banded locality-sensitive hashing over MinHash signatures. Answers "which stored
// documents share at least one band with this signature?", the candidates that DupGrouper then
// verifies on exact shingles.
//
// A signature of k >= bands * rows values is cut into `bands` bands of `rows` consecutive values;
// two documents of Jaccard similarity s share a band with probability 1 - (1 - s^rows)^bands.
// Defaults bands = 42, rows = 3 (126 of k = 128 values): P(candidate) is 0.94 at s = 0.4, 0.996 at
// s = 0.5 (a wire story cut to half), 1 - 1e-9 at s = 0.8 (3% word edits), and 4e-5 at s = 0.01,
// the typical similarity of unrelated articles with 3-word shingles (measured: eval/README.md).
//
// Storage: per band, an open-addressing multimap (linear probing, load factor <= 0.7) of 64-bit
// entries (32-bit band-key fingerprint << 32 | doc + 1). 32-bit fingerprints mean two different
// band keys collide with probability 2^-32 per stored document: a few extra candidates at
// millions of documents, removed by verification. memory_bytes() / size() is typically
// bands * 8 / 0.52 = ~650 bytes per document at 42 bands. (Tried on 2026-11-29 and not kept:
// 64 shards per band, each rehashed alone within the caches and at staggered loads, so growth
// would not rehash a whole band at once: query + insert was no faster at 10k-1M documents in
// dedup_eval, 2.6 vs 2.0 us per document at 10k; and transparent huge pages for the tables,
// written on allocation so the first probe does not map the huge zero page: no gain over three
// interleaved runs of 835k documents.)
//
// Serialized format, version 1 (all integers little-endian):
//   offset  size  field
//   0       8     magic "SLLSHIX1" (0x31584948534C4C53 as a little-endian u64)
//   8       4     version = 1
//   12      4     bands (1..1024)
//   16      4     rows (1..1024)
//   20      4     reserved = 0
//   24      8     num_docs: number of Add calls
//   32      ...   bands x num_docs entries, band by band, each u32 fingerprint then u32 doc id
//                 (entries of one band in table order; a reader re-inserts them)
//   end-8   8     checksum: Checksum64 (XXH3, common/hash.h) of every byte before it
// Deserialize rejects a wrong magic, an unknown version, a size that does not match num_docs,
// bands and rows out of range, a doc id of 0xFFFFFFFF, or a checksum mismatch, with Corruption.
//
// Thread-safety: not synchronised. Const methods (Query, Serialize, memory_bytes) may run
// concurrently with each other but not with Add. Errors: Add returns InvalidArgument for a
// signature shorter than bands * rows or a doc id of 0xFFFFFFFF; Deserialize returns Corruption.
#ifndef STORYLINE_DEDUP_LSH_INDEX_H_
#define STORYLINE_DEDUP_LSH_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/minhash.h"
#include "storyline/ids.h"
#include "storyline/status.h"

namespace storyline {

struct LshOptions {
  int bands = 42;
  int rows = 3;
  // At most this many candidates per query (0 = no limit): those sharing the most bands, the
  // newest (highest DocId) first among equals. With fixed bands and rows, the chance that two
  // unrelated texts share a band is fixed, so the candidates of a text grow with the number of
  // texts stored; the cap bounds what one article can cost to verify. At 835k synthetic articles
  // a few texts drew up to 255 candidates; 8 changed no group there nor on METER (dedup_eval).
  size_t max_candidates = 8;
};

class LshIndex {
 public:
  // Out-of-range options are clamped to [1, 1024].
  explicit LshIndex(const LshOptions& options = {});

  const LshOptions& options() const { return options_; }

  // Adds `doc` under each of its band keys. Adding the same doc twice stores it twice (Query
  // still reports it once).
  Status Add(DocId doc, const Signature& signature);

  // The `bands` 32-bit band keys of a signature (what Add stores), so a caller can persist them
  // and rebuild the index without the signatures. A signature shorter than bands * rows gives
  // no keys.
  void BandKeys(const Signature& signature, std::vector<uint32_t>* keys) const;
  // Add and Query on band keys from BandKeys. InvalidArgument unless keys.size() == bands.
  Status AddKeys(DocId doc, std::span<const uint32_t> keys);
  void QueryKeys(std::span<const uint32_t> keys, std::vector<DocId>* candidates) const;

  // Replaces *candidates with the distinct documents sharing at least one band with
  // `signature` (at most options().max_candidates of them), in increasing DocId order. A signature that is too short or of the empty set
  // has no candidates.
  void Query(const Signature& signature, std::vector<DocId>* candidates) const;

  // Sizes the tables for `docs` documents in all, so adding that many rehashes nothing.
  void Reserve(size_t docs);

  // Number of Add calls.
  size_t size() const { return num_docs_; }
  // Bytes held by the tables (capacity, not just use).
  size_t memory_bytes() const;

  // Appends the format above to *out.
  void Serialize(std::string* out) const;
  static Result<LshIndex> Deserialize(std::string_view data);

 private:
  struct Band {
    std::vector<uint64_t> slots;  // 0 = empty; else fingerprint << 32 | (doc + 1)
    size_t used = 0;
  };

  uint32_t BandKey(const Signature& signature, int band) const;
  static void Insert(Band* band, uint32_t fingerprint, uint32_t doc);
  static void Grow(Band* band);

  LshOptions options_;
  std::vector<Band> bands_;
  size_t num_docs_ = 0;
};

}  // namespace storyline

#endif  // STORYLINE_DEDUP_LSH_INDEX_H_
