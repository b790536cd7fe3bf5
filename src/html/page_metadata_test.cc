#include "html/page_metadata.h"

#include <gtest/gtest.h>

namespace storyline {
namespace {

std::string Parse(std::string_view s) {
  PublishedDate d;
  return ParseDateValue(s, &d) ? d.ToIso() : "none";
}

TEST(PageMetadataTest, ParsesIsoAndWrittenDates) {
  EXPECT_EQ(Parse("2016-05-11"), "2016-05-11");
  EXPECT_EQ(Parse("2016/05/11"), "2016-05-11");
  EXPECT_EQ(Parse("20160511"), "2016-05-11");
  EXPECT_EQ(Parse(" 2016-05-11T09:30:00Z "), "2016-05-11T09:30:00Z");
  EXPECT_EQ(Parse("2016-05-11T09:30:00.123-05:00"), "2016-05-11T09:30:00-05:00");
  EXPECT_EQ(Parse("2016-05-11 09:30"), "2016-05-11T09:30:00");
  EXPECT_EQ(Parse("May 11, 2016"), "2016-05-11");
  EXPECT_EQ(Parse("Wed, 11 May 2016 09:30:00 GMT"), "2016-05-11");
  EXPECT_EQ(Parse("11.05.2016"), "2016-05-11");
  EXPECT_EQ(Parse("6. August 2009"), "2009-08-06");
  EXPECT_EQ(Parse("15 septembre 2009"), "2009-09-15");
}

TEST(PageMetadataTest, RejectsIncompleteAndImpossibleDates) {
  EXPECT_EQ(Parse("2016-02-30"), "none");
  EXPECT_EQ(Parse("2015-02-29"), "none");
  EXPECT_EQ(Parse("2016-05"), "none");
  EXPECT_EQ(Parse("1850-01-01"), "none");
  EXPECT_EQ(Parse("yesterday"), "none");
  EXPECT_EQ(Parse(""), "none");
  EXPECT_EQ(Parse("201605111"), "none");
}

TEST(PageMetadataTest, DatesInUrls) {
  EXPECT_EQ(DateFromUrl("https://x.example/2016/05/11/story").ToIso(), "2016-05-11");
  EXPECT_EQ(DateFromUrl("https://x.example/news/story-2016-05-11.html").ToIso(), "2016-05-11");
  EXPECT_EQ(DateFromUrl("https://x.example/a/20160511_story").ToIso(), "2016-05-11");
  EXPECT_FALSE(DateFromUrl("https://x.example/2016/05/story").known());
  EXPECT_FALSE(DateFromUrl("https://x.example/article/123456789").known());
  EXPECT_FALSE(DateFromUrl("https://20160511.example/").known());  // the host is not a date
}

TEST(PageMetadataTest, ResolvesRelativeUrls) {
  EXPECT_EQ(ResolveUrl("/a/b", "https://x.example/c/d?e"), "https://x.example/a/b");
  EXPECT_EQ(ResolveUrl("//cdn.example/a", "http://x.example/"), "http://cdn.example/a");
  EXPECT_EQ(ResolveUrl("https://y.example/", "http://x.example/"), "https://y.example/");
  EXPECT_EQ(ResolveUrl("/a", ""), "");
  EXPECT_EQ(ResolveUrl("a/b", "https://x.example/c"), "");
}

TEST(PageMetadataTest, CleansSiteNamesFromTitles) {
  EXPECT_EQ(CleanTitle("Khan rejects offer | Press TV", "Press TV", ""), "Khan rejects offer");
  EXPECT_EQ(CleanTitle("Press TV - Khan rejects Trump offer", "", ""), "Khan rejects Trump offer");
  EXPECT_EQ(CleanTitle("Khan rejects offer - World - Daily Post", "", "Khan rejects offer"),
            "Khan rejects offer");
  EXPECT_EQ(CleanTitle("Spider-Man: a review", "", ""), "Spider-Man: a review");
  EXPECT_EQ(CleanTitle("Home - Site", "", ""), "Home - Site");
}

}  // namespace
}  // namespace storyline
