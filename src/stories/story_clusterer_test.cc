#include "stories/story_clusterer.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "common/test_seed_for_test.h"

namespace storyline {
namespace {

std::vector<std::string> Terms(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

TEST(StoryClustererTest, ArticlesAboutOneEventJoinAndOthersStartStories) {
  StoryClusterer c(StoryClusterOptions{});
  const int64_t day = 16928;  // 2016-05-07
  EXPECT_EQ(c.Add(Terms("khan mayor london trump ban muslim exception"), day), 0u);
  EXPECT_EQ(c.Add(Terms("earthquake nepal kathmandu rescue dead"), day), 1u);
  EXPECT_EQ(c.Add(Terms("trump exception khan muslim ban reject"), day + 1), 0u);
  EXPECT_EQ(c.Add(Terms("kathmandu earthquake aftershock rescue"), day + 1), 1u);
  EXPECT_EQ(c.Add(Terms("football cup final goal"), day + 1), 2u);
  EXPECT_EQ(c.story_count(), 3u);
}

TEST(StoryClustererTest, TheSameWordsMonthsLaterStartANewStory) {
  StoryClusterOptions o;
  o.decay_days = 7;
  StoryClusterer c(o);
  const auto words = Terms("khan mayor london trump ban muslim exception campaign");
  EXPECT_EQ(c.Add(words, 16928), 0u);
  EXPECT_EQ(c.Add(words, 16930), 0u);        // two days later: the same story
  EXPECT_EQ(c.Add(words, 16928 + 400), 1u);  // over a year later: a new one
}

TEST(StoryClustererTest, DeterministicForTheSameInput) {
  std::mt19937_64 rng(testing::TestSeed("StoryClustererDeterministic"));
  std::vector<std::vector<std::string>> docs;
  for (int d = 0; d < 300; ++d) {
    std::vector<std::string> t;
    const int topic = static_cast<int>(rng() % 20);
    for (int k = 0; k < 15; ++k) {
      t.push_back("t" + std::to_string(topic) + "w" + std::to_string(rng() % 8));
      t.push_back("noise" + std::to_string(rng() % 500));
    }
    docs.push_back(t);
  }
  std::vector<uint32_t> a, b;
  StoryClusterer c1(StoryClusterOptions{}), c2(StoryClusterOptions{});
  for (const auto& d : docs) a.push_back(c1.Add(d, kUnknownDay));
  for (const auto& d : docs) b.push_back(c2.Add(d, kUnknownDay));
  EXPECT_EQ(a, b);
  // Articles of one topic mostly share a story: at most a few stories per topic.
  EXPECT_LE(c1.story_count(), 60u);
}

}  // namespace
}  // namespace storyline
