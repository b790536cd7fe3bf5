// Facets and timelines of a search through the whole engine: what the matches are made of
// (sources, languages, dates), within the search's filters.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/temp_dir_for_test.h"
#include "storyline/engine.h"

namespace storyline {
namespace {

class FacetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = tmp_.path() + "/in.jsonl";
    std::ofstream f(path);
    // 12 articles about floods (sources A x6, B x4, none x2; en x10, fr x2), 6 about markets.
    for (int i = 0; i < 18; ++i) {
      const bool flood = i < 12;
      nlohmann::json j = {
          {"id", "f" + std::to_string(i)},
          {"title", flood ? "River flood " + std::to_string(i) : "Markets " + std::to_string(i)},
          {"text", std::string(flood ? "The river flooded the valley town. "
                                     : "Shares fell on the stock market. ") +
                       "Report " + std::to_string(i) + " of the day."}};
      if (i < 6) j["source"] = "A";
      else if (i < 10) j["source"] = "B";
      if (i == 10 || i == 11) j["lang"] = "fr";
      else j["lang"] = "en";
      if (i < 9) j["date"] = std::string(i < 5 ? "2024-05-0" : "2024-06-0") + std::to_string(1 + i % 3);
      f << j.dump() << "\n";
    }
    f.close();
    Options o;
    o.data_dir = tmp_.path() + "/s";
    auto e = Engine::Open(o);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e).value();
    ASSERT_TRUE(engine_->Ingest({path}, {}, nullptr).ok());
  }
  std::unique_ptr<Engine> engine_;
  testing::TempDir tmp_;
};

TEST_F(FacetsTest, CountEveryMatchBySourceLanguageAndDate) {
  SearchOptions s;
  s.query = "flood";
  s.limit = 2;  // the page does not limit the facets
  FacetOptions f;
  auto facets = engine_->GetSearchFacets(s, f);
  ASSERT_TRUE(facets.ok()) << facets.status().ToString();
  EXPECT_EQ(facets->matches, 12u);
  using Counts = std::vector<std::pair<std::string, uint64_t>>;
  EXPECT_EQ(facets->sources, (Counts{{"A", 6}, {"B", 4}, {"", 2}}));
  EXPECT_EQ(facets->languages, (Counts{{"en", 10}, {"fr", 2}}));
  EXPECT_EQ(facets->dates, (Counts{{"2024-05", 5}, {"2024-06", 4}}));
  EXPECT_EQ(facets->undated, 3u);
  f.by = "day";
  f.max_values = 1;
  facets = engine_->GetSearchFacets(s, f);
  ASSERT_TRUE(facets.ok());
  EXPECT_EQ(facets->sources, (Counts{{"A", 6}}));
  EXPECT_EQ(facets->dates.front(), (std::pair<std::string, uint64_t>{"2024-05-01", 2}));
  // Filters narrow the facets as they narrow the hits.
  s.sources = {"B"};
  facets = engine_->GetSearchFacets(s, FacetOptions());
  ASSERT_TRUE(facets.ok());
  EXPECT_EQ(facets->matches, 4u);
  EXPECT_EQ(facets->sources, (Counts{{"B", 4}}));
  f.by = "week";
  EXPECT_EQ(engine_->GetSearchFacets(s, f).status().code(), StatusCode::kInvalidArgument);
  s.query = "flood AND (";
  EXPECT_EQ(engine_->GetSearchFacets(s, FacetOptions()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(FacetsTest, ATimelineOfASearchCountsItsMatchesWithEmptyPeriods) {
  TimelineOptions t;
  t.query = "flood";
  t.by = "month";
  auto tl = engine_->GetTimeline(t);
  ASSERT_TRUE(tl.ok()) << tl.status().ToString();
  using Counts = std::vector<std::pair<std::string, uint64_t>>;
  EXPECT_EQ(tl->periods, (Counts{{"2024-05", 5}, {"2024-06", 4}}));
  EXPECT_EQ(tl->articles, 12u);
  EXPECT_EQ(tl->undated, 3u);
  t.by = "day";
  tl = engine_->GetTimeline(t);
  ASSERT_TRUE(tl.ok());
  // 2024-05-01 .. 2024-06-03, every day listed.
  EXPECT_EQ(tl->periods.size(), 34u);
  EXPECT_EQ(tl->periods.front(), (std::pair<std::string, uint64_t>{"2024-05-01", 2}));
  EXPECT_EQ(tl->periods.back(), (std::pair<std::string, uint64_t>{"2024-06-03", 2}));
}

}  // namespace
}  // namespace storyline
