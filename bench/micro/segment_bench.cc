// Micro benchmarks of the index stage: writing and reading segment files.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <random>

#include "index/segment_reader.h"
#include "index/segment_writer.h"

namespace storyline {
namespace {

std::vector<std::string> NewsLikeTexts(size_t n) {
  static const char* words[] = {"the",    "mayor", "said",     "on",      "Wednesday",
                                "London", "Trump", "election", "of",      "to",
                                "a",      "in",    "campaign", "million", "U.S.",
                                "policy", "and",   "his",      "that",    "would"};
  std::mt19937 rng(42);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string t;
    size_t len = 100 + rng() % 300;
    for (size_t k = 0; k < len; ++k) {
      t += words[rng() % 20];
      t += (k % 20 == 19) ? ". " : " ";
    }
    out.push_back(std::move(t));
  }
  return out;
}

void BM_SegmentWrite(benchmark::State& state) {
  auto texts = NewsLikeTexts(2000);
  size_t bytes = 0;
  for (auto& t : texts) bytes += t.size();
  char tmpl[] = "/tmp/storyline-segbench-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  for (auto _ : state) {
    auto w = SegmentWriter::Create(Env::Default(), dir + "/seg-000001.sls", SegmentId(1));
    for (auto& t : texts) benchmark::DoNotOptimize((*w)->Add(t).ok());
    if (!(*w)->Finish().ok()) state.SkipWithError("finish failed");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SegmentWrite)->Unit(benchmark::kMillisecond);

void BM_SegmentReadAll(benchmark::State& state) {
  auto texts = NewsLikeTexts(2000);
  size_t bytes = 0;
  for (auto& t : texts) bytes += t.size();
  char tmpl[] = "/tmp/storyline-segbench-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  auto w = SegmentWriter::Create(Env::Default(), dir + "/seg-000001.sls", SegmentId(1));
  for (auto& t : texts) (void)(*w)->Add(t);
  (void)(*w)->Finish();
  for (auto _ : state) {
    auto r = SegmentReader::Open(Env::Default(), dir + "/seg-000001.sls");
    for (uint32_t i = 0; i < texts.size(); ++i) benchmark::DoNotOptimize((*r)->ReadText(i));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SegmentReadAll)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace storyline

BENCHMARK_MAIN();
