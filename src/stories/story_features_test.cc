// The story terms the ingest workers compute (StoryTermsChunkBuilder, from the index terms they
// already made) against the terms the story stage reads back (AppendStoryTerms), and the
// buffer that carries them to the story stage.
#include "stories/story_features.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "analysis/tokenizer.h"
#include "common/test_seed_for_test.h"
#include "stories/story_feature_buffer.h"

namespace storyline {
namespace {

struct Text {
  std::string title, text, language;
};

std::vector<Text> Texts(uint64_t seed) {
  std::vector<Text> out = {
      {"Khan's reply to Trump", "Sadiq Khan said on Saturday that the long-term plan was "
       "\"ignorant\". The mayor's office said 1,000 people were at U.S. rallies.", "en"},
      {"", "A text without a title: the the the elections, elected, electing.", "en"},
      {"Les élections municipales", "Le maire de Paris a dit que les élections auront lieu.",
       "fr"},
      {"Titel ohne Text", "", "de"},
      {"", "", "und"},
      {"Mixed und text", "Ünïcödé wörds and hyphen-ated-words, http://example.com/x?y=1 !!",
       "und"},
  };
  // Random texts over a small vocabulary, so terms repeat within and across articles.
  const std::vector<std::string> vocab = {"flood", "floods", "river", "the", "said", "Levee's",
                                          "rain-soaked", "homes", "2016", "U.S.", "evacuated",
                                          "rescue", "boats", "is", "water", "Water", "WATER"};
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 40; ++i) {
    Text t;
    t.language = i % 3 == 0 ? "und" : "en";
    for (int w = 0; w < 4; ++w) t.title += vocab[rng() % vocab.size()] + " ";
    for (int w = 0; w < 60; ++w) t.text += vocab[rng() % vocab.size()] + (w % 9 ? " " : ". ");
    out.push_back(t);
  }
  return out;
}

std::vector<uint64_t> Sorted(std::vector<uint64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(StoryFeaturesTest, WorkerTermsEqualTermsReadBack) {
  const auto texts = Texts(testing::TestSeed("StoryFeaturesWorkerTerms"));
  // What a worker does: the index terms of title and text (the text's tokens made once), then
  // the chunk builder.
  IndexTermExtractor worker_extractor;
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  std::vector<std::string> title_terms, text_terms;
  StoryTermsChunk chunk;
  StoryTermsChunkBuilder builder;
  builder.Reset(&chunk);
  for (const Text& t : texts) {
    worker_extractor.Extract(t.title, t.language, &title_terms);
    tokenizer.Tokenize(t.text, &tokens);
    worker_extractor.Extract(t.text, tokens, t.language, &text_terms);
    builder.Add(title_terms, text_terms);
  }
  ASSERT_EQ(chunk.articles(), texts.size());
  StoryFeatureBuffer buffer;
  for (size_t k = 0; k < texts.size(); ++k) {
    ASSERT_TRUE(buffer.Add(static_cast<uint32_t>(100 + k), chunk, k, !texts[k].title.empty(),
                           {7, 3, 7, 1000000007}));
  }
  // What the story stage does for an article it reads back.
  IndexTermExtractor stage_extractor;
  std::vector<std::string> scratch;
  size_t nonempty = 0;
  for (size_t k = 0; k < texts.size(); ++k) {
    StoryFeatures expected;
    std::vector<std::string> strings;
    AppendStoryTerms(&stage_extractor, texts[k].title, texts[k].text, texts[k].language, &scratch,
                     &expected, &strings);
    StoryFeatures got;
    bool has_title = false;
    std::vector<std::pair<uint64_t, std::string_view>> words;
    ASSERT_TRUE(buffer.Get(static_cast<uint32_t>(100 + k), &got, &has_title, &words));
    EXPECT_EQ(Sorted(got.terms), Sorted(expected.terms)) << "article " << k;
    EXPECT_EQ(Sorted(got.entities), (std::vector<uint64_t>{3, 7, 7, 1000000007}));
    EXPECT_EQ(has_title, !texts[k].title.empty());
    // Every distinct term with its text, for labels.
    std::vector<std::pair<uint64_t, std::string>> want, have;
    for (const std::string& s : strings) want.emplace_back(StoryFeatures::TermKey(s), s);
    for (const auto& [key, w] : words) have.emplace_back(key, std::string(w));
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    std::sort(have.begin(), have.end());
    EXPECT_EQ(have, want) << "article " << k;
    nonempty += !expected.terms.empty();
  }
  EXPECT_GT(nonempty, texts.size() / 2);
}

TEST(StoryFeaturesTest, BufferHoldsWhatFitsAndOnlyThat) {
  StoryTermsChunk chunk;
  StoryTermsChunkBuilder builder;
  builder.Reset(&chunk);
  std::vector<std::string> text;
  for (int i = 0; i < 200; ++i) text.push_back("word" + std::to_string(i));
  for (int k = 0; k < 100; ++k) builder.Add({"title"}, text);
  StoryFeatureBuffer small(4096);
  size_t held = 0;
  for (uint32_t k = 0; k < 100; ++k) held += small.Add(50 + k, chunk, k, true, {});
  EXPECT_GT(held, 0u);
  EXPECT_LT(held, 100u) << "a full buffer refuses articles";
  EXPECT_EQ(small.articles(), held);
  StoryFeatures f;
  bool has_title = false;
  std::vector<std::pair<uint64_t, std::string_view>> words;
  EXPECT_TRUE(small.Get(50, &f, &has_title, &words));
  EXPECT_EQ(f.terms.size(), 201u);
  EXPECT_FALSE(small.Get(50 + 99, &f, &has_title, &words)) << "refused, so read back";
  EXPECT_FALSE(small.Get(49, &f, &has_title, &words));
  EXPECT_FALSE(small.Get(1000, &f, &has_title, &words));
}

}  // namespace
}  // namespace storyline
