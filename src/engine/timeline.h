// Timelines and facets: the articles of a search, an entity or a story counted by day, ISO week
// or month; the matches of a search counted by source, language and date.
#ifndef STORYLINE_ENGINE_TIMELINE_H_
#define STORYLINE_ENGINE_TIMELINE_H_

#include <vector>

#include "catalog/catalog.h"
#include "storyline/engine.h"

namespace storyline {

// Counts `docs` by period (options.by), within options.from / options.to.
Result<Timeline> BuildTimeline(Catalog* catalog, const std::vector<DocId>& docs,
                               const TimelineOptions& options);

// Counts `docs` (the matches of a search) by source, language and day or month (options.by).
Result<SearchFacets> BuildSearchFacets(Catalog* catalog, const std::vector<DocId>& docs,
                                       const FacetOptions& options);

// "2016-W19": the ISO 8601 week of a day number (days since 1970-01-01).
std::string IsoWeek(int64_t day);

}  // namespace storyline

#endif  // STORYLINE_ENGINE_TIMELINE_H_
