#include "engine/story_queries.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

#include "engine/story_stage.h"

namespace storyline {
namespace {

std::vector<std::string> SplitTerms(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0, j; i < s.size(); i = j + 1) {
    j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
  }
  return out;
}

// Storylines: the connected components of the story links (union-find), each named by its
// smallest story.
class Components {
 public:
  explicit Components(const std::vector<StoryLinkRow>& links) {
    for (const StoryLinkRow& l : links) Union(l.a, l.b);
  }
  uint32_t Find(uint32_t x) {
    auto it = parent_.find(x);
    if (it == parent_.end()) return x;
    if (it->second == x) return x;
    const uint32_t root = Find(it->second);
    parent_[x] = root;
    return root;
  }
  // Components of two or more stories: root -> members, ascending.
  std::map<uint32_t, std::vector<uint32_t>> Groups() {
    std::map<uint32_t, std::vector<uint32_t>> out;
    std::vector<uint32_t> keys;
    for (const auto& [k, v] : parent_) keys.push_back(k);
    for (uint32_t k : keys) out[Find(k)].push_back(k);
    for (auto& [root, members] : out) std::sort(members.begin(), members.end());
    return out;
  }

 private:
  void Union(uint32_t a, uint32_t b) {
    parent_.try_emplace(a, a);
    parent_.try_emplace(b, b);
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }
  std::unordered_map<uint32_t, uint32_t> parent_;
};

class EntityNames {
 public:
  explicit EntityNames(Catalog* catalog) : catalog_(catalog) {}
  Result<std::vector<EntitySummary>> Of(const std::vector<EntityId>& ids) {
    std::vector<EntitySummary> out;
    for (EntityId id : ids) {
      auto it = cache_.find(id.value());
      if (it == cache_.end()) {
        auto row = catalog_->EntityById(id);
        if (!row.ok()) {
          if (row.status().code() == StatusCode::kNotFound) continue;
          return row.status();
        }
        it = cache_.emplace(id.value(), ToEntitySummary(*row)).first;
      }
      out.push_back(it->second);
    }
    return out;
  }

 private:
  Catalog* catalog_;
  std::unordered_map<uint64_t, EntitySummary> cache_;
};

Result<Storyline> BuildStoryline(Catalog* catalog, uint32_t root,
                                 const std::vector<uint32_t>& members,
                                 const std::vector<StoryLinkRow>& links, EntityNames* names) {
  Storyline line;
  line.id = root;
  for (uint32_t s : members) {
    ASSIGN_OR_RETURN(StoryListRow row, catalog->StoryById(s));
    line.stories.push_back(ToStorySummary(row));
  }
  std::stable_sort(line.stories.begin(), line.stories.end(),
                   [](const StorySummary& a, const StorySummary& b) {
                     if (a.first_date.empty() != b.first_date.empty()) return b.first_date.empty();
                     return a.first_date < b.first_date;
                   });
  for (const StorySummary& s : line.stories) {
    if (s.first_date.empty()) continue;
    if (line.first_date.empty() || s.first_date < line.first_date) line.first_date = s.first_date;
    if (s.last_date > line.last_date) line.last_date = s.last_date;
  }
  for (const StoryLinkRow& l : links) {
    if (!std::binary_search(members.begin(), members.end(), l.a)) continue;
    Storyline::Link link;
    link.a = l.a;
    link.b = l.b;
    link.score = l.score;
    ASSIGN_OR_RETURN(link.shared_entities, names->Of(l.shared));
    line.links.push_back(std::move(link));
  }
  return line;
}

}  // namespace

EntitySummary ToEntitySummary(const EntityListRow& r) {
  return EntitySummary{r.id, r.type, r.name, r.mentions, r.articles};
}

StorySummary ToStorySummary(const StoryListRow& row) {
  StorySummary s;
  s.id = row.story;
  s.title = row.title;
  s.first_date = row.first_day == kNoDay ? "" : DayToIso(row.first_day);
  s.last_date = row.last_day == kNoDay ? "" : DayToIso(row.last_day);
  s.articles = row.articles;
  s.sources = row.sources;
  s.terms = SplitTerms(row.terms);
  return s;
}

Result<std::vector<StorySummary>> QueryStories(Catalog* catalog, const StoryListOptions& o,
                                               const std::vector<EntityId>& entities) {
  int64_t from = kNoDay, to = kNoDay;
  if (!o.from.empty()) {
    ASSIGN_OR_RETURN(from, IsoToDay(o.from, false));
  }
  if (!o.to.empty()) {
    ASSIGN_OR_RETURN(to, IsoToDay(o.to, true));
  }
  ASSIGN_OR_RETURN(auto rows, catalog->ListStories(from, to, entities, o.min_size, o.offset,
                                                   o.limit));
  std::vector<StorySummary> out;
  for (const StoryListRow& r : rows) out.push_back(ToStorySummary(r));
  return out;
}

Result<StoryDetail> QueryStory(Catalog* catalog, uint32_t id) {
  StoryDetail d;
  ASSIGN_OR_RETURN(StoryListRow row, catalog->StoryById(id));
  d.story = ToStorySummary(row);
  ASSIGN_OR_RETURN(auto docs, catalog->StoryDocs(row.story));
  // Copies collapsed: the first member of each near-duplicate group (in date order) stands for
  // the others.
  std::unordered_map<uint32_t, size_t> entry_of_group;
  std::map<std::string, uint64_t> languages;
  for (DocId doc : docs) {
    ASSIGN_OR_RETURN(ArticleRow a, catalog->ArticleByDoc(doc));
    ++languages[a.article.language];
    auto member = catalog->DupMemberOf(doc);
    uint32_t group = doc.value();
    if (member.ok()) {
      group = member->group.value();
    } else if (member.status().code() != StatusCode::kInvalidArgument) {
      return member.status();
    }
    auto [it, inserted] = entry_of_group.try_emplace(group, d.timeline.size());
    if (inserted) {
      d.timeline.push_back({std::move(a.article), 0});
    } else {
      ++d.timeline[it->second].copies;
    }
  }
  for (auto& [lang, n] : languages) d.languages.emplace_back(lang, n);
  std::sort(d.languages.begin(), d.languages.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  ASSIGN_OR_RETURN(auto entities, catalog->StoryEntities(row.story, 20));
  for (auto& [e, n] : entities) d.entities.emplace_back(ToEntitySummary(e), n);
  ASSIGN_OR_RETURN(auto links, catalog->StoryLinks());
  Components components(links);
  d.storyline = components.Find(row.story);
  EntityNames names(catalog);
  for (const StoryLinkRow& l : links) {
    if (l.a != row.story && l.b != row.story) continue;
    StoryLinkInfo info;
    ASSIGN_OR_RETURN(StoryListRow other, catalog->StoryById(l.a == row.story ? l.b : l.a));
    info.story = ToStorySummary(other);
    info.score = l.score;
    ASSIGN_OR_RETURN(info.shared_entities, names.Of(l.shared));
    d.links.push_back(std::move(info));
  }
  std::sort(d.links.begin(), d.links.end(),
            [](const StoryLinkInfo& a, const StoryLinkInfo& b) { return a.score > b.score; });
  return d;
}

Result<std::vector<Storyline>> QueryStorylines(Catalog* catalog, const StorylineListOptions& o) {
  ASSIGN_OR_RETURN(auto links, catalog->StoryLinks());
  Components components(links);
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> groups;
  for (auto& [root, members] : components.Groups()) {
    if (members.size() >= std::max<uint64_t>(o.min_stories, 2)) {
      groups.emplace_back(root, std::move(members));
    }
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    return a.second.size() > b.second.size();
  });
  std::vector<Storyline> out;
  EntityNames names(catalog);
  for (size_t i = o.offset; i < groups.size() && (o.limit == 0 || out.size() < o.limit); ++i) {
    ASSIGN_OR_RETURN(Storyline line,
                     BuildStoryline(catalog, groups[i].first, groups[i].second, links, &names));
    out.push_back(std::move(line));
  }
  return out;
}

Result<Storyline> QueryStoryline(Catalog* catalog, uint32_t id) {
  ASSIGN_OR_RETURN(StoryListRow row, catalog->StoryById(id));
  ASSIGN_OR_RETURN(auto links, catalog->StoryLinks());
  Components components(links);
  const uint32_t root = components.Find(row.story);
  std::vector<uint32_t> members = {row.story};
  for (auto& [r, m] : components.Groups()) {
    if (r == root) members = m;
  }
  EntityNames names(catalog);
  return BuildStoryline(catalog, root, members, links, &names);
}

}  // namespace storyline
