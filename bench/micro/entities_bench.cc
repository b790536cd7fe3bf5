// Micro benchmarks of the entities stage on the seed articles: what an ingest worker does per
// article (tokens and sentences are the pipeline's already): tag the words, and the whole of
// recognition (tag + in-article resolution), in tokens per second of article text.
//
//   build/release/bench/entities_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/sentence_splitter.h"
#include "analysis/tokenizer.h"
#include "entities/embedded_model.h"
#include "entities/entity_recognizer.h"

namespace storyline {
namespace {

struct Seed {
  std::string text;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
};

std::vector<Seed> Seeds() {
  std::vector<Seed> out;
  Tokenizer tokenizer;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(STORYLINE_SOURCE_DIR) + "/examples")) {
    std::ifstream f(e.path());
    std::stringstream ss;
    ss << f.rdbuf();
    Seed s;
    s.text = ss.str();
    tokenizer.Tokenize(s.text, &s.tokens);
    SplitSentences(s.text, s.tokens, &s.sentences);
    out.push_back(std::move(s));
  }
  return out;
}

const NerModel& Model() {
  static const auto* model = NerModel::Parse(EmbeddedNerModel(), "built-in").value().release();
  return *model;
}

void BM_RecognizeArticle(benchmark::State& state) {
  const auto seeds = Seeds();
  EntityRecognizer recognizer(&Model());
  std::vector<EntityMention> mentions;
  std::vector<ArticleEntity> entities;
  size_t tokens = 0;
  for (auto _ : state) {
    for (const Seed& s : seeds) {
      recognizer.Recognize("", s.text, s.tokens, s.sentences, &mentions, &entities);
      tokens += s.tokens.size();
      benchmark::DoNotOptimize(entities.data());
    }
  }
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RecognizeArticle);

void BM_ModelLoad(benchmark::State& state) {
  for (auto _ : state) {
    auto model = NerModel::Parse(EmbeddedNerModel(), "built-in");
    benchmark::DoNotOptimize(model);
  }
  state.counters["MB"] = EmbeddedNerModel().size() / 1e6;
}
BENCHMARK(BM_ModelLoad)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace storyline

BENCHMARK_MAIN();
