#include "analysis/tokenizer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace storyline {
namespace {

std::vector<Token> Tok(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  return tokens;
}

// Token texts joined by '|'.
std::string Texts(std::string_view text) {
  std::string s;
  for (const Token& t : Tok(text)) {
    if (!s.empty()) s += '|';
    s += TokenText(text, t);
  }
  return s;
}

// "text/kind" joined by ' '.
std::string Kinds(std::string_view text) {
  std::string s;
  for (const Token& t : Tok(text)) {
    if (!s.empty()) s += ' ';
    s += std::string(TokenText(text, t)) + "/" + TokenKindName(t.kind);
  }
  return s;
}

// The first token whose text is `want`; a token with end 0 when there is none.
Token Find(std::string_view text, std::string_view want) {
  for (const Token& t : Tok(text)) {
    if (TokenText(text, t) == want) return t;
  }
  return Token{0, 0, TokenKind::kPunct, 0};
}

std::string Normalized(std::string_view s) {
  std::string out = "junk";
  NormalizeToken(s, &out);
  return out;
}

TEST(TokenizerTest, SplitsWordsAndPunctuationWithOffsets) {
  std::string_view text = "Khan told reporters, on Wednesday.";
  std::vector<Token> tokens = Tok(text);
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, 4u);
  EXPECT_EQ(tokens[3].kind, TokenKind::kPunct);
  EXPECT_EQ(TokenText(text, tokens[6]), ".");
  EXPECT_EQ(tokens[0].flags, kCapitalized);
}

TEST(TokenizerTest, ClearsOutputFirst) {
  std::vector<Token> tokens = {Token{1, 2, TokenKind::kWord, 0}};
  Tokenizer().Tokenize("", &tokens);
  EXPECT_TRUE(tokens.empty());
}

TEST(TokenizerTest, KeepsPeriodOnTitleAbbreviations) {
  EXPECT_EQ(Texts("Mr. Khan and Mrs. May met Dr. Who."), "Mr.|Khan|and|Mrs.|May|met|Dr.|Who|.");
  EXPECT_EQ(Texts("Gov. Brown, Sen. Sanders, St. Louis"), "Gov.|Brown|,|Sen.|Sanders|,|St.|Louis");
  EXPECT_EQ(Texts("Apple Inc. and Acme Corp. sued."), "Apple|Inc.|and|Acme|Corp.|sued|.");
  std::string_view text = "Mr. Khan";
  EXPECT_EQ(Tok(text)[0].flags, kCapitalized | kAbbreviation);
}

TEST(TokenizerTest, KeepsPeriodOnMonthAbbreviations) {
  EXPECT_EQ(Texts("on Sept. 3 and Jan. 12"), "on|Sept.|3|and|Jan.|12");
}

TEST(TokenizerTest, NumberAbbreviationNeedsANumber) {
  EXPECT_EQ(Texts("No. 10 Downing Street"), "No.|10|Downing|Street");
  EXPECT_EQ(Texts("He said No. Then"), "He|said|No|.|Then");
}

TEST(TokenizerTest, LowercaseTitleIsNotAnAbbreviation) {
  EXPECT_EQ(Texts("the dr. said"), "the|dr|.|said");
}

TEST(TokenizerTest, KeepsInitialismsWhole) {
  std::string_view text = "the U.S. and U.K. met in Washington, D.C. at 5 p.m. today";
  EXPECT_EQ(Texts(text), "the|U.S.|and|U.K.|met|in|Washington|,|D.C.|at|5|p.m.|today");
  const Token us = Find(text, "U.S.");
  ASSERT_NE(us.end, 0u);
  EXPECT_EQ(us.kind, TokenKind::kWord);
  EXPECT_EQ(us.flags, kCapitalized | kAllCaps | kAbbreviation);
}

TEST(TokenizerTest, KeepsMiddleInitialWithItsPeriod) {
  EXPECT_EQ(Texts("George W. Bush"), "George|W.|Bush");
}

TEST(TokenizerTest, ReadsDecimalsThousandsAndYearsAsNumbers) {
  EXPECT_EQ(Kinds("1.3 million"), "1.3/number million/word");
  EXPECT_EQ(Kinds("1,000 and 2016"), "1,000/number and/word 2016/number");
  EXPECT_EQ(Texts("1,000,000 people"), "1,000,000|people");
  EXPECT_EQ(Texts("MAY 07:"), "MAY|07|:");
  EXPECT_EQ(Texts("at 10:30 on 24/7"), "at|10:30|on|24/7");
}

TEST(TokenizerTest, SplitsPercentSignFromNumber) {
  EXPECT_EQ(Kinds("3.5%"), "3.5/number %/symbol");
}

TEST(TokenizerTest, SplitsCurrencySymbolFromAmount) {
  std::string_view text = "£2bn";
  EXPECT_EQ(Kinds(text), "£/symbol 2bn/number");
  EXPECT_EQ(Tok(text)[1].flags, kHasDigit);
  EXPECT_EQ(Kinds("$5.50"), "$/symbol 5.50/number");
}

TEST(TokenizerTest, CommaBeforeAYearDoesNotJoinNumbers) {
  EXPECT_EQ(Texts("May 7,2016 and 1,2,3"), "May|7|,|2016|and|1|,|2|,|3");
}

TEST(TokenizerTest, JoinsWordInternalHyphens) {
  std::string_view text = "the cost-of-living crisis, long-term, anti-Muslim, COVID-19";
  EXPECT_EQ(Texts(text), "the|cost-of-living|crisis|,|long-term|,|anti-Muslim|,|COVID-19");
  EXPECT_EQ(Find(text, "cost-of-living").flags, kHyphenated);
  EXPECT_EQ(Find(text, "COVID-19").flags, kCapitalized | kAllCaps | kHasDigit | kHyphenated);
}

TEST(TokenizerTest, SpacedHyphensAndDashesArePunctuation) {
  EXPECT_EQ(Kinds("WA - MAY"), "WA/word -/punct MAY/word");
  EXPECT_EQ(Texts("one -- two"), "one|--|two");
  EXPECT_EQ(Texts("one--two"), "one|--|two");
  EXPECT_EQ(Kinds("it — and – this"), "it/word —/punct and/word –/punct this/word");
  EXPECT_EQ(Texts("pre- and post-war"), "pre|-|and|post-war");
}

TEST(TokenizerTest, SplitsPossessiveFromName) {
  EXPECT_EQ(Kinds("Khan’s victory"), "Khan/word ’s/word victory/word");
  EXPECT_EQ(Texts("Trump's offer"), "Trump|'s|offer");
  EXPECT_EQ(Texts("MSNBC’s Morning Joe"), "MSNBC|’s|Morning|Joe");
}

TEST(TokenizerTest, KeepsContractionsWhole) {
  EXPECT_EQ(Texts("I don't think I’ll go, I can’t"), "I|don't|think|I’ll|go|,|I|can’t");
  EXPECT_EQ(Texts("we’ve won’t O'Brien"), "we’ve|won’t|O'Brien");
}

TEST(TokenizerTest, WordFinalApostropheIsPunctuation) {
  EXPECT_EQ(Kinds("workers’ rights"), "workers/word ’/punct rights/word");
}

TEST(TokenizerTest, CurlyAndStraightQuotesArePunctuation) {
  EXPECT_EQ(Kinds("“ignorant” ‘trump’ \"x\""),
            "“/punct ignorant/word ”/punct ‘/punct trump/word ’/punct \"/punct x/word \"/punct");
}

TEST(TokenizerTest, EllipsesAreOneToken) {
  EXPECT_EQ(Kinds("wait... what…"), "wait/word .../punct what/word …/punct");
  EXPECT_EQ(Texts("etc... and"), "etc|...|and");
  EXPECT_EQ(Texts("really?! yes!!"), "really|?!|yes|!!");
}

TEST(TokenizerTest, TokenizesDateline) {
  EXPECT_EQ(Texts("LYNDEN, WA - MAY 07: Republican"), "LYNDEN|,|WA|-|MAY|07|:|Republican");
  std::string_view text = "LYNDEN, WA";
  EXPECT_EQ(Tok(text)[0].flags, kCapitalized | kAllCaps);
}

TEST(TokenizerTest, KeepsUrlsAndEmailWhole) {
  EXPECT_EQ(Kinds("see https://example.com/a?b=1&c=2."),
            "see/word https://example.com/a?b=1&c=2/url ./punct");
  EXPECT_EQ(Kinds("(www.presstv.ir)"), "(/punct www.presstv.ir/url )/punct");
  EXPECT_EQ(Texts("(see https://en.wikipedia.org/wiki/Foo_(bar))"),
            "(|see|https://en.wikipedia.org/wiki/Foo_(bar)|)");
  EXPECT_EQ(Kinds("mail john.smith@example.co.uk today"),
            "mail/word john.smith@example.co.uk/url today/word");
  EXPECT_EQ(Kinds("at Amazon.com."), "at/word Amazon.com/url ./punct");
}

TEST(TokenizerTest, AbbreviationsDoNotSwallowEllipsisOrEmail) {
  EXPECT_EQ(Texts("Mr.smith@example.com"), "Mr.smith@example.com");
}

TEST(TokenizerTest, ReadsAccentedLettersAsWords) {
  EXPECT_EQ(Kinds("Émile Zürich café"), "Émile/word Zürich/word café/word");
  std::string_view text = "ÉLYSÉE";
  EXPECT_EQ(Tok(text)[0].flags, kCapitalized | kAllCaps);
  // A combining acute accent stays inside the word.
  EXPECT_EQ(Texts("cafe\u0301 au"), "cafe\u0301|au");
}

TEST(TokenizerTest, ReadsCyrillicAndArabicAsRuns) {
  EXPECT_EQ(Kinds("Москва, Россия"), "Москва/word ,/punct Россия/word");
  EXPECT_EQ(Texts("القدس"), "القدس");
}

TEST(TokenizerTest, SplitsHanIdeographsOnePerToken) {
  EXPECT_EQ(Texts("北京市。"), "北|京|市|。");
  EXPECT_EQ(Texts("東京タワー"), "東|京|タワー");
}

TEST(TokenizerTest, ReadsDecades) {
  EXPECT_EQ(Kinds("the ’90s and '80s"), "the/word ’90s/number and/word '80s/number");
}

TEST(TokenizerTest, JoinsAmpersandInitialisms) {
  EXPECT_EQ(Texts("AT&T and S&P, you & me"), "AT&T|and|S&P|,|you|&|me");
}

TEST(TokenizerTest, SpacesAndFormatCharactersAreNotTokens) {
  EXPECT_EQ(Texts("\xEF\xBB\xBFone\u00A0two\u200Bthree\tfour\r\n"), "one|two|three|four");
}

TEST(TokenizerTest, SoftHyphenStaysInsideWord) {
  EXPECT_EQ(Texts("news\u00ADpaper"), "news\u00ADpaper");
}

TEST(TokenizerTest, InvalidUtf8BecomesReplacementSymbol) {
  std::string_view text =
      "ab\xFF"
      "cd \xC3";
  EXPECT_EQ(Kinds(text), "ab/word \xFF/symbol cd/word \xC3/symbol");
}

TEST(TokenizerTest, AnyBytesProduceOrderedInBoundsTokens) {
  const uint32_t seed = std::random_device{}();
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  const std::string alphabet[] = {"a",    "Z", "1",    ".",      ",",   "-",       "'",    "’",
                                  "s",    " ", "\n",   "@",      "w",   "http://", "\xE2", "\x80",
                                  "\xFF", "é", "北",   "\u0301", "%",   "(",       ")",    "/",
                                  ":",    "&", "www.", "\u00AD", "U.S."};
  std::vector<Token> tokens;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text;
    const int len = static_cast<int>(rng() % 40);
    for (int i = 0; i < len; ++i) text += alphabet[rng() % std::size(alphabet)];
    Tokenizer().Tokenize(text, &tokens);
    uint32_t prev_end = 0;
    for (const Token& t : tokens) {
      ASSERT_LE(prev_end, t.begin) << "seed " << seed << " text '" << text << "'";
      ASSERT_LT(t.begin, t.end) << "seed " << seed << " text '" << text << "'";
      ASSERT_LE(t.end, text.size()) << "seed " << seed << " text '" << text << "'";
      prev_end = t.end;
    }
  }
}

TEST(TokenizerTest, CountsWordsAndNumbersOnly) {
  std::string_view text = "Khan’s 1.3 million votes — “a mandate”.";
  EXPECT_EQ(CountWordTokens(Tok(text)), 7u);  // Khan ’s 1.3 million votes a mandate
}

TEST(TokenizerNormalizeTest, LowercasesAscii) { EXPECT_EQ(Normalized("Khan"), "khan"); }

TEST(TokenizerNormalizeTest, UnifiesCurlyApostrophes) {
  EXPECT_EQ(Normalized("I’ll"), "i'll");
  EXPECT_EQ(Normalized("’s"), "'s");
  EXPECT_EQ(Normalized("Zürich’s"), "zürich's");
}

TEST(TokenizerNormalizeTest, RemovesSoftHyphens) {
  EXPECT_EQ(Normalized("news\u00ADpaper"), "newspaper");
  EXPECT_EQ(Normalized("Ké\u00ADpaper"), "képaper");
}

TEST(TokenizerNormalizeTest, AppliesNfkcCaseFolding) {
  EXPECT_EQ(Normalized("ÉLYSÉE"), "élysée");
  EXPECT_EQ(Normalized("Straße"), "strasse");
  EXPECT_EQ(Normalized("ﬁnance"), "finance");        // ligature
  EXPECT_EQ(Normalized("ＡＢＣ"), "abc");            // full width
  EXPECT_EQ(Normalized("cafe\u0301"), "caf\u00E9");  // composed
}

TEST(TokenizerNormalizeTest, RepairsInvalidUtf8) {
  EXPECT_EQ(Normalized("A\xFF"
                       "é"),
            "a\uFFFD\u00E9");
}

}  // namespace
}  // namespace storyline
