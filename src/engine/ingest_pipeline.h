// IngestPipeline: runs one Engine::Ingest call.
//
// Threads: one reader (walks the inputs, reads records in chunks of about 1 MB), N workers (parse
// records into Articles, tokenise, split sentences, identify language, find a date, compute
// near-duplicate shingles and band keys, find and resolve the entities of each article, build
// the chunk's inverted index and the articles' story terms), the calling thread, which takes the workers' chunks
// back in input order, drops articles already stored, groups near-duplicates (DedupStage), gives
// entities their archive-wide ids (EntityStage) and
// assembles batches (compressing each segment block as it fills), and one committer, which
// completes each batch: the segment file fsynced and renamed, its postings file merged from the
// chunks' indexes, written, fsynced and renamed, then its catalog rows in one SQLite transaction,
// then merges postings files as IndexMergeOptions plan (engine/postings_stage.h), while the next
// batch is being assembled. Chunks in flight are bounded, so memory stays bounded whatever the
// input size.
//
// Invariants: doc ids are assigned in input order, densely, at commit; batches commit in order,
// one at a time; a batch is visible in the catalog only after its segment file is durable; after
// a failed commit no later batch commits; every observer call happens on the calling thread.
#ifndef STORYLINE_ENGINE_INGEST_PIPELINE_H_
#define STORYLINE_ENGINE_INGEST_PIPELINE_H_

#include <string>
#include <unordered_set>
#include <vector>

#include "catalog/catalog.h"
#include "engine/dedup_stage.h"
#include "engine/entity_stage.h"
#include "engine/store_layout.h"
#include "index/postings_writer.h"
#include "index/segment_writer.h"
#include "stories/story_feature_buffer.h"
#include "storyline/engine.h"
#include "storyline/env.h"

namespace storyline {

class IngestPipeline {
 public:
  // `present` holds the ids already stored (workers read it, so it is not modified until they
  // are done) and gains the ids this run added; `counters` advances as batches commit; `dedup`
  // (loaded) groups each added article with its near-duplicates and must be discarded if Run
  // fails.
  // `entities` (loaded) resolves each added article's entities, found by the workers with
  // `model`; like dedup it must be discarded if Run fails.
  // With IngestOptions::defer_analysis, `dedup`, `entities` and `model` are null: the workers
  // only parse, tokenise and index, and batches commit without near-duplicate or entity rows
  // (the stages' Load recognises such batches and analyses them later).
  // `story_features` (may be null) receives each added article's story features (its terms
  // from the workers, its archive entity ids), for the story stage after the run.
  IngestPipeline(Env* env, const StoreLayout& layout, Catalog* catalog,
                 std::unordered_set<uint64_t>* present, CatalogCounters* counters,
                 DedupStage* dedup, EntityStage* entities, const NerModel* model,
                 const IngestOptions& options, IngestObserver* observer,
                 StoryFeatureBuffer* story_features = nullptr);

  Result<IngestSummary> Run(const std::vector<std::string>& paths);

 private:
  // A batch being assembled: its segment file is written (compressed) as articles arrive.
  struct OpenBatch {
    std::unique_ptr<SegmentWriter> writer;
    std::vector<ArticleRow> rows;
    DupBatchRows dups;
    EntityBatchRows entities;
    std::vector<PostingsPart> postings;  // the chunks' index builders, renumbered
    SegmentId segment;
    BatchId batch;
    std::string file_name;
    size_t text_bytes = 0;
  };
  // On the calling thread: adds an article to the batch, giving it the next doc id, and to the
  // near-duplicate groups (*is_copy: it joined another article's group).
  // `index` holds the article's terms as its document `index_doc`, `story_terms` its story
  // terms as its article `index_doc`.
  Status AddToBatch(Article&& a, DedupInput&& dedup, const EntityInput& entities,
                    const std::shared_ptr<const InvertedIndexBuilder>& index,
                    const StoryTermsChunk& story_terms, uint32_t index_doc, OpenBatch* batch,
                    CatalogCounters* next, bool* is_copy);
  // On the calling thread, before the batch goes to the committer: its near-duplicate rows.
  Status FinishBatch(OpenBatch* batch);
  // On the committer thread: completes the segment file, then records the batch in the catalog.
  Status CommitBatch(OpenBatch* batch);

  Env* env_;
  const StoreLayout& layout_;
  Catalog* catalog_;
  std::unordered_set<uint64_t>* present_;
  CatalogCounters* counters_;
  DedupStage* dedup_;
  EntityStage* entities_;
  const NerModel* model_;
  IngestOptions options_;
  IngestObserver* observer_;
  StoryFeatureBuffer* story_features_;
  std::vector<uint64_t> story_entities_;  // AddToBatch's scratch
};

}  // namespace storyline

#endif  // STORYLINE_ENGINE_INGEST_PIPELINE_H_
