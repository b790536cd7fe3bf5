// Search through the whole engine: ingest, postings files per batch, filters, backfill, check.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "common/temp_dir_for_test.h"
#include "engine/catalog_sql_for_test.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

class SearchEngineTest : public ::testing::Test {
 protected:
  Options Opts(const std::string& store) {
    Options o;
    o.data_dir = tmp_.path() + "/" + store;
    return o;
  }
  // Articles about a few subjects, from a few sources, over two years.
  std::string Write(const std::string& name, int first, int n) {
    static const char* subjects[] = {"mayor election London", "stock market shares fell",
                                     "football match goal", "rain storm flooding"};
    static const char* sources[] = {"Wire", "Daily News", "Press TV"};
    const std::string path = tmp_.path() + "/" + name;
    std::ofstream f(path);
    for (int i = first; i < first + n; ++i) {
      std::string text;
      for (int k = 0; k < 20 + i % 13; ++k) {
        text += subjects[(i + k / 7) % 4];
        text += k % 5 == 4 ? ". " : " ";
      }
      text += "Article number " + std::to_string(i) + ".";
      nlohmann::json j = {{"id", "a" + std::to_string(i)},
                          {"title", std::string("About ") + subjects[i % 4]},
                          {"text", text},
                          {"source", sources[i % 3]},
                          {"date", (i % 2 ? "2016-05-" : "2017-03-") + std::to_string(10 + i % 9)}};
      f << j.dump() << "\n";
    }
    return path;
  }
  std::vector<std::pair<std::string, double>> Top(Engine* e, const SearchOptions& o) {
    auto r = e->Search(o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::pair<std::string, double>> out;
    if (r.ok()) {
      for (const auto& h : r->hits) out.emplace_back(FormatArticleId(h.article.id), h.score);
    }
    return out;
  }
  testing::TempDir tmp_;
};

TEST_F(SearchEngineTest, ManyBatchesAndRunsRankLikeOneBatch) {
  const std::string all = Write("all.jsonl", 0, 300);
  auto one = Engine::Open(Opts("one"));
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE((*one)->Ingest({all}, {}, nullptr).ok());
  IngestOptions small;
  small.batch_max_articles = 37;
  {
    auto e = Engine::Open(Opts("many"));
    ASSERT_TRUE(e.ok());
    ASSERT_TRUE((*e)->Ingest({Write("p1.jsonl", 0, 120)}, small, nullptr).ok());
  }
  auto many = Engine::Open(Opts("many"));
  ASSERT_TRUE(many.ok());
  ASSERT_TRUE((*many)->Ingest({Write("p2.jsonl", 120, 180)}, small, nullptr).ok());
  for (const char* q : {"mayor", "stock OR flooding", "\"market shares\"", "+goal -rain",
                        "title:election", "flood*"}) {
    SearchOptions o;
    o.query = q;
    o.limit = 15;
    const auto a = Top(one->get(), o), b = Top(many->get(), o);
    ASSERT_EQ(a.size(), b.size()) << q;
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_NEAR(a[i].second, b[i].second, 1e-9) << q << " #" << i;
      EXPECT_EQ(a[i].first, b[i].first) << q << " #" << i;
    }
    EXPECT_FALSE(a.empty()) << q;
  }
}

// The search index skips reloading while the catalog is unchanged (its data version): batches
// committed afterwards, by the same engine or by a writer seen from a reader, are searched.
TEST_F(SearchEngineTest, BatchesCommittedAfterASearchAreSearchedByWriterAndReader) {
  auto writer = Engine::Open(Opts("w"));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Ingest({Write("w1.jsonl", 0, 40)}, {}, nullptr).ok());
  Options ro = Opts("w");
  ro.read_only = true;
  auto reader = Engine::Open(ro);
  ASSERT_TRUE(reader.ok());
  SearchOptions o;
  o.query = "number";
  o.limit = 5;
  o.exact_total = true;
  o.collapse_duplicates = false;
  for (Engine* e : {writer->get(), reader->get()}) {
    auto r = e->Search(o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->total, 40u);
    EXPECT_EQ(e->Search(o)->total, 40u);  // unchanged: the cached segments
  }
  ASSERT_TRUE((*writer)->Ingest({Write("w2.jsonl", 40, 25)}, {}, nullptr).ok());
  for (Engine* e : {writer->get(), reader->get()}) {
    auto r = e->Search(o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->total, 65u);
  }
}

TEST_F(SearchEngineTest, FiltersBySourceLanguageAndDate) {
  auto e = Engine::Open(Opts("f"));
  ASSERT_TRUE(e.ok());
  ASSERT_TRUE((*e)->Ingest({Write("in.jsonl", 0, 90)}, {}, nullptr).ok());
  SearchOptions o;
  o.query = "number";
  o.limit = 0;
  auto all = (*e)->Search(o);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 90u);
  o.sources = {"press tv"};  // case does not matter
  EXPECT_EQ((*e)->Search(o)->total, 30u);
  o.sources = {"NEWS"};  // a word of the name ("Daily News")
  EXPECT_EQ((*e)->Search(o)->total, 30u);
  o.sources = {"tv press"};  // the name's words in a row, not in any order
  EXPECT_EQ((*e)->Search(o)->total, 0u);
  o.sources = {"tv", "wire"};  // any of them
  EXPECT_EQ((*e)->Search(o)->total, 60u);
  o.sources = {"dai"};  // whole words only
  EXPECT_EQ((*e)->Search(o)->total, 0u);
  o.sources.clear();
  o.from = "2016";
  o.to = "2016-12";
  EXPECT_EQ((*e)->Search(o)->total, 45u);
  o.query = "number date:2017-03 source:Wire";
  o.from = o.to = "";
  auto r = (*e)->Search(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 15u);
  o.query = "number lang:fr";
  EXPECT_EQ((*e)->Search(o)->total, 0u);
  o.query = "number AND (";
  EXPECT_EQ((*e)->Search(o).status().code(), StatusCode::kInvalidArgument);
}

// The url field: `url:` finds articles by their address (its parts, in order, as a phrase; one
// part with a prefix), plain searches do not look there, and every batch and merge keeps it.
TEST_F(SearchEngineTest, UrlQueriesFindArticlesByTheirAddress) {
  const std::string path = tmp_.path() + "/urls.jsonl";
  {
    std::ofstream f(path);
    const char* sites[] = {"https://www.bbc.co.uk/news/uk-politics-",
                           "https://www.theguardian.com/world/", "http://example.org/bbc/co/"};
    for (int i = 0; i < 60; ++i) {
      nlohmann::json j = {{"id", "u" + std::to_string(i)},
                          {"url", std::string(sites[i % 3]) + std::to_string(1000 + i)},
                          {"title", "Mayor election " + std::to_string(i)},
                          {"text", "The mayor election in London was held on Thursday."}};
      f << j.dump() << "\n";
    }
  }
  Options opts = Opts("u");
  auto e = Engine::Open(opts);
  ASSERT_TRUE(e.ok());
  IngestOptions ingest;
  ingest.batch_max_articles = 7;  // several postings files, merged by the policy
  ASSERT_TRUE((*e)->Ingest({path}, ingest, nullptr).ok());
  auto count = [&](const std::string& q) -> uint64_t {
    SearchOptions o;
    o.query = q;
    o.limit = 100;
    o.collapse_duplicates = false;
    auto r = (*e)->Search(o);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    return r.ok() ? r->hits.size() : 0;
  };
  EXPECT_EQ(count("url:bbc.co.uk"), 20u);  // the phrase bbc co uk: not example.org/bbc/co/
  EXPECT_EQ(count("url:bbc"), 40u);        // the word bbc, wherever it stands in the address
  EXPECT_EQ(count("url:BBC.CO"), 40u);     // case-folded; both sites write bbc then co
  EXPECT_EQ(count("url:guardian*"), 0u);   // parts are whole runs: "theguardian"
  EXPECT_EQ(count("url:thegu*"), 20u);
  EXPECT_EQ(count("url:1042"), 1u);
  EXPECT_EQ(count("url:https"), 0u);                   // the scheme is not indexed
  EXPECT_EQ(count("bbc"), 0u);                         // plain searches look in title and body only
  EXPECT_EQ(count("mayor url:theguardian.com"), 60u);  // either: a should of each
  EXPECT_EQ(count("+mayor +url:theguardian.com"), 20u);
  SearchOptions bad;
  bad.query = "url:bbc.co*";
  EXPECT_EQ((*e)->Search(bad).status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE((*e)->CompactIndex(nullptr).ok());
  EXPECT_EQ(count("url:bbc.co.uk"), 20u);
  EXPECT_EQ(count("url:theguardian.com"), 20u);
}

// A store created to leave stop words out: a smaller index; phrases keep their gaps (a stop word
// stands for any word between); queries without stop words find what a store with them finds;
// stop words alone find nothing; the choice is the store's (a writer asking otherwise is
// refused, readers and later writers follow it).
TEST_F(SearchEngineTest, StopWordsLeftOutKeepPhraseGapsAndStayTheStoresChoice) {
  const std::string path = tmp_.path() + "/stop.jsonl";
  {
    std::ofstream f(path);
    const char* texts[] = {
        "The Bank of England raised its rate.", "A bank near England said the rate was high.",
        "The bank the England team uses is new.", "Bank England rates and the pound fell."};
    for (int i = 0; i < 40; ++i) {
      nlohmann::json j = {{"id", "s" + std::to_string(i)},
                          {"title", "Rates " + std::to_string(i)},
                          {"text", std::string(texts[i % 4]) + " Story " + std::to_string(i) +
                                       " of many about money and the markets in London."},
                          {"lang", "en"}};
      f << j.dump() << "\n";
    }
  }
  Options with = Opts("with"), without = Opts("without");
  with.index_stop_words = true;
  auto a = Engine::Open(with);
  auto b = Engine::Open(without);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->Ingest({path}, {}, nullptr).ok());
  ASSERT_TRUE((*b)->Ingest({path}, {}, nullptr).ok());
  auto ids = [&](Engine* e, const std::string& q) {
    SearchOptions o;
    o.query = q;
    o.limit = 100;
    o.collapse_duplicates = false;
    auto r = e->Search(o);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    std::set<std::string> out;
    if (r.ok()) {
      for (const auto& h : r->hits) out.insert(h.article.title);
    }
    return out;
  };
  // "bank of england": the stop word stands for any one word between, so texts 0 (of), 1 (near)
  // and 2 (the) match; 3 ("Bank England") does not.
  const auto gap = ids(a->get(), "\"bank of england\"");
  EXPECT_EQ(gap.size(), 30u);
  for (const std::string& title : gap) {  // "Rates N"
    EXPECT_NE(std::stoi(title.substr(6)) % 4, 3) << title;
  }
  EXPECT_EQ(ids(b->get(), "\"bank of england\"").size(), 10u);  // the exact words
  EXPECT_TRUE(ids(a->get(), "the").empty());
  EXPECT_EQ(ids(b->get(), "the").size(), 40u);
  for (const char* q : {"\"bank england\"", "england AND rate", "pound", "\"many about money\""}) {
    EXPECT_EQ(ids(a->get(), q), ids(b->get(), q)) << q;
  }
  uint64_t size_with = 0, size_without = 0;
  for (const auto& [dir, size] :
       {std::pair{with.data_dir, &size_with}, std::pair{without.data_dir, &size_without}}) {
    for (const auto& f : fs::directory_iterator(dir + "/segments")) {
      if (f.path().extension() == ".slp") *size += f.file_size();
    }
  }
  EXPECT_LT(size_with, size_without);
  a->reset();
  b->reset();
  // The choice stays the store's.
  Options ask_off = Opts("with");
  ask_off.index_stop_words = false;
  auto refused = Engine::Open(ask_off);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("stop words"), std::string::npos);
  Options reader = Opts("with");
  reader.read_only = true;
  auto r = Engine::Open(reader);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ids(r->get(), "\"bank of england\"").size(), 30u);
  r->reset();
  auto again = Engine::Open(Opts("with"));  // unset: the store's choice
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE((*again)->Ingest({path}, {}, nullptr).ok());  // the same articles: nothing new
  EXPECT_EQ(ids(again->get(), "\"bank of england\"").size(), 30u);
}

TEST_F(SearchEngineTest, AStoreWithoutPostingsIsIndexedByTheNextIngestAndCheckCoversThem) {
  const std::string in = Write("in.jsonl", 0, 60);
  IngestOptions small;
  small.batch_max_articles = 25;
  SearchOptions o;
  o.query = "election";
  o.limit = 100;
  std::vector<std::pair<std::string, double>> before;
  {
    auto e = Engine::Open(Opts("s"));
    ASSERT_TRUE(e.ok());
    ASSERT_TRUE((*e)->Ingest({in}, small, nullptr).ok());
    before = Top(e->get(), o);
  }
  // As if written before the index existed: no postings rows, no files.
  ASSERT_NO_FATAL_FAILURE(testing::ExecCatalogSql(tmp_.path() + "/s", "DELETE FROM postings"));
  for (const auto& f : fs::directory_iterator(tmp_.path() + "/s/segments")) {
    if (f.path().extension() == ".slp") fs::remove(f.path());
  }
  {
    Options ro = Opts("s");
    ro.read_only = true;
    auto reader = Engine::Open(ro);
    ASSERT_TRUE(reader.ok());
    auto r = (*reader)->Search(o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->total, 0u);
    EXPECT_EQ(r->articles_not_indexed, 60u);
    auto check = (*reader)->Check();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok());
    EXPECT_FALSE(check->notes.empty());  // says the index is not built yet
  }
  auto e = Engine::Open(Opts("s"));
  ASSERT_TRUE(e.ok());
  auto s = (*e)->Ingest({in}, small, nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index_backfilled, 60u);
  EXPECT_EQ(Top(e->get(), o), before);
  auto check = (*e)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok());
  // A damaged postings file is named by check.
  for (const auto& f : fs::directory_iterator(tmp_.path() + "/s/segments")) {
    if (f.path().extension() != ".slp") continue;
    std::fstream file(f.path(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(100);
    file.put('\x7f');
    break;
  }
  auto damaged = (*e)->Check();
  ASSERT_TRUE(damaged.ok());
  ASSERT_FALSE(damaged->ok());
  EXPECT_NE(damaged->damage[0].find(".slp"), std::string::npos) << damaged->damage[0];
}

TEST_F(SearchEngineTest, NearDuplicateCopiesCollapseIntoOneHitWithTheirCount) {
  // Twenty distinct texts, each printed by three outlets.
  const std::string path = tmp_.path() + "/copies.jsonl";
  {
    std::ofstream f(path);
    for (int i = 0; i < 20; ++i) {
      std::string text = "The council voted on budget item " + std::to_string(i) + ".";
      for (int k = 0; k < 30; ++k) text += " word" + std::to_string(i * 100 + k);
      for (int copy = 0; copy < 3; ++copy) {
        f << nlohmann::json({{"id", "c" + std::to_string(i) + "-" + std::to_string(copy)},
                             {"title", "Budget vote " + std::to_string(copy)},
                             {"text", text}})
                 .dump()
          << "\n";
      }
    }
  }
  auto e = Engine::Open(Opts("copies"));
  ASSERT_TRUE(e.ok());
  ASSERT_TRUE((*e)->Ingest({path}, {}, nullptr).ok());
  SearchOptions o;
  o.query = "council budget";
  o.limit = 7;
  o.exact_total = true;
  auto collapsed = (*e)->Search(o);
  ASSERT_TRUE(collapsed.ok()) << collapsed.status().ToString();
  EXPECT_EQ(collapsed->total, 60u);
  ASSERT_EQ(collapsed->hits.size(), 7u);
  std::set<uint32_t> groups;
  for (const auto& h : collapsed->hits) {
    EXPECT_EQ(h.group_size, 3u);
    groups.insert(h.group.value());
  }
  EXPECT_EQ(groups.size(), 7u);
  o.offset = 14;  // the last page holds the remaining six groups
  auto last = (*e)->Search(o);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->hits.size(), 6u);
  o.offset = 0;
  o.collapse_duplicates = false;
  auto all = (*e)->Search(o);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->hits.size(), 7u);
  groups.clear();
  for (const auto& h : all->hits) groups.insert(h.group.value());
  EXPECT_LT(groups.size(), 7u);  // copies side by side
}

}  // namespace
}  // namespace storyline
