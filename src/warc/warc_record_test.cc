#include "warc/warc_record.h"

#include <gtest/gtest.h>

namespace storyline {
namespace {

TEST(WarcDateTest, ParsesIsoWithAndWithoutFractionsAndArcDates) {
  EXPECT_EQ(ParseWarcDate("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseWarcDate("2024-05-01T10:00:00Z"), 1714557600);
  EXPECT_EQ(ParseWarcDate("2024-05-01T10:00:00.123456Z"), 1714557600);  // WARC 1.1
  EXPECT_EQ(ParseWarcDate("20240501100000"), 1714557600);               // ARC
  EXPECT_EQ(ParseWarcDate("2024-05-01T12:00:00+02:00"), 1714557600);
  EXPECT_EQ(ParseWarcDate("2024-05-01"), 1714521600);
  EXPECT_FALSE(ParseWarcDate("yesterday").has_value());
  EXPECT_FALSE(ParseWarcDate("2024-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(ParseWarcDate("2024-05-01T10:00:00Zjunk").has_value());
}

TEST(WarcDateTest, DateBoundsCoverWholeDaysAndRejectNonsenseWithAHint) {
  auto from = WarcFilter::ParseDateBound("2024-05-01", false);
  auto to = WarcFilter::ParseDateBound("2024-05-01", true);
  ASSERT_TRUE(from.ok() && to.ok());
  EXPECT_EQ(*to - *from, 86399);
  auto bad = WarcFilter::ParseDateBound("May 1st", false);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("YYYY-MM-DD"), std::string::npos);
}

TEST(HostOfUriTest, ExtractsLowercaseHostWithoutPortUserOrTrailingDot) {
  EXPECT_EQ(HostOfUri("http://WWW.BBC.co.uk/news/1"), "www.bbc.co.uk");
  EXPECT_EQ(HostOfUri("https://user:pw@example.com:8080/x?y#z"), "example.com");
  EXPECT_EQ(HostOfUri("http://example.com./"), "example.com");
  EXPECT_EQ(HostOfUri("http://example.com"), "example.com");
  EXPECT_EQ(HostOfUri("dns:example.org"), "example.org");
  EXPECT_EQ(HostOfUri("http://[::1]:80/"), "[::1]");
}

TEST(WarcFilterTest, HostMatchesOnLabelSuffixOnly) {
  WarcFilter f;
  f.hosts = {"bbc.co.uk"};
  WarcRecord r;
  r.target_uri = "http://www.bbc.co.uk/a";
  EXPECT_TRUE(f.MatchesHeader(r));
  r.target_uri = "http://bbc.co.uk/a";
  EXPECT_TRUE(f.MatchesHeader(r));
  r.target_uri = "http://notbbc.co.uk/a";
  EXPECT_FALSE(f.MatchesHeader(r));
  r.target_uri = "http://bbc.co.uk.evil.com/a";
  EXPECT_FALSE(f.MatchesHeader(r));
}

TEST(WarcFilterTest, DatesAreInclusiveAndUndatedRecordsFail) {
  WarcFilter f;
  f.from_unix = *ParseWarcDate("2024-05-01T00:00:00Z");
  f.to_unix = *ParseWarcDate("2024-05-02T00:00:00Z");
  WarcRecord r;
  r.date_unix = f.from_unix;
  EXPECT_TRUE(f.MatchesHeader(r));
  r.date_unix = *f.to_unix + 1;
  EXPECT_FALSE(f.MatchesHeader(r));
  r.date_unix = *f.from_unix - 1;
  EXPECT_FALSE(f.MatchesHeader(r));
  r.date_unix.reset();
  EXPECT_FALSE(f.MatchesHeader(r));
}

TEST(WarcFilterTest, MimeMatchesExactlyOrByWildcardType) {
  WarcFilter f;
  f.mimes = {"text/html"};
  EXPECT_TRUE(f.MatchesMime("text/html"));
  EXPECT_FALSE(f.MatchesMime("text/plain"));
  EXPECT_FALSE(f.MatchesMime(""));
  f.mimes = {"text/*"};
  EXPECT_TRUE(f.MatchesMime("text/plain"));
  EXPECT_FALSE(f.MatchesMime("application/pdf"));
  f.mimes.clear();
  EXPECT_TRUE(f.MatchesMime("application/pdf"));
}

TEST(WarcFilterTest, LanguageMatchesIso6391AgainstIso6393ListsAndUnknownPasses) {
  WarcFilter f;
  f.languages = {"en"};
  EXPECT_TRUE(f.MatchesLanguage("eng"));
  EXPECT_TRUE(f.MatchesLanguage("fra,eng"));
  EXPECT_FALSE(f.MatchesLanguage("deu"));
  EXPECT_TRUE(f.MatchesLanguage(""));  // not known yet: the extractor decides
  EXPECT_TRUE(f.MatchesLanguage("en-GB"));
  f.languages = {"deu"};
  EXPECT_TRUE(f.MatchesLanguage("de"));
  EXPECT_FALSE(f.MatchesLanguage("eng"));
}

TEST(WarcFilterTest, FromFlagsParsesListsAndRejectsBadValuesNamingTheFlag) {
  auto f = WarcFilter::FromFlags(" BBC.co.uk, *.reuters.com ", "Text/HTML", "en,deu", "2024-05-01",
                                 "2024-05-31");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->hosts, (std::vector<std::string>{"bbc.co.uk", "reuters.com"}));
  EXPECT_EQ(f->mimes, (std::vector<std::string>{"text/html"}));
  EXPECT_EQ(f->languages, (std::vector<std::string>{"en", "deu"}));
  EXPECT_EQ(*f->to_unix - *f->from_unix, 31 * 86400 - 1);
  auto none = WarcFilter::FromFlags("", "", "", "", "");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  auto bad_host = WarcFilter::FromFlags("http://bbc.co.uk/", "", "", "", "");
  ASSERT_FALSE(bad_host.ok());
  EXPECT_NE(bad_host.status().message().find("--host"), std::string::npos);
  auto bad_mime = WarcFilter::FromFlags("", "html", "", "", "");
  EXPECT_NE(bad_mime.status().message().find("--mime"), std::string::npos);
  auto bad_lang = WarcFilter::FromFlags("", "", "english", "", "");
  EXPECT_NE(bad_lang.status().message().find("--lang"), std::string::npos);
  auto bad_date = WarcFilter::FromFlags("", "", "", "soon", "");
  EXPECT_NE(bad_date.status().message().find("--from"), std::string::npos);
  auto swapped = WarcFilter::FromFlags("", "", "", "2024-06-01", "2024-05-01");
  ASSERT_FALSE(swapped.ok());
  EXPECT_NE(swapped.status().message().find("Swap"), std::string::npos);
}

TEST(WarcRecordTypeTest, NamesRoundTripAndUnknownIsOther) {
  for (size_t i = 0; i + 1 < kWarcRecordTypeCount; ++i) {
    auto t = static_cast<WarcRecordType>(i);
    EXPECT_EQ(ParseWarcRecordType(WarcRecordTypeName(t)), t);
  }
  EXPECT_EQ(ParseWarcRecordType("RESPONSE"), WarcRecordType::kResponse);
  EXPECT_EQ(ParseWarcRecordType("bogus"), WarcRecordType::kOther);
}

}  // namespace
}  // namespace storyline
