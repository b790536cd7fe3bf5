#include "storyline/engine.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>

#include "common/fault_injection_env.h"
#include "common/temp_dir_for_test.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path();
    store_ = dir_ + "/store";
  }

  Options Opts(Env* env = nullptr) {
    Options o;
    o.data_dir = store_;
    o.env = env;
    return o;
  }
  std::string WriteJsonl(const std::string& name, int n, int first = 0) {
    std::string path = dir_ + "/" + name;
    std::ofstream f(path);
    for (int i = first; i < first + n; ++i) {
      f << "{\"id\":\"r" << i << "\",\"title\":\"Record " << i << "\",\"text\":\"Body of record "
        << i << ". The mayor said it twice.\","
        << "\"date\":\"2016-05-" << (10 + i % 20) << "\",\"source\":\"Wire\",\"topic\":\"t" << i % 3
        << "\"}\n";
    }
    return path;
  }
  static std::string Examples() { return std::string(STORYLINE_SOURCE_DIR) + "/examples"; }

  testing::TempDir tmp_;
  std::string dir_, store_;
};

TEST_F(EngineTest, SeedArticlesGetTitlesLanguageAndTheDatesFoundInTheirText) {
  auto e = Engine::Open(Opts());
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  auto s = (*e)->Ingest({Examples()}, {}, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->articles_added, 3u);
  EXPECT_TRUE(s->complete());

  auto list = (*e)->ListArticles({0, 0});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  std::map<std::string, Article> by_file;
  for (auto& a : *list) by_file[fs::path(a.origin.path).filename().string().substr(0, 3)] = a;
  EXPECT_EQ(by_file["000"].title, "London\u2019s mayor Sadiq Khan");
  EXPECT_EQ(by_file["001"].title,
            "Sadiq Khan Rejects Donald Trump\u2019s Offer Of Muslim Ban \u2018Exception\u2019");
  EXPECT_EQ(by_file["004"].title, "");
  for (auto& [k, a] : by_file) EXPECT_EQ(a.language, "en") << k;
  EXPECT_EQ(by_file["000"].published.ToIso(), "2016-05-07");
  EXPECT_EQ(by_file["000"].published.provenance, DateProvenance::kText);
  // 004 writes no year anywhere: the engine says unknown rather than guessing.
  EXPECT_FALSE(by_file["004"].published.known());

  auto full = (*e)->GetArticle(FormatArticleId(by_file["004"].id).substr(0, 8));
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_EQ(full->text.rfind("London Mayor Sadiq Khan has been informally guiding", 0), 0u);
  EXPECT_GT(full->token_count, 400u);
  EXPECT_GT(full->sentence_count, 15u);
}

TEST_F(EngineTest, ReingestingTheSameInputAddsNothingAndIdsAreStable) {
  std::string in = WriteJsonl("a.jsonl", 100);
  std::vector<ArticleId> first_ids;
  {
    auto e = Engine::Open(Opts());
    ASSERT_TRUE(e.ok());
    auto s = (*e)->Ingest({in}, {}, nullptr);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->articles_added, 100u);
    auto list = (*e)->ListArticles({0, 0});
    ASSERT_TRUE(list.ok());
    for (auto& a : *list) first_ids.push_back(a.id);
  }
  auto e = Engine::Open(Opts());
  ASSERT_TRUE(e.ok());
  // The same records again, and a copy of the file under another name.
  std::string copy = dir_ + "/copy.jsonl";
  fs::copy_file(in, copy);
  auto s = (*e)->Ingest({in, copy}, {}, nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->articles_added, 0u);
  EXPECT_EQ(s->already_present, 200u);
  auto list = (*e)->ListArticles({0, 0});
  ASSERT_EQ(list->size(), 100u);
  for (size_t i = 0; i < list->size(); ++i) {
    EXPECT_EQ((*list)[i].id, first_ids[i]);
    EXPECT_EQ((*list)[i].doc, DocId(static_cast<uint32_t>(i)));  // dense, in input order
  }
  auto a = (*e)->GetArticle(FormatArticleId((*list)[7].id));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "Record 7");
  EXPECT_EQ(a->published.ToIso(), "2016-05-17");
  EXPECT_EQ(a->published.provenance, DateProvenance::kMetadata);
  EXPECT_EQ(a->origin.line, 8u);
  EXPECT_NE(a->metadata_json.find("\"topic\":\"t1\""), std::string::npos);
}

TEST_F(EngineTest, SmallBatchesCommitSeparatelyAndCheckPasses) {
  std::string in = WriteJsonl("a.jsonl", 250);
  auto e = Engine::Open(Opts());
  ASSERT_TRUE(e.ok());
  IngestOptions o;
  o.batch_max_articles = 40;
  struct Counter : IngestObserver {
    std::vector<uint64_t> totals;
    void OnCommit(BatchId, uint64_t, uint64_t total) override { totals.push_back(total); }
  } counter;
  auto s = (*e)->Ingest({in}, o, &counter);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->batches_committed, 7u);
  ASSERT_EQ(counter.totals.size(), 7u);
  EXPECT_EQ(counter.totals.back(), 250u);
  auto r = (*e)->Check();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->damage.front();
  EXPECT_EQ(r->articles_checked, 250u);
  EXPECT_EQ(r->segments_checked, 7u);
  auto st = (*e)->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->articles, 250u);
  EXPECT_EQ(st->sources.at("Wire"), 250u);
}

TEST_F(EngineTest, ASecondWriterIsRefusedWithAMessageButReadersWork) {
  auto writer = Engine::Open(Opts());
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Ingest({WriteJsonl("a.jsonl", 5)}, {}, nullptr).ok());
  auto second = Engine::Open(Opts());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(second.status().message().find("another storyline process"), std::string::npos);
  Options ro = Opts();
  ro.read_only = true;
  auto reader = Engine::Open(ro);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->Stats()->articles, 5u);
  // The writer goes on while the reader is open.
  ASSERT_TRUE((*writer)->Ingest({WriteJsonl("b.jsonl", 5, 100)}, {}, nullptr).ok());
  EXPECT_EQ((*reader)->Stats()->articles, 10u);
}

TEST_F(EngineTest, OpeningAMissingStoreForReadingSaysHowToCreateOne) {
  Options ro = Opts();
  ro.read_only = true;
  auto e = Engine::Open(ro);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("storyline ingest"), std::string::npos);
}

TEST_F(EngineTest, ADirectoryWithOtherFilesIsNotTakenOver) {
  fs::create_directories(store_);
  std::ofstream(store_ + "/thesis.tex") << "precious";
  auto e = Engine::Open(Opts());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(fs::exists(store_ + "/thesis.tex"));
  EXPECT_FALSE(fs::exists(store_ + "/LOCK"));
}

TEST_F(EngineTest, CheckFromAReaderPassesWhileAWriterCommits) {
  auto writer = Engine::Open(Opts());
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Ingest({WriteJsonl("first.jsonl", 10)}, {}, nullptr).ok());
  Options ro = Opts();
  ro.read_only = true;
  auto reader = Engine::Open(ro);
  ASSERT_TRUE(reader.ok());
  std::string in = WriteJsonl("more.jsonl", 20000, 100);
  IngestOptions o;
  o.batch_max_articles = 50;
  auto run = std::async(std::launch::async, [&] { return (*writer)->Ingest({in}, o, nullptr); });
  int checks = 0;
  while (run.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
    auto r = (*reader)->Check();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->ok()) << r->damage.front();
    ++checks;
  }
  ASSERT_TRUE(run.get().ok());
  EXPECT_GT(checks, 0);
}

TEST_F(EngineTest, ACommitFailureWhileTheReaderIsFarAheadEndsTheIngest) {
  // Much more input than the chunks allowed in flight, so the reader is still reading when the
  // second batch fails to commit. The run must end with the error, not wait forever.
  std::string in = WriteJsonl("big.jsonl", 40000);
  FaultInjectionEnv env(Env::Default());
  auto e = Engine::Open(Opts(&env));
  ASSERT_TRUE(e.ok());
  IngestOptions o;
  o.threads = 1;
  o.batch_max_articles = 500;
  env.FailRenameAfter(2);  // batch 1: segment and postings renamed; batch 2: its segment fails
  auto run = std::async(std::launch::async, [&] { return (*e)->Ingest({in}, o, nullptr); });
  if (run.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    std::fprintf(stderr, "Ingest did not return within 60 s after a failed commit\n");
    std::_Exit(1);  // the ingest thread cannot be stopped; do not hang the suite
  }
  auto s = run.get();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("500 articles in 1 batches were committed"),
            std::string::npos)
      << s.status().message();
}

// The fault-injecting file system: each fault gives a clear error and leaves a store that opens,
// passes check and holds exactly the batches that committed.
class EngineFaultTest : public EngineTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(EngineFaultTest, FaultGivesAClearErrorAndNoCorruption) {
  std::string in = WriteJsonl("a.jsonl", 300);
  FaultInjectionEnv env(Env::Default());
  uint64_t committed = 0;
  {
    auto e = Engine::Open(Opts(&env));
    ASSERT_TRUE(e.ok());
    IngestOptions o;
    o.batch_max_articles = 50;
    struct Obs : IngestObserver {
      uint64_t* total;
      void OnCommit(BatchId, uint64_t, uint64_t t) override { *total = t; }
    } obs;
    obs.total = &committed;
    const std::string& fault = GetParam();
    // The third batch's segment fails (each batch: several appends, one sync, one rename).
    if (fault == "fsync") env.FailSyncAfter(2 * 2);  // each batch syncs its file and its directory
    if (fault == "short-write") env.ShortWriteAfter(20);
    if (fault == "rename") env.FailRenameAfter(2);
    if (fault == "crash-before-rename") env.CrashAtRenameAfter(2);
    auto s = (*e)->Ingest({in}, o, &obs);
    ASSERT_FALSE(s.ok()) << "the injected fault went unnoticed";
    EXPECT_EQ(s.status().code(), StatusCode::kIOError);
    EXPECT_NE(s.status().message().find("injected"), std::string::npos) << s.status().ToString();
    if (fault == "crash-before-rename") {
      ASSERT_TRUE(env.SimulatePowerLoss().ok());
    }
  }
  EXPECT_GT(committed, 0u);
  EXPECT_LT(committed, 300u);
  auto e = Engine::Open(Opts());  // the real file system, as after a restart
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  auto r = (*e)->Check();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->damage.front();
  EXPECT_TRUE(r->notes.empty()) << r->notes.front();  // the writer removed the leftovers
  EXPECT_EQ((*e)->Stats()->articles, committed);
  // The rest goes in on the next run.
  auto s = (*e)->Ingest({in}, {}, nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->articles_added, 300u - committed);
}

INSTANTIATE_TEST_SUITE_P(Faults, EngineFaultTest,
                         ::testing::Values("fsync", "short-write", "rename",
                                           "crash-before-rename"));

}  // namespace
}  // namespace storyline
