// Golden tests: every tests/golden/analysis/<name>.txt is tokenized, split into sentences, and
// identified (language, date); the results must equal <name>.tokens, <name>.sentences and
// <name>.summary. Run with STORYLINE_UPDATE_GOLDEN=1 to rewrite the expected files, then review
// the diff by eye: goldens must be right, not just what the code prints.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/language_identifier.h"
#include "analysis/sentence_splitter.h"
#include "analysis/text_date_finder.h"
#include "analysis/tokenizer.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(STORYLINE_SOURCE_DIR) / "tests" / "golden" / "analysis";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool UpdateGoldens() {
  const char* v = std::getenv("STORYLINE_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

// One token per line: "begin end kind text".
std::string FormatTokens(std::string_view text, const std::vector<Token>& tokens) {
  std::string s;
  for (const Token& t : tokens) {
    s += std::to_string(t.begin) + " " + std::to_string(t.end) + " " + TokenKindName(t.kind) + " " +
         std::string(TokenText(text, t)) + "\n";
  }
  return s;
}

// One sentence per line: "begin end first_token end_token text".
std::string FormatSentences(std::string_view text, const std::vector<Sentence>& sentences) {
  std::string s;
  for (const Sentence& x : sentences) {
    s += std::to_string(x.begin) + " " + std::to_string(x.end) + " " +
         std::to_string(x.first_token) + " " + std::to_string(x.end_token) + " " +
         std::string(text.substr(x.begin, x.end - x.begin)) + "\n";
  }
  return s;
}

std::string FormatSummary(std::string_view text) {
  const PublishedDate date = FindDateInText(text);
  return "language " + IdentifyLanguage(text).code + "\ndate " +
         (date.known() ? date.ToIso() : std::string("unknown")) + "\n";
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Compares, or rewrites when updating. On a mismatch, reports the first differing line.
void CheckGolden(const fs::path& path, const std::string& actual) {
  if (UpdateGoldens()) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with STORYLINE_UPDATE_GOLDEN=1";
  const std::string expected = ReadFile(path);
  if (expected == actual) return;
  const std::vector<std::string> e = Lines(expected), a = Lines(actual);
  size_t i = 0;
  while (i < e.size() && i < a.size() && e[i] == a[i]) ++i;
  ADD_FAILURE() << path.string() << ":" << (i + 1) << ": first difference\n"
                << "  expected: " << (i < e.size() ? e[i] : "<end of file>") << "\n"
                << "  actual:   " << (i < a.size() ? a[i] : "<end of output>") << "\n"
                << "(" << e.size() << " expected lines, " << a.size() << " actual). If the new "
                << "output is right, rerun with STORYLINE_UPDATE_GOLDEN=1 and review the diff.";
}

TEST(AnalysisGoldenTest, TokensSentencesAndSummariesMatchGoldenFiles) {
  ASSERT_TRUE(fs::is_directory(kGoldenDir)) << kGoldenDir;
  std::vector<fs::path> inputs;
  for (const fs::directory_entry& e : fs::directory_iterator(kGoldenDir)) {
    if (e.path().extension() == ".txt") inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  ASSERT_FALSE(inputs.empty()) << "no *.txt inputs in " << kGoldenDir;
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  for (const fs::path& input : inputs) {
    SCOPED_TRACE(input.string());
    const std::string text = ReadFile(input);
    tokenizer.Tokenize(text, &tokens);
    SplitSentences(text, tokens, &sentences);
    fs::path base = input;
    CheckGolden(base.replace_extension(".tokens"), FormatTokens(text, tokens));
    CheckGolden(base.replace_extension(".sentences"), FormatSentences(text, sentences));
    CheckGolden(base.replace_extension(".summary"), FormatSummary(text));
  }
}

}  // namespace
}  // namespace storyline
