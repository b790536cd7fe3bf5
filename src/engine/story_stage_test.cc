// Stories placed by ingest: events grouped, the seeds' acceptance case, determinism, order within
// a day, incremental runs equal to one run, copies, and articles left without a story (a crash
// before the story pass) placed by the next ingest.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "common/temp_dir_for_test.h"
#include "common/test_seed_for_test.h"
#include "engine/catalog_sql_for_test.h"
#include "engine/story_labels.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

struct FixtureArticle {
  std::string id, date, source, title, text;
  int event = 0;
};

// Events with their own words and people, each reported over two days by several outlets, over
// filler prose every article shares.
std::vector<FixtureArticle> EventCorpus(uint64_t seed) {
  const std::vector<std::vector<std::string>> words = {
      {"flood", "river", "levee", "rain", "evacuated", "homes", "rescue", "boats", "water"},
      {"election", "ballots", "votes", "candidate", "turnout", "polling", "count", "recount"},
      {"earthquake", "magnitude", "aftershock", "rubble", "collapsed", "tremor", "seismic"},
      {"football", "final", "goal", "striker", "penalty", "stadium", "trophy", "match"},
      {"strike", "union", "wages", "pickets", "walkout", "negotiations", "pay", "workers"},
      {"wildfire", "blaze", "firefighters", "smoke", "acres", "containment", "evacuation"}};
  const std::vector<std::vector<std::string>> people = {
      {"Mayor Ellen Hartwick", "Hartwick", "Tamsin Valley"},
      {"Governor Rufus Okonkwo", "Okonkwo", "Marlow Province"},
      {"Professor Ingrid Solberg", "Solberg", "Kessel Basin"},
      {"coach Dario Benedetti", "Benedetti", "Harbour City"},
      {"union leader Priya Raman", "Raman", "Northgate Works"},
      {"chief Aaron Whitcombe", "Whitcombe", "Redfern Ridge"}};
  const std::vector<std::string> filler = {
      "officials", "said", "on", "the", "day", "more", "than", "people", "were", "there",
      "and", "local", "reports", "added", "that", "news", "later", "in", "a", "statement"};
  std::mt19937_64 rng(seed);
  std::vector<FixtureArticle> out;
  const char* sources[] = {"Daily Wire Service", "The Courier", "Evening Post", "Radio One"};
  for (size_t e = 0; e < words.size(); ++e) {
    for (int a = 0; a < 6; ++a) {
      FixtureArticle art;
      art.event = static_cast<int>(e);
      const int day = 1 + static_cast<int>(e) * 4 + a / 3;  // two days per event
      art.date = std::string("2024-03-") + (day < 10 ? "0" : "") + std::to_string(day);
      art.source = sources[rng() % 4];
      art.title = people[e][0] + " on the " + words[e][0] + " in " + people[e][2];
      std::string text;
      for (int s = 0; s < 6; ++s) {
        std::string sentence = people[e][s % 2] + " said the " + words[e][rng() % words[e].size()];
        for (int w = 0; w < 10; ++w) {
          sentence += " " + (rng() % 3 == 0 ? words[e][rng() % words[e].size()]
                                             : filler[rng() % filler.size()]);
        }
        text += sentence + " in " + people[e][2] + ".\n";
      }
      art.text = text;
      art.id = "e" + std::to_string(e) + "a" + std::to_string(a);
      out.push_back(art);
    }
  }
  return out;
}

void WriteJsonl(const std::string& path, const std::vector<FixtureArticle>& articles) {
  std::ofstream f(path);
  for (const FixtureArticle& a : articles) {
    f << "{\"id\":\"" << a.id << "\",\"date\":\"" << a.date << "\",\"source\":\"" << a.source
      << "\",\"title\":\"" << a.title << "\",\"text\":\"";
    for (char c : a.text) {
      if (c == '\n') {
        f << "\\n";
      } else {
        f << c;
      }
    }
    f << "\"}\n";
  }
}

class StoryStageTest : public ::testing::Test {
 protected:
  std::unique_ptr<Engine> Open(const std::string& dir) {
    Options o;
    o.data_dir = dir;
    auto e = Engine::Open(o);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return std::move(e).value();
  }
  // Each stored article's title and story number, by article id (copies included).
  std::map<std::string, uint32_t> StoryOf(Engine* e) {
    StoryListOptions o;
    o.min_size = 1;
    o.limit = 0;
    auto list = e->ListStories(o);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    std::map<std::string, uint32_t> out;
    uint64_t articles = 0;
    for (const StorySummary& s : *list) {
      auto d = e->GetStory(s.id);
      EXPECT_TRUE(d.ok());
      for (const StoryTimelineEntry& t : d->timeline) {
        out[FormatArticleId(t.article.id)] = s.id;
        articles += 1 + t.copies;
      }
      EXPECT_EQ(s.articles, [&] {
        uint64_t n = 0;
        for (const auto& t : d->timeline) n += 1 + t.copies;
        return n;
      }());
    }
    auto stats = e->Stats();
    EXPECT_EQ(articles, stats->articles) << "every article is in exactly one story";
    return out;
  }
  // Every story's label and span, and every storyline with its links, as text.
  static std::string Describe(Engine* e) {
    StoryListOptions o;
    o.min_size = 1;
    o.limit = 0;
    auto list = e->ListStories(o);
    EXPECT_TRUE(list.ok());
    std::string out;
    for (const StorySummary& s : *list) {
      out += std::to_string(s.id) + " [" + s.title + "] " + s.first_date + ".." + s.last_date +
             " n=" + std::to_string(s.articles) + " sources=" + std::to_string(s.sources) + ":";
      for (const std::string& t : s.terms) out += " " + t;
      out += "\n";
    }
    StorylineListOptions lo;
    lo.limit = 0;
    auto lines = e->ListStorylines(lo);
    EXPECT_TRUE(lines.ok());
    for (const Storyline& l : *lines) {
      auto line = e->GetStoryline(l.id);
      EXPECT_TRUE(line.ok());
      out += "line " + std::to_string(line->id) + ":";
      for (const auto& link : line->links) {
        out += " " + std::to_string(link.a) + "-" + std::to_string(link.b) + "(" +
               std::to_string(link.score) + ":";
        for (const EntitySummary& x : link.shared_entities) out += " " + x.name;
        out += ")";
      }
      out += "\n";
    }
    return out;
  }
  // The partition as sets of article ids (independent of story numbers).
  static std::set<std::set<std::string>> Partition(const std::map<std::string, uint32_t>& m) {
    std::map<uint32_t, std::set<std::string>> by;
    for (const auto& [a, s] : m) by[s].insert(a);
    std::set<std::set<std::string>> out;
    for (auto& [s, set] : by) out.insert(set);
    return out;
  }
  testing::TempDir tmp_;
};

// Deletes every story row of the store in `dir`, as a crash between the last batch and the
// story pass (or a store of catalog version 3) leaves it.
void DeleteStoryRows(const std::string& dir) {
  testing::ExecCatalogSql(dir,
                          "DELETE FROM article_stories; DELETE FROM stories; DELETE FROM "
                          "story_links; DELETE FROM story_state;");
}

TEST_F(StoryStageTest, SeedsMakeTwoStoriesOnOneStoryline) {
  auto e = Open(tmp_.path() + "/s");
  auto summary = e->Ingest({std::string(STORYLINE_SOURCE_DIR) + "/examples"}, {}, nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->placed_in_stories, 3u);
  const auto stories = StoryOf(e.get());
  ASSERT_EQ(stories.size(), 3u);
  std::map<std::string, uint32_t> by_seed;
  auto list = e->ListArticles({0, 0});
  for (const Article& a : *list) {
    by_seed[a.origin.path.substr(a.origin.path.rfind('/') + 1, 3)] =
        stories.at(FormatArticleId(a.id));
  }
  // 000 and 001 (May 2016) in one story, 004 (July 2025, no year written) in another.
  EXPECT_EQ(by_seed["000"], by_seed["001"]);
  EXPECT_NE(by_seed["000"], by_seed["004"]);
  auto may = e->GetStory(by_seed["000"]);
  ASSERT_TRUE(may.ok());
  EXPECT_EQ(may->story.first_date, "2016-05-07");
  EXPECT_EQ(may->story.articles, 2u);
  EXPECT_FALSE(may->story.title.empty());
  EXPECT_FALSE(may->story.terms.empty());
  // Key words are words of its articles as written (lower case), not stems or function words.
  {
    std::string words;
    for (const auto& entry : may->timeline) {
      auto a = e->GetArticle(FormatArticleId(entry.article.id));
      ASSERT_TRUE(a.ok());
      words += " " + a->title + " " + a->text + " ";
    }
    for (char& c : words) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& t : may->story.terms) {
      EXPECT_NE(words.find(t), std::string::npos) << t << " is not written in the story";
      EXPECT_FALSE(IsLabelStopTerm(t)) << t;
    }
    const std::set<std::string> terms(may->story.terms.begin(), may->story.terms.end());
    EXPECT_EQ(terms.count("histor"), 0u);  // the stem of "historic", written out
    EXPECT_EQ(terms.count("if"), 0u);
  }
  ASSERT_FALSE(may->entities.empty());
  EXPECT_EQ(may->entities[0].first.name, "Sadiq Khan");
  // Both on one storyline, linked through the people they share.
  auto line = e->GetStoryline(by_seed["004"]);
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  ASSERT_EQ(line->stories.size(), 2u);
  ASSERT_EQ(line->links.size(), 1u);
  std::set<std::string> shared;
  for (const EntitySummary& x : line->links[0].shared_entities) shared.insert(x.name);
  for (const char* name : {"Sadiq Khan", "Donald Trump", "Zac Goldsmith"}) {
    EXPECT_TRUE(shared.count(name)) << name;
  }
  auto lines = e->ListStorylines({});
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].id, line->id);
  // The profile of an entity lists its stories.
  auto khan = e->GetEntity("Sadiq Khan");
  ASSERT_TRUE(khan.ok());
  EXPECT_EQ(khan->stories.size(), 2u);
  // Filters.
  StoryListOptions o;
  o.min_size = 1;
  o.from = "2016-05";
  o.to = "2016-05";
  EXPECT_EQ(e->ListStories(o)->size(), 1u);
  o.from = "2017";
  o.to = "";
  EXPECT_TRUE(e->ListStories(o)->empty());
  o.from = "May";
  EXPECT_EQ(e->ListStories(o).status().code(), StatusCode::kInvalidArgument);
  StoryListOptions by_entity;
  by_entity.min_size = 1;
  by_entity.entities = {"Zohran Mamdani"};
  auto mamdani = e->ListStories(by_entity);
  ASSERT_TRUE(mamdani.ok());
  ASSERT_EQ(mamdani->size(), 1u);
  EXPECT_EQ((*mamdani)[0].id, by_seed["004"]);
  EXPECT_EQ(e->GetStory(999).status().code(), StatusCode::kNotFound);
  // Search within a story: story:N in the query or SearchOptions::stories (any of them).
  SearchOptions in_story;
  in_story.query = "khan story:" + std::to_string(by_seed["000"]);
  auto hits = e->Search(in_story);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(hits->total, 2u);
  in_story.query = "khan";
  in_story.stories = {by_seed["004"]};
  hits = e->Search(in_story);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->hits.size(), 1u);
  EXPECT_EQ(hits->hits[0].article.published.known(), false);  // 004, undated
  in_story.stories = {by_seed["000"], by_seed["004"]};
  EXPECT_EQ(e->Search(in_story)->total, 3u);
  in_story.stories = {999};  // no such story: nothing matches
  EXPECT_TRUE(e->Search(in_story)->hits.empty());
}

TEST_F(StoryStageTest, EventsBecomeStoriesDeterministically) {
  const auto corpus = EventCorpus(testing::TestSeed("StoryStageEvents"));
  WriteJsonl(tmp_.path() + "/all.jsonl", corpus);
  auto a = Open(tmp_.path() + "/a");
  ASSERT_TRUE(a->Ingest({tmp_.path() + "/all.jsonl"}, {}, nullptr).ok());
  const auto stories = StoryOf(a.get());
  // Every event is one story (the fixture's events share no words but the filler).
  std::map<int, std::set<uint32_t>> by_event;
  auto list = a->ListArticles({0, 0});
  ASSERT_EQ(list->size(), corpus.size());
  for (const Article& art : *list) {
    const int event = art.title.find("flood") != std::string::npos         ? 0
                      : art.title.find("election") != std::string::npos    ? 1
                      : art.title.find("earthquake") != std::string::npos  ? 2
                      : art.title.find("football") != std::string::npos    ? 3
                      : art.title.find("strike") != std::string::npos      ? 4
                                                                            : 5;
    by_event[event].insert(stories.at(FormatArticleId(art.id)));
  }
  std::set<uint32_t> all;
  for (const auto& [event, ids] : by_event) {
    EXPECT_EQ(ids.size(), 1u) << "event " << event;
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), by_event.size()) << "events do not share stories";
  // The same input into another store: the same stories, numbered the same.
  auto b = Open(tmp_.path() + "/b");
  ASSERT_TRUE(b->Ingest({tmp_.path() + "/all.jsonl"}, {}, nullptr).ok());
  EXPECT_EQ(StoryOf(b.get()), stories);
}

TEST_F(StoryStageTest, InputOrderWithinADayDoesNotMatter) {
  auto corpus = EventCorpus(testing::TestSeed("StoryStageOrder"));
  WriteJsonl(tmp_.path() + "/in.jsonl", corpus);
  std::mt19937_64 rng(testing::TestSeed("StoryStageOrderShuffle"));
  std::shuffle(corpus.begin(), corpus.end(), rng);
  WriteJsonl(tmp_.path() + "/shuffled.jsonl", corpus);
  auto a = Open(tmp_.path() + "/a");
  ASSERT_TRUE(a->Ingest({tmp_.path() + "/in.jsonl"}, {}, nullptr).ok());
  auto b = Open(tmp_.path() + "/b");
  ASSERT_TRUE(b->Ingest({tmp_.path() + "/shuffled.jsonl"}, {}, nullptr).ok());
  EXPECT_EQ(StoryOf(a.get()), StoryOf(b.get()));
}

TEST_F(StoryStageTest, IncrementalIngestEqualsOneIngest) {
  const auto corpus = EventCorpus(testing::TestSeed("StoryStageIncremental"));
  std::vector<FixtureArticle> early, late;
  for (const auto& a : corpus) (a.date < "2024-03-11" ? early : late).push_back(a);
  ASSERT_FALSE(early.empty());
  ASSERT_FALSE(late.empty());
  WriteJsonl(tmp_.path() + "/all.jsonl", corpus);
  WriteJsonl(tmp_.path() + "/early.jsonl", early);
  WriteJsonl(tmp_.path() + "/late.jsonl", late);
  auto one = Open(tmp_.path() + "/one");
  ASSERT_TRUE(one->Ingest({tmp_.path() + "/all.jsonl"}, {}, nullptr).ok());
  {
    auto inc = Open(tmp_.path() + "/inc");
    ASSERT_TRUE(inc->Ingest({tmp_.path() + "/early.jsonl"}, {}, nullptr).ok());
  }
  auto inc = Open(tmp_.path() + "/inc");  // reopened: the clusterer's state comes from the catalog
  auto s = inc->Ingest({tmp_.path() + "/late.jsonl"}, {}, nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->placed_in_stories, late.size());
  EXPECT_EQ(Partition(StoryOf(inc.get())), Partition(StoryOf(one.get())));
  EXPECT_EQ(StoryOf(inc.get()), StoryOf(one.get()));
}

TEST_F(StoryStageTest, CopiesJoinTheirOriginalsStoryCollapsed) {
  auto corpus = EventCorpus(testing::TestSeed("StoryStageCopies"));
  FixtureArticle copy = corpus[0];
  copy.id = "copy";
  copy.source = "Reprint Weekly";
  copy.date = "2024-03-02";
  copy.text += "Reprinted with permission.\n";
  corpus.push_back(copy);
  WriteJsonl(tmp_.path() + "/in.jsonl", corpus);
  auto e = Open(tmp_.path() + "/s");
  ASSERT_TRUE(e->Ingest({tmp_.path() + "/in.jsonl"}, {}, nullptr).ok());
  const auto stories = StoryOf(e.get());  // checks every article has one story
  auto list = e->ListArticles({0, 0});
  uint32_t original_story = UINT32_MAX;
  for (const Article& a : *list) {
    if (a.source == "Reprint Weekly") continue;
    if (a.title == copy.title && a.published.ToIso() == corpus[0].date) {
      original_story = stories.at(FormatArticleId(a.id));
    }
  }
  ASSERT_NE(original_story, UINT32_MAX);
  auto d = e->GetStory(original_story);
  ASSERT_TRUE(d.ok());
  uint32_t copies = 0;
  for (const auto& t : d->timeline) copies += t.copies;
  EXPECT_EQ(copies, 1u);
}

TEST_F(StoryStageTest, ArticlesLeftWithoutAStoryArePlacedByTheNextIngest) {
  const auto corpus = EventCorpus(testing::TestSeed("StoryStageBackfill"));
  WriteJsonl(tmp_.path() + "/in.jsonl", corpus);
  const std::string dir = tmp_.path() + "/s";
  std::map<std::string, uint32_t> before;
  {
    auto e = Open(dir);
    ASSERT_TRUE(e->Ingest({tmp_.path() + "/in.jsonl"}, {}, nullptr).ok());
    before = StoryOf(e.get());
  }
  // As a crash between the last batch and the story pass (or a store of catalog version 3)
  // leaves it: no story rows at all.
  ASSERT_NO_FATAL_FAILURE(DeleteStoryRows(dir));
  auto e = Open(dir);
  auto s = e->Ingest({}, {}, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->placed_in_stories, corpus.size());
  EXPECT_EQ(StoryOf(e.get()), before);
  auto again = e->Ingest({}, {}, nullptr);
  EXPECT_EQ(again->placed_in_stories, 0u);
}

TEST_F(StoryStageTest, FeaturesFromTheWorkersGiveTheStoriesOfFeaturesReadBack) {
  // The seeds (entities, storylines) and the events: placed from the features the ingest
  // workers computed, then again from the stored texts after the story rows are deleted.
  const auto corpus = EventCorpus(testing::TestSeed("StoryStageWorkerFeatures"));
  WriteJsonl(tmp_.path() + "/events.jsonl", corpus);
  const std::string dir = tmp_.path() + "/s";
  std::map<std::string, uint32_t> from_workers;
  std::string described;
  {
    auto e = Open(dir);
    auto s = e->Ingest({std::string(STORYLINE_SOURCE_DIR) + "/examples",
                        tmp_.path() + "/events.jsonl"},
                       {}, nullptr);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->placed_in_stories, corpus.size() + 3);
    from_workers = StoryOf(e.get());
    described = Describe(e.get());
  }
  EXPECT_NE(described.find("Sadiq Khan"), std::string::npos) << described;
  ASSERT_NO_FATAL_FAILURE(DeleteStoryRows(dir));
  auto e = Open(dir);
  auto s = e->Ingest({}, {}, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->placed_in_stories, corpus.size() + 3);
  EXPECT_EQ(StoryOf(e.get()), from_workers);
  EXPECT_EQ(Describe(e.get()), described);
}

// The events a month apart (each over two days): stories retire between them.
std::vector<FixtureArticle> MonthlyEvents(uint64_t seed) {
  auto corpus = EventCorpus(seed);
  for (FixtureArticle& a : corpus) {
    const std::string day = a.date.substr(8, 2);  // "01" ... "22": two days per event
    const int second = (std::stoi(day) - 1) % 4 >= 1;
    a.date = "2024-0" + std::to_string(a.event + 1) + "-0" + std::to_string(1 + second);
  }
  return corpus;
}

TEST_F(StoryStageTest, IncrementalIngestEqualsOneIngestWithStoriesRetired) {
  const auto corpus = MonthlyEvents(testing::TestSeed("StoryStageMonthly"));
  WriteJsonl(tmp_.path() + "/all.jsonl", corpus);
  auto one = Open(tmp_.path() + "/one");
  ASSERT_TRUE(one->Ingest({tmp_.path() + "/all.jsonl"}, {}, nullptr).ok());
  // Month by month, the store reopened between runs (the clusterer's state reloaded, stories
  // out of reach of the last month retired at once).
  for (int month = 1; month <= 6; ++month) {
    std::vector<FixtureArticle> part;
    for (const auto& a : corpus) {
      if (a.date.substr(0, 7) == "2024-0" + std::to_string(month)) part.push_back(a);
    }
    ASSERT_FALSE(part.empty());
    WriteJsonl(tmp_.path() + "/part.jsonl", part);
    auto inc = Open(tmp_.path() + "/inc");
    auto s = inc->Ingest({tmp_.path() + "/part.jsonl"}, {}, nullptr);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->placed_in_stories, part.size());
  }
  auto inc = Open(tmp_.path() + "/inc");
  EXPECT_EQ(StoryOf(inc.get()), StoryOf(one.get()));
  EXPECT_EQ(Describe(inc.get()), Describe(one.get()));
  // Every event is one story.
  std::set<uint32_t> stories;
  for (const auto& [id, story] : StoryOf(one.get())) stories.insert(story);
  EXPECT_EQ(stories.size(), 6u);
}

TEST_F(StoryStageTest, AnEarlierDatedArticleIngestedLaterJoinsItsRetiredStory) {
  const auto corpus = MonthlyEvents(testing::TestSeed("StoryStageRetiredJoin"));
  WriteJsonl(tmp_.path() + "/all.jsonl", corpus);
  const std::string dir = tmp_.path() + "/s";
  {
    auto e = Open(dir);
    ASSERT_TRUE(e->Ingest({tmp_.path() + "/all.jsonl"}, {}, nullptr).ok());
  }
  // Another report of the January event (the flood), written differently, dated on its second
  // day, ingested after June's: the January story retired long ago (and retires again as the
  // store is reopened).
  auto other = MonthlyEvents(testing::TestSeed("StoryStageRetiredJoinLate"));
  FixtureArticle late;
  for (const FixtureArticle& a : other) {
    if (a.event == 0) late = a;
  }
  late.id = "late-flood-report";
  late.date = "2024-01-03";
  WriteJsonl(tmp_.path() + "/late.jsonl", {late});
  auto e = Open(dir);
  const auto before = StoryOf(e.get());
  auto s = e->Ingest({tmp_.path() + "/late.jsonl"}, {}, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->placed_in_stories, 1u);
  const auto after = StoryOf(e.get());
  uint32_t flood = UINT32_MAX, late_story = UINT32_MAX;
  auto list = e->ListArticles({0, 0});
  for (const Article& a : *list) {
    const uint32_t story = after.at(FormatArticleId(a.id));
    if (a.published.ToIso() == "2024-01-03") {
      late_story = story;
    } else if (a.title.find("flood") != std::string::npos) {
      flood = story;
    }
  }
  ASSERT_NE(flood, UINT32_MAX);
  EXPECT_EQ(late_story, flood);
  auto d = e->GetStory(flood);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->story.articles, 7u);
  EXPECT_EQ(d->story.last_date, "2024-01-03");
  // The other stories are as they were.
  for (const auto& [id, story] : before) EXPECT_EQ(after.at(id), story) << id;
}

}  // namespace
}  // namespace storyline
