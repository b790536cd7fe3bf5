#include "stories/story_clusterer.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "common/hash.h"

namespace storyline {
namespace {

// Entity keys share the feature dictionary with term keys under a salt per view.
constexpr uint64_t kViewSalt[] = {0, 0x656e746974696573ULL, 0x73616c69656e6365ULL};

}  // namespace

uint64_t StoryClusterer::DictionaryKey(uint64_t key, int view) {
  return view == 0 ? key : Mix64(key ^ kViewSalt[view]);
}

uint64_t StoryFeatures::TermKey(std::string_view term) { return Hash64(term, 0x7465726d); }
uint64_t StoryFeatures::EntityKey(std::string_view name) { return Hash64(name, 0x656e7479); }

uint32_t StoryClusterer::FeatureId(uint64_t key) {
  auto [it, inserted] = feature_ids_.emplace(key, static_cast<uint32_t>(df_.size()));
  if (inserted) {
    df_.push_back(0);
    keys_.push_back(key);
    view_of_.push_back(0);
    postings_.emplace_back();
  }
  return it->second;
}

std::vector<StoryClusterer::Feature> StoryClusterer::Vector(const std::vector<uint64_t>& keys,
                                                            int view) {
  std::vector<uint64_t> sorted(keys);
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::pair<uint32_t, uint32_t>> tf;  // feature id, occurrences
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    // keys_ holds the caller's key; the dictionary separates the views.
    const uint32_t id = FeatureId(DictionaryKey(sorted[i], view));
    keys_[id] = sorted[i];
    view_of_[id] = static_cast<uint8_t>(view);
    ++df_[id];
    tf.emplace_back(id, static_cast<uint32_t>(j - i));
    i = j;
  }
  // Unit TF-IDF vector: (1 + log tf) * log((N + 1) / df), N counting this article.
  std::vector<Feature> vec;
  vec.reserve(tf.size());
  double norm2 = 0;
  for (const auto& [id, n] : tf) {
    const double w = (1 + std::log(static_cast<double>(n))) *
                     std::log((1.0 + static_cast<double>(docs_)) / df_[id]);
    if (w <= 0) continue;
    vec.push_back({id, w});
    norm2 += w * w;
  }
  const double norm = std::sqrt(norm2);
  for (Feature& f : vec) f.weight /= norm > 0 ? norm : 1;
  std::sort(vec.begin(), vec.end(), [this](const Feature& a, const Feature& b) {
    return a.weight != b.weight ? a.weight > b.weight : keys_[a.id] < keys_[b.id];
  });
  return vec;
}

std::vector<StoryClusterer::Feature> StoryClusterer::SalienceVector(
    const std::vector<uint64_t>& keys) {
  std::vector<uint64_t> sorted(keys);
  std::sort(sorted.begin(), sorted.end());
  std::vector<Feature> vec;
  double norm2 = 0;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const uint32_t id = FeatureId(DictionaryKey(sorted[i], kSalience));
    keys_[id] = sorted[i];
    view_of_[id] = kSalience;
    const double w = 1 + std::log(static_cast<double>(j - i));
    vec.push_back({id, w});
    norm2 += w * w;
    i = j;
  }
  for (Feature& f : vec) f.weight /= std::sqrt(norm2);
  return vec;
}

double StoryClusterer::Dot(const std::vector<Feature>& a, const std::vector<Feature>& b) {
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].id < b[j].id) {
      ++i;
    } else if (b[j].id < a[i].id) {
      ++j;
    } else {
      dot += a[i++].weight * b[j++].weight;
    }
  }
  return dot;
}

double StoryClusterer::Cosine(const Centroid& c, const std::vector<Feature>& by_id) const {
  return c.norm2 > 0 ? Dot(c.entries, by_id) / std::sqrt(c.norm2) : 0;
}

double StoryClusterer::CentroidCosine(const Centroid& a, const Centroid& b) const {
  if (a.norm2 <= 0 || b.norm2 <= 0) return 0;
  return Dot(a.entries, b.entries) / std::sqrt(a.norm2 * b.norm2);
}

double StoryClusterer::Mix(double terms, double entities, bool have_entities) const {
  return have_entities ? (1 - options_.entity_weight) * terms + options_.entity_weight * entities
                       : terms;
}

int64_t StoryClusterer::Gap(const Story& s, int64_t first, int64_t last) {
  if (first == kUnknownDay || s.first_day == kUnknownDay) return 0;
  if (last < s.first_day) return s.first_day - last;
  if (first > s.last_day) return first - s.last_day;
  return 0;
}

double StoryClusterer::Decay(double score, int64_t gap) const {
  if (gap <= 0 || options_.decay_days <= 0) return score;
  return score * std::exp(-static_cast<double>(gap) / options_.decay_days);
}

double StoryClusterer::Texts(const Story& s) {
  const double norm2 = s.views[kTerms].norm2;
  return norm2 > 0 ? s.mass * s.mass / norm2 : static_cast<double>(s.articles);
}

double StoryClusterer::Required(const Story& s, double threshold) const {
  // Document frequencies from a handful of articles make two articles about one event look
  // weakly similar (every shared word is common): the rule waits for an archive.
  if (docs_ < options_.single_text_min_articles) return threshold;
  return Texts(s) < options_.single_text_texts ? std::max(threshold, options_.single_text_threshold)
                                               : threshold;
}

double StoryClusterer::MaxGap() const {
  if (options_.threshold <= 0 || options_.decay_days <= 0) {
    return std::numeric_limits<double>::infinity();
  }
  return options_.decay_days * std::log(1.0 / std::min(options_.threshold, 1.0));
}

double StoryClusterer::Similarity(const Story& s, const std::vector<Feature>* by_id,
                                  int64_t day) const {
  const bool have_entities = !by_id[kEntities].empty() && s.views[kEntities].norm2 > 0;
  double score = Mix(Cosine(s.views[kTerms], by_id[kTerms]),
                     have_entities ? Cosine(s.views[kEntities], by_id[kEntities]) : 0,
                     have_entities);
  return Decay(score, Gap(s, day, day));
}

bool StoryClusterer::Reachable(const Story& s, int64_t first, int64_t last, int64_t horizon,
                               double max_gap) {
  if (static_cast<double>(Gap(s, first, last)) > max_gap) return false;
  return horizon == kUnknownDay || s.last_day == kUnknownDay ||
         static_cast<double>(horizon - s.last_day) <= max_gap;
}

void StoryClusterer::Candidates(const std::vector<Feature>* views, size_t per_view, int64_t first,
                                int64_t last, int64_t horizon, size_t limit,
                                std::vector<uint32_t>* out) const {
  out->clear();
  const double max_gap = MaxGap();
  std::vector<std::pair<uint32_t, uint32_t>> hits;  // story, shared query features
  for (int v = 0; v < 2; ++v) {
    for (size_t i = 0; i < views[v].size() && i < per_view; ++i) {
      // The newest stories within reach: whether the stories out of reach are still listed
      // (not yet retired, or retirement off) must not change the result.
      const std::vector<uint32_t>& list = postings_[views[v][i].id];
      size_t found = 0;
      for (size_t k = list.size(); k > 0 && found < options_.scan_per_feature; --k) {
        if (!Reachable(stories_[list[k - 1]], first, last, horizon, max_gap)) continue;
        hits.emplace_back(list[k - 1], 1);
        ++found;
      }
    }
  }
  std::sort(hits.begin(), hits.end());
  size_t n = 0;
  for (size_t i = 0; i < hits.size();) {
    size_t j = i;
    while (j < hits.size() && hits[j].first == hits[i].first) ++j;
    hits[n++] = {hits[i].first, static_cast<uint32_t>(j - i)};
    i = j;
  }
  hits.resize(n);
  if (hits.size() > limit) {
    std::partial_sort(hits.begin(), hits.begin() + limit, hits.end(),
                      [](const auto& a, const auto& b) {
                        return a.second != b.second ? a.second > b.second : a.first > b.first;
                      });
    hits.resize(limit);
  }
  for (const auto& h : hits) out->push_back(h.first);
  std::sort(out->begin(), out->end());
}

void StoryClusterer::Post(uint32_t feature, uint32_t story) {
  std::vector<uint32_t>& list = postings_[feature];
  if (list.empty() || list.back() < story) {
    list.push_back(story);
    return;
  }
  auto it = std::lower_bound(list.begin(), list.end(), story);
  if (it == list.end() || *it != story) list.insert(it, story);
}

void StoryClusterer::Unpost(uint32_t feature, uint32_t story) {
  // Lists are in story order and the stories that change are mostly recent: the erase moves
  // only the list's newest end.
  std::vector<uint32_t>& list = postings_[feature];
  auto it = std::lower_bound(list.begin(), list.end(), story);
  if (it != list.end() && *it == story) list.erase(it);
}

void StoryClusterer::AddToCentroid(uint32_t story, int view, const std::vector<Feature>& unit,
                                   double scale) {
  std::vector<Feature> add(unit);
  std::sort(add.begin(), add.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; });
  Centroid& c = stories_[story].views[view];
  std::vector<Feature> merged;
  merged.reserve(c.entries.size() + add.size());
  size_t i = 0;
  for (const Feature& f : add) {
    while (i < c.entries.size() && c.entries[i].id < f.id) merged.push_back(c.entries[i++]);
    const double w = f.weight * scale;
    if (i < c.entries.size() && c.entries[i].id == f.id) {
      c.norm2 += 2 * c.entries[i].weight * w + w * w;
      merged.push_back({f.id, c.entries[i++].weight + w});
    } else {
      c.norm2 += w * w;
      merged.push_back({f.id, w});
      Post(f.id, story);
    }
  }
  while (i < c.entries.size()) merged.push_back(c.entries[i++]);
  c.entries.swap(merged);
  const size_t cap = view == kTerms ? options_.centroid_terms : options_.centroid_entities;
  if (cap > 0 && c.entries.size() > 2 * cap) Prune(story, view);
}

void StoryClusterer::Prune(uint32_t story, int view) {
  Centroid& c = stories_[story].views[view];
  const size_t cap = view == kTerms ? options_.centroid_terms : options_.centroid_entities;
  std::vector<Feature> kept(c.entries);
  std::sort(kept.begin(), kept.end(), [this](const Feature& a, const Feature& b) {
    return a.weight != b.weight ? a.weight > b.weight : keys_[a.id] < keys_[b.id];
  });
  if (kept.size() <= cap) return;
  for (size_t i = cap; i < kept.size(); ++i) Unpost(kept[i].id, story);
  kept.resize(cap);
  std::sort(kept.begin(), kept.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; });
  c.entries.swap(kept);
  c.norm2 = 0;
  for (const Feature& f : c.entries) c.norm2 += f.weight * f.weight;
}

void StoryClusterer::MarkChanged(uint32_t story) {
  if (changed_flag_.size() <= story) changed_flag_.resize(story + 1, 0);
  if (!(changed_flag_[story] & 1)) changed_.push_back(story);
  if (!(changed_flag_[story] & 2)) pending_.push_back(story);
  changed_flag_[story] = 3;
}

std::vector<uint32_t> StoryClusterer::TakeChanged() {
  std::vector<uint32_t> out;
  out.swap(changed_);
  for (uint32_t s : out) changed_flag_[s] &= ~1;
  std::sort(out.begin(), out.end());
  return out;
}

void StoryClusterer::Flush() {
  if (options_.merge_threshold <= 0 || pending_.empty()) return;
  std::vector<uint32_t> stories;
  stories.swap(pending_);
  for (uint32_t s : stories) changed_flag_[s] &= ~2;
  for (const auto& m : MergePass(std::move(stories))) merge_log_.push_back(m);
}

std::vector<std::pair<uint32_t, uint32_t>> StoryClusterer::TakeMerges() {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  out.swap(merge_log_);
  return out;
}

uint32_t StoryClusterer::Add(const StoryFeatures& article, int64_t day, double* score) {
  // The merge pass, before the first article of a new day (or every 1,000 undated articles).
  if (day != last_add_day_ || (day == kUnknownDay && docs_ % 1000 == 0)) Flush();
  if (options_.retire && day != kUnknownDay && day != last_add_day_) RetireOutOfReach(day);
  last_add_day_ = day;
  if (day != kUnknownDay) newest_day_ = newest_day_ == kUnknownDay ? day : std::max(newest_day_, day);
  ++docs_;
  std::vector<Feature> views[2] = {Vector(article.terms, kTerms),
                                   Vector(article.entities, kEntities)};
  std::vector<uint32_t> candidates;
  // An undated article is taken as current: stories within reach of the newest day.
  Candidates(views, options_.query_terms, day, day, day == kUnknownDay ? newest_day_ : kUnknownDay,
             options_.max_candidates, &candidates);
  std::vector<Feature> by_id[2] = {views[kTerms], views[kEntities]};
  for (auto& v : by_id) {
    std::sort(v.begin(), v.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; });
  }
  int64_t best = -1;
  double best_score = options_.threshold;
  for (uint32_t s : candidates) {
    const double sim = Similarity(stories_[s], by_id, day);
    // A story that is still one text must match the article as a copy or close retelling would.
    if (sim < Required(stories_[s], options_.threshold)) continue;
    if (sim >= best_score && (sim > best_score || best < 0)) {
      best_score = sim;
      best = s;
    }
  }
  if (score != nullptr) *score = best < 0 ? 0 : best_score;
  if (best < 0) {
    best = static_cast<int64_t>(stories_.size());
    stories_.emplace_back();
  }
  const uint32_t id = static_cast<uint32_t>(best);
  // Only the article's strongest features reach the centroid, which keeps no more anyway: a new
  // story is not pruned at once (pruning unposts; posting lists of common features are long).
  for (int v : {kTerms, kEntities}) {
    const size_t cap = v == kTerms ? options_.centroid_terms : options_.centroid_entities;
    if (cap > 0 && views[v].size() > cap) views[v].resize(cap);
    AddToCentroid(id, v, views[v], 1.0);
    if (v == kTerms) {
      double kept2 = 0;
      for (const Feature& f : views[v]) kept2 += f.weight * f.weight;
      stories_[id].mass += std::sqrt(kept2);
    }
  }
  AddToCentroid(id, kSalience, SalienceVector(article.entities), 1.0);
  Story& story = stories_[id];
  if (day != kUnknownDay) {
    const int64_t old_last = story.last_day;
    story.first_day = story.first_day == kUnknownDay ? day : std::min(story.first_day, day);
    story.last_day = story.last_day == kUnknownDay ? day : std::max(story.last_day, day);
    if (story.last_day != old_last) Track(id);
  }
  ++story.articles;
  MarkChanged(id);
  return id;
}

std::vector<std::pair<uint64_t, double>> StoryClusterer::Top(uint32_t story, int view,
                                                            size_t n) const {
  std::vector<std::pair<uint64_t, double>> out;
  if (story >= stories_.size()) return out;
  for (const Feature& f : stories_[story].views[view].entries) out.emplace_back(keys_[f.id], f.weight);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

std::vector<std::pair<uint64_t, double>> StoryClusterer::TopEntities(uint32_t story,
                                                                    size_t n) const {
  return Top(story, kEntities, n);
}
std::vector<std::pair<uint64_t, double>> StoryClusterer::TopTerms(uint32_t story, size_t n) const {
  return Top(story, kTerms, n);
}

uint32_t StoryClusterer::Resolve(uint32_t story) const {
  while (story < stories_.size() && stories_[story].merged_into != UINT32_MAX) {
    story = stories_[story].merged_into;
  }
  return story;
}

size_t StoryClusterer::MemoryBytes() const {
  size_t bytes = stories_.capacity() * sizeof(Story) +
                 by_last_day_.capacity() * sizeof(std::pair<int64_t, uint32_t>) +
                 retire_later_.capacity() * sizeof(uint32_t) + changed_flag_.capacity() +
                 (changed_.capacity() + pending_.capacity()) * sizeof(uint32_t) +
                 feature_ids_.size() * (sizeof(uint64_t) + sizeof(uint32_t) + 2 * sizeof(void*)) +
                 feature_ids_.bucket_count() * sizeof(void*) +
                 keys_.capacity() * sizeof(uint64_t) + view_of_.capacity() + df_.capacity() * 4 +
                 postings_.capacity() * sizeof(std::vector<uint32_t>);
  for (const Story& s : stories_) {
    for (const Centroid& c : s.views) bytes += c.entries.capacity() * sizeof(Feature);
  }
  for (const auto& p : postings_) bytes += p.capacity() * sizeof(uint32_t);
  return bytes;
}

StoryClusterer::Span StoryClusterer::span(uint32_t story) const {
  const Story& s = stories_.at(story);
  return Span{s.first_day, s.last_day, s.articles, s.merged_into};
}

std::vector<std::pair<uint32_t, uint32_t>> StoryClusterer::MergePass(
    std::vector<uint32_t> stories) {
  std::sort(stories.begin(), stories.end());
  stories.erase(std::unique(stories.begin(), stories.end()), stories.end());
  std::vector<std::pair<uint32_t, uint32_t>> merges;
  std::vector<uint32_t> candidates;
  for (uint32_t s : stories) {
    if (s >= stories_.size() || stories_[s].merged_into != UINT32_MAX) continue;
    std::vector<Feature> views[2];
    for (int v = 0; v < 2; ++v) {
      for (const auto& [key, w] : Top(s, v, options_.query_terms)) {
        views[v].push_back({feature_ids_.at(DictionaryKey(key, v)), w});
      }
    }
    const Story& story = stories_[s];
    // Stories out of reach of the day being added (retired, or due to be) are not merged into.
    Candidates(views, options_.query_terms, story.first_day, story.last_day,
               last_add_day_ != kUnknownDay ? last_add_day_ : newest_day_,
               options_.max_candidates, &candidates);
    int64_t best = -1;
    double best_score = options_.merge_threshold;
    for (uint32_t c : candidates) {
      if (c == s) continue;
      const Story& other = stories_[c];
      const bool have_entities =
          story.views[kEntities].norm2 > 0 && other.views[kEntities].norm2 > 0;
      double score =
          Mix(CentroidCosine(story.views[kTerms], other.views[kTerms]),
              have_entities ? CentroidCosine(story.views[kEntities], other.views[kEntities]) : 0,
              have_entities);
      score = Decay(score, Gap(other, story.first_day, story.last_day));
      // Two stories that are each one text merge only as an article would join one of them;
      // a story of several texts takes the other at merge_threshold.
      if (score < std::min(Required(story, options_.merge_threshold),
                           Required(other, options_.merge_threshold))) {
        continue;
      }
      if (score >= best_score && (score > best_score || best < 0)) {
        best_score = score;
        best = c;
      }
    }
    if (best < 0) continue;
    const uint32_t into = std::min<uint32_t>(s, static_cast<uint32_t>(best));
    const uint32_t from = std::max<uint32_t>(s, static_cast<uint32_t>(best));
    for (int v = 0; v < kViews; ++v) {
      std::vector<Feature> moved;
      moved.swap(stories_[from].views[v].entries);
      stories_[from].views[v].norm2 = 0;
      for (const Feature& f : moved) Unpost(f.id, from);
      AddToCentroid(into, v, moved, 1.0);
    }
    Story& a = stories_[into];
    Story& b = stories_[from];
    if (b.first_day != kUnknownDay) {
      const int64_t old_last = a.last_day;
      a.first_day = a.first_day == kUnknownDay ? b.first_day : std::min(a.first_day, b.first_day);
      a.last_day = a.last_day == kUnknownDay ? b.last_day : std::max(a.last_day, b.last_day);
      if (a.last_day != old_last) Track(into);
    }
    a.articles += b.articles;
    a.mass += b.mass;
    b.articles = 0;
    b.mass = 0;
    b.merged_into = into;
    ++merged_;
    MarkChanged(into);
    MarkChanged(from);
    merges.emplace_back(from, into);
  }
  return merges;
}

std::vector<uint32_t> StoryClusterer::SalientEntities(uint32_t story) const {
  const size_t common =
      std::max(options_.link_common_floor, live_story_count() / 100);
  std::vector<uint32_t> out;
  for (const auto& [key, w] : Top(story, kSalience, SIZE_MAX)) {
    const uint32_t id = feature_ids_.at(DictionaryKey(key, kSalience));
    if (postings_[id].size() > common) continue;
    out.push_back(id);
    if (out.size() == options_.link_top) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<StoryLink> StoryClusterer::Links(uint32_t story) const {
  std::vector<StoryLink> out;
  if (story >= stories_.size() || stories_[story].merged_into != UINT32_MAX) return out;
  const Centroid& mine = stories_[story].views[kSalience];
  const std::vector<uint32_t> salient = SalientEntities(story);
  if (salient.size() < options_.link_min_shared) return out;
  // Candidates: every story holding one of these entities (the common ones are excluded above,
  // so the lists are short).
  std::vector<uint32_t> holders;
  for (uint32_t id : salient) {
    for (uint32_t c : postings_[id]) {
      if (c != story) holders.push_back(c);
    }
  }
  // A candidate must hold at least link_min_shared of these entities (checked before the
  // costlier test against its own most salient ones).
  std::sort(holders.begin(), holders.end());
  std::vector<uint32_t> candidates;
  for (size_t i = 0; i < holders.size();) {
    size_t j = i;
    while (j < holders.size() && holders[j] == holders[i]) ++j;
    if (j - i >= options_.link_min_shared) candidates.push_back(holders[i]);
    i = j;
  }
  for (uint32_t c : candidates) {
    const std::vector<uint32_t> theirs = SalientEntities(c);
    std::vector<uint32_t> shared;
    std::set_intersection(salient.begin(), salient.end(), theirs.begin(), theirs.end(),
                          std::back_inserter(shared));
    if (shared.size() < options_.link_min_shared) continue;
    const double score = CentroidCosine(mine, stories_[c].views[kSalience]);
    if (score < options_.link_threshold) continue;
    // The explanation: every entity salient in both (not only the top ones), strongest (product
    // of the two saliences) first, common ones left out.
    const Centroid& other = stories_[c].views[kSalience];
    const size_t common = std::max(options_.link_common_floor, live_story_count() / 100);
    std::vector<std::pair<double, uint64_t>> ranked;
    for (size_t i = 0, j = 0; i < mine.entries.size() && j < other.entries.size();) {
      if (mine.entries[i].id < other.entries[j].id) {
        ++i;
      } else if (other.entries[j].id < mine.entries[i].id) {
        ++j;
      } else {
        if (postings_[mine.entries[i].id].size() <= common) {
          ranked.emplace_back(mine.entries[i].weight * other.entries[j].weight,
                              keys_[mine.entries[i].id]);
        }
        ++i, ++j;
      }
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (ranked.size() > 8) ranked.resize(8);
    StoryLink link;
    link.other = c;
    link.score = score;
    for (const auto& r : ranked) link.shared_entities.push_back(r.second);
    out.push_back(std::move(link));
  }
  std::sort(out.begin(), out.end(), [](const StoryLink& a, const StoryLink& b) {
    return a.score != b.score ? a.score > b.score : a.other < b.other;
  });
  return out;
}

}  // namespace storyline
