// ner_train: trains the named-entity recogniser and writes models/ner-en.slner.
//
//   ner_train --train .../ner/conll2003/eng.train --dev .../ner/conll2003/eng.testa
//             [--clusters FILE] [--epochs N] [--seed S] [--folds K] [--gazetteer-min N]
//             [--out models/ner-en.slner]
//
// Prints the exact-span micro-F1 on the dev set (conlleval convention) per type and overall, and
// stores in the model the command line, the SHA-like content hashes of the data files and the
// scores. The same inputs and seed give the same model file.
// Exit codes: 0 done, 1 bad data, 2 a data file is missing or bad usage.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/hash.h"
#include "entities/conll_reader.h"
#include "entities/ner_tagger.h"
#include "entities/ner_trainer.h"
#include "entities/word_clusters.h"
#include "storyline/env.h"

namespace storyline {
namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: ner_train --train FILE [--train FILE ...] --dev FILE [--clusters FILE]\n"
               "                 [--epochs N] [--seed S] [--folds K] [--gazetteer-min N]\n"
               "                 [--out models/ner-en.slner] [--predictions FILE]\n");
  return 2;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Main(int argc, char** argv) {
  std::vector<std::string> train_paths;
  std::string dev_path, clusters_path, out_path = "models/ner-en.slner";
  NerTrainOptions options;
  int gazetteer_min = 0;
  std::string predictions_path;
  std::string command = "ner_train";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--train") train_paths.push_back(next());
    else if (a == "--dev") dev_path = next();
    else if (a == "--clusters") clusters_path = next();
    else if (a == "--out") out_path = next();
    else if (a == "--epochs") options.epochs = std::atoi(next().c_str());
    else if (a == "--seed") options.seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--folds") options.hint_folds = std::atoi(next().c_str());
    else if (a == "--gazetteer-min") gazetteer_min = std::atoi(next().c_str());
    else if (a == "--predictions") predictions_path = next();
    else return Usage();
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    // Paths are recorded by file name only, so the metadata does not depend on the checkout.
    if (i > 1 && std::string(argv[i - 1]).starts_with("--") &&
        (std::string(argv[i - 1]) == "--train" || std::string(argv[i - 1]) == "--dev" ||
         std::string(argv[i - 1]) == "--clusters")) {
      a = a.substr(a.find_last_of('/') == std::string::npos ? 0 : a.find_last_of('/') + 1);
    }
    command += " " + a;
  }
  if (train_paths.empty() || dev_path.empty() || options.epochs < 1) return Usage();
  Env* env = Env::Default();
  nlohmann::json meta;
  meta["command"] = command;
  std::vector<ConllDocument> train;
  for (const std::string& path : train_paths) {
    auto text = ReadFileToString(env, path);
    if (!text.ok()) {
      std::fprintf(stderr, "ner_train: %s: %s (the CoNLL data is in ../shared/data/ner/)\n",
                   path.c_str(), text.status().message().c_str());
      return 2;
    }
    auto docs = ParseConll(*text, path);
    if (!docs.ok()) {
      std::fprintf(stderr, "ner_train: %s\n", docs.status().message().c_str());
      return 1;
    }
    meta["data"].push_back({{"file", path.substr(path.find_last_of('/') + 1)},
                            {"xxh3", Hash64(*text)},
                            {"documents", docs->size()}});
    train.insert(train.end(), docs->begin(), docs->end());
  }
  auto dev_text = ReadFileToString(env, dev_path);
  if (!dev_text.ok()) {
    std::fprintf(stderr, "ner_train: %s: %s\n", dev_path.c_str(),
                 dev_text.status().message().c_str());
    return 2;
  }
  auto dev = ParseConll(*dev_text, dev_path);
  if (!dev.ok()) {
    std::fprintf(stderr, "ner_train: %s\n", dev.status().message().c_str());
    return 1;
  }
  WordClusterTable clusters;
  if (!clusters_path.empty()) {
    auto loaded = ReadWordClusters(env, clusters_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "ner_train: %s\n", loaded.status().message().c_str());
      return 2;
    }
    clusters = std::move(loaded).value();
  }
  options.gazetteer_min = gazetteer_min;
  options.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  auto start = std::chrono::steady_clock::now();
  auto model = TrainNerModel(train, std::move(clusters), options, "");
  if (!model.ok()) {
    std::fprintf(stderr, "ner_train: %s\n", model.status().message().c_str());
    return 1;
  }
  double train_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  NerCounts counts = EvaluateNerModel(**model, *dev);
  double eval_s = Seconds(start);
  std::printf("trained in %.1f s; dev (%s) tagged in %.2f s\n", train_s, dev_path.c_str(), eval_s);
  std::printf("%-5s %7s %7s %7s\n", "type", "P", "R", "F1");
  const char* names[] = {"PER", "ORG", "LOC", "MISC"};
  for (int t = 0; t < 4; ++t) {
    std::printf("%-5s %7.2f %7.2f %7.2f\n", names[t], 100 * counts.Precision(t),
                100 * counts.Recall(t), 100 * counts.F1(t));
    meta["dev"][names[t]] = std::round(10000 * counts.F1(t)) / 100;
  }
  std::printf("%-5s %7.2f %7.2f %7.2f\n", "all", 100 * counts.Precision(), 100 * counts.Recall(),
              100 * counts.F1());
  meta["dev"]["file"] = dev_path.substr(dev_path.find_last_of('/') + 1);
  meta["dev"]["micro_f1"] = std::round(10000 * counts.F1()) / 100;
  if (!predictions_path.empty()) {
    // word, gold span type or O, predicted span type or O: one token per line, for error analysis.
    std::string out;
    NerTagger tagger(model->get());
    for (const ConllDocument& doc : *dev) {
      std::vector<std::vector<std::string_view>> sentences;
      for (const auto& s : doc.sentences) sentences.emplace_back(s.words.begin(), s.words.end());
      std::vector<std::vector<TokenSpan>> spans;
      tagger.Tag(sentences, &spans);
      for (size_t s = 0; s < sentences.size(); ++s) {
        std::vector<int> gold, pred;
        NerTagger::SpansToLabels(doc.sentences[s].spans, sentences[s].size(), &gold);
        NerTagger::SpansToLabels(spans[s], sentences[s].size(), &pred);
        for (size_t i = 0; i < sentences[s].size(); ++i) {
          out += std::string(sentences[s][i]) + " " + std::to_string(gold[i]) + " " +
                 std::to_string(pred[i]) + "\n";
        }
        out += "\n";
      }
    }
    (void)WriteFileAtomically(env, predictions_path, out);
  }
  std::vector<NerWeightTable> stages;
  for (size_t s = 0; s < (*model)->stage_count(); ++s) stages.push_back((*model)->stage(s));
  size_t rows = 0;
  for (const auto& s : stages) rows += s.rows();
  meta["feature_rows"] = rows;
  NerModel final_model((*model)->clusters(), (*model)->gazetteer(), std::move(stages), meta.dump());
  Status st = final_model.Save(env, out_path);
  if (!st.ok()) {
    std::fprintf(stderr, "ner_train: %s\n", st.message().c_str());
    return 1;
  }
  std::printf("wrote %s (%zu feature rows)\n", out_path.c_str(), rows);
  return 0;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
