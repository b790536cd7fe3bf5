#include "catalog/catalog.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "common/temp_dir_for_test.h"

namespace storyline {
namespace {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path();
    path_ = dir_ + "/catalog.db";
  }

  static ArticleRow Row(uint32_t doc, uint64_t id, std::string title) {
    ArticleRow r;
    r.article.doc = DocId(doc);
    r.article.id = ArticleId(id);
    r.article.title = std::move(title);
    r.article.language = "en";
    r.article.source = "Press TV";
    r.article.published.year = 2016;
    r.article.published.month = 5;
    r.article.published.day = 11;
    r.article.published.provenance = DateProvenance::kMetadata;
    r.article.published.confidence = 1;
    r.article.origin.path = "in.jsonl";
    r.article.origin.line = doc + 1;
    r.segment = SegmentId(1);
    r.ordinal = doc;
    r.text_bytes = 10;
    r.text_checksum = 99;
    r.batch = BatchId(1);
    return r;
  }
  testing::TempDir tmp_;
  std::string dir_, path_;
};

TEST_F(CatalogTest, CommittedRowsReadBackWithEveryField) {
  auto c = Catalog::Open(path_, false, true);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  SegmentRecord seg{SegmentId(1), "seg-000001.sls", 1000, 42, 2};
  // Ids above 2^63 must survive SQLite's signed integers.
  std::vector<ArticleRow> rows = {Row(0, 0xfedcba9876543210ULL, "One"),
                                  Row(1, 0x0123456789abcdefULL, "Two")};
  ASSERT_TRUE((*c)->CommitBatch(BatchId(1), seg, rows, 1'700'000'000'000'000).ok());

  auto list = (*c)->ListArticles(0, 0);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].article.id, ArticleId(0xfedcba9876543210ULL));
  EXPECT_EQ((*list)[0].article.published.ToIso(), "2016-05-11");
  EXPECT_EQ((*list)[1].article.origin.ToString(), "in.jsonl:2");
  EXPECT_EQ(Catalog::RowChecksum((*list)[0]), Catalog::RowChecksum(rows[0]));

  auto counters = (*c)->Counters();
  ASSERT_TRUE(counters.ok());
  EXPECT_EQ(counters->next_doc, 2u);
  EXPECT_EQ(counters->next_segment, 2u);
  EXPECT_EQ(counters->next_batch, 2u);

  std::vector<std::string> damage;
  uint64_t n = 0;
  ASSERT_TRUE((*c)->CheckIntegrity(&damage, &n).ok());
  EXPECT_TRUE(damage.empty());
  EXPECT_EQ(n, 2u);
}

TEST_F(CatalogTest, FindsArticlesByUniquePrefixAndExplainsAmbiguity) {
  auto c = Catalog::Open(path_, false, true);
  ASSERT_TRUE(c.ok());
  SegmentRecord seg{SegmentId(1), "seg-000001.sls", 1000, 42, 3};
  ASSERT_TRUE(
      (*c)->CommitBatch(BatchId(1), seg,
                        {Row(0, 0xabcd000000000001ULL, "A"), Row(1, 0xabcd000000000002ULL, "B"),
                         Row(2, 0x1234000000000000ULL, "C")},
                        0)
          .ok());
  auto one = (*c)->FindArticle("1234");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->article.title, "C");
  auto full = (*c)->FindArticle("abcd000000000002");
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->article.title, "B");
  EXPECT_EQ((*c)->FindArticle("abcd").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*c)->FindArticle("ffff").status().code(), StatusCode::kNotFound);
  EXPECT_EQ((*c)->FindArticle("xyz1").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CatalogTest, ADuplicateArticleIdRollsBackTheWholeBatch) {
  auto c = Catalog::Open(path_, false, true);
  ASSERT_TRUE(c.ok());
  SegmentRecord seg{SegmentId(1), "seg-000001.sls", 1000, 42, 2};
  Status s = (*c)->CommitBatch(BatchId(1), seg, {Row(0, 7, "A"), Row(1, 7, "B")}, 0);
  EXPECT_FALSE(s.ok());
  auto stats = (*c)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 0u);
  EXPECT_EQ(stats->segments, 0u);
  EXPECT_EQ(stats->batches, 0u);
}

TEST_F(CatalogTest, AReaderSeesCommittedRowsWhileTheWriterIsOpen) {
  auto w = Catalog::Open(path_, false, true);
  ASSERT_TRUE(w.ok());
  SegmentRecord seg{SegmentId(1), "seg-000001.sls", 1000, 42, 1};
  ASSERT_TRUE((*w)->CommitBatch(BatchId(1), seg, {Row(0, 5, "A")}, 0).ok());
  auto r = Catalog::Open(path_, true, false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto stats = (*r)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 1u);
  EXPECT_EQ(stats->languages.at("en"), 1u);
  EXPECT_EQ(stats->first_date, "2016-05-11");
}

TEST_F(CatalogTest, AFileThatIsNotACatalogIsRefused) {
  {
    FILE* f = fopen(path_.c_str(), "w");
    fputs("hello, not sqlite", f);
    fclose(f);
  }
  auto c = Catalog::Open(path_, false, true);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace storyline
