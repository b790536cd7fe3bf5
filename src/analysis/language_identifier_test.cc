#include "analysis/language_identifier.h"

#include <gtest/gtest.h>

#include <string>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace storyline {
namespace {

constexpr char kEnglish[] =
    "London Mayor Sadiq Khan has lashed out at Donald Trump after the presumptive nominee "
    "suggested Khan could be an exception to a proposed ban on Muslims entering the United States.";
constexpr char kFrench[] =
    "Le maire de Londres a vivement critiqué le candidat républicain, qui avait proposé de faire "
    "une exception pour lui à l'interdiction d'entrée des musulmans aux États-Unis.";
constexpr char kGerman[] =
    "Der Bürgermeister von London hat den republikanischen Kandidaten scharf kritisiert, der ihm "
    "eine Ausnahme vom geplanten Einreiseverbot für Muslime in die Vereinigten Staaten anbot.";
constexpr char kSpanish[] =
    "El alcalde de Londres, que fue elegido la semana pasada, dijo el lunes que las opiniones del "
    "candidato republicano sobre el islam son ignorantes y que podrían hacer que ambos países sean "
    "menos seguros, según declaró a los periodistas.";

TEST(LanguageIdentifierTest, IdentifiesEnglish) {
  LanguageGuess g = IdentifyLanguage(kEnglish);
  EXPECT_EQ(g.code, "en");
  EXPECT_TRUE(g.reliable);
  EXPECT_GT(g.percent, 80);
}

TEST(LanguageIdentifierTest, IdentifiesFrench) { EXPECT_EQ(IdentifyLanguage(kFrench).code, "fr"); }

TEST(LanguageIdentifierTest, IdentifiesGerman) { EXPECT_EQ(IdentifyLanguage(kGerman).code, "de"); }

TEST(LanguageIdentifierTest, IdentifiesSpanish) {
  EXPECT_EQ(IdentifyLanguage(kSpanish).code, "es");
}

TEST(LanguageIdentifierTest, EmptyTextIsUndetermined) {
  LanguageGuess g = IdentifyLanguage("");
  EXPECT_EQ(g.code, "und");
  EXPECT_FALSE(g.reliable);
  EXPECT_EQ(g.percent, 0);
}

TEST(LanguageIdentifierTest, TextWithoutLettersIsUndetermined) {
  EXPECT_EQ(IdentifyLanguage("1234 5678 -- !!! ...").code, "und");
}

TEST(LanguageIdentifierTest, ToleratesInvalidUtf8AndControlCharacters) {
  std::string text = std::string(kEnglish) + "\xFF\xC3\x01\x02 " + kEnglish;
  EXPECT_EQ(IdentifyLanguage(text).code, "en");
}

TEST(LanguageIdentifierTest, LooksOnlyAtThePrefixOfLongText) {
  std::string text;
  while (text.size() < kLanguageIdPrefixBytes) text += std::string(kGerman) + " ";
  // Far more French after the prefix, cut mid code point at the boundary.
  text.resize(kLanguageIdPrefixBytes - 1);
  text += "é";
  for (int i = 0; i < 200; ++i) text += std::string(kFrench) + " ";
  EXPECT_EQ(IdentifyLanguage(text).code, "de");
}

TEST(LanguageIdentifierTest, IsSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> codes(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([i, &codes] {
      const char* text = i % 2 ? kFrench : kEnglish;
      for (int k = 0; k < 50; ++k) codes[i] = IdentifyLanguage(text).code;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(codes[0], "en");
  EXPECT_EQ(codes[1], "fr");
  EXPECT_EQ(codes[2], "en");
  EXPECT_EQ(codes[3], "fr");
}

// The token-based fast path must give CLD2's answer: English from function words, every other
// language (and too little text) from CLD2.
LanguageGuess FastGuess(const std::string& text) {
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  tokenizer.Tokenize(text, &tokens);
  return IdentifyLanguage(text, tokens);
}

std::string Repeat(const char* s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += std::string(s) + " ";
  return out;
}

TEST(LanguageIdentifierTest, FastPathAgreesWithCld2OnTheSeeds) {
  for (const char* name : {"000_959d2f4e196e2067.txt", "001_85f2262cd321ad9c.txt",
                           "004_8e91078493eb5b9b.txt"}) {
    std::ifstream f(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    LanguageGuess fast = FastGuess(ss.str());
    EXPECT_EQ(fast.code, "en") << name;
    EXPECT_EQ(fast.code, IdentifyLanguage(ss.str()).code) << name;
  }
}

TEST(LanguageIdentifierTest, FastPathLeavesOtherLanguagesToCld2) {
  EXPECT_EQ(FastGuess(Repeat(kFrench, 5)).code, "fr");
  EXPECT_EQ(FastGuess(Repeat(kGerman, 5)).code, "de");
  EXPECT_EQ(FastGuess(Repeat(kSpanish, 5)).code, "es");
  const char* dutch =
      "De burgemeester van Londen zei woensdag dat hij de verkiezingen had gewonnen en dat hij "
      "binnenkort naar Amerika wil reizen om met zijn collega's te praten over huisvesting.";
  EXPECT_EQ(FastGuess(Repeat(dutch, 4)).code, "nl");
}

TEST(LanguageIdentifierTest, FastPathSendsShortTextToCld2) {
  LanguageGuess g = FastGuess("The mayor said it.");  // too few words to decide alone
  EXPECT_EQ(g.code, IdentifyLanguage("The mayor said it.").code);
}

}  // namespace
}  // namespace storyline
