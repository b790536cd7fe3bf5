// DeleteArticlesFromStore: the engine's side of Engine::DeleteArticles. Reads what the catalog
// cannot know by itself (the written forms of the articles' entity mentions, from their texts),
// then removes the articles in one catalog transaction (Catalog::DeleteArticles) inside which it
// recomputes what the removal changed: the near-duplicate groups that lost a member, regrouped
// by a DedupStage loaded from the links that remain, and the span and title article of each
// story that lost one.
//
// Invariants: all or nothing (one transaction); a deleted article keeps its DocId (segments and
// postings files hold it); the returned DedupStage, when one was loaded, equals the catalog's
// state after the commit (the engine keeps it for its next ingest).
#ifndef STORYLINE_ENGINE_DELETE_STAGE_H_
#define STORYLINE_ENGINE_DELETE_STAGE_H_

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "engine/dedup_stage.h"
#include "engine/segment_texts.h"
#include "engine/store_layout.h"
#include "index/segment_reader.h"
#include "storyline/engine.h"
#include "storyline/env.h"

namespace storyline {

// `rows`: the stored articles to remove (distinct); `reasons` (one per row) go into
// deleted_articles.
// *dedup: when a removed article was in a near-duplicate group, set to the stage regrouped
// after the removal; otherwise left alone.
Result<DeleteSummary> DeleteArticlesFromStore(Env* env, const StoreLayout& layout, Catalog* catalog,
                                              SegmentTexts* texts,
                                              const std::vector<ArticleRow>& rows,
                                              const std::vector<std::string>& reasons,
                                              std::unique_ptr<DedupStage>* dedup);

// Rewrites every segment file that holds texts of deleted articles not yet purged: the same
// texts at the same ordinals, the deleted ones empty, under the next name of the segment
// (seg-NNNNNN-K.sls); the catalog switches to it (and marks the texts purged) in one
// transaction, then the old file is removed. A crash leaves the old file or the new one in use
// (the next writer's open removes the other). Other processes reading the old file keep their
// map of it. Counts rewritten segments and their bytes before and after.
struct PurgeOutcome {
  uint64_t segments = 0, texts = 0, bytes_before = 0, bytes_after = 0;
};
Status PurgeDeletedTexts(Env* env, const StoreLayout& layout, Catalog* catalog,
                         PurgeOutcome* outcome);

}  // namespace storyline

#endif  // STORYLINE_ENGINE_DELETE_STAGE_H_
