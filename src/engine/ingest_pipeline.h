// IngestPipeline: runs one Engine::Ingest call.
//
// Threads: one reader (walks the inputs, reads records in chunks of about 1 MB), N workers (parse
// records into Articles, tokenise, split sentences, identify language, find a date), and the
// calling thread, which takes the workers' chunks back in input order, drops articles already
// stored, and commits batches: a segment file (written, fsynced, renamed) and then its catalog
// rows in one SQLite transaction. Chunks in flight are bounded, so memory stays bounded whatever
// the input size.
//
// Invariants: doc ids are assigned in input order, densely, at commit; a batch is visible in the
// catalog only after its segment file is durable; every observer call happens on the calling
// thread.
#ifndef STORYLINE_ENGINE_INGEST_PIPELINE_H_
#define STORYLINE_ENGINE_INGEST_PIPELINE_H_

#include <string>
#include <unordered_set>
#include <vector>

#include "catalog/catalog.h"
#include "engine/store_layout.h"
#include "storyline/engine.h"
#include "storyline/env.h"

namespace storyline {

class IngestPipeline {
 public:
  // `present` holds the ids already stored and gains the ids committed; `counters` advances.
  IngestPipeline(Env* env, const StoreLayout& layout, Catalog* catalog,
                 std::unordered_set<uint64_t>* present, CatalogCounters* counters,
                 const IngestOptions& options, IngestObserver* observer);

  Result<IngestSummary> Run(const std::vector<std::string>& paths);

 private:
  Env* env_;
  const StoreLayout& layout_;
  Catalog* catalog_;
  std::unordered_set<uint64_t>* present_;
  CatalogCounters* counters_;
  IngestOptions options_;
  IngestObserver* observer_;
};

}  // namespace storyline

#endif  // STORYLINE_ENGINE_INGEST_PIPELINE_H_
