// The read side of stories: listings, a story's timeline and links, and storylines (connected
// groups of linked stories), answered from the catalog's story tables. The writer side is
// engine/story_stage.
#ifndef STORYLINE_ENGINE_STORY_QUERIES_H_
#define STORYLINE_ENGINE_STORY_QUERIES_H_

#include <cstdint>
#include <vector>

#include "catalog/catalog.h"
#include "storyline/engine.h"

namespace storyline {

StorySummary ToStorySummary(const StoryListRow& row);
EntitySummary ToEntitySummary(const EntityListRow& row);

// `entities`: the ids of the entities named in options.entities (already looked up).
Result<std::vector<StorySummary>> QueryStories(Catalog* catalog, const StoryListOptions& options,
                                               const std::vector<EntityId>& entities);
Result<StoryDetail> QueryStory(Catalog* catalog, uint32_t id);
Result<std::vector<Storyline>> QueryStorylines(Catalog* catalog,
                                               const StorylineListOptions& options);
Result<Storyline> QueryStoryline(Catalog* catalog, uint32_t id);

}  // namespace storyline

#endif  // STORYLINE_ENGINE_STORY_QUERIES_H_
