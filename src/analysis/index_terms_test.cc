#include "analysis/index_terms.h"

#include <gtest/gtest.h>

namespace storyline {
namespace {

using Terms = std::vector<std::string>;

TEST(IndexTermsTest, WordsAreNormalisedAndStemmedPunctuationAndPossessivesTakeNoPosition) {
  IndexTermExtractor x;
  Terms t;
  x.Extract("Khan\u2019s office said: \u201cElections, running!\u201d", "en", &t);
  EXPECT_EQ(t, (Terms{"khan", "offic", "said", "elect", "run"}));
}

TEST(IndexTermsTest, NumbersUrlsAndAbbreviationsAreNotStemmed) {
  IndexTermExtractor x;
  Terms t;
  x.Extract("The U.S. spent 1,000 dollars in 2016 (see www.example.com/reports)", "en", &t);
  EXPECT_EQ(t, (Terms{"the", "u.s.", "spent", "1,000", "dollar", "in", "2016", "see",
                      "www.example.com/reports"}));
}

TEST(IndexTermsTest, UndeterminedLanguageIsIndexedUnstemmedAndOtherLanguagesWithTheirStemmer) {
  IndexTermExtractor x;
  Terms t;
  x.Extract("Elections running", "und", &t);
  EXPECT_EQ(t, (Terms{"elections", "running"}));
  x.Extract("Wahlen", "de", &t);
  EXPECT_EQ(t, (Terms{"wahl"}));
  EXPECT_EQ(x.Term("Mayors", "en"), "mayor");
  EXPECT_EQ(x.Term("", "en"), "");
}

TEST(IndexTermsTest, HyphenatedWordsAreIndexedAsTheirParts) {
  IndexTermExtractor x;
  Terms t;
  x.Extract("Time-sharing systems, long-term plans, COVID-19 on 2016-05-07", "en", &t);
  EXPECT_EQ(t, (Terms{"time", "share", "system", "long", "term", "plan", "covid", "19", "on",
                      "2016-05-07"}));
}

TEST(IndexTermsTest, RawTokensLineUpWithTermsAndLongTokensAreCut) {
  IndexTermExtractor x;
  Tokenizer tok;
  const std::string text = "Sadiq Khan, " + std::string(200, 'a') + " mayor";
  std::vector<Token> tokens, raw;
  tok.Tokenize(text, &tokens);
  Terms t;
  x.Extract(text, tokens, "en", &t, &raw);
  ASSERT_EQ(t.size(), 4u);
  ASSERT_EQ(raw.size(), 4u);
  EXPECT_EQ(TokenText(text, raw[1]), "Khan");
  EXPECT_EQ(t[2].size(), kMaxTermBytes);
  EXPECT_EQ(TokenText(text, raw[3]), "mayor");
}

}  // namespace
}  // namespace storyline
