#include "engine/story_stage.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <unordered_set>

#include "analysis/index_terms.h"
#include "common/civil_date.h"
#include "search/query.h"
#include "stories/story_features.h"

namespace storyline {

int64_t StoryDay(int year, int month, int day) {
  if (year <= 0 || month < 1 || month > 12) return kUnknownDay;
  return DaysFromCivil(year, static_cast<unsigned>(month),
                       day >= 1 && day <= 31 ? static_cast<unsigned>(day) : 1);
}

std::string DayToIso(int64_t day) {
  if (day == kUnknownDay) return "";
  const CivilDate c = CivilFromDays(day);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                c.day);
  return buf;
}

Result<int64_t> IsoToDay(const std::string& date, bool end) {
  // The search filters' bound ("2016" -> 2016-01-01 or 2016-12-31), as a day number.
  auto bound = DateBound(date, end);
  if (!bound.ok()) {
    return InvalidArgument("\"" + date + "\" is not a date; write YYYY, YYYY-MM or YYYY-MM-DD");
  }
  const unsigned y = static_cast<unsigned>(std::stoi(bound->substr(0, 4)));
  const unsigned m = static_cast<unsigned>(std::stoi(bound->substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(bound->substr(8, 2)));
  // DateBound ends every February on the 29th: the day after a month's last is its next first.
  const int64_t first_of_next = m == 12 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, m + 1, 1);
  return std::min(DaysFromCivil(y, m, d), first_of_next - 1);
}

StoryStage::StoryStage(Env* env, const StoreLayout& layout, Catalog* catalog,
                       StoryClusterOptions options)
    : layout_(layout), catalog_(catalog), clusterer_(options), texts_(env, layout, catalog, 16) {}

Status StoryStage::Load() {
  std::string global;
  std::vector<StoryRow> rows;
  RETURN_IF_ERROR(catalog_->LoadStories(&global, &rows));
  std::vector<std::string> blobs;
  blobs.reserve(rows.size());
  labels_.assign(rows.size(), Label());
  for (StoryRow& r : rows) {
    labels_[r.story] = Label{r.title_doc, r.title_score, r.terms, r.articles};
    blobs.push_back(std::move(r.state));
  }
  Status s = clusterer_.LoadState(global, blobs);
  if (!s.ok()) {
    return Corruption("catalog " + layout_.catalog() + ": " + s.message() +
                      "; run `storyline check`");
  }
  return Status::Ok();
}

Status StoryStage::Revive(uint32_t story) {
  ASSIGN_OR_RETURN(std::string state, catalog_->StoryState(story));
  Status s = clusterer_.Revive(story, state);
  if (!s.ok()) {
    return Corruption("catalog " + layout_.catalog() + ": " + s.message() +
                      "; run `storyline check`");
  }
  return Status::Ok();
}

Status StoryStage::Update(uint64_t* placed,
                          const std::function<void(uint64_t, uint64_t)>& progress,
                          const StoryFeatureBuffer* features) {
  *placed = 0;
  revived_for_ = kUnknownDay;
  ASSIGN_OR_RETURN(std::vector<StoryInputRow> rows, catalog_->ArticlesWithoutStory());
  if (rows.empty()) return Status::Ok();
  // Date order; the article id (a hash of the content) orders a day, so input order within a day
  // never matters; undated articles last.
  std::vector<int64_t> days(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) days[i] = StoryDay(rows[i].year, rows[i].month, rows[i].day);
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const bool ua = days[a] == kUnknownDay, ub = days[b] == kUnknownDay;
    if (ua != ub) return ub;
    if (days[a] != days[b]) return days[a] < days[b];
    return rows[a].article_id < rows[b].article_id;
  });
  for (size_t begin = 0; begin < order.size(); begin += kChunkArticles) {
    std::vector<StoryInputRow> chunk;
    for (size_t i = begin; i < order.size() && i < begin + kChunkArticles; ++i) {
      chunk.push_back(rows[order[i]]);
    }
    RETURN_IF_ERROR(PlaceChunk(chunk, begin + chunk.size() >= order.size(), features));
    *placed += chunk.size();
    if (progress) progress(*placed, rows.size());
  }
  return Status::Ok();
}

Status StoryStage::PlaceChunk(const std::vector<StoryInputRow>& chunk, bool last,
                              const StoryFeatureBuffer* buffer) {
  // Features, from the buffer or read in doc order (sequential segment reads), then clustered in
  // the chunk's order.
  std::vector<size_t> by_doc(chunk.size());
  for (size_t i = 0; i < by_doc.size(); ++i) by_doc[i] = i;
  std::sort(by_doc.begin(), by_doc.end(),
            [&](size_t a, size_t b) { return chunk[a].doc.value() < chunk[b].doc.value(); });
  std::vector<StoryFeatures> features(chunk.size());
  std::vector<uint8_t> has_title(chunk.size(), 0);
  std::unordered_map<uint64_t, std::string> term_text;  // for labels
  IndexTermExtractor extractor;
  std::vector<std::string> scratch, strings;
  std::vector<std::pair<uint64_t, std::string_view>> words;
  for (size_t i : by_doc) {
    bool titled = false;
    words.clear();
    if (buffer != nullptr && buffer->Get(chunk[i].doc.value(), &features[i], &titled, &words)) {
      for (const auto& [key, word] : words) term_text.try_emplace(key, word);
      has_title[i] = titled;
      continue;
    }
    ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(chunk[i].doc));
    ASSIGN_OR_RETURN(std::string text, texts_.Text(row));
    strings.clear();
    AppendStoryTerms(&extractor, row.article.title, text, row.article.language, &scratch,
                     &features[i], &strings);
    for (const std::string& t : strings) term_text.try_emplace(StoryFeatures::TermKey(t), t);
    ASSIGN_OR_RETURN(auto entities, catalog_->ArticleEntities(chunk[i].doc));
    for (const auto& [e, mentions] : entities) {
      for (uint32_t k = 0; k < mentions; ++k) features[i].entities.push_back(e.id.value());
    }
    has_title[i] = !row.article.title.empty();
  }

  StoryCommit commit;
  std::unordered_map<uint32_t, uint32_t> group_story;  // this chunk's groups
  std::set<uint32_t> touched;  // stories whose rows change
  for (size_t i = 0; i < chunk.size(); ++i) {
    const StoryInputRow& r = chunk[i];
    std::optional<uint32_t> story;
    if (r.group != r.doc) {
      auto it = group_story.find(r.group.value());
      if (it != group_story.end()) {
        story = clusterer_.Resolve(it->second);
      } else {
        ASSIGN_OR_RETURN(story, catalog_->StoryOfGroup(r.group));
        // Rows of earlier chunks hold the story as it was then; it may have merged since.
        if (story) story = clusterer_.Resolve(*story);
      }
    }
    if (!story) {
      const int64_t day = StoryDay(r.year, r.month, r.day);
      if (day != kUnknownDay && day != revived_for_) {
        // An article dated before the newest needs the stories of its period back.
        for (uint32_t retired : clusterer_.RetiredInReach(day)) RETURN_IF_ERROR(Revive(retired));
        revived_for_ = day;
      }
      double score = 0;
      story = clusterer_.Add(features[i], day, &score);
      if (labels_.size() <= *story) labels_.resize(*story + 1);
      Label& label = labels_[*story];
      if (has_title[i] && score > label.title_score) {
        label.title_doc = r.doc;
        label.title_score = score;
      }
    }
    if (r.group != r.doc) group_story[r.group.value()] = *story;
    commit.assignments.emplace_back(r.doc, *story);
    if (labels_.size() <= *story) labels_.resize(*story + 1);
    ++labels_[*story].members;
    touched.insert(*story);
  }
  if (last) clusterer_.Flush();
  commit.merges = clusterer_.TakeMerges();
  for (const auto& [from, into] : commit.merges) {
    Label& a = labels_[into];
    Label& b = labels_[from];
    if (b.title_score > a.title_score) {
      a.title_doc = b.title_doc;
      a.title_score = b.title_score;
    }
    a.members += b.members;
    b.members = 0;
  }
  for (uint32_t s : clusterer_.TakeChanged()) touched.insert(s);
  std::unordered_set<uint64_t> linked;
  for (uint32_t s : touched) {
    // A copy joined a story that had retired: its row is rewritten with its whole state.
    if (clusterer_.retired(s)) RETURN_IF_ERROR(Revive(s));
    Label& label = labels_[s];
    // Key terms: the strongest centroid terms whose text is known (this chunk's words, or the
    // story's previous terms).
    std::unordered_map<uint64_t, std::string> known;
    for (size_t i = 0, j; i < label.terms.size(); i = j + 1) {
      j = label.terms.find(' ', i);
      if (j == std::string::npos) j = label.terms.size();
      const std::string t = label.terms.substr(i, j - i);
      if (!t.empty()) known.emplace(StoryFeatures::TermKey(t), t);
    }
    std::string terms;
    int n = 0;
    for (const auto& [key, w] : clusterer_.TopTerms(s, 24)) {
      const std::string* text = nullptr;
      if (auto it = known.find(key); it != known.end()) text = &it->second;
      if (auto it = term_text.find(key); text == nullptr && it != term_text.end()) text = &it->second;
      if (text == nullptr) continue;
      if (!terms.empty()) terms += ' ';
      terms += *text;
      if (++n == 8) break;
    }
    label.terms = std::move(terms);
    const StoryClusterer::Span span = clusterer_.span(s);
    StoryRow row;
    row.story = s;
    row.first_day = span.first_day == kUnknownDay ? kNoDay : span.first_day;
    row.last_day = span.last_day == kUnknownDay ? kNoDay : span.last_day;
    row.articles = label.members;
    row.merged_into = span.merged_into;
    row.title_doc = label.title_doc;
    row.title_score = label.title_score;
    row.terms = label.terms;
    row.state = clusterer_.SaveStory(s);
    commit.stories.push_back(std::move(row));
    commit.relinked.push_back(s);
    for (const StoryLink& link : clusterer_.Links(s)) {
      const uint64_t key = (uint64_t{std::min(s, link.other)} << 32) | std::max(s, link.other);
      if (!linked.insert(key).second) continue;
      StoryLinkRow l;
      l.a = std::min(s, link.other);
      l.b = std::max(s, link.other);
      l.score = link.score;
      for (uint64_t e : link.shared_entities) l.shared.push_back(EntityId(e));
      commit.links.push_back(std::move(l));
    }
  }
  commit.document_frequencies = clusterer_.SaveGlobalState();
  return catalog_->CommitStories(commit);
}

}  // namespace storyline
