#include "article/record_parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/hash.h"
#include "ingest/ingest_test_util.h"
#include "ingest/record_reader.h"

namespace storyline {
namespace {

RawRecord Json(std::string bytes) {
  RawRecord r;
  r.origin.path = "test.jsonl";
  r.origin.line = 7;
  r.origin.byte_offset = 100;
  r.format = InputFormat::kJsonLines;
  r.bytes = std::move(bytes);
  return r;
}

RawRecord Text(std::string bytes) {
  RawRecord r;
  r.origin.path = "test.txt";
  r.format = InputFormat::kText;
  r.bytes = std::move(bytes);
  return r;
}

RawRecord Html(std::string bytes) {
  RawRecord r;
  r.origin.path = "page.html";
  r.format = InputFormat::kHtml;
  r.bytes = std::move(bytes);
  return r;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

bool AnyContains(const std::vector<std::string>& v, const std::string& needle) {
  for (const std::string& s : v) {
    if (Contains(s, needle)) return true;
  }
  return false;
}

TEST(RecordParserTest, ParsesAllKnownJsonFields) {
  RecordParser parser;
  auto r = parser.Parse(Json(
      R"({"id":"a1","url":"https://www.Example.com:8080/news/1?x=1","title":"  Mayor wins  ",)"
      R"("text":"\n\nThe mayor won.\r\nMore text.  \n","published_at":"2016-05-11T09:30:00+02:00",)"
      R"("lang":"en","author":["A. Writer"," B. Writer",7]})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Article& a = r->article;
  EXPECT_EQ(a.url, "https://www.Example.com:8080/news/1?x=1");
  EXPECT_EQ(a.title, "Mayor wins");
  EXPECT_EQ(a.text, "The mayor won.\nMore text.");
  EXPECT_EQ(a.source, "example.com");
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.byline, "A. Writer, B. Writer");
  EXPECT_EQ(a.published.ToIso(), "2016-05-11T09:30:00+02:00");
  EXPECT_EQ(a.published.provenance, DateProvenance::kMetadata);
  EXPECT_EQ(a.published.confidence, 1.0f);
  EXPECT_EQ(a.metadata_json, R"({"id":"a1"})");
  EXPECT_EQ(a.origin.path, "test.jsonl");
  EXPECT_EQ(a.origin.line, 7u);
  EXPECT_TRUE(AnyContains(r->warnings, "\"author\" that are not strings"));
}

TEST(RecordParserTest, KeepsOtherFieldsAndIdVerbatimInCompactMetadata) {
  RecordParser parser;
  auto r = parser.Parse(
      Json(R"({ "id" : 12 , "text":"t", "topics": [ "acq", "earn" ], "story_id":"s1",)"
           R"( "score": 1.50e3, "nested": {"a": [true, null], "b\"q": "x y"}, "flag": false })"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->article.metadata_json,
            R"({"id":12,"topics":["acq","earn"],"story_id":"s1","score":1.50e3,)"
            R"("nested":{"a":[true,null],"b\"q":"x y"},"flag":false})");
  EXPECT_TRUE(nlohmann::json::accept(r->article.metadata_json));
  EXPECT_TRUE(r->warnings.empty());
}

TEST(RecordParserTest, BodyIsTheTextWhenTextIsAbsent) {
  RecordParser parser;
  auto r = parser.Parse(Json(R"({"body":"From the body.","source":" Press TV "})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->article.text, "From the body.");
  EXPECT_EQ(r->article.source, "Press TV");
  EXPECT_EQ(r->article.metadata_json, "{}");
  auto both = parser.Parse(Json(R"({"text":"From text.","body":"From body."})"));
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->article.text, "From text.");
  EXPECT_EQ(both->article.metadata_json, R"({"body":"From body."})");
}

TEST(RecordParserTest, RejectsRecordWithoutTextOrTitleAndKeepsHeadlines) {
  RecordParser parser;
  auto headline = parser.Parse(Json(R"({"title":"Only a title"})"));
  ASSERT_TRUE(headline.ok()) << headline.status().ToString();
  EXPECT_EQ(headline->article.title, "Only a title");
  EXPECT_EQ(headline->article.text, "");
  auto none = parser.Parse(Json(R"({"source":"Wire"})"));
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      Contains(none.status().message(), "no text: the record has neither \"text\" nor \"body\""));
  auto empty = parser.Parse(Json(R"({"text":"  \n "})"));
  EXPECT_TRUE(Contains(empty.status().message(), "no text"));
  auto wrong = parser.Parse(Json(R"({"title":"T","text":42})"));
  EXPECT_TRUE(Contains(wrong.status().message(), "no text: \"text\" is not a string"));
}

TEST(RecordParserTest, RejectsBrokenJsonNamingTheByteOffset) {
  RecordParser parser;
  struct Case {
    std::string json;
    std::string expect;
  } cases[] = {
      {R"({"text":"unterminated)", "broken JSON at byte"},
      {R"({"text":"a",})", "broken JSON at byte"},
      {R"({"text":"a" "b":1})", "broken JSON at byte"},
      {R"({"text":"a"} trailing)", "broken JSON at byte"},
      {R"({"text":"a","x":[1,,2]})", "broken JSON at byte"},
      {R"({"text":"a","x":{"y":}})", "broken JSON at byte"},
      {R"({"text":"a","n":tru})", "broken JSON at byte"},
      {R"({"text":"a","n":12x})", "broken JSON at byte"},
      {R"({"text":"bad \q escape"})", "broken JSON at byte"},
      {R"(["text"])", "must be a JSON object"},
      {R"("just a string")", "must be a JSON object"},
      {"", "broken JSON at byte 0"},
      {R"({"\itle":42,"text":"t"})", "broken JSON at byte 2"},  // found by fuzz_record_parser
  };
  for (const Case& c : cases) {
    auto r = parser.Parse(Json(c.json));
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_TRUE(Contains(r.status().message(), c.expect))
        << c.json << " -> " << r.status().message();
  }
  // The parser recovers: the next good record parses.
  EXPECT_TRUE(parser.Parse(Json(R"({"text":"fine"})")).ok());
}

TEST(RecordParserTest, RejectsInvalidUtf8InJsonNamingTheByteOffset) {
  RecordParser parser;
  auto r = parser.Parse(Json("{\"text\":\"caf\xe9\"}"));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "invalid UTF-8 at byte 12")) << r.status().message();
}

TEST(RecordParserTest, RemovesNulCharactersWithAWarning) {
  RecordParser parser;
  auto r = parser.Parse(Json(R"({"title":"A\u0000B","text":"x\u0000y\u0000z"})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->article.title, "AB");
  EXPECT_EQ(r->article.text, "xyz");
  EXPECT_TRUE(
      AnyContains(r->warnings, "removed 2 NUL character(s) from \"text\" (first at byte 29)"))
      << ::testing::PrintToString(r->warnings);
  EXPECT_TRUE(AnyContains(r->warnings, "from \"title\" (first at byte 11)"));
  auto author = parser.Parse(Json(R"({"text":"t","author":["A\u0000B"]})"));
  ASSERT_TRUE(author.ok());
  EXPECT_EQ(author->article.byline, "AB");
  EXPECT_TRUE(AnyContains(author->warnings, "NUL character(s) from \"author\""));
  // A raw NUL byte is not JSON: the record is rejected, naming the offset.
  auto raw = parser.Parse(Json(std::string("{\"text\":\"p\0q\"}", 14)));
  EXPECT_EQ(raw.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(raw.status().message(), "broken JSON at byte 10: unescaped control"))
      << raw.status().message();
}

TEST(RecordParserTest, FieldOfWrongTypeIsIgnoredWithWarningAndKept) {
  RecordParser parser;
  auto r = parser.Parse(Json(R"({"title":42,"url":["x"],"text":"t","lang":null})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->article.title, "");
  EXPECT_EQ(r->article.url, "");
  EXPECT_EQ(r->article.language, "");
  EXPECT_EQ(r->article.metadata_json, R"({"title":42,"url":["x"]})");
  EXPECT_TRUE(AnyContains(r->warnings, "ignored field \"title\": expected a string, got a number"));
  EXPECT_TRUE(AnyContains(r->warnings, "ignored field \"url\": expected a string, got an array"));
}

TEST(RecordParserTest, UnparseableDateIsAWarningAndTheDateStaysUnknown) {
  RecordParser parser;
  auto r = parser.Parse(Json(R"({"text":"t","published_at":"last Tuesday"})"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->article.published.known());
  EXPECT_EQ(r->article.published.provenance, DateProvenance::kUnknown);
  EXPECT_TRUE(AnyContains(r->warnings, "unparseable date \"last Tuesday\""));
  EXPECT_EQ(r->article.metadata_json, R"({"published_at":"last Tuesday"})");
  // A bad published_at falls back to a good date.
  auto fallback = parser.Parse(Json(R"({"text":"t","published_at":"soon","date":"2016-05-11"})"));
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->article.published.ToIso(), "2016-05-11");
}

TEST(RecordParserTest, ReadsTheDateFormsOfFeedsAndArchives) {
  struct Case {
    const char* in;
    const char* iso;  // "" = refused
  };
  const Case cases[] = {
      {"26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"},
      {"Wed, 11 May 2016 09:30:00 GMT", "2016-05-11T09:30:00Z"},
      {"Wed, 11 May 2016 09:30:00 +0200", "2016-05-11T09:30:00+02:00"},
      {"Wednesday, 11 May 2016 09:30 EDT", "2016-05-11T09:30:00-04:00"},
      {"11 May 2016", "2016-05-11"},
      {"May 11, 2016", "2016-05-11"},
      {"September 3, 2025 10:05", "2025-09-03T10:05:00"},
      {"2016/05/11", "2016-05-11"},
      {"2016-05-11", "2016-05-11"},
      {"31-FEB-1987", ""},
      {"May 11", ""},
      {"11 May 2016 soon", ""},
      {"Someday, 11 May 2016", ""},
      {"11 Mai 2016", ""},
  };
  for (const Case& c : cases) {
    PublishedDate d;
    const bool ok = ParseMetadataDate(c.in, &d);
    EXPECT_EQ(ok, *c.iso != 0) << c.in;
    if (ok) {
      EXPECT_EQ(d.ToIso(), c.iso) << c.in;
    }
  }
  RecordParser parser;
  auto r = parser.Parse(Json(R"({"text":"t","date":"26-FEB-1987 15:01:01.79"})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->article.published.ToIso(), "1987-02-26T15:01:01");
  EXPECT_EQ(r->article.published.provenance, DateProvenance::kMetadata);
  EXPECT_TRUE(r->warnings.empty());
}

TEST(RecordParserTest, ParsesIsoDatesAndDateTimes) {
  struct Case {
    const char* in;
    const char* iso;  // nullptr: rejected
  } cases[] = {
      {"2016-05-11", "2016-05-11"},
      {"2016-05", "2016-05"},
      {"2016", "2016"},
      {"2016-05-11T09:30:00Z", "2016-05-11T09:30:00Z"},
      {"2016-05-11T09:30:00", "2016-05-11T09:30:00"},
      {"2016-05-11 09:30:00", "2016-05-11T09:30:00"},
      {"2016-05-11T09:30", "2016-05-11T09:30:00"},
      {"2016-05-11T09:30:00.123456-05:00", "2016-05-11T09:30:00-05:00"},
      {"2016-05-11T09:30:00+0530", "2016-05-11T09:30:00+05:30"},
      {"2016-05-11T09:30:00+01", "2016-05-11T09:30:00+01:00"},
      {"2016-02-29", "2016-02-29"},
      {"2015-02-29", nullptr},
      {"2016-13-01", nullptr},
      {"2016-05-11T25:00:00", nullptr},
      {"2016-05-11T09:30:00 extra", nullptr},
      {"11/05/2016", nullptr},
      {"", nullptr},
      {"2016-05-11T", nullptr},
      {"0000-01-01", nullptr},
  };
  for (const Case& c : cases) {
    PublishedDate d;
    bool ok = ParseIsoDate(c.in, &d);
    EXPECT_EQ(ok, c.iso != nullptr) << c.in;
    if (ok && c.iso != nullptr) {
      EXPECT_EQ(d.ToIso(), c.iso) << c.in;
    }
  }
}

TEST(RecordParserTest, SourceFallsBackToTheUrlHostWithoutWww) {
  EXPECT_EQ(UrlHost("https://www.bbc.co.uk/news/x"), "bbc.co.uk");
  EXPECT_EQ(UrlHost("http://user:pw@News.Example.COM:8080?q"), "news.example.com");
  EXPECT_EQ(UrlHost("//cdn.example.org/a"), "cdn.example.org");
  EXPECT_EQ(UrlHost("www.presstv.ir/Detail/1"), "presstv.ir");
  EXPECT_EQ(UrlHost("not a url"), "");
  EXPECT_EQ(UrlHost(""), "");
  EXPECT_EQ(UrlHost("http://[::1]:80/x"), "[::1]");
}

TEST(RecordParserTest, ArticleIdIsStableAndDependsOnIdentityFields) {
  RecordParser parser;
  auto a = parser.Parse(Json(R"({"id":"1","url":"http://a/x","title":"T","text":"body"})"));
  auto a_again = parser.Parse(Json(R"({"text":"body","title":"T","url":"http://a/x","id":"1"})"));
  auto other_id = parser.Parse(Json(R"({"id":"2","url":"http://a/x","title":"T","text":"body"})"));
  auto other_text = parser.Parse(Json(R"({"id":"1","url":"http://a/x","title":"T","text":"bod"})"));
  ASSERT_TRUE(a.ok() && a_again.ok() && other_id.ok() && other_text.ok());
  EXPECT_EQ(a->article.id, a_again->article.id);
  EXPECT_NE(a->article.id, other_id->article.id);
  EXPECT_NE(a->article.id, other_text->article.id);
  // Field boundaries matter: "ab"+"c" differs from "a"+"bc".
  auto x = parser.Parse(Json(R"({"title":"ab","text":"c"})"));
  auto y = parser.Parse(Json(R"({"title":"a","text":"bc"})"));
  EXPECT_NE(x->article.id, y->article.id);
  // The documented formula.
  auto t = parser.Parse(Text("Headline\n\nBody."));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->article.id.value(), Hash64(std::string("\x1f\x1f\x1fHeadline\x1f") + "Body."));
}

std::string ReadExample(const char* name) {
  return testing::ReadFile(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name);
}

TEST(RecordParserTest, TextSeedsWithAHeadlineGetATitle) {
  RecordParser parser;
  auto a = parser.Parse(Text(ReadExample("000_959d2f4e196e2067.txt")));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->article.title, "London\u2019s mayor Sadiq Khan");
  EXPECT_EQ(a->article.text.rfind("London mayor pledges to help Clinton defeat Trump\n", 0), 0u);
  auto b = parser.Parse(Text(ReadExample("001_85f2262cd321ad9c.txt")));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->article.title,
            "Sadiq Khan Rejects Donald Trump\u2019s Offer Of Muslim Ban \u2018Exception\u2019");
  EXPECT_EQ(b->article.text.rfind("London Mayor Sadiq Khan has lashed out", 0), 0u);
  EXPECT_TRUE(a->warnings.empty());
}

TEST(RecordParserTest, TextSeedStartingWithASentenceHasNoTitle) {
  RecordParser parser;
  std::string raw = ReadExample("004_8e91078493eb5b9b.txt");
  auto c = parser.Parse(Text(raw));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->article.title, "");
  EXPECT_EQ(c->article.text.rfind("London Mayor Sadiq Khan has been informally guiding", 0), 0u);
  EXPECT_EQ(c->article.text.back() == '\n' || c->article.text.back() == ' ', false);
}

TEST(RecordParserTest, TitleNeedsAHeadlineShapeAndFollowingText) {
  EXPECT_TRUE(LooksLikeTitle("Storm hits coast"));
  EXPECT_TRUE(LooksLikeTitle("Why now? The answer"));
  EXPECT_FALSE(LooksLikeTitle("The storm hit the coast."));
  EXPECT_FALSE(LooksLikeTitle("\u201CWe will win,\u201D she said: \u201CNow!\u201D"));
  EXPECT_FALSE(LooksLikeTitle("He said \u201Cenough.\u201D"));
  EXPECT_FALSE(LooksLikeTitle("Breaking:"));
  EXPECT_FALSE(LooksLikeTitle(std::string(151, 'x')));
  EXPECT_FALSE(
      LooksLikeTitle("one two three four five six seven eight nine ten eleven twelve "
                     "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
                     "twenty twentyone"));
  EXPECT_FALSE(LooksLikeTitle("-----"));
  RecordParser parser;
  auto only = parser.Parse(Text("Just one line without end"));
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->article.title, "");
  EXPECT_EQ(only->article.text, "Just one line without end");
}

TEST(RecordParserTest, TextFileInvalidUtf8AndNulAreRepairedWithOffsets) {
  RecordParser parser;
  RawRecord rec = Text(testing::ReadFile(std::string(STORYLINE_SOURCE_DIR) +
                                         "/tests/fixtures/ingest/bad_bytes.txt"));
  auto r = parser.Parse(rec);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->article.title, "Headline with bad bytes");
  EXPECT_EQ(r->article.text, "Caf\uFFFD \uFFFD\uFFFD text with a NUL byte.");
  EXPECT_TRUE(AnyContains(r->warnings, "replaced invalid UTF-8 at byte 28 (1 byte)"))
      << ::testing::PrintToString(r->warnings);
  EXPECT_TRUE(AnyContains(r->warnings, "replaced invalid UTF-8 at byte 30 (2 bytes)"));
  EXPECT_TRUE(AnyContains(r->warnings, "removed a NUL byte at byte 48"));
}

TEST(RecordParserTest, TextFileCrlfAndBlankLinesAreNormalised) {
  RecordParser parser;
  auto r = parser.Parse(Text(
      testing::ReadFile(std::string(STORYLINE_SOURCE_DIR) + "/tests/fixtures/ingest/crlf.txt")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->article.title, "A Windows Headline");
  EXPECT_EQ(r->article.text, "First paragraph.\nSecond line.");
  EXPECT_FALSE(parser.Parse(Text(" \r\n\t\n")).ok());
}

// The acceptance path: reader + parser over a file mixing good and bad records.
TEST(RecordParserTest, MixedFixtureKeepsGoodRecordsAndExplainsBadOnes) {
  InputFile file{std::string(STORYLINE_SOURCE_DIR) + "/tests/fixtures/ingest/mixed.jsonl",
                 InputFormat::kJsonLines, Compression::kNone, 0};
  auto reader = RecordReader::Open(file, 1 << 20);
  ASSERT_TRUE(reader.ok());
  std::vector<RawRecord> records;
  std::vector<RecordProblem> problems;
  while (*(*reader)->ReadBatch(1 << 20, &records, &problems)) {
  }
  EXPECT_TRUE(problems.empty());
  RecordParser parser;
  std::vector<std::string> good_ids;
  std::vector<std::pair<uint64_t, std::string>> rejected;
  for (const RawRecord& rec : records) {
    auto r = parser.Parse(rec);
    if (r.ok()) {
      good_ids.push_back(nlohmann::json::parse(r->article.metadata_json).value("id", ""));
    } else {
      rejected.emplace_back(rec.origin.line, r.status().message());
    }
  }
  // x1 has a title and no text: a headline, kept.
  EXPECT_EQ(good_ids, (std::vector<std::string>{"g1", "n1", "x1", "c1", "w1", "g2"}));
  ASSERT_EQ(rejected.size(), 3u);
  EXPECT_EQ(rejected[0].first, 2u);
  EXPECT_TRUE(Contains(rejected[0].second, "broken JSON"));
  EXPECT_EQ(rejected[1].first, 3u);
  EXPECT_TRUE(Contains(rejected[1].second, "invalid UTF-8 at byte 22"));
  EXPECT_EQ(rejected[2].first, 9u);
  EXPECT_TRUE(Contains(rejected[2].second, "JSON object"));
}

}  // namespace
}  // namespace storyline

namespace storyline {
namespace {

// Single-thread Parse throughput on the first 300 MB of $STORYLINE_BENCH_JSONL. Disabled by
// default; run with --gtest_also_run_disabled_tests --gtest_filter='*Throughput*'.
TEST(RecordParserTest, DISABLED_ThroughputOneThread) {
  const char* path = std::getenv("STORYLINE_BENCH_JSONL");
  if (path == nullptr) GTEST_SKIP() << "set STORYLINE_BENCH_JSONL to a large .jsonl file";
  auto reader = RecordReader::Open(InputFile{path, InputFormat::kJsonLines, Compression::kNone, 0},
                                   RecordReader::kDefaultMaxRecordBytes);
  ASSERT_TRUE(reader.ok());
  std::vector<RawRecord> records;
  std::vector<RecordProblem> problems;
  uint64_t bytes = 0;
  while (bytes < 300'000'000 && *(*reader)->ReadBatch(4 << 20, &records, &problems)) {
    bytes = 0;
    for (const RawRecord& r : records) bytes += r.bytes.size() + 1;
  }
  RecordParser parser;
  size_t ok = 0, warnings = 0;
  auto start = std::chrono::steady_clock::now();
  for (const RawRecord& r : records) {
    auto p = parser.Parse(r);
    if (p.ok()) {
      ++ok;
      warnings += p->warnings.size();
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("RecordParser: %zu records (%zu ok, %zu warnings), %.1f MB in %.3f s = %.0f MB/s\n",
              records.size(), ok, warnings, bytes / 1e6, s, bytes / 1e6 / s);
}

TEST(RecordParserTest, HtmlPageBecomesAnArticleWithItsMetadata) {
  std::string html =
      "<html lang=\"en\"><head><title>Reservoirs run low - Daily Post</title>"
      "<meta property=\"article:published_time\" content=\"2016-05-11T09:30:00Z\">"
      "<link rel=\"canonical\" href=\"https://post.example/reservoirs\"></head><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><div class=\"story\">"
      "<p>The regional water authority said on Monday that reservoirs were at their lowest level "
      "for a decade, and asked households to take shorter showers and to stop watering gardens."
      "</p><p>Engineers have repaired more than two hundred leaks since January, the authority "
      "said, but the dry spring has left rivers so low that fish had to be moved from three "
      "streams.</p><p>Farmers, who depend on the rivers for irrigation, warned that the harvest "
      "could suffer, and called on the government to fund new storage lakes before the next "
      "summer comes.</p></div></body></html>";
  RecordParser parser;
  Result<ParsedRecord> r = parser.Parse(Html(html));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Article& a = r->article;
  EXPECT_EQ(a.title, "Reservoirs run low");
  EXPECT_EQ(a.url, "https://post.example/reservoirs");
  EXPECT_EQ(a.source, "post.example");
  EXPECT_EQ(a.published.ToIso(), "2016-05-11T09:30:00Z");
  EXPECT_EQ(a.published.provenance, DateProvenance::kMetadata);
  EXPECT_EQ(a.language, "en");
  EXPECT_TRUE(Contains(a.text, "lowest level for a decade"));
  EXPECT_FALSE(Contains(a.text, "Home"));
  EXPECT_TRUE(Contains(a.metadata_json, "\"html_date_source\":\"meta:article:published_time\""))
      << a.metadata_json;
  EXPECT_EQ(a.origin.path, "page.html");
  EXPECT_NE(a.id.value(), 0u);
}

TEST(RecordParserTest, HtmlIndexPageIsLeftOutWithTheReason) {
  std::string html = "<html><body><ul>";
  for (int i = 0; i < 20; ++i) {
    html += "<li><a href=\"/" + std::to_string(i) + "\">Headline number " + std::to_string(i) +
            " about the news of the day</a></li>";
  }
  html += "</ul></body></html>";
  RecordParser parser;
  Result<ParsedRecord> r = parser.Parse(Html(html));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(Contains(r->not_article, "not an article: an index page")) << r->not_article;
  EXPECT_TRUE(r->article.text.empty());
}

TEST(RecordParserTest, HtmlPageWithTooLittleTextIsLeftOut) {
  RecordParser parser;
  Result<ParsedRecord> r =
      parser.Parse(Html("<html><body><h1>Not found</h1><p>Sorry, no page here.</p></body></html>"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(Contains(r->not_article, "not an article (")) << r->not_article;
}

TEST(RecordParserTest, HtmlFileWithoutMarkupIsRejected) {
  RecordParser parser;
  Result<ParsedRecord> r = parser.Parse(Html("plain words only"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "no HTML markup"));
}

}  // namespace
}  // namespace storyline
