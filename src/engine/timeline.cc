#include "engine/timeline.h"

#include <algorithm>
#include <map>
#include <string>

#include "common/civil_date.h"
#include "engine/story_stage.h"

namespace storyline {

std::string IsoWeek(int64_t day) {
  // Monday = 0 (1970-01-01 was a Thursday). The week belongs to the year of its Thursday.
  const int64_t weekday = ((day % 7) + 7 + 3) % 7;
  const int64_t thursday = day - weekday + 3;
  const CivilDate t = CivilFromDays(thursday);
  const int64_t week = (thursday - DaysFromCivil(t.year, 1, 1)) / 7 + 1;
  std::string w = std::to_string(week);
  return std::to_string(t.year) + "-W" + (week < 10 ? "0" : "") + w;
}

Result<Timeline> BuildTimeline(Catalog* catalog, const std::vector<DocId>& docs,
                               const TimelineOptions& o) {
  if (o.by != "day" && o.by != "week" && o.by != "month") {
    return InvalidArgument("--by must be day, week or month, not \"" + o.by + "\"");
  }
  int64_t from = kUnknownDay, to = kUnknownDay;
  if (!o.from.empty()) {
    ASSIGN_OR_RETURN(from, IsoToDay(o.from, false));
  }
  if (!o.to.empty()) {
    ASSIGN_OR_RETURN(to, IsoToDay(o.to, true));
  }
  Timeline t;
  std::map<int64_t, uint64_t> by_day;
  for (DocId doc : docs) {
    ASSIGN_OR_RETURN(ArticleRow row, catalog->ArticleByDoc(doc));
    const PublishedDate& p = row.article.published;
    // A month-only date counts on the month's first day (and in its month).
    const int64_t day = p.known() && p.month > 0 ? StoryDay(p.year, p.month, p.day) : kUnknownDay;
    if (day == kUnknownDay) {
      if (from == kUnknownDay && to == kUnknownDay) {
        ++t.undated;
        ++t.articles;
      }
      continue;
    }
    if ((from != kUnknownDay && day < from) || (to != kUnknownDay && day > to)) continue;
    ++by_day[day];
    ++t.articles;
  }
  if (by_day.empty()) return t;
  auto period = [&](int64_t day) {
    const std::string iso = DayToIso(day);
    return o.by == "day" ? iso : o.by == "month" ? iso.substr(0, 7) : IsoWeek(day);
  };
  // Every period between the first and the last, so gaps show as zeros.
  auto it = by_day.begin();
  for (int64_t day = by_day.begin()->first; day <= by_day.rbegin()->first; ++day) {
    const std::string p = period(day);
    if (t.periods.empty() || t.periods.back().first != p) t.periods.emplace_back(p, 0);
    if (it != by_day.end() && it->first == day) {
      t.periods.back().second += it->second;
      ++it;
    }
  }
  return t;
}

Result<SearchFacets> BuildSearchFacets(Catalog* catalog, const std::vector<DocId>& docs,
                                       const FacetOptions& o) {
  if (o.by != "day" && o.by != "month") {
    return InvalidArgument("facet dates go by day or month, not \"" + o.by + "\"");
  }
  SearchFacets f;
  ASSIGN_OR_RETURN(Catalog::FieldCounts counts, catalog->CountArticleFields(docs, o.by == "day"));
  f.matches = counts.articles;
  f.undated = counts.undated;
  auto top = [&](const std::map<std::string, uint64_t>& counts) {
    std::vector<std::pair<std::string, uint64_t>> v(counts.begin(), counts.end());
    std::stable_sort(v.begin(), v.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (o.max_values > 0 && v.size() > o.max_values) v.resize(o.max_values);
    return v;
  };
  f.sources = top(counts.sources);
  f.languages = top(counts.languages);
  f.dates.assign(counts.dates.begin(), counts.dates.end());
  return f;
}

}  // namespace storyline
