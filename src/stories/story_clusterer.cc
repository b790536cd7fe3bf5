#include "stories/story_clusterer.h"

#include <algorithm>
#include <cmath>

namespace storyline {

uint32_t StoryClusterer::TermId(const std::string& term) {
  auto [it, inserted] = term_ids_.emplace(term, static_cast<uint32_t>(df_.size()));
  if (inserted) {
    df_.push_back(0);
    postings_.emplace_back();
  }
  return it->second;
}

double StoryClusterer::Centroid::Cosine(const std::vector<std::pair<uint32_t, double>>& unit) const {
  if (norm2 <= 0) return 0;
  double dot = 0;
  for (const auto& [id, w] : unit) {
    auto it = weights.find(id);
    if (it != weights.end()) dot += w * it->second;
  }
  return dot / std::sqrt(norm2);
}

void StoryClusterer::Centroid::Add(const std::vector<std::pair<uint32_t, double>>& unit) {
  for (const auto& [id, w] : unit) {
    double& c = weights[id];
    norm2 += 2 * c * w + w * w;
    c += w;
  }
}

std::vector<std::pair<uint32_t, double>> StoryClusterer::Vector(
    const std::vector<std::string>& items, const char* prefix) {
  // Term frequencies; document frequencies include this article. Entities live in the same
  // dictionary under a prefix, so their document frequencies are their own.
  std::unordered_map<uint32_t, uint32_t> tf;
  for (const std::string& t : items) ++tf[TermId(prefix + t)];
  for (const auto& [id, n] : tf) ++df_[id];
  // Unit TF-IDF vector: (1 + log tf) * log((N + 1) / df).
  std::vector<std::pair<uint32_t, double>> vec;
  double norm2 = 0;
  for (const auto& [id, n] : tf) {
    const double w = (1 + std::log(n)) * std::log((1.0 + docs_) / df_[id]);
    if (w <= 0) continue;
    vec.emplace_back(id, w);
    norm2 += w * w;
  }
  const double norm = std::sqrt(norm2);
  for (auto& [id, w] : vec) w /= norm > 0 ? norm : 1;
  std::sort(vec.begin(), vec.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return vec;
}

uint32_t StoryClusterer::Add(const std::vector<std::string>& terms,
                             const std::vector<std::string>& entities, int64_t day) {
  ++docs_;
  const auto vec = Vector(terms, "");
  const auto ents = Vector(entities, "\x01");
  // Candidates: stories posted under the article's strongest terms and entities, most recent
  // first.
  std::vector<uint32_t> candidates;
  for (const auto* v : {&vec, &ents}) {
    for (size_t i = 0; i < v->size() && i < options_.query_terms; ++i) {
      const auto& list = postings_[(*v)[i].first];
      for (size_t k = list.size(); k-- > 0 && candidates.size() < options_.max_candidates * 4;) {
        candidates.push_back(list[k]);
      }
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  if (candidates.size() > options_.max_candidates) {
    // Keep the newest stories (higher ids were started later).
    candidates.erase(candidates.begin(), candidates.end() - options_.max_candidates);
  }
  int best = -1;
  double best_score = options_.threshold;
  for (uint32_t s : candidates) {
    const Story& story = stories_[s];
    double score = story.terms.Cosine(vec);
    if (!ents.empty() && story.entities.norm2 > 0) {
      score = (1 - options_.entity_weight) * score +
              options_.entity_weight * story.entities.Cosine(ents);
    }
    if (day != kUnknownDay && story.last_day != kUnknownDay) {
      const double gap = std::abs(static_cast<double>(day - story.last_day));
      score *= std::exp(-gap / options_.decay_days);
    }
    if (score >= best_score) {
      best_score = score;
      best = static_cast<int>(s);
    }
  }
  if (best < 0) {
    best = static_cast<int>(stories_.size());
    stories_.emplace_back();
  }
  Story& story = stories_[best];
  story.terms.Add(vec);
  story.entities.Add(ents);
  if (day != kUnknownDay) story.last_day = std::max(story.last_day, day);
  for (const auto* v : {&vec, &ents}) {
    for (size_t i = 0; i < v->size() && i < options_.indexed_terms; ++i) {
      if (story.indexed.insert((*v)[i].first).second) postings_[(*v)[i].first].push_back(best);
    }
  }
  return static_cast<uint32_t>(best);
}

}  // namespace storyline
