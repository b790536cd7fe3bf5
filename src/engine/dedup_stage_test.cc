// Near-duplicates through the whole engine: ingest, commit, reopen, backfill, read back.
#include "engine/dedup_stage.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/temp_dir_for_test.h"
#include "dedup/test_corpus.h"
#include "engine/catalog_sql_for_test.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

using dedup_test::TextGenerator;

struct Doc {
  std::string id, text, date;
  int original = -1;  // index of the doc it copies
};

// Originals of 150-500 words; every third doc is a copy (identical, 60%, or 3% edited) of an
// earlier original, dated later. Copies share the original's Reuters-style wording, so they
// must group with it and with nothing else.
std::vector<Doc> MakeCorpus(uint64_t seed, int n) {
  TextGenerator gen(seed);
  std::vector<Doc> docs;
  std::vector<std::vector<std::string>> words;
  for (int i = 0; i < n; ++i) {
    Doc d;
    d.id = "doc" + std::to_string(i);
    d.date = "2016-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-" +
             std::to_string(10 + i % 15);
    if (i % 3 == 2) {
      int orig = i - 2;
      while (docs[orig].original >= 0) orig = docs[orig].original;
      std::vector<std::string> w = words[orig];
      const int kind = (i / 3) % 3;
      if (kind == 1) w.resize(w.size() * 3 / 5);  // Jaccard 0.6: an LSH candidate for sure
      if (kind == 2) w = gen.Edit(w, 0.03);
      d.original = orig;
      d.date = "2017-01-01";  // after every original
      words.push_back(w);
    } else {
      words.push_back(gen.Words(150 + static_cast<int>(gen.rng()() % 350)));
    }
    d.text = TextGenerator::Join(words.back());
    docs.push_back(d);
  }
  return docs;
}

void WriteJsonl(const std::string& path, const std::vector<Doc>& docs, size_t from, size_t to) {
  std::ofstream f(path);
  for (size_t i = from; i < to && i < docs.size(); ++i) {
    nlohmann::json j = {{"id", docs[i].id}, {"text", docs[i].text}, {"date", docs[i].date},
                        {"source", "outlet" + std::to_string(i % 7)}};
    f << j.dump() << "\n";
  }
}

// Every group, as metadata id -> (canonical metadata id, derives-from article id).
struct Grouping {
  std::map<std::string, std::string> group_of;    // member -> canonical member
  std::map<std::string, std::string> derives;     // member -> derives_from ("" for originals)
};

std::string RecordId(const Article& a) {
  return nlohmann::json::parse(a.metadata_json).value("id", "");
}

Grouping ReadGroups(Engine* e) {
  DuplicateListOptions o;
  o.min_size = 1;
  o.limit = 0;
  auto groups = e->ListDuplicates(o);
  EXPECT_TRUE(groups.ok()) << groups.status().ToString();
  Grouping g;
  if (!groups.ok()) return g;
  for (const DuplicateGroup& group : *groups) {
    const std::string canonical = RecordId(group.members[0].article);
    std::map<uint64_t, std::string> by_id;
    for (const auto& m : group.members) by_id[m.article.id.value()] = RecordId(m.article);
    for (const auto& m : group.members) {
      g.group_of[RecordId(m.article)] = canonical;
      g.derives[RecordId(m.article)] = m.derives_from ? by_id[m.derives_from->value()] : "";
    }
  }
  return g;
}

class DedupEngineTest : public ::testing::Test {
 protected:
  Options Opts(const std::string& store) {
    Options o;
    o.data_dir = tmp_.path() + "/" + store;
    return o;
  }
  testing::TempDir tmp_;
};

TEST_F(DedupEngineTest, CopiesGroupWithTheirOriginalAndIncrementalRunsEqualOneRun) {
  const auto docs = MakeCorpus(dedup_test::TestSeed("DedupEngineIncremental"), 240);
  const std::string all = tmp_.path() + "/all.jsonl";
  WriteJsonl(all, docs, 0, docs.size());
  IngestOptions small;
  small.batch_max_articles = 17;  // many batches: candidates in committed segments

  auto one = Engine::Open(Opts("one"));
  ASSERT_TRUE(one.ok());
  auto s = (*one)->Ingest({all}, small, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->articles_added, docs.size());
  const Grouping batch = ReadGroups(one->get());

  // Three runs, the engine closed between them: candidates of earlier runs are re-read from
  // their segments, and the grouper is rebuilt from the catalog.
  for (int run = 0; run < 3; ++run) {
    const std::string part = tmp_.path() + "/part" + std::to_string(run) + ".jsonl";
    WriteJsonl(part, docs, run * 80, run * 80 + 80);
    auto e = Engine::Open(Opts("inc"));
    ASSERT_TRUE(e.ok());
    ASSERT_TRUE((*e)->Ingest({part}, small, nullptr).ok());
  }
  auto inc = Engine::Open(Opts("inc"));
  ASSERT_TRUE(inc.ok());
  const Grouping incremental = ReadGroups(inc->get());
  EXPECT_EQ(batch.group_of, incremental.group_of);
  EXPECT_EQ(batch.derives, incremental.derives);

  // Every copy with its original, which is canonical (earlier date); nothing unrelated merged.
  ASSERT_EQ(batch.group_of.size(), docs.size());
  for (const Doc& d : docs) {
    const std::string want = d.original >= 0 ? docs[d.original].id : d.id;
    EXPECT_EQ(batch.group_of.at(d.id), want) << d.id;
    if (d.original >= 0) {
      EXPECT_FALSE(batch.derives.at(d.id).empty()) << d.id;
    }
  }
  auto stats = (*inc)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->duplicates.groups, docs.size() / 3);
  EXPECT_EQ(stats->duplicates.grouped_articles, 2 * (docs.size() / 3));
  auto check = (*inc)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok()) << (check->damage.empty() ? "" : check->damage[0]);
}

TEST_F(DedupEngineTest, AnArticleShowsItsGroupWithTheOriginalFirst) {
  TextGenerator gen(dedup_test::TestSeed("DedupEngineShow"));
  const auto words = gen.Words(300);
  std::vector<Doc> docs = {
      {"half", TextGenerator::Join({words.begin(), words.begin() + 150}), "2016-05-12"},
      {"wire", TextGenerator::Join(words), "2016-05-10"},
      {"other", TextGenerator::Join(gen.Words(300)), "2016-05-09"},
  };
  const std::string in = tmp_.path() + "/in.jsonl";
  WriteJsonl(in, docs, 0, docs.size());
  auto e = Engine::Open(Opts("s"));
  ASSERT_TRUE(e.ok());
  auto s = (*e)->Ingest({in}, {}, nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->near_duplicates, 1u);  // "wire" joined the group of "half", added before it

  auto list = (*e)->ListArticles({0, 0});
  ASSERT_TRUE(list.ok());
  std::map<std::string, Article> by;
  for (auto& a : *list) by[RecordId(a)] = a;
  auto g = (*e)->GetDuplicates(FormatArticleId(by["half"].id));
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  ASSERT_EQ(g->members.size(), 2u);
  EXPECT_EQ(g->group, by["half"].doc);  // the smallest doc id names the group
  EXPECT_EQ(RecordId(g->members[0].article), "wire");
  EXPECT_FALSE(g->members[0].derives_from.has_value());
  EXPECT_EQ(g->members[1].derives_from, by["wire"].id);
  EXPECT_DOUBLE_EQ(g->members[1].shared_fraction, 1.0);  // the half is wholly in the wire text
  auto alone = (*e)->GetDuplicates(FormatArticleId(by["other"].id));
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone->members.size(), 1u);

  DuplicateListOptions o;  // min_size 2
  auto groups = (*e)->ListDuplicates(o);
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(groups->size(), 1u);
  EXPECT_EQ((*e)->GetDuplicates("ffffffffffffffff").status().code(), StatusCode::kNotFound);
}

TEST_F(DedupEngineTest, AStoreFromBeforeNearDuplicatesIsUpgradedAndBackfilled) {
  const auto docs = MakeCorpus(dedup_test::TestSeed("DedupEngineBackfill"), 60);
  const std::string in = tmp_.path() + "/in.jsonl";
  WriteJsonl(in, docs, 0, docs.size());
  IngestOptions small;
  small.batch_max_articles = 13;
  Grouping before;
  {
    auto e = Engine::Open(Opts("old"));
    ASSERT_TRUE(e.ok());
    ASSERT_TRUE((*e)->Ingest({in}, small, nullptr).ok());
    before = ReadGroups(e->get());
  }
  // Make it a version-1 catalog: no near-duplicate rows.
  ASSERT_NO_FATAL_FAILURE(testing::ExecCatalogSql(
      tmp_.path() + "/old",
      "DELETE FROM dup_keys; DELETE FROM dup_links; DELETE FROM dup_members;"
      " UPDATE meta SET value='1' WHERE key='version'"));
  {
    Options ro = Opts("old");
    ro.read_only = true;
    auto reader = Engine::Open(ro);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    auto r = (*reader)->ListDuplicates({});
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("storyline ingest"), std::string::npos);
  }
  auto e = Engine::Open(Opts("old"));
  ASSERT_TRUE(e.ok());
  auto s = (*e)->Ingest({in}, small, nullptr);  // nothing new, but the store is upgraded
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->articles_added, 0u);
  EXPECT_EQ(s->dedup_backfilled, docs.size());
  const Grouping after = ReadGroups(e->get());
  EXPECT_EQ(before.group_of, after.group_of);
  EXPECT_EQ(before.derives, after.derives);
  auto check = (*e)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok());
}

TEST_F(DedupEngineTest, AHigherThresholdKeepsEditedCopiesApart) {
  TextGenerator gen(dedup_test::TestSeed("DedupEngineThreshold"));
  const auto words = gen.Words(400);
  std::vector<Doc> docs = {
      {"a", TextGenerator::Join(words), "2016-05-10"},
      {"b", TextGenerator::Join(gen.Edit(words, 0.10)), "2016-05-11"},
  };
  const std::string in = tmp_.path() + "/in.jsonl";
  WriteJsonl(in, docs, 0, docs.size());
  for (double threshold : {0.3, 0.9}) {
    auto e = Engine::Open(Opts("t" + std::to_string(threshold)));
    ASSERT_TRUE(e.ok());
    IngestOptions o;
    o.duplicate_threshold = threshold;
    auto s = (*e)->Ingest({in}, o, nullptr);
    ASSERT_TRUE(s.ok());
    // 10% word edits keep roughly 73% of the word 3-grams (Jaccard ~0.57, which the LSH finds
    // with probability 0.9998; at 15% edits, Jaccard ~0.44, it missed about one seed in 60):
    // a copy at 0.3, not at 0.9.
    EXPECT_EQ(s->near_duplicates, threshold < 0.5 ? 1u : 0u) << threshold;
  }
}

TEST(SortableInstantTest, OrdersDatesAndTreatsMissingPartsAsTheirStart) {
  PublishedDate d;
  EXPECT_FALSE(SortableInstant(d).has_value());
  d.year = 1970;
  d.month = 1;
  d.day = 2;
  EXPECT_EQ(SortableInstant(d), 86400);
  d.hour = 1;
  d.minute = 0;
  d.second = 5;
  EXPECT_EQ(SortableInstant(d), 86400 + 3605);
  d.has_utc_offset = true;
  d.utc_offset_minutes = 60;  // 01:00:05+01:00 is 00:00:05 UTC
  EXPECT_EQ(SortableInstant(d), 86400 + 5);
  PublishedDate month_only;
  month_only.year = 2016;
  month_only.month = 5;
  PublishedDate may7 = month_only;
  may7.day = 7;
  EXPECT_LT(SortableInstant(month_only), SortableInstant(may7));
}

}  // namespace
}  // namespace storyline
