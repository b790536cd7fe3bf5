// The writer's search-index stage: what each article is indexed under, and the postings files
// of batches committed before the index existed.
//
// Ingest workers call IndexFields for each new article (the body's tokens are the ones the
// analysis already made) and add the fields to their chunk's InvertedIndexBuilder; the committer
// writes one postings file per batch from the chunks' builders (index/postings_writer.h), before
// the batch's catalog transaction, which records it. BackfillPostings gives every committed batch
// without a postings file one, from its stored texts. MergePostings merges the files of
// consecutive batches (after an ingest, and for `storyline compact`).
//
// Thread-safety: IndexFields is used with one IndexTermExtractor per thread; BackfillPostings by
// the writer alone.
#ifndef STORYLINE_ENGINE_POSTINGS_STAGE_H_
#define STORYLINE_ENGINE_POSTINGS_STAGE_H_

#include <cstdint>
#include <functional>
#include <unordered_set>
#include <vector>

#include "analysis/index_terms.h"
#include "analysis/tokenizer.h"
#include "catalog/catalog.h"
#include "engine/store_layout.h"
#include "index/postings_writer.h"
#include "storyline/article.h"
#include "storyline/env.h"
#include "storyline/options.h"

namespace storyline {

// Replaces *fields with the article's title, body and URL terms (UrlTerms); `body_tokens` are
// the tokens of article.text.
void IndexFields(const Article& article, const std::vector<Token>& body_tokens,
                 IndexTermExtractor* extractor, std::vector<FieldTerms>* fields);

// IndexFields as ids of the extractor's vocabulary (IndexTermExtractor::ExtractIds), for
// InvertedIndexBuilder::AddDocument with ids.
void IndexFieldIds(const Article& article, const std::vector<Token>& body_tokens,
                   IndexTermExtractor* extractor, std::vector<FieldTermIds>* fields);

// Writes and records a postings file for every batch that has none; adds the articles indexed
// to *articles.
Status BackfillPostings(Env* env, const StoreLayout& layout, Catalog* catalog,
                        uint64_t* articles);

// The segments whose batches have a postings file (a merged file covers several); both lists
// in segment order, as the catalog gives them.
std::unordered_set<uint32_t> IndexedSegments(const std::vector<PostingsRecord>& files,
                                             const std::vector<SegmentRecord>& segments);

struct MergeOutcome {
  uint64_t files_before = 0, files_after = 0, bytes_before = 0, bytes_after = 0;
  uint64_t files_merged = 0;  // inputs of the merges done
};

// Which merges MergePostings makes.
enum class MergeMode {
  kPolicy,         // TieredMergePolicy::Plan, round after round (after each batch)
  kPolicyThenTail, // the same, then the newest tier-0 files of segments >= first_new_segment
                   // into one (at the end of an ingest)
  kAll,            // every run of consecutive files into one (`storyline compact`)
};

// Merges postings files as `mode` says, with `options`, until nothing is left to merge. Each merge:
// the merged file written as .tmp, fsynced, renamed (index/postings_merger.h); the catalog's
// rows of its inputs replaced by its row in one transaction; then the inputs deleted. A crash
// at any point leaves the old files or the new one recorded and present; whatever is left
// unrecorded is removed by the next writer's open (EngineImpl::RemoveUncommittedFiles).
// `progress` (may be null) gets (bytes merged, bytes planned in this round) after each merge.
// Writer only.
Status MergePostings(Env* env, const StoreLayout& layout, Catalog* catalog,
                     const IndexMergeOptions& options, MergeMode mode,
                     const std::function<void(uint64_t, uint64_t)>& progress,
                     MergeOutcome* outcome, uint32_t first_new_segment = 0);

}  // namespace storyline

#endif  // STORYLINE_ENGINE_POSTINGS_STAGE_H_
