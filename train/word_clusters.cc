// word_clusters: learns the word clusters the recogniser uses from unlabelled news text.
//
//   word_clusters [--jsonl FILE]... [--text-dir DIR]... [--conll FILE]...
//                 [--ground-truth FILE]... --out FILE
//                 [--min-count N] [--iterations N]
//
// JSONL records give their "title" and "text"; a text directory gives every *.txt file in it;
// a CoNLL file gives its words (its tags are not read); an extraction benchmark's
// ground-truth.json gives each page's "articleBody". Text is split into tokens with the
// ingest tokenizer one sequence per line. Writes `word<TAB>id<TAB>id<TAB>id<TAB>id` (word_clusters.h).
// Exit codes: 0 done, 1 bad data, 2 an input is missing or bad usage.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "analysis/sentence_splitter.h"
#include "analysis/tokenizer.h"
#include "entities/conll_reader.h"
#include "entities/word_clusters.h"
#include "storyline/env.h"
#include "train/unlabelled_text.h"

namespace storyline {
namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: word_clusters [--jsonl FILE]... [--text-dir DIR]... [--conll FILE]...\n"
               "                     [--ground-truth FILE]...\n"
               "                     --out FILE [--min-count N] [--iterations N]\n");
  return 2;
}

// One sequence per sentence. Single line breaks are read as spaces (Reuters text is wrapped at
// about 70 columns); a blank line ends a paragraph.
void AddText(std::string_view raw, std::vector<std::vector<std::string>>* sentences) {
  static const Tokenizer tokenizer;
  std::string text(raw);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i + 1 >= text.size() || text[i + 1] != '\n') &&
        (i == 0 || text[i - 1] != '\n')) {
      text[i] = ' ';
    }
  }
  std::vector<Token> tokens;
  std::vector<Sentence> split;
  tokenizer.Tokenize(text, &tokens);
  SplitSentences(text, tokens, &split);
  for (const Sentence& s : split) {
    std::vector<std::string> words;
    for (uint32_t t = s.first_token; t < s.end_token; ++t) {
      words.emplace_back(TokenText(text, tokens[t]));
    }
    sentences->push_back(std::move(words));
  }
}

int Main(int argc, char** argv) {
  UnlabelledSources sources;
  std::vector<std::string> conll;
  std::string out;
  WordClusterOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--jsonl" || a == "--text-dir" || a == "--ground-truth") sources.Parse(a, next());
    else if (a == "--conll") conll.push_back(next());
    else if (a == "--out") out = next();
    else if (a == "--min-count") options.min_count = std::atoi(next().c_str());
    else if (a == "--iterations") options.iterations = std::atoi(next().c_str());
    else return Usage();
  }
  if (out.empty() || (sources.empty() && conll.empty())) {
    return Usage();
  }
  Env* env = Env::Default();
  std::vector<std::vector<std::string>> sentences;
  int code = ForEachUnlabelledDocument(sources, "word_clusters",
                                       [&](std::string_view title, std::string_view text) {
                                         AddText(title, &sentences);
                                         AddText(text, &sentences);
                                       });
  if (code != 0) return code;
  auto read = [&](const std::string& path) {
    auto text = ReadFileToString(env, path);
    if (!text.ok()) std::fprintf(stderr, "word_clusters: %s\n", text.status().message().c_str());
    return text;
  };
  for (const std::string& path : conll) {
    auto text = read(path);
    if (!text.ok()) return 2;
    auto docs = ParseConll(*text, path);
    if (!docs.ok()) {
      std::fprintf(stderr, "word_clusters: %s\n", docs.status().message().c_str());
      return 1;
    }
    std::string lower;
    for (const auto& d : *docs) {
      for (const auto& s : d.sentences) {
        std::vector<std::string> words;
        for (const auto& w : s.words) words.push_back(w);
        sentences.push_back(std::move(words));
      }
    }
  }
  size_t tokens = 0;
  for (const auto& s : sentences) tokens += s.size();
  std::fprintf(stderr, "%zu sequences, %zu tokens; clustering\n", sentences.size(), tokens);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> lines = LearnWordClusters(sentences, options);
  std::string data;
  for (const std::string& l : lines) data += l + "\n";
  Status st = WriteFileAtomically(env, out, data);
  if (!st.ok()) {
    std::fprintf(stderr, "word_clusters: %s\n", st.message().c_str());
    return 1;
  }
  std::fprintf(stderr, "wrote %s: %zu words in %.1f s\n", out.c_str(), lines.size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
