// Deferred analysis (IngestOptions::defer_analysis, Engine::Analyze): an ingest that only stores
// and indexes, then the analysis later, gives the store one full ingest gives (every
// near-duplicate, entity, quote and story row alike); search works before the analysis; a
// failed or killed analysis leaves a store that checks clean and finishes on the next run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "common/temp_dir_for_test.h"
#include "common/test_seed_for_test.h"
#include "engine/catalog_sql_for_test.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

// Events reported by several outlets over two days, each with its people and place, their
// quotes, and every fourth article a reprint of an earlier one under another outlet's name.
// Dated in March 2024, or in `month`.
std::string WriteEventCorpus(const std::string& path, uint64_t seed, int events,
                             const std::string& month = "2024-03") {
  const std::vector<std::vector<std::string>> words = {
      {"flood", "river", "levee", "rain", "evacuated", "homes", "rescue", "boats", "water"},
      {"election", "ballots", "votes", "candidate", "turnout", "polling", "count", "recount"},
      {"earthquake", "magnitude", "aftershock", "rubble", "collapsed", "tremor", "seismic"},
      {"football", "final", "goal", "striker", "penalty", "stadium", "trophy", "match"},
      {"strike", "union", "wages", "pickets", "walkout", "negotiations", "pay", "workers"},
      {"wildfire", "blaze", "firefighters", "smoke", "acres", "containment", "evacuation"}};
  const std::vector<std::vector<std::string>> people = {
      {"Ellen Hartwick", "Hartwick", "London"},      {"Rufus Okonkwo", "Okonkwo", "Lagos"},
      {"Ingrid Solberg", "Solberg", "Oslo"},         {"Dario Benedetti", "Benedetti", "Milan"},
      {"Priya Raman", "Raman", "Chennai"},           {"Aaron Whitcombe", "Whitcombe", "Sydney"}};
  const std::vector<std::string> filler = {
      "officials", "said", "on", "the", "day", "more", "than", "people", "were", "there",
      "and", "local", "reports", "added", "that", "news", "later", "in", "a", "statement"};
  const char* sources[] = {"Daily Wire Service", "The Courier", "Evening Post", "Radio One"};
  std::mt19937_64 rng(seed);
  std::ofstream f(path);
  std::vector<std::string> texts;
  int n = 0;
  for (int e = 0; e < events; ++e) {
    const size_t k = static_cast<size_t>(e) % words.size();
    for (int a = 0; a < 6; ++a, ++n) {
      const int day = 1 + (e * 3 + a / 3) % 27;
      std::string text;
      if (n % 4 == 3 && !texts.empty()) {
        text = texts[rng() % texts.size()];  // a reprint
      } else {
        for (int s = 0; s < 5; ++s) {
          std::string sentence = people[k][s % 2] + " said the " + words[k][rng() % 7];
          for (int w = 0; w < 10; ++w) {
            sentence += " " + (rng() % 3 == 0 ? words[k][rng() % 7] : filler[rng() % 20]);
          }
          text += sentence + " in " + people[k][2] + ". ";
        }
        text += "\\u201cWe will " + words[k][rng() % 7] + " the " + words[k][rng() % 7] +
                " and the " + words[k][rng() % 7] + " here,\\u201d " + people[k][1] + " said.";
        texts.push_back(text);
      }
      f << "{\"id\":\"" << month << "ev" << n << "\",\"date\":\"" << month << "-"
        << (day < 10 ? "0" : "") << day
        << "\",\"source\":\"" << sources[rng() % 4] << "\",\"title\":\"" << people[k][0]
        << " on the " << words[k][0] << " in " << people[k][2] << " " << n
        << "\",\"text\":\"" << text << "\"}\n";
    }
  }
  return path;
}

// Every row of the analysis's tables (near-duplicates, entities, mentions, quotes, stories and
// their state), sorted, as text: two stores with the same analysis give the same string.
std::string AnalysisRows(const std::string& store) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2((store + "/catalog.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  std::string out;
  for (const char* table : {"dup_keys", "dup_links", "dup_members", "entities", "entity_aliases",
                            "article_entities", "mentions", "entity_batches", "quotes",
                            "quote_anchors", "stories", "article_stories", "story_links",
                            "story_state"}) {
    sqlite3_stmt* st = nullptr;
    const std::string sql = std::string("SELECT * FROM ") + table;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      out += std::string(table) + ": no such table\n";  // a schema without it: same in both
      continue;
    }
    std::vector<std::string> rows;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const void* blob = sqlite3_column_blob(st, c);
        row += std::string(static_cast<const char*>(blob ? blob : ""),
                           static_cast<size_t>(sqlite3_column_bytes(st, c)));
        row += '|';
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    std::sort(rows.begin(), rows.end());
    out += std::string(table) + " (" + std::to_string(rows.size()) + " rows)\n";
    for (const std::string& r : rows) out += r + "\n";
  }
  sqlite3_close(db);
  return out;
}

class DeferredAnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = tmp_.path(); }

  std::unique_ptr<Engine> Open(const std::string& store) {
    Options o;
    o.data_dir = store;
    auto e = Engine::Open(o);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? std::move(e).value() : nullptr;
  }
  // Small batches, so the analysis runs batch after batch as an ingest does.
  static IngestOptions Ingest(bool defer) {
    IngestOptions o;
    o.batch_max_articles = 13;
    o.threads = 2;
    o.defer_analysis = defer;
    return o;
  }
  std::string Corpus() {
    if (corpus_.empty()) {
      corpus_ = WriteEventCorpus(dir_ + "/events.jsonl",
                                 testing::TestSeed("DeferredAnalysisCorpus"), 12);
    }
    return corpus_;
  }
  // The analysis of full ingests (one of each list of inputs), into a store of its own.
  std::string FullIngestRows(const std::vector<std::vector<std::string>>& runs) {
    const std::string store = dir_ + "/full";
    fs::remove_all(store);
    auto e = Open(store);
    for (const auto& inputs : runs) {
      auto s = e->Ingest(inputs, Ingest(false), nullptr);
      EXPECT_TRUE(s.ok()) << s.status().ToString();
    }
    EXPECT_EQ(e->Stats()->awaiting_analysis, 0u);
    e.reset();
    return AnalysisRows(store);
  }
  static std::string Examples() { return std::string(STORYLINE_SOURCE_DIR) + "/examples"; }

  testing::TempDir tmp_;
  std::string dir_, corpus_;
};

TEST_F(DeferredAnalysisTest, DeferredIngestThenAnalyzeEqualsOneFullIngest) {
  const std::vector<std::string> inputs = {Examples(), Corpus()};
  const std::string full = FullIngestRows({inputs});
  ASSERT_EQ(full.find("dup_members (0 rows)"), std::string::npos) << "the corpus has copies";
  ASSERT_EQ(full.find("quotes (0 rows)"), std::string::npos) << "the corpus has quotes";

  const std::string store = dir_ + "/deferred";
  auto e = Open(store);
  auto s = e->Ingest(inputs, Ingest(true), nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_GT(s->batches_committed, 3u);
  EXPECT_EQ(s->near_duplicates, 0u);
  EXPECT_EQ(s->placed_in_stories, 0u);
  auto stats = e->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->awaiting_analysis, stats->articles);
  EXPECT_EQ(stats->duplicates.groups, 0u);
  EXPECT_EQ(stats->stories, 0u);
  EXPECT_TRUE(stats->entities.empty());

  auto a = e->Analyze({}, nullptr);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->dedup_analyzed, stats->articles);
  EXPECT_EQ(a->entities_analyzed, stats->articles);
  EXPECT_EQ(a->placed_in_stories, stats->articles);
  EXPECT_GT(a->near_duplicates, 0u);
  EXPECT_EQ(e->Stats()->awaiting_analysis, 0u);
  // Nothing is left: a second analysis does nothing.
  auto again = e->Analyze({}, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->dedup_analyzed + again->entities_analyzed + again->placed_in_stories, 0u);
  e.reset();
  EXPECT_EQ(AnalysisRows(store), full);
}

TEST_F(DeferredAnalysisTest, SeedsAnalysedLaterMakeTheAcceptanceStories) {
  const std::string store = dir_ + "/seeds";
  auto e = Open(store);
  ASSERT_TRUE(e->Ingest({Examples()}, Ingest(true), nullptr).ok());
  ASSERT_TRUE(e->Analyze({}, nullptr).ok());
  StoryListOptions o;
  o.min_size = 1;
  o.limit = 0;
  auto stories = e->ListStories(o);
  ASSERT_TRUE(stories.ok());
  ASSERT_EQ(stories->size(), 2u);  // 000 + 001 (May 2016), and 004
  auto khan = e->GetEntity("Sadiq Khan");
  ASSERT_TRUE(khan.ok()) << khan.status().ToString();
  EXPECT_EQ(khan->entity.articles, 3u);
  e.reset();
  EXPECT_EQ(AnalysisRows(store), FullIngestRows({{Examples()}}));
}

TEST_F(DeferredAnalysisTest, SearchWorksRightAfterTheDeferredIngest) {
  auto e = Open(dir_ + "/store");
  ASSERT_TRUE(e->Ingest({Examples(), Corpus()}, Ingest(true), nullptr).ok());
  SearchOptions q;
  q.query = "\"Sadiq Khan\"";
  q.limit = 10;
  auto r = e->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->hits.size(), 3u);
  // Copies are not collapsed yet (no groups): every reprint is its own hit.
  q.query = "said";
  q.limit = 1000;
  auto before = e->Search(q);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_GT(before->hits.size(), 0u);
  ASSERT_TRUE(e->Analyze({}, nullptr).ok());
  auto after = e->Search(q);
  ASSERT_TRUE(after.ok());
  EXPECT_LT(after->hits.size(), before->hits.size()) << "copies collapse once grouped";
  // Entity filters work once the entities are there.
  q.entities = {"Ellen Hartwick"};
  auto filtered = e->Search(q);
  ASSERT_TRUE(filtered.ok()) << filtered.status().ToString();
  EXPECT_GT(filtered->hits.size(), 0u);
}

// The reference is the same two ingests, both full (with the second part dated after the first,
// incremental ingests give the stories of one: engine/story_stage.h).
TEST_F(DeferredAnalysisTest, ANormalIngestCatchesUpOnDeferredBatchesFirst) {
  const std::string part2 = WriteEventCorpus(dir_ + "/more.jsonl", 7, 4, "2024-04");
  const std::string full = FullIngestRows({{Corpus()}, {Corpus(), part2}});
  const std::string store = dir_ + "/store";
  auto e = Open(store);
  ASSERT_TRUE(e->Ingest({Corpus()}, Ingest(true), nullptr).ok());
  auto s = e->Ingest({Corpus(), part2}, Ingest(false), nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_GT(s->dedup_backfilled, 0u);
  EXPECT_EQ(s->dedup_backfilled, s->entities_backfilled);
  EXPECT_EQ(e->Stats()->awaiting_analysis, 0u);
  e.reset();
  EXPECT_EQ(AnalysisRows(store), full);
}

TEST_F(DeferredAnalysisTest, ADeferredIngestAfterANormalOneInTheSameEngineIsAnalysedLater) {
  const std::string part2 = WriteEventCorpus(dir_ + "/more.jsonl", 7, 4, "2024-04");
  const std::string full = FullIngestRows({{Corpus()}, {part2}});
  const std::string store = dir_ + "/store";
  auto e = Open(store);
  ASSERT_TRUE(e->Ingest({Corpus()}, Ingest(false), nullptr).ok());
  ASSERT_TRUE(e->Ingest({part2}, Ingest(true), nullptr).ok());
  EXPECT_GT(e->Stats()->awaiting_analysis, 0u);
  auto a = e->Analyze({}, nullptr);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_GT(a->dedup_analyzed, 0u);
  e.reset();
  EXPECT_EQ(AnalysisRows(store), full);
}

// A failure part way (here: the catalog refuses a stage's rows) returns the error, leaves a
// store that checks clean with the rest still awaiting analysis, and the next run finishes it
// as if nothing had happened.
TEST_F(DeferredAnalysisTest, AFailedAnalyzeLeavesAConsistentStoreTheNextRunFinishes) {
  const std::string full = FullIngestRows({{Corpus()}});
  for (const char* trigger :
       {"BEFORE INSERT ON entity_batches WHEN NEW.batch_id >= 3",
        "BEFORE INSERT ON dup_keys WHEN NEW.batch_id >= 4", "BEFORE INSERT ON article_stories"}) {
    SCOPED_TRACE(trigger);
    const std::string store = dir_ + "/store";
    fs::remove_all(store);
    auto e = Open(store);
    ASSERT_TRUE(e->Ingest({Corpus()}, Ingest(true), nullptr).ok());
    e.reset();
    testing::ExecCatalogSql(store, std::string("CREATE TRIGGER injected ") + trigger +
                                       " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
    e = Open(store);
    auto a = e->Analyze({}, nullptr);
    ASSERT_FALSE(a.ok()) << "the injected failure went unnoticed";
    EXPECT_NE(a.status().message().find("injected"), std::string::npos) << a.status().ToString();
    auto check = e->Check();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok()) << check->damage.front();
    EXPECT_GT(e->Stats()->awaiting_analysis, 0u);
    e.reset();
    testing::ExecCatalogSql(store, "DROP TRIGGER injected;");
    e = Open(store);
    auto again = e->Analyze({}, nullptr);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(e->Stats()->awaiting_analysis, 0u);
    e.reset();
    EXPECT_EQ(AnalysisRows(store), full);
  }
}

// `storyline analyze` killed at random moments: every time, the store opens, checks clean, and
// one more analysis gives the rows of a full ingest.
TEST_F(DeferredAnalysisTest, AKilledAnalyzeLeavesAConsistentStoreTheNextRunFinishes) {
  const std::string corpus = WriteEventCorpus(dir_ + "/big.jsonl", 11, 60);
  const std::string full = FullIngestRows({{corpus}});
  const std::string deferred = dir_ + "/deferred";
  {
    auto e = Open(deferred);
    ASSERT_TRUE(e->Ingest({corpus}, Ingest(true), nullptr).ok());
  }
  // How long one analysis takes here.
  const std::string calib = dir_ + "/calib";
  fs::copy(deferred, calib, fs::copy_options::recursive);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(Open(calib)->Analyze({}, nullptr).ok());
  const double full_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const uint64_t seed = testing::TestSeed("DeferredAnalysisKill");
  std::mt19937_64 rng(seed);
  int killed = 0;
  for (int it = 0; it < 8; ++it) {
    SCOPED_TRACE("iteration " + std::to_string(it));
    const std::string store = dir_ + "/store";
    fs::remove_all(store);
    fs::copy(deferred, store, fs::copy_options::recursive);
    const double kill_ms = std::uniform_real_distribution<double>(0, full_ms * 1.2)(rng);
    pid_t pid = fork();
    if (pid == 0) {
      Options o;
      o.data_dir = store;
      auto e = Engine::Open(o);
      if (!e.ok()) _exit(10);
      _exit((*e)->Analyze({}, nullptr).ok() ? 0 : 11);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(kill_ms * 1000)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) {
      EXPECT_EQ(WEXITSTATUS(status), 0);
    } else {
      ++killed;
    }
    auto e = Open(store);
    ASSERT_NE(e, nullptr);
    auto check = e->Check();
    ASSERT_TRUE(check.ok());
    ASSERT_TRUE(check->ok()) << check->damage.front();
    auto a = e->Analyze({}, nullptr);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_EQ(e->Stats()->awaiting_analysis, 0u);
    e.reset();
    ASSERT_EQ(AnalysisRows(store), full);
  }
  std::printf("DeferredAnalysisTest: %d of 8 analyses killed part way (%.0f ms each)\n", killed,
              full_ms);
  EXPECT_GT(killed, 2);
}

}  // namespace
}  // namespace storyline
