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

// Dropping stop words: English ones in English text only, each keeping its position (an empty
// term; kNoTermId among ids), hyphenated parts too; off by default.
TEST(IndexTermsTest, StopWordsAreLeftOutOfEnglishTextKeepingTheirPositions) {
  IndexTermExtractor x;
  Terms t;
  x.Extract("The Bank of England", "en", &t);
  EXPECT_EQ(t, (Terms{"the", "bank", "of", "england"}));
  x.set_drop_stop_words(true);
  x.Extract("The Bank of England, state-of-the-art", "en", &t);
  EXPECT_EQ(t, (Terms{"", "bank", "", "england", "state", "", "", "art"}));
  x.Extract("The Bank of England", "und", &t);  // not English: every word
  EXPECT_EQ(t, (Terms{"the", "bank", "of", "england"}));
  std::vector<uint32_t> ids;
  x.ExtractIds("Bank of the England bank", "en", &ids);
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_EQ(ids[1], kNoTermId);
  EXPECT_EQ(ids[2], kNoTermId);
  EXPECT_EQ(ids[0], ids[4]);
  EXPECT_EQ(x.vocabulary()[ids[3]], "england");
  EXPECT_TRUE(IsSearchStopWord("the"));
  EXPECT_FALSE(IsSearchStopWord("theory"));
  EXPECT_FALSE(IsSearchStopWord("The"));  // compared after normalisation
}

TEST(IndexTermsTest, UrlsAreTheirRunsOfLettersAndDigitsAfterTheScheme) {
  Terms t;
  UrlTerms("https://www.BBC.co.uk/news/uk-politics-36212345?s=1#top", &t);
  EXPECT_EQ(
      t, (Terms{"www", "bbc", "co", "uk", "news", "uk", "politics", "36212345", "s", "1", "top"}));
  UrlTerms("example.org/Caf\xC3\xA9%20Menu/Caf%C3%A9%2", &t);  // UTF-8 kept, ASCII folded
  EXPECT_EQ(t, (Terms{"example", "org", "caf\xC3\xA9", "menu", "caf\xC3\xA9", "2"}));
  UrlTerms("", &t);
  EXPECT_TRUE(t.empty());
  UrlTerms("https://" + std::string(100, 'x') + ".com", &t);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].size(), kMaxTermBytes);
  IndexTermExtractor x;
  std::vector<uint32_t> ids;
  x.UrlTermIds("http://a.example/a", &ids);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], ids[2]);
  EXPECT_EQ(x.vocabulary()[ids[1]], "example");
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

// The terms ExtractIds gives (through the vocabulary).
Terms TermsOfIds(const IndexTermExtractor& x, const std::vector<uint32_t>& ids) {
  Terms out;
  for (const uint32_t id : ids) out.push_back(x.vocabulary().at(id));
  return out;
}

TEST(IndexTermsTest, IdsAreTheTermsExtractGivesInEveryLanguageAndAfterATrim) {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"Khan\u2019s office said: \u201cElections, running!\u201d", "en"},
      {"The U.S. spent 1,000 dollars in 2016 (see www.example.com/reports)", "en"},
      {"Elections running election elect", "und"},
      {"Wahlen und Wahl, Elections", "de"},
      {"Time-sharing systems, long-term plans, COVID-19 on 2016-05-07", "en"},
      {"Sadiq Khan, " + std::string(200, 'a') + " mayor " + std::string(300, 'b'), "en"},
      {"Elections running", "fr"},
      {"Elections running", "xx"},  // no stemmer: unstemmed
  };
  IndexTermExtractor terms, ids;
  Terms want;
  std::vector<uint32_t> got;
  for (int round = 0; round < 3; ++round) {  // words seen before, then after a trim
    for (const auto& [text, language] : texts) {
      terms.Extract(text, language, &want);
      ids.ExtractIds(text, language, &got);
      EXPECT_EQ(TermsOfIds(ids, got), want) << text << " (" << language << ")";
    }
    if (round == 1) ids.TrimVocabulary(0);
  }
}

TEST(IndexTermsTest, WordsWithOneTermShareAnIdAndTheVocabularyIsTrimmedPastItsLimit) {
  IndexTermExtractor x;
  std::vector<uint32_t> a, b;
  x.ExtractIds("Elections election elect", "en", &a);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0], a[1]);
  EXPECT_EQ(a[1], a[2]);
  x.ExtractIds("Elections", "und", &b);  // unstemmed: another term
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NE(b[0], a[0]);
  EXPECT_EQ(x.vocabulary().size(), 2u);
  x.TrimVocabulary(2);
  EXPECT_EQ(x.vocabulary().size(), 2u);
  x.TrimVocabulary(1);
  EXPECT_TRUE(x.vocabulary().empty());
  x.ExtractIds("oil", "en", &a);
  EXPECT_EQ(TermsOfIds(x, a), (Terms{"oil"}));
}

}  // namespace
}  // namespace storyline
