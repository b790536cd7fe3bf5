#include "time/article_date.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace storyline {
namespace {

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open examples/" << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ArticleDateTest, MetadataWins) {
  PublishedDate meta;
  meta.year = 2025;
  meta.month = 7;
  meta.day = 6;
  const PublishedDate d = ResolveArticleDate(meta, "LONDON, May 7, 2016 - text");
  EXPECT_EQ(d.ToIso(), "2025-07-06");
  EXPECT_EQ(d.provenance, DateProvenance::kMetadata);
  EXPECT_FLOAT_EQ(d.confidence, 1.0f);
}

TEST(ArticleDateTest, DatelineIsTrustedMoreThanADateInTheBody) {
  const PublishedDate d = ResolveArticleDate(
      {}, "LONDON, May 7, 2016 \xE2\x80\x94 The mayor said. On June 1, 2015 ...");
  EXPECT_EQ(d.ToIso(), "2016-05-07");
  EXPECT_EQ(d.provenance, DateProvenance::kText);
  EXPECT_FLOAT_EQ(d.confidence, kDatelineDateConfidence);
}

TEST(ArticleDateTest, BodyDateHasLowerConfidence) {
  const PublishedDate d = ResolveArticleDate(
      {}, "The mayor spoke to reporters today. Earlier, a rally on May 7, 2016 drew crowds.");
  EXPECT_EQ(d.ToIso(), "2016-05-07");
  EXPECT_FLOAT_EQ(d.confidence, kTextDateConfidence);
}

TEST(ArticleDateTest, IncompleteDatesLeaveItUnknown) {
  const PublishedDate d = ResolveArticleDate(
      {}, "Last month, on Wednesday, he won in 2016 and will run this November.");
  EXPECT_FALSE(d.known());
  EXPECT_EQ(d.provenance, DateProvenance::kUnknown);
  EXPECT_EQ(d.ToIso(), "");
}

TEST(ArticleDateTest, SeedArticles) {
  const PublishedDate d000 = ResolveArticleDate({}, ReadExample("000_959d2f4e196e2067.txt"));
  EXPECT_EQ(d000.year, 2016);
  EXPECT_EQ(d000.month, 5);
  const PublishedDate d001 = ResolveArticleDate({}, ReadExample("001_85f2262cd321ad9c.txt"));
  EXPECT_EQ(d001.ToIso(), "2016-05-07");  // a photo caption's date, the only complete one
  EXPECT_FLOAT_EQ(d001.confidence, kTextDateConfidence);
  const PublishedDate d004 = ResolveArticleDate({}, ReadExample("004_8e91078493eb5b9b.txt"));
  EXPECT_FALSE(d004.known()) << d004.ToIso();  // no year anywhere: unknown, not a guess
  EXPECT_EQ(d004.provenance, DateProvenance::kUnknown);
}

}  // namespace
}  // namespace storyline
