#include "analysis/sentence_splitter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "analysis/text_date_finder.h"
#include "analysis/tokenizer.h"

namespace storyline {
namespace {

// Sentence texts joined by " | ".
std::string Split(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  std::vector<Sentence> sentences;
  SplitSentences(text, tokens, &sentences);
  std::string s;
  uint32_t next_token = 0;
  for (const Sentence& sentence : sentences) {
    EXPECT_EQ(sentence.first_token, next_token);
    EXPECT_LT(sentence.first_token, sentence.end_token);
    EXPECT_EQ(sentence.begin, tokens[sentence.first_token].begin);
    EXPECT_EQ(sentence.end, tokens[sentence.end_token - 1].end);
    next_token = sentence.end_token;
    if (!s.empty()) s += " | ";
    s += text.substr(sentence.begin, sentence.end - sentence.begin);
  }
  EXPECT_EQ(next_token, tokens.size());
  return s;
}

TEST(SentenceSplitterTest, EmptyTextHasNoSentences) { EXPECT_EQ(Split(""), ""); }

TEST(SentenceSplitterTest, BreaksAtFullStopBeforeCapital) {
  EXPECT_EQ(Split("Khan won. Trump lost! Why? Nobody knows."),
            "Khan won. | Trump lost! | Why? | Nobody knows.");
}

TEST(SentenceSplitterTest, DoesNotBreakBeforeLowercase) {
  EXPECT_EQ(Split("It rose 5 per cent. to 10 and Yahoo! said no."),
            "It rose 5 per cent. to 10 and Yahoo! said no.");
}

TEST(SentenceSplitterTest, BreaksBeforeNumberAndOpeningQuote) {
  EXPECT_EQ(Split("He won. 2016 was good. “Yes,” he said."),
            "He won. | 2016 was good. | “Yes,” he said.");
}

TEST(SentenceSplitterTest, AlwaysBreaksAtNewline) {
  EXPECT_EQ(Split("London mayor pledges to help Clinton\nKhan told reporters"),
            "London mayor pledges to help Clinton | Khan told reporters");
  EXPECT_EQ(Split("one, and\r\ntwo"), "one, and | two");
}

TEST(SentenceSplitterTest, NeverBreaksAfterTitles) {
  EXPECT_EQ(Split("There is no denying the significance of Mr. Khan’s election. Dr. Who came."),
            "There is no denying the significance of Mr. Khan’s election. | Dr. Who came.");
  EXPECT_EQ(Split("Gov. Brown and Sen. Warren met Gen. Smith at St. Paul’s."),
            "Gov. Brown and Sen. Warren met Gen. Smith at St. Paul’s.");
}

TEST(SentenceSplitterTest, NeverBreaksAfterMonthBeforeNumber) {
  EXPECT_EQ(Split("It happened on Sept. 11 in New York."), "It happened on Sept. 11 in New York.");
}

TEST(SentenceSplitterTest, InitialismEndsSentenceOnlyBeforeCommonOpener) {
  EXPECT_EQ(Split("Muslims entering the U.S. could suffer. He said so."),
            "Muslims entering the U.S. could suffer. | He said so.");
  EXPECT_EQ(Split("He flew to the U.S. The trip was long."),
            "He flew to the U.S. | The trip was long.");
  EXPECT_EQ(Split("the U.S. Senate and U.S. Sen. Bernie Sanders"),
            "the U.S. Senate and U.S. Sen. Bernie Sanders");
  EXPECT_EQ(Split("in Washington, D.C. But then"), "in Washington, D.C. | But then");
}

TEST(SentenceSplitterTest, InitialDoesNotEndSentence) {
  EXPECT_EQ(Split("George W. Bush spoke."), "George W. Bush spoke.");
}

TEST(SentenceSplitterTest, CompanyAbbreviationEndsSentenceBeforeOpener) {
  EXPECT_EQ(Split("He joined Apple Inc. It paid well. Acme Corp. Chief Jones left."),
            "He joined Apple Inc. | It paid well. | Acme Corp. Chief Jones left.");
}

TEST(SentenceSplitterTest, KeepsClosingQuoteAfterStop) {
  EXPECT_EQ(Split("“It is wrong,” he said. “London has proved him wrong.” Khan left."),
            "“It is wrong,” he said. | “London has proved him wrong.” | Khan left.");
  EXPECT_EQ(Split("He said \"no.\" Then left."), "He said \"no.\" | Then left.");
  EXPECT_EQ(Split("(He left.) Then"), "(He left.) | Then");
}

TEST(SentenceSplitterTest, BreaksAfterEllipsisBeforeCapital) {
  EXPECT_EQ(Split("I think… Maybe not... We will see"), "I think… | Maybe not... | We will see");
}

TEST(SentenceSplitterTest, BreaksBeforeOpeningBracketAndSymbol) {
  EXPECT_EQ(Split("on Tuesday. (Photo by Matt)"), "on Tuesday. | (Photo by Matt)");
  EXPECT_EQ(Split("in Lynden, Washington. ©AFP"), "in Lynden, Washington. | ©AFP");
}

TEST(SentenceSplitterTest, BreaksAfterCjkFullStop) {
  EXPECT_EQ(Split("北京。上海"), "北京。 | 上海");
}

TEST(SentenceSplitterTest, BreaksBeforeCaselessScript) {
  EXPECT_EQ(Split("He said. القدس"), "He said. | القدس");
}

TEST(SentenceSplitterTest, SentencesCoverAllTokensOfRandomText) {
  const uint32_t seed = std::random_device{}();
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  const std::string pieces[] = {"He",  "the", "U.S.", "Mr.",  "Sept.", ".",     "!", "?",
                                "…",   "”",   "“",    "\"",   "'",     "\n",    " ", "7",
                                "May", ",",   "2016", "\xFF", "。",    "(",     ")", "Inc.",
                                "The", "’",   "W.",   "\r",   "-",     "\u2029"};
  for (int iter = 0; iter < 2000; ++iter) {
    std::string text;
    const int len = static_cast<int>(rng() % 30);
    for (int i = 0; i < len; ++i) text += pieces[rng() % std::size(pieces)];
    SCOPED_TRACE("seed " + std::to_string(seed) + " text '" + text + "'");
    Split(text);  // checks coverage and order
    FindDateInText(text);
  }
}

}  // namespace
}  // namespace storyline
