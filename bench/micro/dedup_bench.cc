// Micro benchmarks of the near-duplicate stage on the seed articles: what an ingest worker
// computes per article (shingles, fingerprints, signature, band keys) and what the calling
// thread does per article (LSH query and insert into an index of N articles).
//
//   build/release/bench/dedup_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "dedup/lsh_index.h"
#include "dedup/minhash.h"
#include "dedup/shingler.h"
#include "dedup/similarity.h"

namespace storyline {
namespace {

std::vector<std::string> SeedTexts() {
  std::vector<std::string> out;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(STORYLINE_SOURCE_DIR) + "/examples")) {
    std::ifstream f(e.path());
    std::stringstream ss;
    ss << f.rdbuf();
    out.push_back(ss.str());
  }
  return out;
}

void BM_Shingle(benchmark::State& state) {
  const auto texts = SeedTexts();
  Shingler shingler;
  std::vector<uint64_t> shingles;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& t : texts) {
      shingler.Shingle(t, &shingles);
      benchmark::DoNotOptimize(shingles.data());
      bytes += t.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Shingle);

// Everything a worker computes for one article.
void BM_WorkerAnalysis(benchmark::State& state) {
  const auto texts = SeedTexts();
  Shingler shingler;
  MinHasher hasher;
  LshIndex keys_of;
  std::vector<uint64_t> shingles;
  std::vector<uint32_t> fingerprints, keys;
  Signature sig;
  size_t bytes = 0, docs = 0;
  for (auto _ : state) {
    for (const auto& t : texts) {
      shingler.Shingle(t, &shingles);
      ShingleFingerprints(shingles, &fingerprints);
      hasher.Sign(shingles, &sig);
      keys_of.BandKeys(sig, &keys);
      benchmark::DoNotOptimize(keys.data());
      bytes += t.size();
      ++docs;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["articles/s"] =
      benchmark::Counter(static_cast<double>(docs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WorkerAnalysis);

// The calling thread's LSH work per article (query, then insert) with N articles stored.
void BM_LshQueryAndAdd(benchmark::State& state) {
  const auto n = static_cast<uint32_t>(state.range(0));
  LshIndex lsh;
  std::mt19937 rng(7);
  std::vector<uint32_t> keys(lsh.options().bands);
  for (uint32_t d = 0; d < n; ++d) {
    for (auto& k : keys) k = rng();
    (void)lsh.AddKeys(DocId(d), keys);
  }
  std::vector<DocId> candidates;
  uint32_t next = n;
  for (auto _ : state) {
    for (auto& k : keys) k = rng();
    lsh.QueryKeys(keys, &candidates);
    (void)lsh.AddKeys(DocId(next++), keys);
    benchmark::DoNotOptimize(candidates.data());
  }
  state.counters["bytes/article"] =
      static_cast<double>(lsh.memory_bytes()) / static_cast<double>(lsh.size());
}
BENCHMARK(BM_LshQueryAndAdd)->Arg(10000)->Arg(100000)->Arg(1000000)->Iterations(200000);

}  // namespace
}  // namespace storyline

BENCHMARK_MAIN();
