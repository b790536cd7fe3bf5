// Micro benchmarks of the analysis stage on English news: the three seed articles in examples/
// repeated to about 4 MB. Bytes/s is reported per call, on one thread.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/language_identifier.h"
#include "analysis/sentence_splitter.h"
#include "analysis/text_date_finder.h"
#include "analysis/stemmer.h"
#include "analysis/tokenizer.h"

namespace storyline {
namespace {

const std::string& SeedText() {
  static const std::string text = [] {
    std::string seeds;
    for (const char* name :
         {"000_959d2f4e196e2067.txt", "001_85f2262cd321ad9c.txt", "004_8e91078493eb5b9b.txt"}) {
      std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      seeds += ss.str();
      seeds += '\n';
    }
    std::string out;
    if (seeds.size() < 100) return out;
    while (out.size() < (4u << 20)) out += seeds;
    return out;
  }();
  return text;
}

// One seed article: the unit the ingest pipeline tokenizes.
const std::string& OneArticle() {
  static const std::string text = SeedText().substr(0, SeedText().find("By Press TV") + 11);
  return text;
}

void BM_Tokenize(benchmark::State& state) {
  const std::string& text = SeedText();
  if (text.empty()) return state.SkipWithError("examples/ not found");
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  for (auto _ : state) {
    tokenizer.Tokenize(text, &tokens);
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * text.size());
  state.counters["tokens"] = static_cast<double>(tokens.size());
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void BM_TokenizeArticle(benchmark::State& state) {
  const std::string& text = OneArticle();
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  for (auto _ : state) {
    tokenizer.Tokenize(text, &tokens);
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * text.size());
}
BENCHMARK(BM_TokenizeArticle);

void BM_SplitSentences(benchmark::State& state) {
  const std::string& text = SeedText();
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  std::vector<Sentence> sentences;
  for (auto _ : state) {
    SplitSentences(text, tokens, &sentences);
    benchmark::DoNotOptimize(sentences.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * text.size());
}
BENCHMARK(BM_SplitSentences)->Unit(benchmark::kMillisecond);

void BM_TokenizeNormalizeSplit(benchmark::State& state) {
  const std::string& text = SeedText();
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::string term;
  for (auto _ : state) {
    Tokenizer().Tokenize(text, &tokens);
    SplitSentences(text, tokens, &sentences);
    for (const Token& t : tokens) {
      if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) {
        NormalizeToken(TokenText(text, t), &term);
        benchmark::DoNotOptimize(term.data());
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * text.size());
}
BENCHMARK(BM_TokenizeNormalizeSplit)->Unit(benchmark::kMillisecond);

void BM_NormalizeNonAscii(benchmark::State& state) {
  const std::string words[] = {"Zürich", "ÉLYSÉE", "Straße", "Москва", "ﬁnance"};
  std::string term;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const std::string& w : words) {
      NormalizeToken(w, &term);
      benchmark::DoNotOptimize(term.data());
      bytes += w.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_NormalizeNonAscii);

void BM_IdentifyLanguage(benchmark::State& state) {
  const std::string& text = OneArticle();
  for (auto _ : state) benchmark::DoNotOptimize(IdentifyLanguage(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * text.size());
}
BENCHMARK(BM_IdentifyLanguage);

void BM_FindDateInText(benchmark::State& state) {
  const std::string& text = SeedText();  // only the first 8 KB are looked at
  for (auto _ : state) benchmark::DoNotOptimize(FindDateInText(text));
}
BENCHMARK(BM_FindDateInText);

// Snowball (libstemmer) English stems of every normalised word of the seed text.
void BM_StemWords(benchmark::State& state) {
  const std::string& text = SeedText();
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  tokenizer.Tokenize(text, &tokens);
  std::vector<std::string> words;
  size_t bytes = 0;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord) continue;
    words.emplace_back();
    NormalizeToken(std::string_view(text).substr(t.begin, t.end - t.begin), &words.back());
    bytes += words.back().size();
  }
  auto stemmer = Stemmer::Create("en");
  std::string out;
  for (auto _ : state) {
    for (const std::string& w : words) {
      (*stemmer)->Stem(w, &out);
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["words"] = static_cast<double>(words.size());
  state.counters["words/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * words.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StemWords)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace storyline

BENCHMARK_MAIN();
