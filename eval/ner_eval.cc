// ner_eval: scores the named-entity recogniser (src/entities/) on CoNLL data given by path, and
// runs a peer on the same sentences in the same run.
//
//   ner_eval --dev .../ner/conll2003/eng.testa [--model models/ner-en.slner] [--repeat N]
//            [--peer-script bench/peers/node/ner_compromise.mjs] [--json]
//
// Scores: exact-span precision, recall and micro-F1 per type and overall (conlleval: IOB1
// decoded to spans; a mention counts when span and type match). Speed: tokens per second of
// tagging alone (words in, spans out; the model loaded once, documents tagged one by one on one
// thread), the median of --repeat runs; model file size and load time. The peer (compromise,
// npm) gets each sentence as its words joined by spaces; its time is measured inside node
// around the tagging loop. Exit codes: 0 done, 1 bad data, 2 a file is missing or bad usage.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "entities/conll_reader.h"
#include "entities/media_names.h"
#include "entities/ner_model.h"
#include "entities/ner_tagger.h"
#include "entities/ner_trainer.h"
#include "storyline/env.h"

namespace storyline {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

int Usage() {
  std::fprintf(stderr,
               "usage: ner_eval --dev FILE [--model models/ner-en.slner] [--repeat N]\n"
               "                [--peer-script bench/peers/node/ner_compromise.mjs] [--json]\n");
  return 2;
}

struct PeerResult {
  bool ran = false;
  std::string error;
  NerCounts counts;
  double seconds = 0;
};

// Runs the node peer over every sentence of `docs` and scores its spans.
PeerResult RunPeer(const std::string& script, const std::vector<ConllDocument>& docs) {
  PeerResult r;
  std::string in_path = "/tmp/ner_eval_peer_in." + std::to_string(getpid()) + ".jsonl";
  std::string out_path = "/tmp/ner_eval_peer_out." + std::to_string(getpid()) + ".jsonl";
  std::string err_path = "/tmp/ner_eval_peer_err." + std::to_string(getpid()) + ".txt";
  {
    std::ofstream in(in_path);
    for (const auto& d : docs) {
      for (const auto& s : d.sentences) in << nlohmann::json{{"words", s.words}}.dump() << "\n";
    }
  }
  std::string cmd = "node '" + script + "' '" + in_path + "' > '" + out_path + "' 2> '" +
                    err_path + "'";
  int rc = std::system(cmd.c_str());
  std::ifstream out(out_path), err(err_path);
  std::stringstream err_text;
  err_text << err.rdbuf();
  if (rc != 0) {
    r.error = "peer exited with " + std::to_string(rc) + ": " + err_text.str().substr(0, 400) +
              " (install it with: npm ci --prefix bench/peers/node)";
  } else {
    std::string line;
    for (const auto& d : docs) {
      for (const auto& s : d.sentences) {
        if (!std::getline(out, line)) {
          r.error = "peer printed fewer lines than sentences";
          break;
        }
        std::vector<TokenSpan> spans;
        for (const auto& j : nlohmann::json::parse(line)) {
          auto type = ParseEntityType(j[2].get<std::string>());
          if (type) spans.push_back({j[0].get<uint32_t>(), j[1].get<uint32_t>(), *type});
        }
        r.counts.Add(s.spans, spans);
      }
      if (!r.error.empty()) break;
    }
    std::string word;
    while (err_text >> word) {
      if (word == "seconds") err_text >> r.seconds;
    }
    r.ran = r.error.empty();
  }
  std::remove(in_path.c_str());
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  return r;
}

int Main(int argc, char** argv) {
  std::string dev_path, model_path = "models/ner-en.slner", peer_script;
  int repeat = 5;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--dev") dev_path = next();
    else if (a == "--model") model_path = next();
    else if (a == "--repeat") repeat = std::max(1, std::atoi(next().c_str()));
    else if (a == "--peer-script") peer_script = next();
    else if (a == "--json") json = true;
    else return Usage();
  }
  if (dev_path.empty()) return Usage();
  Env* env = Env::Default();
  auto text = ReadFileToString(env, dev_path);
  if (!text.ok()) {
    std::fprintf(stderr, "ner_eval: %s: %s (the CoNLL data is in ../shared/data/ner/)\n",
                 dev_path.c_str(), text.status().message().c_str());
    return 2;
  }
  auto docs = ParseConll(*text, dev_path);
  if (!docs.ok()) {
    std::fprintf(stderr, "ner_eval: %s\n", docs.status().message().c_str());
    return 1;
  }
  auto model_bytes = ReadFileToString(env, model_path);
  if (!model_bytes.ok()) {
    std::fprintf(stderr, "ner_eval: %s: %s\n", model_path.c_str(),
                 model_bytes.status().message().c_str());
    return 2;
  }
  auto start = Clock::now();
  auto model = NerModel::Parse(*model_bytes, model_path);
  double load_s = Seconds(start);
  if (!model.ok()) {
    std::fprintf(stderr, "ner_eval: %s\n", model.status().message().c_str());
    return 1;
  }
  // Inputs as the tagger takes them, built before timing.
  std::vector<std::vector<std::vector<std::string_view>>> inputs;
  size_t tokens = 0, sentences = 0;
  for (const auto& d : *docs) {
    auto& doc = inputs.emplace_back();
    for (const auto& s : d.sentences) {
      doc.emplace_back(s.words.begin(), s.words.end());
      tokens += s.words.size();
      ++sentences;
    }
  }
  NerTagger tagger(model->get());
  std::vector<std::vector<std::vector<TokenSpan>>> outputs(inputs.size());
  std::vector<double> times;
  for (int r = 0; r < repeat; ++r) {
    start = Clock::now();
    for (size_t d = 0; d < inputs.size(); ++d) tagger.Tag(inputs[d], &outputs[d]);
    times.push_back(Seconds(start));
  }
  std::sort(times.begin(), times.end());
  double tag_s = times[times.size() / 2];
  NerCounts counts;
  for (size_t d = 0; d < inputs.size(); ++d) {
    for (size_t s = 0; s < outputs[d].size(); ++s) {
      counts.Add((*docs)[d].sentences[s].spans, outputs[d][s]);
    }
  }
  // The full recognition path of ingest also applies the known news organisations.
  NerCounts with_media;
  for (size_t d = 0; d < inputs.size(); ++d) {
    for (size_t s = 0; s < outputs[d].size(); ++s) {
      MediaNames::Default().Apply(inputs[d][s], &outputs[d][s]);
      with_media.Add((*docs)[d].sentences[s].spans, outputs[d][s]);
    }
  }
  PeerResult peer;
  if (!peer_script.empty()) peer = RunPeer(peer_script, *docs);

  const char* names[] = {"PER", "ORG", "LOC", "MISC"};
  if (json) {
    nlohmann::json j;
    j["data"] = dev_path;
    j["sentences"] = sentences;
    j["tokens"] = tokens;
    j["model_bytes"] = model_bytes->size();
    j["model_load_s"] = load_s;
    j["tag_s"] = tag_s;
    j["tokens_per_s"] = tokens / tag_s;
    j["precision"] = counts.Precision();
    j["recall"] = counts.Recall();
    j["f1"] = counts.F1();
    for (int t = 0; t < 4; ++t) j["f1_" + std::string(names[t])] = counts.F1(t);
    j["f1_with_media_names"] = with_media.F1();
    if (peer.ran) {
      j["peer"] = {{"name", "compromise"},       {"precision", peer.counts.Precision()},
                   {"recall", peer.counts.Recall()}, {"f1", peer.counts.F1()},
                   {"seconds", peer.seconds},      {"tokens_per_s", tokens / peer.seconds}};
    } else if (!peer.error.empty()) {
      j["peer"] = {{"error", peer.error}};
    }
    std::printf("%s\n", j.dump().c_str());
    return 0;
  }
  std::printf("%s: %zu documents, %zu sentences, %zu tokens\n", dev_path.c_str(), docs->size(),
              sentences, tokens);
  std::printf("model %s: %.1f MB, loaded in %.0f ms\n", model_path.c_str(),
              model_bytes->size() / 1e6, load_s * 1e3);
  std::printf("\n%-10s %-5s %7s %7s %7s\n", "system", "type", "P", "R", "F1");
  auto table = [&](const char* system, const NerCounts& c) {
    for (int t = 0; t < 4; ++t) {
      std::printf("%-10s %-5s %7.2f %7.2f %7.2f\n", system, names[t], 100 * c.Precision(t),
                  100 * c.Recall(t), 100 * c.F1(t));
    }
    std::printf("%-10s %-5s %7.2f %7.2f %7.2f\n", system, "all", 100 * c.Precision(),
                100 * c.Recall(), 100 * c.F1());
  };
  table("storyline", counts);
  std::printf("%-10s %-5s %7.2f %7.2f %7.2f   (with the known news organisations, as ingest)\n",
              "storyline", "all", 100 * with_media.Precision(), 100 * with_media.Recall(),
              100 * with_media.F1());
  if (peer.ran) table("compromise", peer.counts);
  std::printf("\n%-10s %12s %14s\n", "system", "tag seconds", "tokens/s");
  std::printf("%-10s %12.3f %14.0f   (median of %d runs, one thread)\n", "storyline", tag_s,
              tokens / tag_s, repeat);
  if (peer.ran) {
    std::printf("%-10s %12.3f %14.0f   (one run, node)\n", "compromise", peer.seconds,
                tokens / peer.seconds);
    std::printf("speed ratio storyline / compromise: %.1fx\n", peer.seconds / tag_s);
  } else if (!peer.error.empty()) {
    std::printf("peer not run: %s\n", peer.error.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
