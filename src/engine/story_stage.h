// StoryStage: places the writer's articles in stories, after each ingest, in date order.
//
// Every article without a story (those just ingested, or every article of a store written before
// stories existed, or those a crash left unplaced) is placed by one pass:
//  1. ordered by date (then article id; undated last), so the order of input within a day never
//     matters, and processed in chunks of kChunkArticles to bound memory;
//  2. a copy of an article already placed (same near-duplicate group) joins that article's story
//     without being clustered again: stories cluster groups, not copies;
//  3. any other article is clustered (stories/story_clusterer.h) on its title and text terms and
//     its archive entities: those the ingest workers computed (StoryFeatureBuffer) for the
//     articles this ingest added, read back from the store and analysed again for the others
//     (a store written before stories, articles a crash left unplaced, or a buffer that was full);
//  4. at the end of each chunk the merge pass runs over the stories the chunk changed, the links
//     of those stories (the storylines) are recomputed, and everything the chunk changed commits
//     in one transaction together with the clusterer's state, so the next pass (next ingest, or
//     next process) continues exactly where this one stopped.
// Incremental ingest therefore gives the stories of one ingest whenever the later articles are
// not dated before the earlier ones (the usual daily feed); articles dated earlier are placed by
// similarity within their date's reach, but their stories may differ from a single pass.
//
// The clusterer keeps only the stories within reach of the newest day in memory (older ones
// retire); before an article dated earlier is clustered, the retired stories within its reach
// are brought back from their saved state in the catalog.
//
// Labels are kept as the pass goes: a story's title is the headline of the article that joined
// it with the highest similarity (the most central; its first article until another joins), its
// terms the strongest centroid terms.
//
// Thread-compatible: the calling thread of an ingest only.
#ifndef STORYLINE_ENGINE_STORY_STAGE_H_
#define STORYLINE_ENGINE_STORY_STAGE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "engine/store_layout.h"
#include "engine/segment_texts.h"
#include "stories/story_clusterer.h"
#include "stories/story_feature_buffer.h"
#include "storyline/env.h"

namespace storyline {

class StoryStage {
 public:
  static constexpr size_t kChunkArticles = 10000;

  StoryStage(Env* env, const StoreLayout& layout, Catalog* catalog, StoryClusterOptions options);

  // Restores the clusterer from the catalog.
  Status Load();
  // Places every article without a story; *placed counts them. `progress` (may be empty) is
  // called after each chunk with the articles placed so far and the total of this pass.
  // `features` (may be null): the features of articles this ingest added; the others are read.
  Status Update(uint64_t* placed, const std::function<void(uint64_t, uint64_t)>& progress,
                const StoryFeatureBuffer* features = nullptr);

 private:
  // What the stage keeps of a story beside the clusterer's state.
  struct Label {
    DocId title_doc;
    double title_score = -1;  // < 0: no title yet
    std::string terms;
    uint64_t members = 0;  // its articles, copies included
  };
  // `last`: the pass's last chunk (the merge pass then runs over what is pending).
  Status PlaceChunk(const std::vector<StoryInputRow>& chunk, bool last,
                    const StoryFeatureBuffer* buffer);
  // Brings a retired story back into the clusterer from its saved state.
  Status Revive(uint32_t story);

  const StoreLayout& layout_;
  Catalog* catalog_;
  StoryClusterer clusterer_;
  std::vector<Label> labels_;  // by story
  SegmentTexts texts_;  // the texts of the articles placed
  int64_t revived_for_ = kUnknownDay;  // the day whose retired stories were last brought back
};

// Days since 1970-01-01 of a catalog date (a known month; day 0 counts as the 1st), else
// kUnknownDay.
int64_t StoryDay(int year, int month, int day);
// "YYYY-MM-DD" of a day number ("" for kUnknownDay / kNoDay).
std::string DayToIso(int64_t day);
// The day number of "YYYY", "YYYY-MM" or "YYYY-MM-DD": the first day when `end` is false, the
// last when true. InvalidArgument otherwise.
Result<int64_t> IsoToDay(const std::string& date, bool end);

}  // namespace storyline

#endif  // STORYLINE_ENGINE_STORY_STAGE_H_
