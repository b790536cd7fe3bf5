#include "analysis/stemmer.h"

#include <gtest/gtest.h>

#include <string>

#include "analysis/tokenizer.h"

namespace storyline {
namespace {

std::string StemOf(Stemmer& s, std::string_view w) {
  std::string out;
  s.Stem(w, &out);
  return out;
}

TEST(StemmerTest, EnglishNewsWordsReduceToTheirStems) {
  auto s = Stemmer::Create("en");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->algorithm(), "english");
  EXPECT_EQ(StemOf(**s, "elections"), "elect");
  EXPECT_EQ(StemOf(**s, "election"), "elect");
  EXPECT_EQ(StemOf(**s, "running"), "run");
  EXPECT_EQ(StemOf(**s, "mayors"), "mayor");
  EXPECT_EQ(StemOf(**s, "presidential"), "presidenti");
  EXPECT_EQ(StemOf(**s, "president"), "presid");
}

TEST(StemmerTest, NormalisedTokensOfTheSameWordShareAStem) {
  auto s = Stemmer::Create("en");
  ASSERT_TRUE(s.ok());
  std::string a, b;
  NormalizeToken("Exceptions", &a);
  NormalizeToken("EXCEPTION", &b);
  EXPECT_EQ(StemOf(**s, a), StemOf(**s, b));
}

TEST(StemmerTest, OtherLanguagesUseTheirOwnRules) {
  auto fr = Stemmer::Create("fr");
  ASSERT_TRUE(fr.ok());
  EXPECT_EQ(StemOf(**fr, "élections"), StemOf(**fr, "élection"));
  auto de = Stemmer::Create("de");
  ASSERT_TRUE(de.ok());
  EXPECT_EQ(StemOf(**de, "bürgermeister"), StemOf(**de, "bürgermeisters"));
  auto ru = Stemmer::Create("ru");
  ASSERT_TRUE(ru.ok());
  EXPECT_EQ(StemOf(**ru, "выборы"), StemOf(**ru, "выборов"));
}

TEST(StemmerTest, UnknownLanguageIsNotFoundAndNamesTheSupportedOnes) {
  auto s = Stemmer::Create("und");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_NE(s.status().message().find("en,"), std::string::npos) << s.status().message();
  EXPECT_GE(Stemmer::SupportedLanguages().size(), 20u);
}

TEST(StemmerTest, LongAndEmptyInputsPassThroughUnchanged) {
  auto s = Stemmer::Create("en");
  ASSERT_TRUE(s.ok());
  std::string url(100, 'x');
  url += "ing";
  EXPECT_EQ(StemOf(**s, url), url);
  EXPECT_EQ(StemOf(**s, ""), "");
}

}  // namespace
}  // namespace storyline
