// Timelines: the articles of a search, an entity or a story counted by day, ISO week or month.
#ifndef STORYLINE_ENGINE_TIMELINE_H_
#define STORYLINE_ENGINE_TIMELINE_H_

#include <vector>

#include "catalog/catalog.h"
#include "storyline/engine.h"

namespace storyline {

// Counts `docs` by period (options.by), within options.from / options.to.
Result<Timeline> BuildTimeline(Catalog* catalog, const std::vector<DocId>& docs,
                               const TimelineOptions& options);

// "2016-W19": the ISO 8601 week of a day number (days since 1970-01-01).
std::string IsoWeek(int64_t day);

}  // namespace storyline

#endif  // STORYLINE_ENGINE_TIMELINE_H_
