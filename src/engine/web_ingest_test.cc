// Web archives through ingest: a WARC's HTML responses become articles (with their URLs), pages
// that are not articles and damage are reported, filters select records.
#include <gtest/gtest.h>

#include <fstream>

#include "common/temp_dir_for_test.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

std::string Record(const std::string& type, const std::string& uri, const std::string& date,
                   const std::string& block, size_t cut = 0) {
  std::string head = "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" +
                     std::to_string(std::hash<std::string>()(uri + type)) + ">\r\nWARC-Date: " +
                     date + "\r\n";
  if (!uri.empty()) head += "WARC-Target-URI: " + uri + "\r\n";
  head += std::string("Content-Type: ") +
          (type == "response" ? "application/http; msgtype=response" : "application/warc-fields") +
          "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  std::string r = head + block + "\r\n\r\n";
  return cut ? r.substr(0, r.size() - cut) : r;
}

std::string Http(const std::string& mime, const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: " + mime + "\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string ArticlePage(const std::string& title) {
  std::string html = "<html lang=\"en\"><head><title>" + title +
                     " | The Courier</title><meta property=\"article:published_time\" "
                     "content=\"2024-05-02T09:00:00Z\"></head><body><nav><a href=\"/\">Home</a> "
                     "<a href=\"/news\">News</a></nav><article><h1>" +
                     title + "</h1>";
  for (int i = 0; i < 6; ++i) {
    html += "<p>The river rose above the old stone levee on Thursday night, and volunteers "
            "filled sandbags by the light of their cars while the council opened the school "
            "hall for families who had to leave their homes, officials said. Paragraph " +
            std::to_string(i) + " of the report describes the rescue boats.</p>";
  }
  return html + "</article><footer>Copyright The Courier</footer></body></html>";
}

class WebIngestTest : public ::testing::Test {
 protected:
  std::unique_ptr<Engine> Open(const std::string& dir) {
    Options o;
    o.data_dir = dir;
    auto e = Engine::Open(o);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return std::move(e).value();
  }
  std::string WriteWarc() {
    std::string index = "<html><body><ul>";
    for (int i = 0; i < 40; ++i) {
      index += "<li><a href=\"/story/" + std::to_string(i) + "\">Headline number " +
               std::to_string(i) + "</a></li>";
    }
    index += "</ul></body></html>";
    const std::string warc =
        Record("warcinfo", "", "2024-05-02T10:00:00Z", "software: test\r\n") +
        Record("response", "https://www.courier.example/2024/05/02/flood", "2024-05-02T10:00:01Z",
               Http("text/html; charset=utf-8", ArticlePage("Flood waters rise in the valley"))) +
        Record("response", "https://www.courier.example/", "2024-05-02T10:00:02Z",
               Http("text/html", index)) +
        Record("response", "https://img.example/logo.png", "2024-05-02T10:00:03Z",
               Http("image/png", "\x89PNG....")) +
        Record("response", "https://other.example/2024/05/03/flood-2", "2024-05-03T10:00:04Z",
               Http("text/html", ArticlePage("Volunteers fill sandbags as the river rises"))) +
        Record("response", "https://www.courier.example/cut", "2024-05-03T10:00:05Z",
               Http("text/html", ArticlePage("A record cut short")), 400);
    const std::string path = tmp_.path() + "/crawl.warc";
    std::ofstream(path, std::ios::binary) << warc;
    return path;
  }
  testing::TempDir tmp_;
};

TEST_F(WebIngestTest, HtmlResponsesBecomeArticlesAndTheRestIsReported) {
  const std::string path = WriteWarc();
  auto e = Open(tmp_.path() + "/s");
  auto s = e->Ingest({path}, {}, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->articles_added, 2u);
  // The front page is not an article; the cut record is damage. The image is not a page.
  bool index_reported = false, damage_reported = false;
  for (const IngestProblem& p : s->problems) {
    if (p.reason.find("https://www.courier.example/: not an article") != std::string::npos) {
      index_reported = true;
      EXPECT_GT(p.where.byte_offset, 0u);
      EXPECT_EQ(p.severity, ProblemSeverity::kSkipped);  // left out on purpose, not an error
      EXPECT_EQ(p.kind, "not-an-article");
    }
    if (p.kind == "damaged-file") damage_reported = true;
  }
  EXPECT_TRUE(index_reported);
  EXPECT_TRUE(damage_reported);
  EXPECT_EQ(s->pages_skipped, 1u);
  EXPECT_EQ(s->records_rejected, 1u);  // the damage only
  auto list = e->ListArticles({0, 0});
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].url, "https://www.courier.example/2024/05/02/flood");
  EXPECT_EQ((*list)[0].title, "Flood waters rise in the valley");
  EXPECT_EQ((*list)[0].published.ToIso().substr(0, 10), "2024-05-02");
  EXPECT_NE((*list)[0].metadata_json.find("\"fetched_at\":\"2024-05-02T10:00:01Z\""),
            std::string::npos);
  auto article = e->GetArticle(FormatArticleId((*list)[0].id));
  ASSERT_TRUE(article.ok());
  EXPECT_NE(article->text.find("volunteers filled sandbags"), std::string::npos);
  EXPECT_EQ(article->text.find("Copyright"), std::string::npos);
}

TEST_F(WebIngestTest, FiltersSelectRecordsAndBadFiltersAreUsageErrors) {
  const std::string path = WriteWarc();
  auto e = Open(tmp_.path() + "/s");
  IngestOptions o;
  o.web_hosts = "other.example";
  auto s = e->Ingest({path}, o, nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->articles_added, 1u);
  EXPECT_EQ(e->ListArticles({0, 0})->at(0).url, "https://other.example/2024/05/03/flood-2");
  IngestOptions late;
  late.web_from = "2024-05-03";
  auto t = e->Ingest({path}, late, nullptr);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->articles_added, 0u);
  EXPECT_EQ(t->already_present, 1u);
  // --lang also checks the language detected in the page when the WARC header has none.
  std::string french = "<html><head><title>La crue</title></head><body><article><h1>La crue "
                       "de la rivière</h1>";
  for (int i = 0; i < 6; ++i) {
    french += "<p>La rivière est montée au-dessus de la vieille digue jeudi "
              "soir, et les bénévoles ont rempli des sacs de sable pendant que "
              "la mairie ouvrait le gymnase de l'école aux familles qui devaient "
              "quitter leurs maisons, ont indiqué les responsables.</p>";
  }
  french += "</article></body></html>";
  const std::string mixed = tmp_.path() + "/mixed.warc";
  std::ofstream(mixed, std::ios::binary)
      << Record("response", "https://courrier.example/2024/05/02/crue", "2024-05-02T10:00:01Z",
                Http("text/html; charset=utf-8", french))
      << Record("response", "https://www.courier.example/2024/05/04/levee",
                "2024-05-04T10:00:01Z",
                Http("text/html; charset=utf-8", ArticlePage("The levee holds at last")));
  auto f = Open(tmp_.path() + "/lang");
  IngestOptions english;
  english.web_languages = "en";
  auto l = f->Ingest({mixed}, english, nullptr);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(l->articles_added, 1u);
  EXPECT_EQ(l->pages_skipped, 1u);
  EXPECT_TRUE(l->complete());
  ASSERT_EQ(l->problems.size(), 1u);
  EXPECT_EQ(l->problems[0].kind, "other-language");
  EXPECT_NE(l->problems[0].reason.find("\"fr\""), std::string::npos) << l->problems[0].reason;
  IngestOptions bad;
  bad.web_from = "soon";
  EXPECT_EQ(e->Ingest({path}, bad, nullptr).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace storyline
