// StoryClusterer's persistence (saved state) and retirement of stories out of reach: see
// story_clusterer.h.
#include "stories/story_clusterer.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

namespace storyline {
namespace {

// Version 3 adds a story's mass; version 2 blobs load with mass = articles (exact for articles
// of at most centroid_terms terms).
constexpr uint8_t kBlobVersion = 3;
constexpr uint8_t kOldBlobVersion = 2;

template <typename T>
void Put(std::string* out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out->append(b, sizeof(T));
}

// Bounds-checked little-endian reader over a blob.
class BlobReader {
 public:
  explicit BlobReader(std::string_view b) : b_(b) {}
  template <typename T>
  bool Get(T* v) {
    if (b_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, b_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool done() const { return pos_ == b_.size(); }
  size_t remaining() const { return b_.size() - pos_; }

 private:
  std::string_view b_;
  size_t pos_ = 0;
};

}  // namespace

std::string StoryClusterer::SaveGlobalState() const {
  std::string out;
  Put<uint8_t>(&out, kBlobVersion);
  Put<uint64_t>(&out, docs_);
  Put<int64_t>(&out, last_add_day_);
  Put<uint32_t>(&out, static_cast<uint32_t>(pending_.size()));
  for (uint32_t p : pending_) Put<uint32_t>(&out, p);
  Put<uint32_t>(&out, static_cast<uint32_t>(df_.size()));
  for (size_t id = 0; id < df_.size(); ++id) {
    Put<uint8_t>(&out, view_of_[id]);
    Put<uint64_t>(&out, keys_[id]);
    Put<uint32_t>(&out, df_[id]);
  }
  return out;
}

std::string StoryClusterer::SaveStory(uint32_t story) const {
  const Story& s = stories_.at(story);
  assert(!s.retired && "a retired story's saved state is the one from before it retired");
  std::string out;
  Put<uint8_t>(&out, kBlobVersion);
  Put<int64_t>(&out, s.first_day);
  Put<int64_t>(&out, s.last_day);
  Put<uint64_t>(&out, s.articles);
  Put<uint32_t>(&out, s.merged_into);
  Put<double>(&out, s.mass);
  for (int v = 0; v < kViews; ++v) {
    std::vector<std::pair<uint64_t, double>> entries;
    for (const Feature& f : s.views[v].entries) entries.emplace_back(keys_[f.id], f.weight);
    std::sort(entries.begin(), entries.end());
    Put<double>(&out, s.views[v].norm2);
    Put<uint32_t>(&out, static_cast<uint32_t>(entries.size()));
    for (const auto& [key, w] : entries) {
      Put<uint64_t>(&out, key);
      Put<double>(&out, w);
    }
  }
  return out;
}

Status StoryClusterer::LoadState(std::string_view global, const std::vector<std::string>& stories) {
  feature_ids_.clear();
  keys_.clear();
  view_of_.clear();
  df_.clear();
  postings_.clear();
  stories_.clear();
  changed_.clear();
  changed_flag_.clear();
  pending_.clear();
  merge_log_.clear();
  by_last_day_.clear();
  retire_later_.clear();
  retired_ = 0;
  retired_max_last_day_ = kUnknownDay;
  newest_day_ = kUnknownDay;
  last_add_day_ = kUnknownDay;
  merged_ = 0;
  docs_ = 0;
  if (!global.empty()) {
    BlobReader r(global);
    uint8_t version = 0;
    uint32_t pending = 0, n = 0;
    bool ok = r.Get(&version) && (version == kBlobVersion || version == kOldBlobVersion) &&
              r.Get(&docs_) && r.Get(&last_add_day_) && r.Get(&pending) &&
              r.remaining() / 4 >= pending;
    for (uint32_t i = 0; ok && i < pending; ++i) {
      uint32_t p = 0;
      r.Get(&p);
      ok = p < stories.size();
      pending_.push_back(p);
    }
    if (!ok || !r.Get(&n) || r.remaining() != static_cast<size_t>(n) * 13) {
      return Corruption("the story clusterer's global state is damaged or of another version");
    }
    changed_flag_.assign(stories.size(), 0);
    for (uint32_t p : pending_) changed_flag_[p] = 2;
    feature_ids_.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      uint8_t view = 0;
      uint64_t key = 0;
      uint32_t df = 0;
      r.Get(&view);
      r.Get(&key);
      r.Get(&df);
      if (view >= kViews) {
        return Corruption("the story clusterer's global state names an unknown view");
      }
      const uint32_t id = FeatureId(DictionaryKey(key, view));
      keys_[id] = key;
      view_of_[id] = view;
      df_[id] = df;
    }
  }
  stories_.resize(stories.size());
  for (size_t s = 0; s < stories.size(); ++s) {
    Story& story = stories_[s];
    if (!ParseStory(stories[s], stories.size(), &story)) {
      return Corruption("the saved state of story " + std::to_string(s) +
                        " is damaged, of another version, or names features the document "
                        "frequencies lack");
    }
    for (const Centroid& c : story.views) {
      for (const Feature& f : c.entries) postings_[f.id].push_back(static_cast<uint32_t>(s));
    }
    if (story.merged_into != UINT32_MAX) ++merged_;
  }
  for (const Story& story : stories_) {
    if (story.last_day != kUnknownDay) {
      newest_day_ =
          newest_day_ == kUnknownDay ? story.last_day : std::max(newest_day_, story.last_day);
    }
  }
  if (options_.retire) {
    for (uint32_t s = 0; s < stories_.size(); ++s) {
      if (stories_[s].merged_into == UINT32_MAX && stories_[s].last_day != kUnknownDay) Track(s);
    }
    // As if the last day saved had just been added.
    const int64_t day = last_add_day_ != kUnknownDay ? last_add_day_ : newest_day_;
    if (day != kUnknownDay) RetireOutOfReach(day);
  }
  return Status::Ok();
}

bool StoryClusterer::ParseStory(std::string_view blob, size_t story_count, Story* story) const {
  BlobReader r(blob);
  uint8_t version = 0;
  bool ok = r.Get(&version) && (version == kBlobVersion || version == kOldBlobVersion) &&
            r.Get(&story->first_day) && r.Get(&story->last_day) && r.Get(&story->articles) &&
            r.Get(&story->merged_into);
  story->mass = static_cast<double>(story->articles);
  if (ok && version == kBlobVersion) ok = r.Get(&story->mass);
  for (int v = 0; ok && v < kViews; ++v) {
    uint32_t n = 0;
    story->views[v].entries.clear();
    ok = r.Get(&story->views[v].norm2) && r.Get(&n) && r.remaining() >= static_cast<size_t>(n) * 16;
    for (uint32_t i = 0; ok && i < n; ++i) {
      uint64_t key = 0;
      double w = 0;
      r.Get(&key);
      r.Get(&w);
      auto it = feature_ids_.find(DictionaryKey(key, v));
      if (it == feature_ids_.end()) {
        ok = false;
        break;
      }
      story->views[v].entries.push_back({it->second, w});
    }
  }
  for (auto& view : story->views) {
    std::sort(view.entries.begin(), view.entries.end(),
              [](const Feature& a, const Feature& b) { return a.id < b.id; });
  }
  return ok && r.done() && (story->merged_into == UINT32_MAX || story->merged_into < story_count);
}

void StoryClusterer::Track(uint32_t story) {
  by_last_day_.emplace_back(stories_[story].last_day, story);
  std::push_heap(by_last_day_.begin(), by_last_day_.end(), std::greater<>());
}

void StoryClusterer::RetireOutOfReach(int64_t day) {
  const double max_gap = MaxGap();
  if (!std::isfinite(max_gap)) return;
  auto out_of_reach = [&](int64_t last_day) {
    return last_day != kUnknownDay && static_cast<double>(day - last_day) > max_gap;
  };
  std::vector<uint32_t> due;
  due.swap(retire_later_);
  while (!by_last_day_.empty() && out_of_reach(by_last_day_.front().first)) {
    const auto [last, s] = by_last_day_.front();
    std::pop_heap(by_last_day_.begin(), by_last_day_.end(), std::greater<>());
    by_last_day_.pop_back();
    if (stories_[s].last_day == last) due.push_back(s);  // else it grew: a later entry exists
  }
  std::sort(due.begin(), due.end());
  due.erase(std::unique(due.begin(), due.end()), due.end());
  std::vector<uint32_t> features;  // whose posting lists lose retired stories
  for (uint32_t s : due) {
    Story& story = stories_[s];
    if (story.retired || story.merged_into != UINT32_MAX || !out_of_reach(story.last_day)) continue;
    // Not saved yet (or a merge pass is pending for it): retired once it is.
    if (s < changed_flag_.size() && changed_flag_[s] != 0) {
      retire_later_.push_back(s);
      continue;
    }
    for (int v : {kTerms, kEntities}) {
      for (const Feature& f : story.views[v].entries) features.push_back(f.id);
      std::vector<Feature>().swap(story.views[v].entries);  // norm2 stays, for Texts
    }
    story.retired = true;
    ++retired_;
    retired_max_last_day_ = retired_max_last_day_ == kUnknownDay
                                ? story.last_day
                                : std::max(retired_max_last_day_, story.last_day);
  }
  // One sweep per list, not one erase per story: the lists of common features are long.
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  for (uint32_t f : features) {
    std::vector<uint32_t>& list = postings_[f];
    list.erase(std::remove_if(list.begin(), list.end(),
                              [this](uint32_t s) { return stories_[s].retired; }),
               list.end());
    if (list.capacity() > 2 * list.size() + 16) list.shrink_to_fit();
  }
}

std::vector<uint32_t> StoryClusterer::RetiredInReach(int64_t day) const {
  std::vector<uint32_t> out;
  if (retired_ == 0 || day == kUnknownDay) return out;
  const double max_gap = MaxGap();
  // In date order every retired story ended out of reach of this day.
  if (static_cast<double>(day - retired_max_last_day_) > max_gap) return out;
  for (uint32_t s = 0; s < stories_.size(); ++s) {
    if (stories_[s].retired && Reachable(stories_[s], day, day, kUnknownDay, max_gap)) {
      out.push_back(s);
    }
  }
  return out;
}

Status StoryClusterer::Revive(uint32_t story, std::string_view saved) {
  if (story >= stories_.size() || !stories_[story].retired) {
    return InvalidArgument("story " + std::to_string(story) + " is not retired");
  }
  Story parsed;
  Story& s = stories_[story];
  if (!ParseStory(saved, stories_.size(), &parsed) || parsed.first_day != s.first_day ||
      parsed.last_day != s.last_day || parsed.articles != s.articles ||
      parsed.merged_into != s.merged_into) {
    return Corruption("the saved state of retired story " + std::to_string(story) +
                      " is damaged or not the state it retired with");
  }
  for (int v : {kTerms, kEntities}) {
    s.views[v] = std::move(parsed.views[v]);
    for (const Feature& f : s.views[v].entries) Post(f.id, story);
  }
  s.retired = false;
  --retired_;
  Track(story);
  return Status::Ok();
}

}  // namespace storyline
