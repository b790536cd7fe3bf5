#include "stories/story_clusterer.h"

#include <gtest/gtest.h>

#include <random>

#include "common/test_seed_for_test.h"
#include "stories/story_features_for_test.h"

namespace storyline {
namespace {

using story_test::F;

constexpr int64_t kDay = 16928;  // 2016-05-07

TEST(StoryClustererTest, ArticlesAboutOneEventJoinAndOthersStartStories) {
  StoryClusterer c(StoryClusterOptions{});
  EXPECT_EQ(c.Add(F("khan mayor london trump ban muslim exception"), kDay), 0u);
  EXPECT_EQ(c.Add(F("earthquake nepal kathmandu rescue dead"), kDay), 1u);
  EXPECT_EQ(c.Add(F("trump exception khan muslim ban reject"), kDay + 1), 0u);
  EXPECT_EQ(c.Add(F("kathmandu earthquake aftershock rescue"), kDay + 1), 1u);
  EXPECT_EQ(c.Add(F("football cup final goal"), kDay + 1), 2u);
  EXPECT_EQ(c.story_count(), 3u);
  EXPECT_EQ(c.span(0).articles, 2u);
  EXPECT_EQ(c.span(0).first_day, kDay);
  EXPECT_EQ(c.span(0).last_day, kDay + 1);
}

TEST(StoryClustererTest, TheSameWordsMonthsLaterStartANewStory) {
  StoryClusterOptions o;
  o.decay_days = 7;
  StoryClusterer c(o);
  const auto words = F("khan mayor london trump ban muslim exception campaign");
  EXPECT_EQ(c.Add(words, kDay), 0u);
  EXPECT_EQ(c.Add(words, kDay + 2), 0u);    // two days later: the same story
  EXPECT_EQ(c.Add(words, kDay + 400), 1u);  // over a year later: a new one
  // An article dated inside a story's span joins it even when it arrives last.
  EXPECT_EQ(c.Add(words, kDay + 1), 0u);
  EXPECT_EQ(c.span(0).articles, 3u);
}

TEST(StoryClustererTest, EntitiesSeparateStoriesTheWordsAloneWouldJoin) {
  StoryClusterOptions o;
  o.entity_weight = 0.6;
  o.threshold = 0.45;  // the words alone give 0.4 (identical words, the other entities)
  StoryClusterer c(o);
  EXPECT_EQ(c.Add(F("mayor election result vote count @Sadiq_Khan @London"), kDay), 0u);
  EXPECT_EQ(c.Add(F("mayor election result vote count @Bill_de_Blasio @New_York"), kDay), 1u);
  EXPECT_EQ(c.Add(F("mayor election result turnout @Sadiq_Khan @London"), kDay), 0u);
}

std::vector<StoryFeatures> RandomTopics(uint64_t seed, int docs, int topics) {
  std::mt19937_64 rng(seed);
  std::vector<StoryFeatures> out;
  for (int d = 0; d < docs; ++d) {
    std::string t;
    const int topic = static_cast<int>(rng() % topics);
    for (int k = 0; k < 15; ++k) {
      t += " t" + std::to_string(topic) + "w" + std::to_string(rng() % 8);
      t += " noise" + std::to_string(rng() % 500);
    }
    t += " @e" + std::to_string(topic) + " @p" + std::to_string(rng() % 40);
    out.push_back(F(t));
  }
  return out;
}

TEST(StoryClustererTest, DeterministicForTheSameInput) {
  const auto docs = RandomTopics(testing::TestSeed("StoryClustererDeterministic"), 300, 20);
  std::vector<uint32_t> a, b;
  StoryClusterer c1(StoryClusterOptions{}), c2(StoryClusterOptions{});
  for (size_t i = 0; i < docs.size(); ++i) a.push_back(c1.Add(docs[i], kDay + i / 30));
  for (size_t i = 0; i < docs.size(); ++i) b.push_back(c2.Add(docs[i], kDay + i / 30));
  EXPECT_EQ(a, b);
  // Articles of one topic mostly share a story: at most a few stories per topic.
  EXPECT_LE(c1.story_count(), 60u);
}

// Saving after the first part and loading into a new clusterer gives the same stories as one
// clusterer that saw everything: what incremental ingest relies on.
TEST(StoryClustererTest, SavedStateContinuesExactly) {
  const auto docs = RandomTopics(testing::TestSeed("StoryClustererSaveLoad"), 400, 25);
  StoryClusterOptions o;
  o.centroid_terms = 16;  // prunes often
  o.centroid_entities = 4;
  StoryClusterer whole(o);
  std::vector<uint32_t> expected;
  for (size_t i = 0; i < docs.size(); ++i) expected.push_back(whole.Add(docs[i], kDay + i / 40));
  StoryClusterer first(o);
  std::vector<uint32_t> got;
  for (size_t i = 0; i < 250; ++i) got.push_back(first.Add(docs[i], kDay + i / 40));
  std::vector<std::string> blobs;
  for (uint32_t s = 0; s < first.story_count(); ++s) blobs.push_back(first.SaveStory(s));
  StoryClusterer second(o);
  ASSERT_TRUE(second.LoadState(first.SaveGlobalState(), blobs).ok());
  for (size_t i = 250; i < docs.size(); ++i) got.push_back(second.Add(docs[i], kDay + i / 40));
  EXPECT_EQ(got, expected);
  for (uint32_t s = 0; s < whole.story_count(); ++s) {
    EXPECT_EQ(whole.SaveStory(s), second.SaveStory(s)) << "story " << s;
  }
  EXPECT_EQ(whole.SaveGlobalState(), second.SaveGlobalState());
}

TEST(StoryClustererTest, DamagedStateIsRefused) {
  StoryClusterer c(StoryClusterOptions{});
  c.Add(F("a b c @x"), kDay);
  std::string df = c.SaveGlobalState();
  std::string story = c.SaveStory(0);
  StoryClusterer d(StoryClusterOptions{});
  EXPECT_EQ(d.LoadState(df.substr(0, df.size() - 1), {story}).code(), StatusCode::kCorruption);
  EXPECT_EQ(d.LoadState(df, {story.substr(0, story.size() - 3)}).code(),
            StatusCode::kCorruption);
  story[0] = 9;  // another version
  EXPECT_EQ(d.LoadState(df, {story}).code(), StatusCode::kCorruption);
  EXPECT_TRUE(d.LoadState(df, {c.SaveStory(0)}).ok());
}

// Stores written before a story's mass was saved (version 2) still load: mass = articles.
TEST(StoryClustererTest, VersionTwoStateLoads) {
  StoryClusterer c(StoryClusterOptions{});
  c.Add(F("a b c @x"), kDay);
  c.Add(F("a b c @x"), kDay);
  std::string global = c.SaveGlobalState();
  std::string story = c.SaveStory(0);
  global[0] = 2;
  story[0] = 2;
  story.erase(1 + 8 + 8 + 8 + 4, 8);  // the mass, after the days, articles and merged-into
  StoryClusterer d(StoryClusterOptions{});
  ASSERT_TRUE(d.LoadState(global, {story}).ok());
  EXPECT_EQ(d.SaveStory(0), c.SaveStory(0));
}

// A high join threshold splits one event in two; the merge pass finds they are one.
TEST(StoryClustererTest, MergePassJoinsStoriesThatAreOne) {
  StoryClusterOptions o;
  o.threshold = 0.9;
  o.merge_threshold = 0.5;
  StoryClusterer c(o);
  EXPECT_EQ(c.Add(F("flood river town rescue boats rain @Severn"), kDay), 0u);
  EXPECT_EQ(c.Add(F("flood river rescue rain town homes @Severn"), kDay), 1u);
  EXPECT_EQ(c.Add(F("budget tax minister spending @Treasury"), kDay), 2u);
  c.TakeChanged();
  const auto merges = c.MergePass({0, 1, 2});
  ASSERT_EQ(merges.size(), 1u);
  EXPECT_EQ(merges[0], std::make_pair(1u, 0u));
  EXPECT_EQ(c.Resolve(1), 0u);
  EXPECT_EQ(c.Resolve(2), 2u);
  EXPECT_EQ(c.span(0).articles, 2u);
  EXPECT_EQ(c.span(1).articles, 0u);
  EXPECT_EQ(c.live_story_count(), 2u);
  EXPECT_EQ(c.TakeChanged(), (std::vector<uint32_t>{0, 1}));
  // Saved and loaded, the merge stays.
  std::vector<std::string> blobs;
  for (uint32_t s = 0; s < c.story_count(); ++s) blobs.push_back(c.SaveStory(s));
  StoryClusterer d(o);
  ASSERT_TRUE(d.LoadState(c.SaveGlobalState(), blobs).ok());
  EXPECT_EQ(d.Resolve(1), 0u);
  EXPECT_EQ(d.live_story_count(), 2u);
}

// 120 articles of words of their own, months earlier, so that document frequencies are those
// of an archive: a word in two articles weighs about as much as a word in one.
void AddArchive(StoryClusterer* c) {
  for (int d = 0; d < 120; ++d) {
    std::string t;
    for (int k = 0; k < 10; ++k) t += " old" + std::to_string(d) + "w" + std::to_string(k);
    c->Add(F(t), kDay - 200);
  }
}

const char kFirst[] = "ferry storm harbour captain crew passengers coast rescue night wind";
const char kSecond[] = "ferry storm harbour captain crew inquiry owner safety report court";
const char kWeak[] = "ferry harbour captain port shares market trading bank index profit";

// A story that is still one text is joined only by a close match: a weak match to a single
// article is what long unrelated articles sharing a few rare words reach by chance. Once the
// story holds two distinct texts, the same weak match joins it.
TEST(StoryClustererTest, AStoryOfOneTextNeedsACloseMatch) {
  StoryClusterOptions off;
  off.single_text_threshold = 0;
  StoryClusterer without(off);
  AddArchive(&without);
  double score = 0;
  const uint32_t story = without.Add(F(kFirst), kDay);
  EXPECT_EQ(without.Add(F(kWeak), kDay, &score), story);
  EXPECT_GE(score, 0.15);
  EXPECT_LT(score, 0.35);

  StoryClusterer single(StoryClusterOptions{});
  AddArchive(&single);
  const uint32_t first = single.Add(F(kFirst), kDay);
  EXPECT_NE(single.Add(F(kWeak), kDay), first);

  StoryClusterer two(StoryClusterOptions{});
  AddArchive(&two);
  const uint32_t both = two.Add(F(kFirst), kDay);
  EXPECT_EQ(two.Add(F(kSecond), kDay, &score), both);
  EXPECT_GE(score, 0.35);
  EXPECT_EQ(two.Add(F(kWeak), kDay, &score), both);
  EXPECT_LT(score, 0.35);
}

// Copies do not make a story of several texts: a weak match still starts its own story.
TEST(StoryClustererTest, CopiesStayOneText) {
  StoryClusterer c(StoryClusterOptions{});
  AddArchive(&c);
  const uint32_t story = c.Add(F(kFirst), kDay);
  EXPECT_EQ(c.Add(F(kFirst), kDay), story);
  EXPECT_EQ(c.Add(F(kFirst), kDay), story);
  EXPECT_NE(c.Add(F(kWeak), kDay), story);
}

// Two stories that are each one text merge only at the single-text threshold.
TEST(StoryClustererTest, MergePassKeepsWeaklySimilarSingleTextsApart) {
  for (const double single : {0.35, 0.0}) {
    StoryClusterOptions o;
    o.threshold = 0.9;  // every article starts a story; the merge pass decides
    o.merge_threshold = 0.15;
    o.single_text_threshold = single;
    StoryClusterer c(o);
    AddArchive(&c);
    const uint32_t a = c.Add(F(kFirst), kDay);
    const uint32_t b = c.Add(F(kWeak), kDay);
    ASSERT_NE(a, b);
    EXPECT_EQ(c.MergePass({a, b}).size(), single > 0 ? 0u : 1u) << "single " << single;
  }
}

// Stories years apart share their people: a link, explained by the shared entities.
TEST(StoryClustererTest, LinksRelateStoriesThroughSharedEntities) {
  StoryClusterer c(StoryClusterOptions{});
  const uint32_t a = c.Add(F("mayor election muslim ban @Sadiq_Khan @Donald_Trump @Zac_Goldsmith"), kDay);
  c.Add(F("earthquake rescue @Nepal @Kathmandu"), kDay);
  const uint32_t b =
      c.Add(F("tariff trade visit scotland @Sadiq_Khan @Donald_Trump @Zac_Goldsmith @Chicago"),
            kDay + 3350);
  ASSERT_NE(a, b);
  const auto links = c.Links(b);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].other, a);
  EXPECT_GE(links[0].score, 0.3);
  EXPECT_EQ(links[0].shared_entities.size(), 3u);
  EXPECT_TRUE(c.Links(1).empty());
}

}  // namespace
}  // namespace storyline
