// StoryClusterer: online story clustering. Articles arrive (normally in date order); each joins
// the story whose centroid it is most similar to, or starts a new one. Similarity mixes two
// TF-IDF views, the article's terms and its entities:
//
//   sim = ((1 - w) * cos(terms) + w * cos(entities)) * exp(-gap / decay_days)
//
// where `gap` is the number of days between the article and the story's span [first, last] (0
// inside it), so an article dated earlier than the story's latest article is still placed
// correctly. The entity view counts only when both sides have entities. A story that is still
// one text (a single article, or copies of one) needs a closer match (single_text_threshold):
// long unrelated articles reach weak matches by chance through a few shared rare words.
//
// Cost stays flat as the archive grows:
//  - a centroid keeps its strongest `centroid_terms` terms and `centroid_entities` entities
//    (pruned when it holds twice as many), so a story's size is bounded;
//  - candidate stories come from an inverted index over centroid terms and entities, looked up
//    with the article's strongest `query_terms` features; each posting list is kept in story
//    order and only its newest `scan_per_feature` stories are looked at; the `max_candidates`
//    stories sharing the most query features (the newer on ties) are scored;
//  - a candidate whose span is further than decay_days * ln(1 / threshold) days away cannot reach
//    the threshold and is skipped without scoring.
//
// Memory stays flat too: a story whose last article is more than decay_days * ln(1 / threshold)
// days before the day being added can no longer be reached by an article of that day or later,
// so it is retired (Retired): its term and entity centroids and their postings leave memory,
// while its span, size and entity salience (for links) stay. Retirement waits until the story
// is saved (TakeChanged has returned it and no merge pass is pending for it). An article dated
// earlier than the archive's newest needs the stories of its period back: RetiredInReach names
// them and Revive restores each from its saved state (SaveStory), which the caller keeps.
//
// The merge pass (MergePass) joins stories whose centroids turn out to be one event; the links
// (Links) relate stories across any span of time through the entities they share: the
// storylines.
//
// Determinism: the result depends only on the sequence of Add / MergePass calls, never on hash
// table order: ties break on the features' 64-bit keys and story numbers. SaveState/LoadState
// reproduce the clusterer exactly, so clustering A, saving, loading and clustering B gives the
// stories of clustering A then B in one clusterer.
//
// Thread-compatible: one thread at a time.
#ifndef STORYLINE_STORIES_STORY_CLUSTERER_H_
#define STORYLINE_STORIES_STORY_CLUSTERER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storyline/status.h"

namespace storyline {

// Days since 1970-01-01 when the date is known.
inline constexpr int64_t kUnknownDay = INT64_MIN;

struct StoryClusterOptions {
  double threshold = 0.15;   // join when the discounted similarity reaches this
  double decay_days = 7.0;   // similarity x exp(-gap / decay_days) outside the story's span
  size_t query_terms = 12;   // the article's strongest features that look up candidate stories
  size_t scan_per_feature = 32;   // newest stories looked at in each feature's posting list
  size_t max_candidates = 32;     // stories scored: those sharing the most query features
  size_t centroid_terms = 64;     // terms a story's centroid keeps (its strongest)
  size_t centroid_entities = 24;  // entities a story's centroid keeps
  // Weight of the entity view when both the article and the story have entities.
  double entity_weight = 0.3;
  // The merge pass joins two stories whose centroids reach this (same formula, centroid to
  // centroid); 0 turns it off. It runs by itself before the first article of each new day (and
  // every 1,000 articles of undated input) over the stories changed since the last pass, and on
  // Flush.
  double merge_threshold = 0.15;
  // A story that is in effect one text (fewer than `single_text_texts` distinct texts: Texts)
  // is joined only at `single_text_threshold`, and two such stories merge only at it: a join to
  // a single text is a pairwise match, which long unrelated articles sharing a few rare names or
  // figures reach by chance; a story of several texts has a centroid that averages that noise
  // out. It applies once `single_text_min_articles` articles have been seen (document
  // frequencies from a few articles make every shared word look common). Fitted on the
  // development sets (docs/stories.md); 0 turns it off.
  double single_text_threshold = 0.35;
  double single_text_texts = 1.35;
  uint64_t single_text_min_articles = 10;
  // Links (storylines) use each story's salient entities: its entities weighted by mentions
  // (1 + log tf per article, summed; no IDF, so a small archive links as well as a large one).
  // Two stories link when at least `link_min_shared` entities are among the `link_top` most
  // salient of both and the cosine of their salience vectors reaches `link_threshold`, whatever
  // the time between them. An entity salient in more than max(link_common_floor, 1%) of the
  // stories ("US") never counts as shared.
  double link_threshold = 0.3;
  size_t link_min_shared = 2;
  size_t link_top = 8;
  size_t link_common_floor = 50;
  // Retire stories out of reach of the day being added (see the class comment).
  bool retire = true;
};

// What the clusterer sees of an article: 64-bit keys, one per occurrence (repeats count).
struct StoryFeatures {
  std::vector<uint64_t> terms;     // TermKey of each term
  std::vector<uint64_t> entities;  // archive entity ids, or EntityKey of names
  static uint64_t TermKey(std::string_view term);
  static uint64_t EntityKey(std::string_view name);
};

struct StoryLink {
  uint32_t other = 0;
  double score = 0;                     // cosine of the two stories' entity salience
  std::vector<uint64_t> shared_entities;  // strongest first (at most 8)
};

class StoryClusterer {
 public:
  explicit StoryClusterer(StoryClusterOptions options) : options_(options) {}

  // The article's story (0, 1, 2 ...) at the time it is added (a later merge may move it:
  // Resolve). `day`: kUnknownDay when the date is unknown (no decay). `score`, when given: the
  // similarity that joined the story (0 for a new story).
  uint32_t Add(const StoryFeatures& article, int64_t day, double* score = nullptr);
  // Runs the merge pass now over the stories changed since the last one (at the end of input).
  void Flush();
  // The merges made since the last call, as (from, into) in the order made.
  std::vector<std::pair<uint32_t, uint32_t>> TakeMerges();

  // Joins stories among `stories` (and the stories similar to them) whose centroids reach
  // merge_threshold: the later story (higher number) goes into the earlier one. Returns the
  // merges as (from, into), in the order made. A merged story is empty from then on; Resolve
  // follows it to the story it went into.
  std::vector<std::pair<uint32_t, uint32_t>> MergePass(std::vector<uint32_t> stories);
  uint32_t Resolve(uint32_t story) const;

  // Stories related to `story` through the entities they share, strongest first.
  std::vector<StoryLink> Links(uint32_t story) const;

  // Stories retired from memory that an article dated `day` could join (its date within the
  // decay window of their span), in story order: to Revive before adding such an article.
  // Cheap (nothing to scan) while days arrive in order.
  std::vector<uint32_t> RetiredInReach(int64_t day) const;
  // Restores retired `story`'s centroids from `saved` (its SaveStory blob from before it was
  // retired). InvalidArgument if the story is not retired; Corruption if the blob is damaged or
  // does not match the story's span and size.
  Status Revive(uint32_t story, std::string_view saved);
  bool retired(uint32_t story) const { return story < stories_.size() && stories_[story].retired; }
  size_t retired_count() const { return retired_; }

  // The story's strongest centroid entity keys and term keys (TF-IDF), strongest first.
  // Empty for a retired story's terms and entities.
  std::vector<std::pair<uint64_t, double>> TopEntities(uint32_t story, size_t n) const;
  std::vector<std::pair<uint64_t, double>> TopTerms(uint32_t story, size_t n) const;

  size_t story_count() const { return stories_.size(); }  // merged stories included
  // Heap bytes held (centroids, postings, the feature dictionary), approximately.
  size_t MemoryBytes() const;
  size_t live_story_count() const { return stories_.size() - merged_; }
  uint64_t articles() const { return docs_; }
  struct Span {
    int64_t first_day = kUnknownDay, last_day = kUnknownDay;
    uint64_t articles = 0;
    uint32_t merged_into = UINT32_MAX;  // UINT32_MAX: not merged
  };
  Span span(uint32_t story) const;

  // Stories changed (added to, created, merged into or merged away) since the last call.
  // A story is saved once returned here: from then on it may be retired.
  std::vector<uint32_t> TakeChanged();

  // Persistence: the clusterer's global state (document frequencies, the stories awaiting the
  // merge pass, the last day added), and each story's state. Blobs are little-endian, versioned,
  // and checked by LoadState (Corruption names what is wrong). A retired story is not saved
  // again (it does not change until revived): SaveStory must not be called for it.
  std::string SaveGlobalState() const;
  std::string SaveStory(uint32_t story) const;
  // Restores a clusterer from saved blobs: `stories[i]` is story i's blob. Stories out of reach
  // of the newest day saved are retired at once.
  Status LoadState(std::string_view global, const std::vector<std::string>& stories);

 private:
  // Terms and entities (TF-IDF) for clustering; entity salience (no IDF) for links.
  enum View { kTerms = 0, kEntities = 1, kSalience = 2, kViews = 3 };
  struct Feature {
    uint32_t id;
    double weight;
  };
  // Sum of the unit vectors of the story's articles (pruned): flat, sorted by feature id, so
  // dot products are merge joins over contiguous memory.
  struct Centroid {
    std::vector<Feature> entries;
    double norm2 = 0;  // |entries|^2
  };
  struct Story {
    Centroid views[kViews];
    int64_t first_day = kUnknownDay, last_day = kUnknownDay;
    uint64_t articles = 0;
    uint32_t merged_into = UINT32_MAX;
    bool retired = false;  // its term and entity centroids are not in memory
    double mass = 0;  // sum of the norms of the term vectors added (each <= 1: pruned articles)
  };

  // The feature dictionary's key of a view's key (entity keys are salted apart from terms).
  static uint64_t DictionaryKey(uint64_t key, int view);
  uint32_t FeatureId(uint64_t key);
  // Unit TF-IDF vector of the article's keys (document frequencies counted), strongest first.
  std::vector<Feature> Vector(const std::vector<uint64_t>& keys, int view);
  // `by_id`: a unit vector sorted by feature id.
  static double Dot(const std::vector<Feature>& a, const std::vector<Feature>& b);
  double Cosine(const Centroid& c, const std::vector<Feature>& by_id) const;
  double CentroidCosine(const Centroid& a, const Centroid& b) const;
  double Similarity(const Story& s, const std::vector<Feature>* by_id, int64_t day) const;
  double Mix(double terms, double entities, bool have_entities) const;
  static int64_t Gap(const Story& s, int64_t first, int64_t last);
  double MaxGap() const;
  // Effective number of distinct texts in the story: mass^2 / |term centroid|^2 (1 for one
  // article or exact copies, n for n articles with nothing in common).
  static double Texts(const Story& s);
  // The similarity an article (or another story) needs to join `s`: `threshold`, raised to
  // single_text_threshold while `s` is one text.
  double Required(const Story& s, double threshold) const;
  // score x exp(-gap / decay_days) for a gap of days outside a story's span.
  double Decay(double score, int64_t gap) const;
  void AddToCentroid(uint32_t story, int view, const std::vector<Feature>& unit, double scale);
  void Prune(uint32_t story, int view);
  // Whether `s` is within reach of [first, last] (its gap at most max_gap days) and, when
  // `horizon` is known, of that day too (its last day at most max_gap days before it).
  static bool Reachable(const Story& s, int64_t first, int64_t last, int64_t horizon,
                        double max_gap);
  // Stories sharing the most of the first `per_view` features of each view (at most `limit`),
  // among the newest scan_per_feature stories within reach (Reachable) of each feature's list,
  // in story order.
  void Candidates(const std::vector<Feature>* views, size_t per_view, int64_t first, int64_t last,
                  int64_t horizon, size_t limit, std::vector<uint32_t>* out) const;
  void Post(uint32_t feature, uint32_t story);
  void Unpost(uint32_t feature, uint32_t story);
  std::vector<std::pair<uint64_t, double>> Top(uint32_t story, int view, size_t n) const;
  // The story's most salient entities that are not common to many stories, by feature id.
  std::vector<uint32_t> SalientEntities(uint32_t story) const;
  // Unit vector of 1 + log(tf) over the article's entities (no IDF, no document frequencies).
  std::vector<Feature> SalienceVector(const std::vector<uint64_t>& keys);
  void MarkChanged(uint32_t story);
  // Parses a SaveStory blob into *story (feature ids from the dictionary); false when damaged.
  bool ParseStory(std::string_view blob, size_t story_count, Story* story) const;
  // Retires the saved stories whose last article is out of reach of `day`.
  void RetireOutOfReach(int64_t day);
  // The retirement queue learns a story's (new) last day.
  void Track(uint32_t story);

  StoryClusterOptions options_;
  std::unordered_map<uint64_t, uint32_t> feature_ids_;
  std::vector<uint64_t> keys_;     // by feature id: the caller's key
  std::vector<uint8_t> view_of_;  // by feature id: kTerms or kEntities
  std::vector<uint32_t> df_;    // by feature id
  uint64_t docs_ = 0;
  std::vector<Story> stories_;
  size_t merged_ = 0;
  // feature id -> the stories whose centroid holds it, ascending.
  std::vector<std::vector<uint32_t>> postings_;
  std::vector<uint8_t> changed_flag_;  // bit 0: in changed_; bit 1: in pending_
  std::vector<uint32_t> changed_;      // for TakeChanged
  std::vector<uint32_t> pending_;      // for the next merge pass
  int64_t last_add_day_ = kUnknownDay;
  int64_t newest_day_ = kUnknownDay;  // the latest day added or saved
  std::vector<std::pair<uint32_t, uint32_t>> merge_log_;
  // Retirement: (last day, story) of dated stories, earliest first (entries whose story has
  // since grown, merged or retired are skipped when they come up); stories due but not yet saved.
  std::vector<std::pair<int64_t, uint32_t>> by_last_day_;  // a min-heap
  std::vector<uint32_t> retire_later_;
  size_t retired_ = 0;
  int64_t retired_max_last_day_ = kUnknownDay;  // the latest last day of a retired story
};

}  // namespace storyline

#endif  // STORYLINE_STORIES_STORY_CLUSTERER_H_
