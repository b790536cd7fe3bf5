// story_eval: scores the story clustering stage (src/stories/) on labelled data given by path.
//
//   story_eval --meter .../stories/meter/meter-dev.jsonl       (gold: story; date dd.mm.yy)
//   story_eval --mstream .../stories/mstream/news-headlines-dev.jsonl   (gold: clusterNo; no dates)
//   story_eval --synth synth.jsonl [--limit N]                  (gold: story_id; ISO dates)
//   options: [--threshold T] [--decay DAYS] [--entities [--entity-weight W]]
//            [--merge T | --no-merge] [--single-text T] [--single-texts N] [--no-retire]
//            [--sweep] [--json]
// --merge T sets the merge pass's threshold (default 0.15); --no-merge turns the pass off.
// --single-text T: the similarity needed to join a story that is one text (default 0.35; 0 off);
// --single-texts N: below how many effective texts a story counts as one (default 1.35).
// --entities adds the entity view: the built-in recogniser's entities of each article.
// --no-retire keeps every story in memory (by default stories out of reach of the day being
// added retire, as in ingest; the stories are the same either way).
//
// Articles are clustered online in date order (input order within a day, and for MStream, which
// has no dates). Prints B-cubed and pairwise precision, recall and F1 (the conventions of
// ../shared/tools/eval_clustering.py) and the number of stories; --sweep tries a range of
// thresholds. Exit codes: 0 done, 1 bad data, 2 data file missing or bad usage.
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "analysis/index_terms.h"
#include "common/civil_date.h"
#include "entities/embedded_model.h"
#include "entities/entity_recognizer.h"
#include "eval/eval_metrics.h"
#include "stories/story_clusterer.h"
#include "stories/story_features.h"
#include "storyline/env.h"

namespace storyline {
namespace {

struct Item {
  std::string gold;
  int64_t day = kUnknownDay;
  size_t order = 0;
  StoryFeatures features;  // terms; entities (one name key per mention) with --entities
};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int Usage() {
  std::fprintf(stderr,
               "usage: story_eval (--meter FILE | --mstream FILE | --synth FILE [--limit N])\n"
               "                  [--threshold T] [--decay DAYS] [--entities [--entity-weight W]]\n"
               "                  [--merge T | --no-merge] [--single-text T] [--single-texts N]\n"
               "                  [--no-retire] [--sweep] [--json]\n");
  return 2;
}

int Main(int argc, char** argv) {
  std::string path, kind;
  size_t limit = 0;
  StoryClusterOptions options;
  bool sweep = false, json = false, use_entities = false;
  // --peer SCRIPT: bench/peers/story_agglomerative.py, at each of --peer-thresholds (distances).
  std::string peer, peer_thresholds = "0.5,0.6,0.7,0.75,0.8,0.85,0.9,0.95";
  std::string dump;  // --dump FILE: gold and predicted clusters for ../shared/tools/eval_clustering.py
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--meter" || a == "--mstream" || a == "--synth") {
      kind = a.substr(2);
      path = next();
    } else if (a == "--limit") {
      limit = std::strtoull(next().c_str(), nullptr, 10);
    } else if (a == "--threshold") {
      options.threshold = std::atof(next().c_str());
    } else if (a == "--decay") {
      options.decay_days = std::atof(next().c_str());
    } else if (a == "--sweep") {
      sweep = true;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--entities") {
      use_entities = true;
    } else if (a == "--merge") {
      options.merge_threshold = std::atof(next().c_str());
    } else if (a == "--peer") {
      peer = next();
    } else if (a == "--peer-thresholds") {
      peer_thresholds = next();
    } else if (a == "--dump") {
      dump = next();
    } else if (a == "--scan") {
      options.scan_per_feature = std::strtoull(next().c_str(), nullptr, 10);
    } else if (a == "--single-text") {
      options.single_text_threshold = std::atof(next().c_str());
    } else if (a == "--single-texts") {
      options.single_text_texts = std::atof(next().c_str());
    } else if (a == "--no-retire") {
      options.retire = false;
    } else if (a == "--no-merge") {
      options.merge_threshold = 0;
    } else if (a == "--entity-weight") {
      options.entity_weight = std::atof(next().c_str());
    } else {
      return Usage();
    }
  }
  if (path.empty()) return Usage();
  auto text = ReadFileToString(Env::Default(), path);
  if (!text.ok()) {
    std::fprintf(stderr, "story_eval: %s: %s (the story data is in ../shared/data/stories/)\n",
                 path.c_str(), text.status().message().c_str());
    return 2;
  }
  IndexTermExtractor extractor;
  std::unique_ptr<NerModel> model;
  std::unique_ptr<EntityRecognizer> recognizer;
  if (use_entities) {
    auto m = NerModel::Parse(EmbeddedNerModel(), "the built-in NER model");
    if (!m.ok()) {
      std::fprintf(stderr, "story_eval: %s\n", m.status().message().c_str());
      return 1;
    }
    model = std::move(m).value();
    recognizer = std::make_unique<EntityRecognizer>(model.get());
  }
  std::vector<EntityMention> mentions;
  std::vector<ArticleEntity> article_entities;
  std::vector<Item> items;
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(*text);
  simdjson::ondemand::document_stream stream;
  if (parser.iterate_many(padded).get(stream) != simdjson::SUCCESS) {
    std::fprintf(stderr, "story_eval: %s: not JSON Lines\n", path.c_str());
    return 1;
  }
  std::vector<std::string> terms;
  for (auto doc : stream) {
    if (limit && items.size() >= limit) break;
    Item item;
    item.order = items.size();
    std::string body;
    std::string_view v;
    if (kind == "mstream") {
      int64_t cluster = 0;
      if (doc["clusterNo"].get_int64().get(cluster) != simdjson::SUCCESS ||
          doc["textCleaned"].get_string().get(v) != simdjson::SUCCESS) {
        std::fprintf(stderr, "story_eval: %s: record %zu lacks clusterNo or textCleaned\n",
                     path.c_str(), items.size() + 1);
        return 1;
      }
      item.gold = std::to_string(cluster);
      body = std::string(v);
    } else {
      const char* gold_key = kind == "meter" ? "story" : "story_id";
      if (doc[gold_key].get_string().get(v) != simdjson::SUCCESS) {
        std::fprintf(stderr, "story_eval: %s: record %zu lacks %s\n", path.c_str(),
                     items.size() + 1, gold_key);
        return 1;
      }
      item.gold = std::string(v);
      if (doc["date"].get_string().get(v) == simdjson::SUCCESS) {
        int y = 0, m = 0, d = 0;
        if (kind == "meter" && std::sscanf(std::string(v).c_str(), "%d.%d.%d", &d, &m, &y) == 3) {
          item.day = DaysFromCivil(y < 50 ? 2000 + y : 1900 + y, m, d);
        } else if (std::sscanf(std::string(v).c_str(), "%d-%d-%d", &y, &m, &d) == 3) {
          item.day = DaysFromCivil(y, m, d);
        }
      }
      if (doc["title"].get_string().get(v) == simdjson::SUCCESS) body = std::string(v) + "\n";
      if (doc["text"].get_string().get(v) == simdjson::SUCCESS) body += std::string(v);
    }
    if (recognizer) {
      recognizer->Recognize("", body, &mentions, &article_entities);
      for (const EntityMention& m : mentions) {
        item.features.entities.push_back(
            StoryFeatures::EntityKey(EntityNameKey(article_entities[m.entity].name)));
      }
    }
    AppendStoryTerms(&extractor, "", body, "en", &terms, &item.features);
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.day != b.day ? a.day < b.day : a.order < b.order;
  });
  std::vector<std::string> gold;
  for (const Item& it : items) gold.push_back(it.gold);
  std::vector<double> thresholds = {options.threshold};
  if (sweep) thresholds = {0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5};
  nlohmann::json out = nlohmann::json::array();
  if (!json) {
    std::printf("%s: %zu articles, %zu gold stories\n", path.c_str(), items.size(),
                std::unordered_set<std::string>(gold.begin(), gold.end()).size());
    std::printf("%9s %6s %7s %7s %7s %7s %7s %7s %8s %10s %8s\n", "threshold", "decay", "B3 P",
                "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "stories", "articles/s", "MB");
  }
  for (double t : thresholds) {
    StoryClusterOptions o = options;
    o.threshold = t;
    StoryClusterer clusterer(o);
    std::vector<uint32_t> pred;
    // Times are this thread's CPU time: comparable on a machine shared with other work.
    const double start = ThreadCpuSeconds();
    // As ingest does: the merge pass runs by itself at each new day, and once at the end.
    // Cost per article by tenth of the input: flat when it does not grow with the archive.
    std::vector<double> tenth_us;
    double mark = start;
    for (size_t i = 0; i < items.size(); ++i) {
      pred.push_back(clusterer.Add(items[i].features, items[i].day));
      // Ingest saves every changed story; here the input is in date order, so a retired story
      // is never needed again and nothing needs saving: taking the changes lets them retire.
      (void)clusterer.TakeChanged();
      if (items.size() >= 1000 && (i + 1) % (items.size() / 10) == 0 && tenth_us.size() < 10) {
        const double now = ThreadCpuSeconds();
        tenth_us.push_back((now - mark) * 1e6 / static_cast<double>(items.size() / 10));
        mark = now;
      }
    }
    clusterer.Flush();
    const double secs = ThreadCpuSeconds() - start;
    for (uint32_t& p : pred) p = clusterer.Resolve(p);
    if (!dump.empty()) {
      // DUMP.gold and DUMP.pred: doc_id<TAB>cluster, the reference scorer's input.
      FILE* g = std::fopen((dump + ".gold").c_str(), "w");
      FILE* p = std::fopen((dump + ".pred").c_str(), "w");
      for (size_t i = 0; g && p && i < items.size(); ++i) {
        std::fprintf(g, "%zu\t%s\n", items[i].order, items[i].gold.c_str());
        std::fprintf(p, "%zu\t%u\n", items[i].order, pred[i]);
      }
      if (g) std::fclose(g);
      if (p) std::fclose(p);
    }
    const BCubed b3 = BCubedScores(gold, pred);
    const PairCounts pc = CountPairs(gold, pred);
    const double pp = pc.pred > 0 ? pc.both / pc.pred : 0, pr = pc.truth > 0 ? pc.both / pc.truth : 0;
    const double pf = pp + pr > 0 ? 2 * pp * pr / (pp + pr) : 0;
    if (json) {
      out.push_back({{"threshold", t}, {"decay_days", o.decay_days}, {"b3_precision", b3.precision},
                     {"b3_recall", b3.recall}, {"b3_f1", b3.f1()}, {"pair_precision", pp},
                     {"pair_recall", pr}, {"pair_f1", pf}, {"stories", clusterer.live_story_count()},
                     {"articles", items.size()}, {"seconds", secs},
                     {"clusterer_bytes", clusterer.MemoryBytes()},
                     {"retired_stories", clusterer.retired_count()},
                     {"us_per_article_by_tenth", tenth_us}});
    } else {
      std::printf("%9.2f %6.1f %7.4f %7.4f %7.4f %7.4f %7.4f %7.4f %8zu %10.0f %8.1f\n", t,
                  o.decay_days, b3.precision, b3.recall, b3.f1(), pp, pr, pf,
                  clusterer.live_story_count(), items.size() / secs,
                  clusterer.MemoryBytes() / 1e6);
      if (!tenth_us.empty()) {
        std::printf("          us/article by tenth of the input:");
        for (double us : tenth_us) std::printf(" %.0f", us);
        std::printf("\n");
      }
    }
  }
  if (!peer.empty()) {
    // The peer in the same run, scored by the same code: its labels come in file order.
    std::vector<size_t> pos(items.size());
    for (size_t i = 0; i < items.size(); ++i) pos[items[i].order] = i;
    const std::string cmd = "/usr/bin/python3 " + peer + " " + kind + " " + path + " " +
                            std::to_string(limit) + " " + peer_thresholds;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) {
      std::fprintf(stderr, "story_eval: cannot run the peer: %s\n", cmd.c_str());
      return 1;
    }
    std::string line;
    for (int c; (c = std::fgetc(pipe)) != EOF;) {
      if (c != '\n') {
        line += static_cast<char>(c);
        continue;
      }
      auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      line.clear();
      if (j.is_discarded() || !j.contains("labels") || j["labels"].size() != items.size()) {
        std::fprintf(stderr, "story_eval: the peer printed an unexpected line\n");
        pclose(pipe);
        return 1;
      }
      std::vector<uint32_t> pred(items.size());
      for (size_t k = 0; k < items.size(); ++k) pred[pos[k]] = j["labels"][k].get<uint32_t>();
      const BCubed b3 = BCubedScores(gold, pred);
      const PairCounts pc = CountPairs(gold, pred);
      const double pp = pc.pred > 0 ? pc.both / pc.pred : 0,
                   pr = pc.truth > 0 ? pc.both / pc.truth : 0;
      const double pf = pp + pr > 0 ? 2 * pp * pr / (pp + pr) : 0;
      const size_t stories = std::unordered_set<uint32_t>(pred.begin(), pred.end()).size();
      const double secs = j["seconds"].get<double>();
      if (json) {
        out.push_back({{"peer", "tfidf-agglomerative-sklearn"}, {"distance_threshold", j["threshold"]},
                       {"b3_precision", b3.precision}, {"b3_recall", b3.recall},
                       {"b3_f1", b3.f1()}, {"pair_precision", pp}, {"pair_recall", pr},
                       {"pair_f1", pf}, {"stories", stories}, {"seconds", secs}});
      } else {
        std::printf("peer d=%.2f        %7.4f %7.4f %7.4f %7.4f %7.4f %7.4f %8zu %10.0f\n",
                    j["threshold"].get<double>(), b3.precision, b3.recall, b3.f1(), pp, pr, pf,
                    stories, items.size() / secs);
      }
    }
    if (pclose(pipe) != 0) {
      std::fprintf(stderr, "story_eval: the peer failed: %s\n", cmd.c_str());
      return 1;
    }
  }
  if (json) std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
