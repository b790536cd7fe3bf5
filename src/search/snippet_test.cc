#include "search/snippet.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace storyline {
namespace {

std::string Seed(const char* name) {
  std::ifstream f(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> Marked(const Snippet& s) {
  std::vector<std::string> out;
  for (auto [b, e] : s.highlights) out.push_back(s.text.substr(b, e - b));
  return out;
}

TEST(SnippetTest, ShowsThePassageWithTheMostQueryTermsAndMarksTheirWords) {
  const std::string text = Seed("001_85f2262cd321ad9c.txt");
  IndexTermExtractor x;
  // "exceptions" (stemmed "except") and "always": the Trump quote.
  Snippet s = MakeSnippet(text, "en", {"alway", "except"}, 200, &x);
  EXPECT_NE(s.text.find("There will always be exceptions"), std::string::npos) << s.text;
  const auto marked = Marked(s);
  EXPECT_NE(std::find(marked.begin(), marked.end(), "always"), marked.end());
  EXPECT_NE(std::find(marked.begin(), marked.end(), "exceptions"), marked.end());
  EXPECT_LE(s.text.size(), 200u + 2 * std::string("\u2026").size());
  EXPECT_EQ(s.text.find('\n'), std::string::npos);
}

TEST(SnippetTest, WithoutAMatchInTheTextTheOpeningIsShown) {
  IndexTermExtractor x;
  Snippet s = MakeSnippet("Short text about the mayor.", "en", {"zebra"}, 100, &x);
  EXPECT_EQ(s.text, "Short text about the mayor.");
  EXPECT_TRUE(s.highlights.empty());
  Snippet cut = MakeSnippet(std::string(300, 'a') + " end", "en", {"zebra"}, 50, &x);
  EXPECT_LE(cut.text.size(), 50u + std::string("\u2026").size());
}

}  // namespace
}  // namespace storyline
