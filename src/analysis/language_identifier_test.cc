#include "analysis/language_identifier.h"

#include <gtest/gtest.h>

#include <string>
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

}  // namespace
}  // namespace storyline
