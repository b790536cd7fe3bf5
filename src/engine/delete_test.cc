// Deleting articles through the engine (Engine::DeleteArticles, ingest --replace): a deleted
// article is gone from every reader; once the index merges, the store ranks exactly like one
// that never held it; near-duplicate groups, entity counts and stories follow; all or nothing.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "catalog/catalog.h"
#include "common/temp_dir_for_test.h"
#include "common/test_seed_for_test.h"
#include "dedup/test_corpus.h"
#include "index/segment_reader.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

struct Hit {
  std::string id;  // the record's own id
  double score;
};

std::string RecordId(const Article& a) {
  return nlohmann::json::parse(a.metadata_json).value("id", "");
}

class DeleteTest : public ::testing::Test {
 protected:
  std::string Dir(const std::string& store) { return tmp_.path() + "/" + store; }
  Options Opts(const std::string& store) {
    Options o;
    o.data_dir = Dir(store);
    return o;
  }
  std::unique_ptr<Engine> Open(const std::string& store) {
    auto e = Engine::Open(Opts(store));
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? std::move(*e) : nullptr;
  }
  void Ingest(Engine* e, const std::string& path, IngestOptions o = {}) {
    auto r = e->Ingest({path}, o, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->complete());
  }
  // Full article id of a record id.
  std::string IdOf(Engine* e, const std::string& record) {
    ArticleListOptions o;
    o.limit = 0;
    auto all = e->ListArticles(o);
    EXPECT_TRUE(all.ok());
    for (const Article& a : *all) {
      if (RecordId(a) == record) return FormatArticleId(a.id);
    }
    ADD_FAILURE() << "no record " << record;
    return "";
  }
  std::vector<Hit> Rank(Engine* e, const std::string& query, uint64_t* total) {
    SearchOptions o;
    o.query = query;
    o.limit = 30;
    o.exact_total = true;
    o.collapse_duplicates = false;
    o.snippet_bytes = 0;
    auto r = e->Search(o);
    EXPECT_TRUE(r.ok()) << query << ": " << r.status().ToString();
    std::vector<Hit> hits;
    if (!r.ok()) return hits;
    *total = r->total;
    for (const SearchHit& h : r->hits) hits.push_back({RecordId(h.article), h.score});
    return hits;
  }
  void ExpectCheckClean(Engine* e) {
    auto c = e->Check();
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    for (const std::string& d : c->damage) ADD_FAILURE() << d;
  }
  testing::TempDir tmp_;
};

// Random articles over a Zipf-like vocabulary (pseudo-words, so no entities are found).
std::vector<nlohmann::json> RandomArticles(uint64_t seed, int n) {
  dedup_test::TextGenerator gen(seed);
  std::vector<nlohmann::json> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({{"id", "r" + std::to_string(i)},
                   {"title", dedup_test::TextGenerator::Join(gen.Words(4))},
                   {"text", dedup_test::TextGenerator::Join(gen.Words(40 + i % 150))},
                   {"date", "2024-01-" + std::to_string(10 + i % 18)}});
  }
  return out;
}

void WriteJsonl(const std::string& path, const std::vector<nlohmann::json>& docs) {
  std::ofstream f(path);
  for (const auto& d : docs) f << d.dump() << "\n";
}

TEST_F(DeleteTest, AfterCompactionTheStoreRanksAsIfTheArticlesWereNeverIngested) {
  const uint64_t seed = testing::TestSeed("DeleteRanking");
  std::mt19937_64 rng(seed);
  const auto docs = RandomArticles(seed, 300);
  std::vector<nlohmann::json> kept;
  std::set<std::string> deleted;
  for (const auto& d : docs) {
    if (rng() % 8 == 0) {
      deleted.insert(d["id"].get<std::string>());
    } else {
      kept.push_back(d);
    }
  }
  WriteJsonl(tmp_.path() + "/all.jsonl", docs);
  WriteJsonl(tmp_.path() + "/kept.jsonl", kept);
  auto a = Open("a");
  IngestOptions small;
  small.batch_max_articles = 70;  // several postings files
  small.merge.merge_factor = 0;
  Ingest(a.get(), tmp_.path() + "/all.jsonl", small);
  std::vector<std::string> ids;
  for (const std::string& r : deleted) ids.push_back(IdOf(a.get(), r));
  auto d = a->DeleteArticles(ids);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->deleted, deleted.size());
  auto b = Open("b");
  Ingest(b.get(), tmp_.path() + "/kept.jsonl");

  // Queries: frequent and rare words, alone, OR, AND and as phrases, from the kept texts.
  dedup_test::TextGenerator gen(seed + 1);
  std::vector<std::string> queries;
  for (int q = 0; q < 12; ++q) {
    const auto w = gen.Words(3);
    queries.push_back(w[0]);
    queries.push_back(w[0] + " OR " + w[1] + " OR " + w[2]);
    queries.push_back(w[0] + " AND " + w[1]);
  }
  for (int q = 0; q < 6; ++q) {
    const std::string text = kept[rng() % kept.size()]["text"];
    const size_t at = text.find(' ', rng() % (text.size() / 2));
    const size_t end = text.find(' ', text.find(' ', at + 1) + 1);
    queries.push_back("\"" + text.substr(at + 1, end - at - 1) + "\"");
  }
  // Before the index merges: deleted articles are never found and never counted.
  for (const std::string& q : queries) {
    uint64_t ta = 0, tb = 0;
    const auto ha = Rank(a.get(), q, &ta);
    Rank(b.get(), q, &tb);
    EXPECT_EQ(ta, tb) << q << " seed " << seed;
    for (const Hit& h : ha) EXPECT_EQ(deleted.count(h.id), 0u) << q << " found " << h.id;
  }
  auto c = a->CompactIndex(nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->files_after, 1u);
  EXPECT_EQ(c->texts_purged, deleted.size());
  // The deleted texts are gone from the segment files; the others read back as they were.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((Dir("a") + "/catalog.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "SELECT s.file_name, d.segment_ordinal, d.text_bytes FROM"
                                 " deleted_articles d JOIN segments s USING(segment_id)",
                                 -1, &st, nullptr),
              SQLITE_OK);
    size_t rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      ++rows;
      auto reader = SegmentReader::Open(
          Env::Default(),
          Dir("a") + "/segments/" + reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      auto text = (*reader)->ReadText(static_cast<uint32_t>(sqlite3_column_int64(st, 1)));
      ASSERT_TRUE(text.ok());
      EXPECT_TRUE(text->empty());
      EXPECT_GT(sqlite3_column_int64(st, 2), 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    EXPECT_EQ(rows, deleted.size());
  }
  // A second compaction has nothing left to do: no file is rewritten.
  auto files = [&] {
    std::set<std::string> names;
    for (const auto& f : std::filesystem::directory_iterator(Dir("a") + "/segments")) {
      names.insert(f.path().filename().string());
    }
    return names;
  };
  const auto before_again = files();
  auto again = a->CompactIndex(nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->texts_purged, 0u);
  EXPECT_EQ(files(), before_again);
  // After: the same hits, in the same order, with the same scores.
  for (const std::string& q : queries) {
    uint64_t ta = 0, tb = 0;
    const auto ha = Rank(a.get(), q, &ta);
    const auto hb = Rank(b.get(), q, &tb);
    EXPECT_EQ(ta, tb) << q;
    ASSERT_EQ(ha.size(), hb.size()) << q << " seed " << seed;
    for (size_t i = 0; i < ha.size(); ++i) {
      EXPECT_EQ(ha[i].id, hb[i].id) << q << " rank " << i << " seed " << seed;
      EXPECT_NEAR(ha[i].score, hb[i].score, 1e-9) << q << " rank " << i;
    }
  }
  ExpectCheckClean(a.get());
  auto stats = a->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, kept.size());
  EXPECT_EQ(stats->deleted_articles, deleted.size());
}

TEST_F(DeleteTest, DeletingMembersRegroupsTheirNearDuplicateGroup) {
  dedup_test::TextGenerator gen(testing::TestSeed("DeleteRegroup"));
  const auto words = gen.Words(300);
  std::vector<nlohmann::json> docs = {
      {{"id", "orig"}, {"text", dedup_test::TextGenerator::Join(words)}, {"date", "2024-01-01"}},
      {{"id", "other"},
       {"text", dedup_test::TextGenerator::Join(gen.Words(300))},
       {"date", "2024-01-01"}},
      {{"id", "copy1"},
       {"text", dedup_test::TextGenerator::Join(gen.Edit(words, 0.03))},
       {"date", "2024-01-02"}},
      {{"id", "copy2"},
       {"text", dedup_test::TextGenerator::Join(gen.Edit(words, 0.03))},
       {"date", "2024-01-03"}}};
  WriteJsonl(tmp_.path() + "/d.jsonl", docs);
  auto e = Open("s");
  Ingest(e.get(), tmp_.path() + "/d.jsonl");
  auto group_of = [&](const std::string& record) {
    auto g = e->GetDuplicates(IdOf(e.get(), record));
    EXPECT_TRUE(g.ok()) << g.status().ToString();
    std::vector<std::string> members;
    if (g.ok()) {
      for (const auto& m : g->members) members.push_back(RecordId(m.article));
    }
    return members;
  };
  ASSERT_EQ(group_of("copy2"), (std::vector<std::string>{"orig", "copy1", "copy2"}));
  auto d = e->DeleteArticles({IdOf(e.get(), "orig")});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->groups_regrouped, 1u);
  EXPECT_EQ(group_of("copy2"), (std::vector<std::string>{"copy1", "copy2"}));
  auto g = e->GetDuplicates(IdOf(e.get(), "copy2"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->group, g->members[0].article.doc);  // the smallest remaining DocId
  ExpectCheckClean(e.get());
  ASSERT_TRUE(e->DeleteArticles({IdOf(e.get(), "copy1")}).ok());
  EXPECT_EQ(group_of("copy2"), (std::vector<std::string>{"copy2"}));
  DuplicateListOptions lo;
  auto groups = e->ListDuplicates(lo);
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(groups->empty());
  // A new copy of the deleted original groups with what is left, never with a deleted article;
  // the same after reopening the store (the writer's index is rebuilt without them).
  e.reset();
  e = Open("s");
  WriteJsonl(tmp_.path() + "/c3.jsonl",
             {{{"id", "copy3"},
               {"text", dedup_test::TextGenerator::Join(gen.Edit(words, 0.03))},
               {"date", "2024-01-04"}}});
  Ingest(e.get(), tmp_.path() + "/c3.jsonl");
  EXPECT_EQ(group_of("copy3"), (std::vector<std::string>{"copy2", "copy3"}));
  ExpectCheckClean(e.get());
}

TEST_F(DeleteTest, EntityCountsStoriesAndSearchFollowADeleteOnTheSeeds) {
  auto e = Open("seeds");
  Ingest(e.get(), STORYLINE_SOURCE_DIR "/examples");
  auto record_of_file = [&](const std::string& prefix) {
    ArticleListOptions o;
    o.limit = 0;
    auto all = e->ListArticles(o);
    EXPECT_TRUE(all.ok());
    for (const Article& a : *all) {
      if (a.origin.path.find(prefix) != std::string::npos) return FormatArticleId(a.id);
    }
    return std::string();
  };
  const std::string a000 = record_of_file("000_"), a001 = record_of_file("001_");
  ASSERT_FALSE(a001.empty());
  auto trump = e->GetEntity("Donald Trump");
  ASSERT_TRUE(trump.ok());
  auto in001 = e->GetArticleEntities(a001);
  ASSERT_TRUE(in001.ok());
  uint64_t trump_in_001 = 0;
  for (const auto& x : *in001) {
    if (x.entity.id == trump->entity.id) trump_in_001 = x.mentions;
  }
  ASSERT_GT(trump_in_001, 0u);
  StoryListOptions so;
  so.min_size = 1;
  auto before = e->ListStories(so);
  ASSERT_TRUE(before.ok());

  auto d = e->DeleteArticles({a001.substr(0, 6)});  // a prefix
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->stories_updated, 1u);
  EXPECT_EQ(e->GetArticle(a001).status().code(), StatusCode::kNotFound);
  auto after = e->GetEntity("Donald Trump");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->entity.mentions, trump->entity.mentions - trump_in_001);
  EXPECT_EQ(after->entity.articles, trump->entity.articles - 1);
  uint64_t written = 0;  // the written forms still add up to the mentions
  for (const auto& [alias, n] : after->aliases) written += n;
  EXPECT_EQ(written, after->entity.mentions);
  // The May 2016 story keeps 000, titled by it now.
  auto stories = e->ListStories(so);
  ASSERT_TRUE(stories.ok());
  bool found = false;
  for (const StorySummary& s : *stories) {
    if (s.first_date != "2016-05-07") continue;
    found = true;
    EXPECT_EQ(s.articles, 1u);
    auto a = e->GetArticle(a000);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(s.title, a->title);
  }
  EXPECT_TRUE(found);
  // Search, facets of every match, and quotes do not see it.
  SearchOptions q;
  q.query = "khan";
  auto r = e->Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2u);
  for (const SearchHit& h : r->hits) EXPECT_NE(FormatArticleId(h.article.id), a001);
  QuoteListOptions qo;
  qo.limit = 0;
  auto quotes = e->ListQuotes(qo);
  ASSERT_TRUE(quotes.ok());
  for (const QuoteInfo& x : *quotes) EXPECT_NE(FormatArticleId(x.article.id), a001);
  ExpectCheckClean(e.get());
  // Deleting the story's last article leaves no story of it in the list.
  ASSERT_TRUE(e->DeleteArticles({a000}).ok());
  auto left = e->ListStories(so);
  ASSERT_TRUE(left.ok());
  for (const StorySummary& s : *left) EXPECT_NE(s.first_date, "2016-05-07");
  EXPECT_EQ(left->size(), before->size() - 1);
}

TEST_F(DeleteTest, DeletingBeforeADeferredAnalysisEqualsDeletingAfterIt) {
  // After: a whole ingest, then the delete. Before: a deferred ingest, the delete, then analyze
  // (the backfills skip the deleted article). Entities, groups and stories come out the same.
  auto describe = [](Engine* e) {
    std::string out;
    EntityListOptions eo;
    eo.limit = 0;
    auto entities = e->ListEntities(eo);
    EXPECT_TRUE(entities.ok());
    for (const EntitySummary& x : *entities) {
      out += x.type + " " + x.name + " " + std::to_string(x.mentions) + "/" +
             std::to_string(x.articles) + "\n";
    }
    StoryListOptions so;
    so.min_size = 1;
    so.limit = 0;
    auto stories = e->ListStories(so);
    EXPECT_TRUE(stories.ok());
    for (const StorySummary& st : *stories) {
      out += "story " + std::to_string(st.id) + " " + st.title + " " + st.first_date + " " +
             std::to_string(st.articles) + "\n";
    }
    DuplicateListOptions d;
    d.limit = 0;
    auto groups = e->ListDuplicates(d);
    EXPECT_TRUE(groups.ok());
    out += "groups " + std::to_string(groups->size()) + "\n";
    return out;
  };
  auto id001 = [](Engine* e) {
    ArticleListOptions o;
    auto all = e->ListArticles(o);
    EXPECT_TRUE(all.ok());
    for (const Article& a : *all) {
      if (a.origin.path.find("001_") != std::string::npos) return FormatArticleId(a.id);
    }
    return std::string();
  };
  auto after = Open("after");
  Ingest(after.get(), STORYLINE_SOURCE_DIR "/examples");
  ASSERT_TRUE(after->DeleteArticles({id001(after.get())}).ok());
  auto before = Open("before");
  IngestOptions defer;
  defer.defer_analysis = true;
  Ingest(before.get(), STORYLINE_SOURCE_DIR "/examples", defer);
  ASSERT_TRUE(before->DeleteArticles({id001(before.get())}).ok());
  auto analyzed = before->Analyze(IngestOptions{}, nullptr);
  ASSERT_TRUE(analyzed.ok()) << analyzed.status().ToString();
  EXPECT_EQ(describe(before.get()), describe(after.get()));
  ExpectCheckClean(before.get());
}

TEST_F(DeleteTest, AllOrNothingAndWritersOnly) {
  auto e = Open("s");
  Ingest(e.get(), STORYLINE_SOURCE_DIR "/examples");
  ArticleListOptions o;
  auto all = e->ListArticles(o);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  const std::string first = FormatArticleId((*all)[0].id);
  auto d = e->DeleteArticles({first, "ffffffffffffffff"});
  EXPECT_EQ(d.status().code(), StatusCode::kNotFound);
  EXPECT_NE(d.status().message().find("ffffffffffffffff"), std::string::npos);
  EXPECT_TRUE(e->GetArticle(first).ok());
  e.reset();
  Options ro = Opts("s");
  ro.read_only = true;
  auto r = Engine::Open(ro);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->DeleteArticles({first}).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DeleteTest, TheCatalogRollsBackWhenTheFixupFails) {
  {
    auto e = Open("s");
    Ingest(e.get(), STORYLINE_SOURCE_DIR "/examples");
  }
  auto catalog = Catalog::Open(Dir("s") + "/catalog.db", false, false);
  ASSERT_TRUE(catalog.ok());
  auto before = (*catalog)->Stats();
  ASSERT_TRUE(before.ok());
  DeleteRequest request;
  request.docs = {DocId(0)};
  request.reasons = {"deleted"};
  request.deleted_at = "2026-01-01T00:00:00Z";
  Status s = (*catalog)->DeleteArticles(
      request, [](const DeleteEffects&, DeleteFixups*) { return IOError("injected"); });
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  auto after = (*catalog)->Stats();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->articles, before->articles);
  EXPECT_EQ(after->deleted_articles, 0u);
  EXPECT_EQ(after->entity_mentions, before->entity_mentions);
  EXPECT_TRUE((*catalog)->ArticleByDoc(DocId(0)).ok());
}

TEST_F(DeleteTest, IngestReplaceKeepsTheLastVersionOfEachUrl) {
  auto e = Open("s");
  auto doc = [](const std::string& url, const std::string& title, const std::string& text) {
    return nlohmann::json{{"url", url}, {"title", title}, {"text", text}, {"date", "2024-03-05"}};
  };
  WriteJsonl(tmp_.path() + "/v1.jsonl",
             {doc("https://ex.com/a", "Vote", "The council voted on the budget on Tuesday."),
              doc("https://ex.com/b", "Storm", "A storm hit the coast on Monday night.")});
  WriteJsonl(tmp_.path() + "/v2.jsonl",
             {doc("https://ex.com/a", "Vote 2", "The council voted on the budget, again."),
              doc("https://ex.com/a", "Vote 3", "The council voted on the budget a third time.")});
  Ingest(e.get(), tmp_.path() + "/v1.jsonl");
  IngestOptions replace;
  replace.replace = true;
  auto r = e->Ingest({tmp_.path() + "/v2.jsonl"}, replace, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->articles_added, 2u);
  EXPECT_EQ(r->articles_replaced, 2u);  // v1 and v2 of /a
  ArticleListOptions o;
  auto all = e->ListArticles(o);
  ASSERT_TRUE(all.ok());
  std::set<std::string> titles;
  for (const Article& a : *all) titles.insert(a.title);
  EXPECT_EQ(titles, (std::set<std::string>{"Storm", "Vote 3"}));
  // Records without a URL: the same source and record id make a new version.
  WriteJsonl(tmp_.path() + "/r1.jsonl",
             {{{"id", "x1"}, {"source", "wire"}, {"text", "First version of the report."}},
              {{"id", "x1"}, {"source", "other"}, {"text", "Another outlet's own x1 report."}}});
  Ingest(e.get(), tmp_.path() + "/r1.jsonl");
  WriteJsonl(tmp_.path() + "/r2.jsonl",
             {{{"id", "x1"}, {"source", "wire"}, {"text", "Second version of the report."}}});
  r = e->Ingest({tmp_.path() + "/r2.jsonl"}, replace, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->articles_replaced, 1u);  // the wire's x1, not the other outlet's
  all = e->ListArticles(o);
  ASSERT_TRUE(all.ok());
  std::multiset<std::string> sources;
  for (const Article& a : *all) sources.insert(a.source);
  EXPECT_EQ(sources.count("wire"), 1u);
  EXPECT_EQ(sources.count("other"), 1u);
  // Without --replace, versions accumulate.
  WriteJsonl(tmp_.path() + "/v4.jsonl",
             {doc("https://ex.com/a", "Vote 4", "The council voted on the budget once more.")});
  Ingest(e.get(), tmp_.path() + "/v4.jsonl");
  all = e->ListArticles(o);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 5u);
  ExpectCheckClean(e.get());
}

}  // namespace
}  // namespace storyline
