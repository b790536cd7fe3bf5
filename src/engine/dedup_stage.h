// DedupStage: the writer's near-duplicate stage (issue 4). Keeps a DupGrouper over every stored
// article, adds each new article to it in doc order, and turns what changed into catalog rows
// that commit with the article's batch.
//
// Work is split so the calling thread stays cheap: ingest workers run a DedupAnalyzer (shingles,
// 32-bit fingerprints, MinHash signature, LSH band keys) in parallel; the calling thread runs
// Add (LSH query, verification, union-find) in doc order. Verification needs the fingerprints of
// stored candidates: the stage keeps those of recent articles in a bounded cache, and
// re-shingles older ones from their segment's text (candidates are rare: ~0.1 per article).
//
// State on disk (docs/formats/catalog.md): per batch its band keys (dup_keys), the verified
// links (dup_links) and the rows of the groups that changed (dup_members). Load() rebuilds the
// grouper from them without reading any text, then analyses the batches that have no keys (a
// store written before this stage existed) and commits their rows.
//
// Invariants: articles are added in increasing DocId order; the fingerprints of an article are
// evicted from the cache only once its batch has committed (so its text can be read back); the
// grouper's state equals the catalog's after every committed batch, and after a failed commit
// the stage must be discarded and loaded again.
//
// Thread-safety: DedupAnalyzer is one per worker thread. DedupStage is used from one thread.
#ifndef STORYLINE_ENGINE_DEDUP_STAGE_H_
#define STORYLINE_ENGINE_DEDUP_STAGE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "dedup/dup_grouper.h"
#include "dedup/lsh_index.h"
#include "dedup/minhash.h"
#include "dedup/shingler.h"
#include "engine/store_layout.h"
#include "index/segment_reader.h"
#include "storyline/article.h"
#include "storyline/env.h"
#include "storyline/options.h"

namespace storyline {

// What a worker computes for the stage from an article's text.
struct DedupInput {
  std::vector<uint32_t> fingerprints;  // ShingleFingerprints of the word-3-gram shingles
  std::vector<uint32_t> band_keys;     // LshIndex::BandKeys of the MinHash signature
};

class DedupAnalyzer {
 public:
  DedupAnalyzer();
  void Analyze(std::string_view text, DedupInput* out);
  // Only the fingerprints (what verification of a stored article needs).
  void Fingerprints(std::string_view text, std::vector<uint32_t>* out);

 private:
  Shingler shingler_;
  MinHasher hasher_;
  LshIndex keys_;  // only its BandKeys is used
  std::vector<uint64_t> shingles_;
  Signature signature_;
};

// The instant used to order a group's members (seconds since the epoch, UTC when the offset is
// known); none for an undated article. Missing month/day/time count as their first value.
std::optional<int64_t> SortableInstant(const PublishedDate& d);

class DedupStage final : public FingerprintSource {
 public:
  // The parameters of shingles, signatures and LSH that produce the stored keys; a store whose
  // keys were made otherwise is refused by Load.
  static const char* Scheme();

  DedupStage(Env* env, const StoreLayout& layout, Catalog* catalog);

  // Rebuilds the grouper from the catalog; analyses and commits the batches without keys,
  // counting their articles in *backfilled.
  // `progress` (may be empty) gets (articles analysed, articles to analyse) after each batch.
  Status Load(uint64_t* backfilled,
              const std::function<void(uint64_t, uint64_t)>& progress = {});
  // Thresholds for the articles added from now on.
  void SetThresholds(const IngestOptions& options);

  // Adds an article that has its DocId (text not needed); appends its keys and links to *rows.
  // *is_copy tells whether it joined another article's group.
  Status Add(const Article& article, uint64_t text_bytes, DedupInput&& input,
             DupBatchRows* rows, bool* is_copy);
  // Completes a batch's rows with the member rows of every group that changed, and records
  // where the batch's texts will be (when `extent` is given), for reading them back once it has
  // committed.
  Status FinishBatch(const BatchExtent* extent, DupBatchRows* rows);
  // Articles below `end` are durable: their fingerprints may leave the cache.
  void Committed(DocId end);
  // The member rows of the groups (of two or more) that hold `docs`, each group once; *groups
  // counts those groups. For rewriting the rows of groups that lost a member (a delete).
  Status MemberRowsOf(const std::vector<DocId>& docs, std::vector<DupMemberRow>* rows,
                      uint64_t* groups);

  // FingerprintSource: from the cache, else from the article's stored text.
  Result<std::span<const uint32_t>> Fingerprints(DocId doc) override;

  size_t size() const { return grouper_.size(); }
  // Bytes of the LSH index, the grouper's entries and the fingerprint cache.
  size_t memory_bytes() const;

 private:
  // Makes room, then keeps `fingerprints`; returns a view of the kept copy.
  std::span<const uint32_t> Cache(DocId doc, std::vector<uint32_t> fingerprints);
  void Evict();
  Result<std::span<const uint32_t>> ReadFingerprints(DocId doc);
  Status Backfill(const BatchExtent& extent);
  // An open reader of the extent's segment (a bounded cache).
  Result<SegmentReader*> ReaderFor(const BatchExtent& extent);

  Env* env_;
  const StoreLayout& layout_;
  Catalog* catalog_;
  DupGrouper grouper_;
  DedupAnalyzer analyzer_;  // for backfill and for re-reading stored texts

  // Fingerprints of recent articles (all of the batches not yet committed) and of articles that
  // were candidates recently: a CLOCK cache (an entry used since it was queued gets a second
  // turn), because the articles that are candidates often (those quoting a common passage) are
  // candidates again and again.
  struct CachedFingerprints {
    std::vector<uint32_t> fingerprints;
    bool used = false;
  };
  std::unordered_map<uint32_t, CachedFingerprints> cache_;
  std::deque<uint32_t> cache_order_;
  size_t cache_bytes_ = 0;
  size_t cache_budget_ = size_t{192} << 20;
  uint32_t committed_end_ = 0;

  std::vector<BatchExtent> extents_;  // in doc order
  std::vector<uint32_t> deleted_;     // deleted articles' DocIds, ascending (as loaded)
  std::unordered_map<uint32_t, std::unique_ptr<SegmentReader>> readers_;  // by segment id
};

}  // namespace storyline

#endif  // STORYLINE_ENGINE_DEDUP_STAGE_H_
