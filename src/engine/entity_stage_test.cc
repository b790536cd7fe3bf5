// The entities of ingested articles: resolved across the archive, incremental runs equal to one
// run, stores written before entities backfilled.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "common/temp_dir_for_test.h"
#include "engine/catalog_sql_for_test.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

std::string Seed(const char* name) {
  return std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name;
}
constexpr const char* k000 = "000_959d2f4e196e2067.txt";
constexpr const char* k001 = "001_85f2262cd321ad9c.txt";
constexpr const char* k004 = "004_8e91078493eb5b9b.txt";

// name -> (type, mentions, articles) of every entity in the store.
std::map<std::string, std::tuple<std::string, uint64_t, uint64_t>> AllEntities(Engine* e) {
  EntityListOptions o;
  o.limit = 0;
  auto list = e->ListEntities(o);
  EXPECT_TRUE(list.ok());
  std::map<std::string, std::tuple<std::string, uint64_t, uint64_t>> out;
  for (const auto& x : *list) out[x.type + " " + x.name] = {x.type, x.mentions, x.articles};
  return out;
}

class EntityStageTest : public ::testing::Test {
 protected:
  std::unique_ptr<Engine> Open(const std::string& dir) {
    Options o;
    o.data_dir = dir;
    auto e = Engine::Open(o);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return std::move(e).value();
  }
  testing::TempDir tmp_;
};

TEST_F(EntityStageTest, SeedsShareTheirPeopleAcrossArticles) {
  auto e = Open(tmp_.path() + "/s");
  ASSERT_TRUE(e->Ingest({Seed(k000), Seed(k001), Seed(k004)}, {}, nullptr).ok());
  auto all = AllEntities(e.get());
  // One entity each, in all three articles: the storyline's link between 2016 and 2025.
  for (const char* name : {"PER Sadiq Khan", "PER Donald Trump", "PER Zac Goldsmith"}) {
    ASSERT_TRUE(all.count(name)) << name;
    EXPECT_EQ(std::get<2>(all[name]), 3u) << name;
  }
  EXPECT_FALSE(all.count("PER Khan"));
  EXPECT_FALSE(all.count("PER Trump"));
  // "Zac Goldsmith" is tagged as an organisation once; the archive's people win.
  EXPECT_FALSE(all.count("ORG Zac Goldsmith"));
  // 001 writes only "President Obama": the known-people table names him; the White House acts.
  ASSERT_TRUE(all.count("PER Barack Obama"));
  EXPECT_FALSE(all.count("PER Obama"));
  EXPECT_TRUE(all.count("ORG White House"));
  auto obama = e->GetEntity("Obama");
  ASSERT_TRUE(obama.ok()) << obama.status().ToString();
  EXPECT_EQ(obama->entity.name, "Barack Obama");

  auto khan = e->GetEntity("khan");
  ASSERT_TRUE(khan.ok()) << khan.status().ToString();
  EXPECT_EQ(khan->entity.name, "Sadiq Khan");
  EXPECT_EQ(khan->articles.size(), 3u);
  bool trump_seen = false;
  for (const auto& [c, shared] : khan->cooccurring) {
    if (c.name == "Donald Trump") trump_seen = shared == 3;
  }
  EXPECT_TRUE(trump_seen);
  EXPECT_EQ(e->GetEntity("Nobody Atall").status().code(), StatusCode::kNotFound);

  EntityGraphOptions g;
  g.entity = "Sadiq Khan";
  g.max_nodes = 5;
  auto graph = e->GetEntityGraph(g);
  ASSERT_TRUE(graph.ok());
  EXPECT_EQ(graph->nodes.size(), 5u);
  EXPECT_FALSE(graph->edges.empty());

  EntityListOptions may;
  may.from = "2016-05";
  may.to = "2016-05";
  may.type = "PER";
  auto in_may = e->ListEntities(may);
  ASSERT_TRUE(in_may.ok());
  ASSERT_FALSE(in_may->empty());
  for (const auto& x : *in_may) EXPECT_LE(x.articles, 2u) << x.name;  // 004 has no date
  // Search filters by entity: every article naming Zohran Mamdani (only 004) and Sadiq Khan.
  SearchOptions so;
  so.query = "mayor entity:mamdani";
  so.entities = {"Sadiq Khan"};
  auto hits = e->Search(so);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->hits.size(), 1u);
  EXPECT_NE(hits->hits[0].article.origin.path.find(k004), std::string::npos);
  so.query = "mayor entity:\"Nobody Atall\"";
  hits = e->Search(so);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->hits.empty());

  EntityListOptions bad;
  bad.type = "PERSON";
  EXPECT_EQ(e->ListEntities(bad).status().code(), StatusCode::kInvalidArgument);
}

// A surname alone: the archive's own full names decide first; the known-people table only when
// the archive cannot, and never against other people of that surname in the archive.
TEST_F(EntityStageTest, ASurnameAloneFollowsTheArchiveBeforeTheKnownPeople) {
  const std::string dir = tmp_.path() + "/in";
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  // Only another Obama in the archive so far: "Obama" alone is her, not the table's Barack.
  std::vector<std::string> first = {
      write("a.txt", "Michelle Obama visited a school in Chicago on Monday. Michelle Obama "
                     "spoke to pupils there.\n"),
      write("b.txt", "Obama told the pupils in Chicago that reading matters.\n")};
  auto e = Open(tmp_.path() + "/s");
  ASSERT_TRUE(e->Ingest(first, {}, nullptr).ok());
  auto all = AllEntities(e.get());
  EXPECT_TRUE(all.count("PER Michelle Obama"));
  EXPECT_FALSE(all.count("PER Barack Obama"));
  EXPECT_EQ(std::get<2>(all["PER Michelle Obama"]), 2u);
  // "Reagan" alone, no full name anywhere in the archive: Ronald Reagan from the table.
  ASSERT_TRUE(e->Ingest({write("c.txt", "Reagan signed the budget bill in Washington on "
                                        "Friday, aides said.\n")},
                        {}, nullptr)
                  .ok());
  all = AllEntities(e.get());
  EXPECT_TRUE(all.count("PER Ronald Reagan"));
  EXPECT_FALSE(all.count("PER Reagan"));
  // A surname the table does not know stays a one-word entity.
  ASSERT_TRUE(e->Ingest({write("d.txt", "Zubrowski said in Warsaw on Friday that the plan "
                                        "would fail.\n")},
                        {}, nullptr)
                  .ok());
  all = AllEntities(e.get());
  EXPECT_TRUE(all.count("PER Zubrowski"));
}

TEST_F(EntityStageTest, IncrementalIngestGivesTheSameEntitiesAsOneRun) {
  auto one = Open(tmp_.path() + "/one");
  ASSERT_TRUE(one->Ingest({Seed(k000), Seed(k001), Seed(k004)}, {}, nullptr).ok());
  auto expected = AllEntities(one.get());
  std::string dir = tmp_.path() + "/inc";
  {
    auto e = Open(dir);
    ASSERT_TRUE(e->Ingest({Seed(k000)}, {}, nullptr).ok());
  }
  {
    auto e = Open(dir);  // reopened: the resolver is rebuilt from the catalog
    ASSERT_TRUE(e->Ingest({Seed(k001)}, {}, nullptr).ok());
    ASSERT_TRUE(e->Ingest({Seed(k004)}, {}, nullptr).ok());
  }
  auto e = Open(dir);
  EXPECT_EQ(AllEntities(e.get()), expected);
}

TEST_F(EntityStageTest, AStoreWithoutEntitiesIsBackfilledByTheNextIngest) {
  std::string dir = tmp_.path() + "/old";
  std::map<std::string, std::tuple<std::string, uint64_t, uint64_t>> expected;
  {
    auto e = Open(dir);
    ASSERT_TRUE(e->Ingest({Seed(k000), Seed(k001), Seed(k004)}, {}, nullptr).ok());
    expected = AllEntities(e.get());
  }
  // What a store written before entities looks like: empty entity tables.
  ASSERT_NO_FATAL_FAILURE(testing::ExecCatalogSql(
      dir,
      "DELETE FROM entities; DELETE FROM entity_aliases; DELETE FROM article_entities; DELETE "
      "FROM mentions; DELETE FROM entity_batches; DELETE FROM quotes;"));
  auto e = Open(dir);
  EXPECT_TRUE(AllEntities(e.get()).empty());
  auto s = e->Ingest({Seed(k000)}, {}, nullptr);  // already present: only the backfill runs
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->entities_backfilled, 3u);
  EXPECT_EQ(AllEntities(e.get()), expected);
  QuoteListOptions q;
  q.speaker = "Sadiq Khan";
  EXPECT_FALSE(e->ListQuotes(q)->empty()) << "quotes are backfilled with the entities";
  auto check = e->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok());
}

// Quotes are found at ingest with their speakers resolved to archive entities.
TEST_F(EntityStageTest, SeedQuotesHaveTheirSpeakers) {
  auto e = Open(tmp_.path() + "/q");
  ASSERT_TRUE(e->Ingest({Seed(k000), Seed(k001), Seed(k004)}, {}, nullptr).ok());
  QuoteListOptions all;
  all.limit = 0;
  auto quotes = e->ListQuotes(all);
  ASSERT_TRUE(quotes.ok()) << quotes.status().ToString();
  ASSERT_GE(quotes->size(), 8u);
  QuoteListOptions khan;
  khan.speaker = "Sadiq Khan";
  khan.limit = 0;
  auto by_khan = e->ListQuotes(khan);
  ASSERT_TRUE(by_khan.ok());
  ASSERT_GE(by_khan->size(), 4u);
  bool exception = false;
  for (const QuoteInfo& q : *by_khan) {
    ASSERT_TRUE(q.speaker_entity.has_value());
    EXPECT_EQ(q.speaker_entity->name, "Sadiq Khan");
    exception |= q.text.find("making an exception for me") != std::string::npos;
  }
  EXPECT_TRUE(exception);
  // An unnamed source is kept as written, with no entity.
  bool city_hall = false;
  for (const QuoteInfo& q : *quotes) {
    if (q.speaker == "A London City Hall source") {
      city_hall = true;
      EXPECT_FALSE(q.speaker_entity.has_value());
      EXPECT_EQ(q.speaker_kind, "description");
    }
  }
  EXPECT_TRUE(city_hall);
  // Dates and topics narrow the list; full quotes only unless asked.
  QuoteListOptions may = khan;
  may.from = "2016-05";
  may.to = "2016-05";
  auto in_may = e->ListQuotes(may);
  ASSERT_TRUE(in_may.ok());
  EXPECT_LT(in_may->size(), by_khan->size() + 1);
  for (const QuoteInfo& q : *in_may) EXPECT_EQ(q.article.published.ToIso().substr(0, 7), "2016-05");
  QuoteListOptions about;
  about.about = "Truth Social";
  about.limit = 0;
  auto on_truth = e->ListQuotes(about);
  ASSERT_TRUE(on_truth.ok());
  EXPECT_FALSE(on_truth->empty());
  for (const QuoteInfo& q : *on_truth) EXPECT_FALSE(q.article.published.known());  // 004 only
  QuoteListOptions partial = all;
  partial.partial = true;
  EXPECT_GT(e->ListQuotes(partial)->size(), quotes->size());
  QuoteListOptions nobody;
  nobody.speaker = "Nobody Atall";
  EXPECT_EQ(e->ListQuotes(nobody).status().code(), StatusCode::kNotFound);
}

// The same quote in several outlets is linked, the earliest report first.
TEST_F(EntityStageTest, TheSameQuoteInSeveralArticlesIsLinkedEarliestFirst) {
  const std::string path = tmp_.path() + "/wire.jsonl";
  {
    std::ofstream f(path);
    f << R"({"id":"b","source":"Evening Post","date":"2024-03-02","title":"Mayor on the flood","text":"The mayor visited the town.\n\"We will rebuild every home that the river took,\" Mayor Ellen Hartwick said on Saturday."})" "\n";
    f << R"({"id":"a","source":"Wire Service","date":"2024-03-01","title":"Flood: mayor speaks","text":"Officials met on Friday.\n\u201cWe will rebuild every home that the river took,\u201d said Mayor Ellen Hartwick."})" "\n";
    f << R"({"id":"c","source":"Radio One","date":"2024-03-03","title":"Other news","text":"\u201cThe budget will be balanced by the spring,\u201d the treasurer Tom Fairley said."})" "\n";
  }
  auto e = Open(tmp_.path() + "/q");
  ASSERT_TRUE(e->Ingest({path}, {}, nullptr).ok());
  QuoteListOptions all;
  all.limit = 0;
  auto quotes = e->ListQuotes(all);
  ASSERT_TRUE(quotes.ok());
  int linked = 0;
  for (const QuoteInfo& q : *quotes) {
    if (q.text.find("rebuild every home") != std::string::npos) {
      ++linked;
      ASSERT_EQ(q.reports.size(), 2u) << q.text;
      EXPECT_EQ(q.reports[0].source, "Wire Service");  // the earliest report first
      EXPECT_EQ(q.reports[1].source, "Evening Post");
    } else {
      EXPECT_TRUE(q.reports.empty()) << q.text;
    }
  }
  EXPECT_EQ(linked, 2);
}

// Near-identical quotes (a word changed, the quote cut short) are linked too; a store written
// before quote anchors (catalog version 4) gets them from its texts on the next ingest.
TEST_F(EntityStageTest, NearIdenticalQuotesAreLinkedAndOldStoresGetTheirAnchors) {
  const std::string path = tmp_.path() + "/wire.jsonl";
  {
    std::ofstream f(path);
    f << R"({"id":"b","source":"Evening Post","date":"2024-03-02","title":"Mayor on the flood","text":"The mayor visited the town.\n\"We will rebuild every house that the river took, and we will do it before the winter comes,\" Mayor Ellen Hartwick said on Saturday."})" "\n";
    f << R"({"id":"a","source":"Wire Service","date":"2024-03-01","title":"Flood: mayor speaks","text":"Officials met on Friday.\n\u201cWe will rebuild every home that the river took, and we will do it before the winter comes,\u201d said Mayor Ellen Hartwick."})" "\n";
    f << R"({"id":"c","source":"Radio One","date":"2024-03-03","title":"Flood latest","text":"The mayor spoke again.\n\u201cWe will rebuild every home that the river took,\u201d Mayor Ellen Hartwick told listeners."})" "\n";
    f << R"({"id":"d","source":"Radio One","date":"2024-03-04","title":"Budget","text":"\u201cWe will rebuild the bridge, and the council will pay for it before the election,\u201d the treasurer Tom Fairley said."})" "\n";
  }
  auto check = [](Engine* e) {
    QuoteListOptions all;
    all.limit = 0;
    auto quotes = e->ListQuotes(all);
    ASSERT_TRUE(quotes.ok()) << quotes.status().ToString();
    int linked = 0;
    for (const QuoteInfo& q : *quotes) {
      if (q.text.find("bridge") != std::string::npos) {
        EXPECT_TRUE(q.reports.empty()) << q.text;
        continue;
      }
      ++linked;
      ASSERT_EQ(q.reports.size(), 3u) << q.text;
      EXPECT_EQ(q.reports[0].source, "Wire Service");  // the earliest report first
      EXPECT_EQ(q.reports[1].source, "Evening Post");
      EXPECT_EQ(q.reports[2].source, "Radio One");
    }
    EXPECT_EQ(linked, 3);
  };
  const std::string dir = tmp_.path() + "/q";
  {
    auto e = Open(dir);
    ASSERT_TRUE(e->Ingest({path}, {}, nullptr).ok());
    check(e.get());
  }
  // What a version 4 store looks like: no anchors.
  ASSERT_NO_FATAL_FAILURE(testing::ExecCatalogSql(
      dir, "DELETE FROM quote_anchors; UPDATE meta SET value='4' WHERE key='version';"));
  auto e = Open(dir);
  auto s = e->Ingest({path}, {}, nullptr);  // nothing new: the upgrade's backfill runs
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  check(e.get());
}

}  // namespace
}  // namespace storyline
