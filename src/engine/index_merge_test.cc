// Merging the search index's postings files through the engine: a merged index ranks exactly
// like the files it replaced, the tiered policy runs after ingest, `CompactIndex` merges all,
// crashes and faults at every step leave a store that opens, checks and searches the same, and
// stores written before merging (catalog version 5) still open.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <random>

#include "common/fault_injection_env.h"
#include "common/temp_dir_for_test.h"
#include "common/test_seed_for_test.h"
#include "engine/catalog_sql_for_test.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

struct Hit {
  std::string id;
  double score;
  bool operator==(const Hit&) const = default;
};
struct Ranking {
  std::vector<Hit> hits;
  uint64_t total = 0;
  bool operator==(const Ranking&) const = default;
};

class IndexMergeTest : public ::testing::Test {
 protected:
  std::string Dir(const std::string& store) { return tmp_.path() + "/" + store; }
  Options Opts(const std::string& store, Env* env = nullptr) {
    Options o;
    o.data_dir = Dir(store);
    o.env = env;
    return o;
  }
  Options ReadOnly(const std::string& store) {
    Options o = Opts(store);
    o.read_only = true;
    return o;
  }
  // A seeded random corpus: Zipf-like words, so that some lists span many blocks.
  std::string WriteCorpus(uint64_t seed, int n, const std::string& name = "corpus.jsonl") {
    std::mt19937_64 rng(seed);
    const std::string path = tmp_.path() + "/" + name;
    std::ofstream f(path);
    for (int i = 0; i < n; ++i) {
      auto word = [&] {
        const double u = std::uniform_real_distribution<double>(0, 1)(rng);
        return "w" + std::to_string(static_cast<int>(u * u * u * 600));
      };
      std::string title = word() + " " + word() + " " + word();
      std::string text;
      for (int k = 20 + static_cast<int>(rng() % 200); k > 0; --k) {
        text += word() + (k % 11 == 0 ? ". " : " ");
      }
      f << nlohmann::json({{"id", "r" + std::to_string(i)}, {"title", title}, {"text", text}})
               .dump()
        << "\n";
    }
    return path;
  }
  static IngestOptions SmallBatches(int articles) {
    IngestOptions o;
    o.batch_max_articles = static_cast<size_t>(articles);
    o.merge.merge_factor = 0;  // no merging after ingest: one file per batch
    return o;
  }
  size_t PostingsFiles(const std::string& store) {
    size_t n = 0;
    for (const auto& f : fs::directory_iterator(Dir(store) + "/segments")) {
      n += f.path().extension() == ".slp";
    }
    return n;
  }
  static Ranking Rank(Engine* e, const std::string& query, uint64_t limit, bool exact) {
    SearchOptions o;
    o.query = query;
    o.limit = limit;
    o.exact_total = exact;
    o.fetch_articles = false;
    o.snippet_bytes = 0;
    o.collapse_duplicates = false;
    auto r = e->Search(o);
    EXPECT_TRUE(r.ok()) << query << ": " << r.status().ToString();
    Ranking out;
    if (!r.ok()) return out;
    for (const auto& h : r->hits) out.hits.push_back({FormatArticleId(h.article.id), h.score});
    out.total = r->total;
    return out;
  }
  // Words, disjunctions, conjunctions, phrases, exclusions, prefixes and fields over the
  // corpus's words, at two depths, pruned and exact.
  static std::vector<std::string> Queries(uint64_t seed) {
    std::mt19937_64 rng(seed ^ 0x5eed);
    auto w = [&] { return "w" + std::to_string(rng() % (rng() % 2 ? 40 : 600)); };
    std::vector<std::string> q;
    for (int i = 0; i < 12; ++i) {
      q.push_back(w());
      q.push_back(w() + " OR " + w() + " OR " + w());
      q.push_back("+" + w() + " +" + w());
      q.push_back("\"" + w() + " " + w() + "\"");
      q.push_back(w() + " -" + w());
      q.push_back("title:" + w());
      q.push_back("w" + std::to_string(rng() % 60) + "*");
    }
    return q;
  }
  void ExpectSameRankings(Engine* a, Engine* b, uint64_t seed) {
    for (const std::string& q : Queries(seed)) {
      for (const uint64_t limit : {10u, 1000u}) {
        for (const bool exact : {false, true}) {
          const Ranking x = Rank(a, q, limit, exact), y = Rank(b, q, limit, exact);
          ASSERT_EQ(x.hits.size(), y.hits.size()) << q << " seed " << seed;
          for (size_t i = 0; i < x.hits.size(); ++i) {
            ASSERT_EQ(x.hits[i].id, y.hits[i].id) << q << " #" << i << " seed " << seed;
            ASSERT_EQ(x.hits[i].score, y.hits[i].score) << q << " #" << i << " seed " << seed;
          }
          if (exact) {
            EXPECT_EQ(x.total, y.total) << q << " seed " << seed;
          }
        }
      }
    }
  }
  // Every query of Queries(seed), at depth 1000, exactly counted.
  std::vector<Ranking> AllRankings(Engine* e, uint64_t seed) {
    std::vector<Ranking> out;
    for (const std::string& q : Queries(seed)) out.push_back(Rank(e, q, 1000, true));
    return out;
  }
  // Ingests `corpus` into a new store in batches of `batch` articles (one file per batch) and
  // returns its rankings; the engine is closed again.
  std::vector<Ranking> IngestUnmerged(const std::string& store, const std::string& corpus,
                                      int batch, uint64_t seed) {
    auto e = Engine::Open(Opts(store));
    EXPECT_TRUE(e.ok());
    if (!e.ok()) return {};
    EXPECT_TRUE((*e)->Ingest({corpus}, SmallBatches(batch), nullptr).ok());
    return AllRankings(e->get(), seed);
  }
  testing::TempDir tmp_;
};

TEST_F(IndexMergeTest, ACompactedIndexRanksExactlyLikeItsBatchFiles) {
  const uint64_t seed = testing::TestSeed("CompactedRanksLikeBatches");
  const std::string corpus = WriteCorpus(seed, 700);
  auto plain = Engine::Open(Opts("plain"));
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE((*plain)->Ingest({corpus}, SmallBatches(45), nullptr).ok());
  auto merged = Engine::Open(Opts("merged"));
  ASSERT_TRUE(merged.ok());
  ASSERT_TRUE((*merged)->Ingest({corpus}, SmallBatches(45), nullptr).ok());
  ASSERT_EQ(PostingsFiles("merged"), 16u);
  auto c = (*merged)->CompactIndex(nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->files_before, 16u);
  EXPECT_EQ(c->files_after, 1u);
  EXPECT_EQ(PostingsFiles("merged"), 1u);
  EXPECT_TRUE(fs::exists(Dir("merged") + "/segments/idx-000001-000016.slp"));
  ExpectSameRankings(plain->get(), merged->get(), seed);
  auto check = (*merged)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok()) << check->damage.front();
  EXPECT_TRUE(check->notes.empty()) << check->notes.front();
  // Compacting again has nothing to do.
  auto again = (*merged)->CompactIndex(nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->files_after, 1u);
  EXPECT_EQ(again->bytes_after, c->bytes_after);
}

TEST_F(IndexMergeTest, TheSeedArticlesRankAlikeMergedOrNot) {
  std::vector<std::string> seeds;
  for (const auto& f : fs::directory_iterator(STORYLINE_SOURCE_DIR "/examples")) {
    seeds.push_back(f.path().string());
  }
  std::sort(seeds.begin(), seeds.end());
  ASSERT_EQ(seeds.size(), 3u);
  auto plain = Engine::Open(Opts("plain"));
  auto merged = Engine::Open(Opts("merged"));
  ASSERT_TRUE(plain.ok() && merged.ok());
  for (const std::string& s : seeds) {  // one batch per article
    ASSERT_TRUE((*plain)->Ingest({s}, SmallBatches(1), nullptr).ok());
    ASSERT_TRUE((*merged)->Ingest({s}, SmallBatches(1), nullptr).ok());
  }
  ASSERT_EQ(PostingsFiles("merged"), 3u);
  ASSERT_TRUE((*merged)->CompactIndex(nullptr).ok());
  ASSERT_EQ(PostingsFiles("merged"), 1u);
  for (const char* q : {"Khan", "trump OR clinton", "+mayor +London", "\"Sadiq Khan\"",
                        "title:mayor", "elect*", "London -Trump", "Muslim mayor pledges"}) {
    for (const bool exact : {false, true}) {
      const Ranking a = Rank(plain->get(), q, 10, exact), b = Rank(merged->get(), q, 10, exact);
      EXPECT_EQ(a, b) << q;
      if (std::string(q) == "Khan") {
        EXPECT_FALSE(a.hits.empty());
      }
    }
  }
}

TEST_F(IndexMergeTest, IngestMergesByThePolicyAndKeepsRankingsAndCheck) {
  const uint64_t seed = testing::TestSeed("IngestMergesByPolicy");
  const std::string corpus = WriteCorpus(seed, 600);
  auto plain = Engine::Open(Opts("plain"));
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE((*plain)->Ingest({corpus}, SmallBatches(20), nullptr).ok());
  ASSERT_EQ(PostingsFiles("plain"), 30u);
  IngestOptions o = SmallBatches(20);
  o.merge.merge_factor = 4;  // every file is in tier 0 (under 8 MB): runs of 4 or more merge
  struct Obs : IngestObserver {
    int calls = 0;
    void OnIndexMerge(uint64_t done, uint64_t planned) override {
      ++calls;
      EXPECT_LE(done, planned);
    }
  } obs;
  auto policy = Engine::Open(Opts("policy"));
  ASSERT_TRUE(policy.ok());
  auto s = (*policy)->Ingest({corpus}, o, &obs);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  // Merged after each batch: whenever four small files follow each other, they become one, so
  // fewer than four are ever left (batches 1-28 in one file, then 29 and 30); the end of the
  // ingest then merges those three small newest files into one.
  EXPECT_EQ(s->batches_committed, 30u);
  EXPECT_EQ(s->index_files, 1u);
  EXPECT_EQ(PostingsFiles("policy"), 1u);
  EXPECT_TRUE(fs::exists(Dir("policy") + "/segments/idx-000001-000030.slp"));
  EXPECT_EQ(s->index_files_merged, 9u * 4 + 3);  // after batches 4, 7, 10, ... 28; the tail
  EXPECT_GT(obs.calls, 0);
  ExpectSameRankings(plain->get(), policy->get(), seed);
  // A later ingest of three batches: the third makes four small files again, which merge.
  const std::string more = tmp_.path() + "/more.jsonl";
  {
    std::ofstream f(more);
    for (int i = 0; i < 60; ++i) {
      f << nlohmann::json({{"id", "m" + std::to_string(i)}, {"text", "w1 w2 later " +
                                                                         std::to_string(i)}})
               .dump()
        << "\n";
    }
  }
  auto s2 = (*policy)->Ingest({more}, o, nullptr);
  ASSERT_TRUE(s2.ok());
  EXPECT_EQ(s2->index_files_merged, 4u);  // the old file and batches 31-33, after batch 33
  EXPECT_EQ(s2->index_files, 1u);
  EXPECT_EQ(Rank(policy->get(), "later", 100, true).total, 60u);
  auto check = (*policy)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok()) << check->damage.front();
}

// A reader that searched before a writer's merge keeps answering, and the same, after it: its
// mapped files stay valid when the writer removes them, and its next search opens the merged file.
TEST_F(IndexMergeTest, AReaderSearchesTheSameBeforeDuringAndAfterAMerge) {
  const uint64_t seed = testing::TestSeed("ReaderAcrossMerge");
  const std::string corpus = WriteCorpus(seed, 400);
  auto writer = Engine::Open(Opts("s"));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Ingest({corpus}, SmallBatches(30), nullptr).ok());
  auto reader = Engine::Open(ReadOnly("s"));
  ASSERT_TRUE(reader.ok());
  const auto before = AllRankings(reader->get(), seed);
  ASSERT_FALSE(before.empty());
  ASSERT_TRUE((*writer)->CompactIndex(nullptr).ok());
  EXPECT_EQ(PostingsFiles("s"), 1u);
  EXPECT_EQ(AllRankings(reader->get(), seed), before);
  EXPECT_EQ(AllRankings(writer->get(), seed), before);
}

// A reader searching while a writer ingests and merges (files deleted right after each merge
// commits): every search succeeds, and the count of a word in every article never goes down.
TEST_F(IndexMergeTest, SearchesWhileTheWriterMergesNeverFail) {
  const uint64_t seed = testing::TestSeed("SearchDuringMerges");
  const std::string corpus = WriteCorpus(seed, 3000);
  auto writer = Engine::Open(Opts("s"));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(
      (*writer)->Ingest({WriteCorpus(seed + 1, 10, "first.jsonl")}, SmallBatches(5), nullptr).ok());
  auto reader = Engine::Open(ReadOnly("s"));
  ASSERT_TRUE(reader.ok());
  IngestOptions o = SmallBatches(40);
  o.merge.merge_factor = 2;  // a merge after nearly every batch
  auto run = std::async(std::launch::async, [&] { return (*writer)->Ingest({corpus}, o, nullptr); });
  uint64_t last = 0;
  int searches = 0;
  while (run.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
    // "w0" is in nearly every article (the corpus's most frequent word).
    const Ranking r = Rank(reader->get(), "w0 OR w1 OR w2", 5, true);
    ASSERT_GE(r.total, last);
    last = r.total;
    ++searches;
  }
  auto s = run.get();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_GT(s->articles_added, 2900u);  // a few may repeat the first file's texts
  EXPECT_GT(s->index_files_merged, 0u);
  EXPECT_GT(searches, 0);
  EXPECT_EQ(Rank(reader->get(), "w0 OR w1 OR w2", 5, true).total,
            Rank(writer->get(), "w0 OR w1 OR w2", 5, true).total);
}

// Faults at each step of a merge: the merged file cannot be written, its rename fails or
// "crashes" (power lost before the rename is durable), its directory sync fails after the rename
// (the file is in place, the catalog not switched). Each time the compaction fails with the
// fault, and the store opens, checks clean once a writer has opened it, and ranks as before; a
// second compaction completes.
class IndexMergeFaultTest : public IndexMergeTest,
                            public ::testing::WithParamInterface<std::string> {};

TEST_P(IndexMergeFaultTest, AFaultDuringAMergeLeavesTheOldFilesInUse) {
  const uint64_t seed = testing::TestSeed("MergeFault");
  const std::string corpus = WriteCorpus(seed, 300);
  const std::vector<Ranking> before = IngestUnmerged("s", corpus, 40, seed);
  ASSERT_EQ(PostingsFiles("s"), 8u);
  FaultInjectionEnv env(Env::Default());
  {
    auto e = Engine::Open(Opts("s", &env));
    ASSERT_TRUE(e.ok());
    const std::string& fault = GetParam();
    if (fault == "short-write") env.ShortWriteAfter(0);
    if (fault == "fsync") env.FailSyncAfter(0);
    if (fault == "rename") env.FailRenameAfter(0);
    if (fault == "crash-before-rename") env.CrashAtRenameAfter(0);
    if (fault == "dir-sync-after-rename") env.FailSyncAfter(1);
    auto c = (*e)->CompactIndex(nullptr);
    ASSERT_FALSE(c.ok()) << "the injected fault went unnoticed";
    EXPECT_NE(c.status().message().find("injected"), std::string::npos) << c.status().ToString();
    if (fault == "crash-before-rename") {
      ASSERT_TRUE(env.SimulatePowerLoss().ok());
    }
  }
  {
    // A reader first (it removes nothing): leftovers are notes, never damage.
    auto r = Engine::Open(ReadOnly("s"));
    ASSERT_TRUE(r.ok());
    auto check = (*r)->Check();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok()) << check->damage.front();
    EXPECT_EQ(AllRankings(r->get(), seed), before);
  }
  auto e = Engine::Open(Opts("s"));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  auto check = (*e)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok()) << check->damage.front();
  EXPECT_TRUE(check->notes.empty()) << check->notes.front();  // the writer removed leftovers
  EXPECT_EQ(PostingsFiles("s"), 8u);
  EXPECT_EQ(AllRankings(e->get(), seed), before);
  ASSERT_TRUE((*e)->CompactIndex(nullptr).ok());
  EXPECT_EQ(PostingsFiles("s"), 1u);
  EXPECT_EQ(AllRankings(e->get(), seed), before);
}

INSTANTIATE_TEST_SUITE_P(Faults, IndexMergeFaultTest,
                         ::testing::Values("short-write", "fsync", "rename",
                                           "crash-before-rename", "dir-sync-after-rename"));

// A crash after the catalog switched to the merged file but before the old files were removed:
// the old files are leftovers (a note for readers, removed by the next writer).
TEST_F(IndexMergeTest, OldFilesLeftAfterTheSwitchAreRemovedByTheNextWriter) {
  const uint64_t seed = testing::TestSeed("MergeLeftovers");
  const std::string corpus = WriteCorpus(seed, 200);
  std::vector<Ranking> before;
  const std::string saved = tmp_.path() + "/saved";
  fs::create_directories(saved);
  {
    auto e = Engine::Open(Opts("s"));
    ASSERT_TRUE(e.ok());
    ASSERT_TRUE((*e)->Ingest({corpus}, SmallBatches(50), nullptr).ok());
    before = AllRankings(e->get(), seed);
    for (const auto& f : fs::directory_iterator(Dir("s") + "/segments")) {
      if (f.path().extension() == ".slp") fs::copy(f.path(), saved);
    }
    ASSERT_TRUE((*e)->CompactIndex(nullptr).ok());
  }
  for (const auto& f : fs::directory_iterator(saved)) {
    fs::copy(f.path(), Dir("s") + "/segments/" + f.path().filename().string());
  }
  ASSERT_EQ(PostingsFiles("s"), 5u);
  {
    auto r = Engine::Open(ReadOnly("s"));
    ASSERT_TRUE(r.ok());
    auto check = (*r)->Check();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok()) << check->damage.front();
    EXPECT_EQ(check->notes.size(), 4u);
    EXPECT_EQ(AllRankings(r->get(), seed), before);
  }
  auto e = Engine::Open(Opts("s"));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(PostingsFiles("s"), 1u);
  auto check = (*e)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok() && check->notes.empty());
}

// A store written before merging existed: catalog version 5, a postings table without
// last_segment_id. Readers search it as it is; the first writer upgrades it, and it merges.
TEST_F(IndexMergeTest, AVersion5StoreOpensSearchesAndIsUpgradedByAWriter) {
  const uint64_t seed = testing::TestSeed("Version5Store");
  const std::string corpus = WriteCorpus(seed, 250);
  const std::vector<Ranking> before = IngestUnmerged("old", corpus, 50, seed);
  ASSERT_NO_FATAL_FAILURE(testing::ExecCatalogSql(
      Dir("old"), "ALTER TABLE postings DROP COLUMN last_segment_id;"
                  " UPDATE meta SET value='5' WHERE key='version'"));
  {
    auto r = Engine::Open(ReadOnly("old"));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(AllRankings(r->get(), seed), before);
    auto check = (*r)->Check();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok()) << check->damage.front();
    EXPECT_TRUE(check->notes.empty()) << check->notes.front();
  }
  auto e = Engine::Open(Opts("old"));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(AllRankings(e->get(), seed), before);
  ASSERT_TRUE((*e)->CompactIndex(nullptr).ok());
  EXPECT_EQ(PostingsFiles("old"), 1u);
  EXPECT_EQ(AllRankings(e->get(), seed), before);
  auto check = (*e)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok()) << check->damage.front();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((Dir("old") + "/catalog.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='version'", -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "7");  // the current version
  sqlite3_finalize(st);
  sqlite3_close(db);
}

}  // namespace
}  // namespace storyline
