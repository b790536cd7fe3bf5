#include "storyline/html_extract.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace storyline {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/src/html/testdata/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr const char* kParagraphs =
    "<p>The regional water authority said on Monday that reservoirs were at their lowest level "
    "for a decade, and asked households to take shorter showers and to stop watering gardens.</p>"
    "<p>Engineers have repaired more than two hundred leaks since January, the authority said, "
    "but the dry spring has left rivers so low that fish had to be moved from three streams.</p>"
    "<p>Farmers, who depend on the rivers for irrigation, warned that the harvest could suffer, "
    "and called on the government to fund new storage lakes before the next summer comes.</p>";

// A page with the three paragraphs above; `head`, `before` (inside <body>) and `inside` (a last
// paragraph of the article) vary.
std::string Page(const std::string& head, const std::string& before = "",
                 const std::string& inside = "") {
  return "<!DOCTYPE html><html><head>" + head + "</head><body>" + before +
         "<div class=\"article-body\">" + kParagraphs + inside + "</div></body></html>";
}

ExtractedPage MustExtract(const std::string& html, const std::string& url = "") {
  ExtractOptions o;
  o.url = url;
  Result<ExtractedPage> r = ExtractArticle(html, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ExtractedPage{};
}

class FullArticleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    html_ = ReadTestdata("article_full.html");
    ASSERT_FALSE(html_.empty()) << "missing testdata/article_full.html";
    page_ = MustExtract(html_, "https://gazette.example/some/path?x=1");
  }
  std::string html_;
  ExtractedPage page_;
};

TEST_F(FullArticleTest, KeepsParagraphsHeadingsAndListItems) {
  const std::string& t = page_.article.text;
  EXPECT_NE(t.find("The harbour bridge reopened to traffic on Thursday morning"),
            std::string::npos);
  EXPECT_NE(t.find("The repairs cost the city 48 million pounds"), std::string::npos);
  EXPECT_NE(t.find("Traffic returns to the old town"), std::string::npos);
  EXPECT_NE(t.find("The bridge carries about 30,000 vehicles a day."), std::string::npos);
  EXPECT_NE(t.find("publish the results of those tests in April."), std::string::npos);
}

TEST_F(FullArticleTest, LeavesBoilerplateOut) {
  const std::string& t = page_.article.text;
  for (const char* junk : {"cookies", "Home", "Latest News", "Council approves",
                           "Share on Facebook", "morning briefing", "newsletter", "Related stories",
                           "corrosion in bridge cables", "Comments (2)", "Finally!", "scandalous",
                           "Most read", "best restaurants", "Copyright", "Contact"}) {
    EXPECT_EQ(t.find(junk), std::string::npos) << "boilerplate kept: " << junk << "\n" << t;
  }
}

TEST_F(FullArticleTest, SeparatesBlocksByNewlines) {
  const std::string& t = page_.article.text;
  EXPECT_NE(t.find("first to cross.\nThe repairs cost"), std::string::npos) << t;
  EXPECT_NE(t.find("Traffic returns to the old town\nShopkeepers"), std::string::npos) << t;
  EXPECT_EQ(page_.paragraph_count, static_cast<size_t>(std::count(t.begin(), t.end(), '\n') + 1));
}

TEST_F(FullArticleTest, RecordsCaptionsOutsideTheText) {
  ASSERT_EQ(page_.captions.size(), 1u);
  EXPECT_EQ(page_.captions[0], "The first cars cross the harbour bridge at dawn on Thursday.");
  EXPECT_EQ(page_.article.text.find("first cars cross"), std::string::npos);
}

TEST_F(FullArticleTest, FindsMetadata) {
  EXPECT_EQ(page_.kind, PageKind::kArticle) << page_.kind_reason;
  EXPECT_EQ(page_.article.title, "Harbour bridge reopens after two years of repairs");
  EXPECT_EQ(page_.article.byline, "Maria Lindqvist");
  EXPECT_EQ(page_.article.published.ToIso().substr(0, 10), "2019-03-14");
  EXPECT_EQ(page_.article.published.provenance, DateProvenance::kMetadata);
  EXPECT_EQ(page_.date_source, "json-ld");
  EXPECT_EQ(page_.canonical_url, "https://gazette.example/news/2019/03/14/harbour-bridge-reopens");
  EXPECT_EQ(page_.article.url, page_.canonical_url);
  EXPECT_EQ(page_.article.source, "The Riverside Gazette");
  EXPECT_EQ(page_.declared_language, "en");
  EXPECT_EQ(page_.article.language, "en");
  EXPECT_EQ(page_.charset, "utf-8");
}

TEST(HtmlExtractTest, IndexPageIsReportedAsIndex) {
  ExtractedPage p = MustExtract(ReadTestdata("index_page.html"));
  EXPECT_EQ(p.kind, PageKind::kIndex) << p.kind_reason;
  EXPECT_FALSE(p.kind_reason.empty());
}

TEST(HtmlExtractTest, VeryShortPageIsNotAnArticle) {
  ExtractedPage p =
      MustExtract("<html><body><h1>Not found</h1><p>This page does not exist.</p></body></html>");
  EXPECT_EQ(p.kind, PageKind::kOther);
  EXPECT_NE(p.kind_reason.find("words"), std::string::npos) << p.kind_reason;
}

TEST(HtmlExtractTest, EmptyAndGarbageInputAreClearErrors) {
  ExtractOptions o;
  Result<ExtractedPage> empty = ExtractArticle("", o);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);
  EXPECT_FALSE(ExtractArticle(" \n\t ", o).ok());
  std::string binary;
  for (int i = 0; i < 2000; ++i) binary.push_back(static_cast<char>((i * 37) % 32));
  Result<ExtractedPage> bin = ExtractArticle(binary, o);
  ASSERT_FALSE(bin.ok());
  EXPECT_NE(bin.status().message().find("binary"), std::string::npos);
  Result<ExtractedPage> text = ExtractArticle("just some words, no markup at all", o);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("no HTML markup"), std::string::npos);
}

TEST(HtmlExtractTest, OversizedInputIsRefused) {
  ExtractOptions o;
  o.max_bytes = 100;
  Result<ExtractedPage> r = ExtractArticle(Page(""), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
}

TEST(HtmlExtractTest, DateFromMetaTag) {
  ExtractedPage p = MustExtract(
      Page("<meta property=\"article:published_time\" content=\"2016-05-11T09:30:00+01:00\">"));
  EXPECT_EQ(p.article.published.ToIso(), "2016-05-11T09:30:00+01:00");
  EXPECT_EQ(p.date_source, "meta:article:published_time");
  EXPECT_EQ(p.article.published.provenance, DateProvenance::kMetadata);
}

TEST(HtmlExtractTest, DateFromTimeElement) {
  ExtractedPage p = MustExtract(
      Page("", "<p class=\"meta\"><time datetime=\"2015-09-03\">3 September</time></p>"));
  EXPECT_EQ(p.article.published.ToIso(), "2015-09-03");
  EXPECT_EQ(p.date_source, "time-element");
}

TEST(HtmlExtractTest, ModifiedDatesAreNotPublicationDates) {
  ExtractedPage p =
      MustExtract(Page("<meta property=\"article:modified_time\" content=\"2020-01-01\">"));
  EXPECT_FALSE(p.article.published.known()) << p.article.published.ToIso();
}

TEST(HtmlExtractTest, DateFromUrl) {
  ExtractedPage p = MustExtract(Page(""), "https://news.example/2016/05/11/khan-trump");
  EXPECT_EQ(p.article.published.ToIso(), "2016-05-11");
  EXPECT_EQ(p.date_source, "url");
  EXPECT_EQ(p.article.published.provenance, DateProvenance::kMetadata);
  EXPECT_LT(p.article.published.confidence, 0.9f);
}

TEST(HtmlExtractTest, DateFromVisibleTextNearTheTitle) {
  ExtractedPage p =
      MustExtract(Page("", "<h1>Reservoirs at lowest level</h1><div>Published May 9, 2016</div>"));
  EXPECT_EQ(p.article.published.ToIso(), "2016-05-09");
  EXPECT_EQ(p.date_source, "text");
  EXPECT_EQ(p.article.published.provenance, DateProvenance::kText);
}

TEST(HtmlExtractTest, NoDateIsUnknownNotGuessed) {
  ExtractedPage p = MustExtract(Page(""));
  EXPECT_FALSE(p.article.published.known());
  EXPECT_EQ(p.article.published.provenance, DateProvenance::kUnknown);
  EXPECT_EQ(p.date_source, "");
}

TEST(HtmlExtractTest, BylineFromMetaAuthor) {
  ExtractedPage p = MustExtract(Page("<meta name=\"author\" content=\"By Jane Doe\">"));
  EXPECT_EQ(p.article.byline, "Jane Doe");
}

TEST(HtmlExtractTest, BylineFromBylineClass) {
  ExtractedPage p =
      MustExtract(Page("", "<div class=\"byline\">By John Smith | 12 May 2016</div>"));
  EXPECT_EQ(p.article.byline, "John Smith");
}

TEST(HtmlExtractTest, BylineFromRelAuthor) {
  ExtractedPage p =
      MustExtract(Page("", "<p>Words by <a rel=\"author\" href=\"/a\">Ann Lee</a></p>"));
  EXPECT_EQ(p.article.byline, "Ann Lee");
}

TEST(HtmlExtractTest, UrlsAreNotBylines) {
  ExtractedPage p =
      MustExtract(Page("<meta property=\"article:author\" content=\"https://fb.com/someone\">"));
  EXPECT_EQ(p.article.byline, "");
}

TEST(HtmlExtractTest, TitleFromTitleElementWithoutSiteName) {
  ExtractedPage p =
      MustExtract(Page("<title>Reservoirs at lowest level for a decade - Daily Post</title>"));
  EXPECT_EQ(p.article.title, "Reservoirs at lowest level for a decade");
}

TEST(HtmlExtractTest, TitleFromH1WhenNoTitleElement) {
  ExtractedPage p = MustExtract(Page("", "<h1>Reservoirs at lowest level</h1>"));
  EXPECT_EQ(p.article.title, "Reservoirs at lowest level");
}

TEST(HtmlExtractTest, CanonicalFromOgUrl) {
  ExtractedPage p = MustExtract(Page("<meta property=\"og:url\" content=\"https://a.example/x\">"),
                                "https://b.example/y");
  EXPECT_EQ(p.canonical_url, "https://a.example/x");
  EXPECT_EQ(p.article.url, "https://a.example/x");
  EXPECT_EQ(p.article.source, "a.example");
}

TEST(HtmlExtractTest, DeclaredLanguageIsCheckedAgainstTheText) {
  std::string html = Page("");
  html.replace(html.find("<html>"), 6, "<html lang=\"de\">");
  ExtractedPage p = MustExtract(html);
  EXPECT_EQ(p.declared_language, "de");
  EXPECT_EQ(p.detected_language, "en");
  EXPECT_EQ(p.article.language, "en");
  ASSERT_FALSE(p.warnings.empty());
  EXPECT_NE(p.warnings[0].find("declares language"), std::string::npos);
}

TEST(HtmlExtractTest, Windows1252Declared) {
  std::string html =
      Page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">", "",
           "<p>Caf\xE9 owners said \x93no\x94 to the plan.</p>");
  ExtractedPage p = MustExtract(html);
  EXPECT_EQ(p.charset, "windows-1252");
  EXPECT_EQ(p.charset_source, "meta");
  EXPECT_NE(p.article.text.find("Caf\xC3\xA9 owners said \xE2\x80\x9Cno\xE2\x80\x9D"),
            std::string::npos)
      << p.article.text;
}

TEST(HtmlExtractTest, UndeclaredLatin1IsDetected) {
  std::string body =
      "<p>Les \xE9l\xE8ves de l'\xE9"
      "cole ont visit\xE9 le mus\xE9\x65 apr\xE8s la r\xE9union, et le "
      "ma\xEEtre a expliqu\xE9 l'histoire de la r\xE9gion \xE0 toute la classe pendant "
      "l'apr\xE8s-midi.</p>";
  ExtractedPage p = MustExtract(Page("", "", body));
  EXPECT_EQ(p.charset_source, "detected");
  EXPECT_NE(p.article.text.find("\xC3\xA9l\xC3\xA8ves de l'\xC3\xA9"
                                "cole"),
            std::string::npos)
      << p.charset << ": " << p.article.text;
}

TEST(HtmlExtractTest, Utf8ByteOrderMarkWinsOverDeclaration) {
  std::string html = "\xEF\xBB\xBF" +
                     Page("<meta charset=\"iso-8859-1\">", "", "<p>Na\xC3\xAFve caf\xC3\xA9.</p>");
  ExtractedPage p = MustExtract(html);
  EXPECT_EQ(p.charset, "utf-8");
  EXPECT_EQ(p.charset_source, "bom");
  EXPECT_NE(p.article.text.find("Na\xC3\xAFve caf\xC3\xA9."), std::string::npos);
}

TEST(HtmlExtractTest, HttpCharsetHintIsUsed) {
  ExtractOptions o;
  o.http_charset = "text/html; charset=ISO-8859-1";
  Result<ExtractedPage> r = ExtractArticle(Page("", "",
                                                "<p>Gr\xFC\xDF"
                                                "e aus K\xF6ln.</p>"),
                                           o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->charset_source, "http");
  EXPECT_NE(r->article.text.find("Gr\xC3\xBC\xC3\x9F"
                                 "e aus K\xC3\xB6ln."),
            std::string::npos);
}

TEST(HtmlExtractTest, BrokenBytesAreReplacedNotFatal) {
  // One broken sequence among many good ones: the declaration stands, the bytes are replaced.
  std::string good;
  for (int i = 0; i < 200; ++i) good += "caf\xC3\xA9 ";
  std::string html = Page("<meta charset=\"utf-8\">", "",
                          "<p>Broken \xC3 byte here, caf\xC3\xA9 stays.</p><p>" + good + "</p>");
  ExtractedPage p = MustExtract(html);
  EXPECT_NE(p.article.text.find("Broken \xEF\xBF\xBD byte"), std::string::npos) << p.article.text;
  EXPECT_NE(p.article.text.find("caf\xC3\xA9 stays"), std::string::npos);
  ASSERT_FALSE(p.warnings.empty());
  EXPECT_NE(p.warnings[0].find("ill-formed"), std::string::npos);
}

TEST(HtmlExtractTest, BodyLeftInsideAnOpenHeadIsRead) {
  // An unknown tag in <head> and no <body>: libxml2 keeps everything under <head>.
  std::string html = std::string("<html><head><title>Reservoirs run low</title><mbox><div>") +
                     kParagraphs + "</div></html>";
  ExtractedPage p = MustExtract(html);
  EXPECT_EQ(p.kind, PageKind::kArticle) << p.kind_reason;
  EXPECT_NE(p.article.text.find("lowest level for a decade"), std::string::npos);
  EXPECT_EQ(p.article.title, "Reservoirs run low");
}

TEST(HtmlExtractTest, ConcurrentCallsAgree) {
  const std::string html = ReadTestdata("article_full.html");
  const ExtractedPage expected = MustExtract(html);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        Result<ExtractedPage> r = ExtractArticle(html, ExtractOptions{});
        if (!r.ok() || r->article.text != expected.article.text ||
            r->article.title != expected.article.title) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace storyline
