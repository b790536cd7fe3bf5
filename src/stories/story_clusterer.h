// StoryClusterer: online story clustering. Articles arrive in date order; each joins the story
// whose centroid it is most similar to (TF-IDF cosine, discounted by the days between the
// article and the story's latest article) or starts a new one. Candidate stories come from an
// inverted index over the strongest terms of each story, so the cost per article does not grow
// with the number of stories.
//
// First version (issue 5): two views (the article's terms, stemmed, title and text together;
// and its entities), IDF from the documents seen so far, a single join threshold. Entities, several views, the
// learned join decision and the merge pass are the next steps (docs/RESULTS.md).
//
// Thread-compatible: one thread at a time.
#ifndef STORYLINE_STORIES_STORY_CLUSTERER_H_
#define STORYLINE_STORIES_STORY_CLUSTERER_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace storyline {

// Days since 1970-01-01 when the date is known.
inline constexpr int64_t kUnknownDay = INT64_MIN;

struct StoryClusterOptions {
  double threshold = 0.25;   // join when the discounted similarity reaches this
  double decay_days = 7.0;   // similarity x exp(-days / decay_days) after the story's last day
  size_t query_terms = 12;   // the article's strongest terms that look up candidate stories
  size_t indexed_terms = 12;  // each article's strongest terms added to its story's postings
  size_t max_candidates = 200;
  // Weight of the entity view when both the article and the story have entities:
  // similarity = (1 - w) * cosine(terms) + w * cosine(entities).
  double entity_weight = 0.5;
};

class StoryClusterer {
 public:
  explicit StoryClusterer(StoryClusterOptions options) : options_(options) {}

  // The article's terms (any order, repeats count), its entities (names or ids as strings,
  // one per mention; may be empty) and day; returns its story (0, 1, 2 ...).
  uint32_t Add(const std::vector<std::string>& terms, const std::vector<std::string>& entities,
               int64_t day);
  uint32_t Add(const std::vector<std::string>& terms, int64_t day) { return Add(terms, {}, day); }

  size_t story_count() const { return stories_.size(); }

 private:
  struct Centroid {
    std::unordered_map<uint32_t, double> weights;  // term id -> sum of unit article vectors
    double norm2 = 0;                              // |weights|^2
    double Cosine(const std::vector<std::pair<uint32_t, double>>& unit) const;
    void Add(const std::vector<std::pair<uint32_t, double>>& unit);
  };
  struct Story {
    Centroid terms, entities;
    int64_t last_day = kUnknownDay;
    std::unordered_set<uint32_t> indexed;  // term ids posted for this story
  };
  uint32_t TermId(const std::string& term);
  // Unit TF-IDF vector of `items` (DF updated), strongest first.
  std::vector<std::pair<uint32_t, double>> Vector(const std::vector<std::string>& items,
                                                  const char* prefix);

  StoryClusterOptions options_;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<uint32_t> df_;  // by term id
  uint64_t docs_ = 0;
  std::vector<Story> stories_;
  std::vector<std::vector<uint32_t>> postings_;  // term id -> stories
};

}  // namespace storyline

#endif  // STORYLINE_STORIES_STORY_CLUSTERER_H_
