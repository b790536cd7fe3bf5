// Retirement of stories out of reach: the stories do not change, memory falls, saved state
// reloads retired, and an article dated earlier joins its retired story once it is revived.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "common/test_seed_for_test.h"
#include "stories/story_features_for_test.h"
#include "stories/story_clusterer.h"

namespace storyline {
namespace {

constexpr int64_t kDay = 16928;  // 2016-05-07

using story_test::F;

struct Doc {
  StoryFeatures features;
  int64_t day;
};

// Topics of ten days each (three at a time), some coming back later (a new story on the same
// words), over shared noise words (long posting lists); one topic running throughout whose words
// the others borrow (so its story falls behind many newer, retired ones in those words' lists);
// a few undated articles at the end.
std::vector<Doc> Stream(uint64_t seed, int docs, int days) {
  std::mt19937_64 rng(seed);
  std::vector<Doc> out;
  for (int d = 0; d < docs; ++d) {
    std::string t;
    const int period = d * days / docs / 10;
    if (rng() % 4 == 0) {
      for (int k = 0; k < 12; ++k) t += " long" + std::to_string(rng() % 6);
      out.push_back({F(t), kDay + static_cast<int64_t>(d) * days / docs});
      continue;
    }
    const int topic = rng() % 8 == 0 ? static_cast<int>(rng() % (3 * period + 3))
                                     : 3 * period + static_cast<int>(rng() % 3);
    t += " long" + std::to_string(rng() % 6);
    for (int k = 0; k < 12; ++k) {
      t += " t" + std::to_string(topic) + "w" + std::to_string(rng() % 8);
      t += " noise" + std::to_string(rng() % 60);
    }
    t += " @e" + std::to_string(topic) + " @p" + std::to_string(rng() % 30);
    const bool undated = d >= docs - docs / 20;
    out.push_back({F(t), undated ? kUnknownDay : kDay + static_cast<int64_t>(d) * days / docs});
  }
  return out;
}

// Everything a caller sees of the stories.
std::string Outcome(const StoryClusterer& c, const std::vector<uint32_t>& added) {
  std::ostringstream out;
  for (uint32_t s : added) out << c.Resolve(s) << ' ';
  out << '\n';
  for (uint32_t s = 0; s < c.story_count(); ++s) {
    const StoryClusterer::Span span = c.span(s);
    out << s << ':' << span.first_day << '-' << span.last_day << 'x' << span.articles << '>'
        << span.merged_into;
    for (const StoryLink& l : c.Links(s)) out << " l" << l.other << '/' << l.score;
    out << '\n';
  }
  return out.str();
}

// Clusters the stream, taking the changes (as ingest saves them) every `save_every` articles
// into *saved (story -> its latest SaveStory blob).
std::string Cluster(const std::vector<Doc>& docs, bool retire, size_t save_every,
                    StoryClusterer* c, std::map<uint32_t, std::string>* saved = nullptr) {
  std::vector<uint32_t> added;
  for (size_t i = 0; i < docs.size(); ++i) {
    added.push_back(c->Add(docs[i].features, docs[i].day));
    if (retire && (i + 1) % save_every == 0) {
      for (uint32_t s : c->TakeChanged()) {
        if (saved != nullptr) (*saved)[s] = c->SaveStory(s);
      }
    }
  }
  c->Flush();
  return Outcome(*c, added);
}

TEST(StoryRetirementTest, RetiringStoriesDoesNotChangeThem) {
  const auto docs = Stream(testing::TestSeed("StoryRetirementSame"), 3000, 300);
  StoryClusterOptions keep;
  keep.retire = false;
  StoryClusterer all(keep);
  const std::string expected = Cluster(docs, false, 1, &all);
  EXPECT_EQ(all.retired_count(), 0u);
  // Saved after every article, or only every 250 articles (retirement then waits): the same.
  for (size_t save_every : {size_t{1}, size_t{250}}) {
    StoryClusterer retiring(StoryClusterOptions{});
    EXPECT_EQ(Cluster(docs, true, save_every, &retiring), expected) << "saved every " << save_every;
    EXPECT_GT(retiring.retired_count(), retiring.story_count() / 2) << "saved every " << save_every;
    EXPECT_LT(retiring.MemoryBytes(), all.MemoryBytes() * 3 / 4);
  }
}

TEST(StoryRetirementTest, DeterministicWithRetirement) {
  const auto docs = Stream(testing::TestSeed("StoryRetirementDeterministic"), 1500, 200);
  StoryClusterer a(StoryClusterOptions{}), b(StoryClusterOptions{});
  EXPECT_EQ(Cluster(docs, true, 7, &a), Cluster(docs, true, 7, &b));
  EXPECT_GT(a.retired_count(), 0u);
}

// What incremental ingest does: save, load (stories out of reach retire at once), continue.
TEST(StoryRetirementTest, ReloadedStateRetiresAndContinuesExactly) {
  const auto docs = Stream(testing::TestSeed("StoryRetirementReload"), 2000, 200);
  StoryClusterOptions keep;
  keep.retire = false;
  StoryClusterer whole(keep);
  const std::string expected = Cluster(docs, false, 1, &whole);
  const std::vector<Doc> first_part(docs.begin(), docs.begin() + 1200);
  const std::vector<Doc> second_part(docs.begin() + 1200, docs.end());
  StoryClusterer first(StoryClusterOptions{});
  std::map<uint32_t, std::string> saved;
  std::vector<uint32_t> added;
  for (const Doc& d : first_part) {
    added.push_back(first.Add(d.features, d.day));
    for (uint32_t s : first.TakeChanged()) saved[s] = first.SaveStory(s);
  }
  ASSERT_GT(first.retired_count(), 0u);
  std::vector<std::string> blobs;
  for (uint32_t s = 0; s < first.story_count(); ++s) blobs.push_back(saved.at(s));
  StoryClusterer second(StoryClusterOptions{});
  ASSERT_TRUE(second.LoadState(first.SaveGlobalState(), blobs).ok());
  EXPECT_EQ(second.retired_count(), first.retired_count());
  for (const Doc& d : second_part) added.push_back(second.Add(d.features, d.day));
  second.Flush();
  EXPECT_EQ(Outcome(second, added), expected);
}

TEST(StoryRetirementTest, AnEarlierArticleJoinsItsRetiredStoryOnceRevived) {
  StoryClusterer c(StoryClusterOptions{});
  std::map<uint32_t, std::string> saved;
  auto add = [&](const std::string& text, int64_t day) {
    const uint32_t s = c.Add(F(text), day);
    for (uint32_t t : c.TakeChanged()) saved[t] = c.SaveStory(t);
    return s;
  };
  // Enough other articles that document frequencies mean something.
  for (int i = 0; i < 20; ++i) {
    add("filler" + std::to_string(i) + " words" + std::to_string(i) + " common", kDay);
  }
  const uint32_t flood = add("flood river levee rain evacuated homes @Hartwick @Tamsin", kDay + 1);
  EXPECT_EQ(add("flood river levee rescue boats homes @Hartwick @Tamsin", kDay + 2), flood);
  for (int d = 30; d < 40; ++d) {
    add("election ballots votes count" + std::to_string(d) + " @Okonkwo", kDay + d);
  }
  ASSERT_TRUE(c.retired(flood));
  EXPECT_TRUE(c.TopTerms(flood, 5).empty()) << "its centroid left memory";
  EXPECT_TRUE(c.RetiredInReach(kDay + 39).empty()) << "nothing to bring back in date order";
  const std::vector<uint32_t> in_reach = c.RetiredInReach(kDay + 3);
  ASSERT_NE(std::find(in_reach.begin(), in_reach.end(), flood), in_reach.end());
  const StoryFeatures late = F("flood river levee rain rescue homes @Hartwick @Tamsin");
  // Without its story back the article cannot find it.
  StoryClusterer without(c);
  EXPECT_NE(without.Add(late, kDay + 3), flood);
  // Refused: a story not retired, a damaged blob, another story's blob.
  EXPECT_EQ(c.Revive(c.story_count() - 1, saved.at(c.story_count() - 1)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(c.Revive(flood, saved.at(flood).substr(0, 20)).code(), StatusCode::kCorruption);
  EXPECT_EQ(c.Revive(flood, saved.at(0)).code(), StatusCode::kCorruption);
  for (uint32_t s : in_reach) ASSERT_TRUE(c.Revive(s, saved.at(s)).ok());
  EXPECT_FALSE(c.retired(flood));
  EXPECT_FALSE(c.TopTerms(flood, 5).empty());
  EXPECT_EQ(c.Add(late, kDay + 3), flood);
  EXPECT_EQ(c.span(flood).articles, 3u);
}

}  // namespace
}  // namespace storyline
