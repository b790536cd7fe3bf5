// Micro benchmarks of the time stage: temporal expressions on the three seed articles in
// examples/ (one article at a time, as ingest would call it), against a known reference date and
// an unknown one, and the tokenizer alone for comparison. Bytes/s per call, on one thread.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/tokenizer.h"
#include "time/article_date.h"
#include "time/timex.h"

namespace storyline {
namespace {

const std::vector<std::string>& Seeds() {
  static const std::vector<std::string> seeds = [] {
    std::vector<std::string> out;
    for (const char* name :
         {"000_959d2f4e196e2067.txt", "001_85f2262cd321ad9c.txt", "004_8e91078493eb5b9b.txt"}) {
      std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      if (!ss.str().empty()) out.push_back(ss.str());
    }
    return out;
  }();
  return seeds;
}

size_t SeedBytes() {
  size_t n = 0;
  for (const std::string& s : Seeds()) n += s.size();
  return n;
}

void RunTimexes(benchmark::State& state, const PublishedDate& ref) {
  if (Seeds().empty()) return state.SkipWithError("examples/ not found");
  size_t found = 0;
  for (auto _ : state) {
    for (const std::string& text : Seeds()) {
      std::vector<Timex> t = FindTimexes(text, ref);
      found = t.size();
      benchmark::DoNotOptimize(t.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * SeedBytes()));
  state.counters["last_found"] = static_cast<double>(found);
}

void BM_FindTimexesWithReference(benchmark::State& state) {
  PublishedDate ref;
  ref.year = 2016;
  ref.month = 5;
  ref.day = 11;
  RunTimexes(state, ref);
}
BENCHMARK(BM_FindTimexesWithReference);

void BM_FindTimexesUnknownReference(benchmark::State& state) { RunTimexes(state, PublishedDate{}); }
BENCHMARK(BM_FindTimexesUnknownReference);

void BM_ResolveArticleDate(benchmark::State& state) {
  if (Seeds().empty()) return state.SkipWithError("examples/ not found");
  for (auto _ : state) {
    for (const std::string& text : Seeds()) benchmark::DoNotOptimize(ResolveArticleDate({}, text));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * SeedBytes()));
}
BENCHMARK(BM_ResolveArticleDate);

void BM_TokenizeOnly(benchmark::State& state) {
  if (Seeds().empty()) return state.SkipWithError("examples/ not found");
  std::vector<Token> tokens;
  for (auto _ : state) {
    for (const std::string& text : Seeds()) {
      Tokenizer().Tokenize(text, &tokens);
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * SeedBytes()));
}
BENCHMARK(BM_TokenizeOnly);

}  // namespace
}  // namespace storyline

BENCHMARK_MAIN();
