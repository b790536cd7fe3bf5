#include "analyze_command.h"

#include <cstdio>
#include <string>

#include "storyline/engine.h"

namespace storyline::cli {
namespace {

class AnalyzeObserver final : public IngestObserver {
 public:
  explicit AnalyzeObserver(const Globals& g) : g_(g) {}
  void OnAnalysis(std::string_view stage, uint64_t done, uint64_t total) override {
    PrintAnalysisProgress(g_, stage, done, total);
  }
  void OnStories(uint64_t placed, uint64_t total) override {
    PrintAnalysisProgress(g_, "stories", placed, total);
  }

 private:
  const Globals& g_;
};

}  // namespace

void PrintAnalysisProgress(const Globals& g, std::string_view stage, uint64_t done,
                           uint64_t total) {
  if (g.json) {
    PrintJson({{"event", "analysis"}, {"stage", stage}, {"done", done}, {"total", total}});
    std::fflush(stdout);
  } else if (!g.quiet && total >= 10000) {
    const char* what = stage == "duplicates" ? "grouping near-duplicates"
                       : stage == "entities" ? "recognising entities and quotes"
                                             : "placing articles in stories";
    std::fprintf(stderr, "storyline: %s: %llu of %llu articles\n", what,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  }
}

void AddDuplicateOptions(CLI::App* command, IngestOptions* options) {
  command
      ->add_option("--dup-threshold", options->duplicate_threshold,
                   "Near-duplicates: the share of the shorter text's word 3-grams found in the "
                   "other that makes two articles copies (default 0.5)")
      ->check(CLI::Range(0.01, 1.0));
  command
      ->add_option("--dup-min-shingles", options->duplicate_min_shingles,
                   "Near-duplicates: texts with fewer word 3-grams are never copies (default 10)")
      ->check(CLI::Range(1, 100000));
}

AnalyzeCommand::AnalyzeCommand(CLI::App* app) {
  analyze_ = app->add_subcommand(
      "analyze", "Run the analysis `ingest --defer-analysis` left for later");
  AddDuplicateOptions(analyze_, &options_);
  analyze_->footer(
      "`storyline ingest --defer-analysis` stores and indexes articles (searchable at once) and "
      "leaves their analysis for later; `storyline stats` says how many articles await it. "
      "analyze groups their near-duplicates, recognises their entities and quotes (batch by "
      "batch, in ingest order, as a full ingest would) and places them in stories. Every batch "
      "commits on its own: after a crash or Ctrl-C, run analyze again to finish. A later "
      "`storyline ingest` without the flag also catches up first.\n"
      "Examples:\n  storyline ingest --defer-analysis news.jsonl && storyline analyze\n"
      "  storyline --data /news/store analyze --json");
}

int AnalyzeCommand::Run(const Globals& g) const {
  if (!*analyze_) return -1;
  Options o;  // a writer, but an analysis of no store creates none
  o.data_dir = DataDir(g);
  o.create_if_missing = false;
  auto engine = Engine::Open(o);
  if (!engine.ok()) return FailOpen(engine.status());
  AnalyzeObserver observer(g);
  auto r = (*engine)->Analyze(options_, &observer);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    PrintJson({{"event", "summary"},
               {"dedup_analyzed", r->dedup_analyzed},
               {"entities_analyzed", r->entities_analyzed},
               {"index_backfilled", r->index_backfilled},
               {"placed_in_stories", r->placed_in_stories},
               {"articles_in_duplicate_groups", r->near_duplicates},
               {"dedup_seconds", r->dedup_seconds},
               {"entity_seconds", r->entity_seconds},
               {"story_seconds", r->story_seconds},
               {"seconds", r->seconds},
               {"data", DataDir(g)}});
  } else if (!g.quiet) {
    if (r->dedup_analyzed == 0 && r->entities_analyzed == 0 && r->placed_in_stories == 0) {
      std::printf("nothing to analyze in %s: every article is analysed\n", DataDir(g).c_str());
    } else {
      std::printf("analysed %s in %.2f s: %llu articles grouped with their near-duplicates "
                  "(%.2f s), %llu searched for entities and quotes (%.2f s), %llu placed in "
                  "stories (%.2f s)\n",
                  DataDir(g).c_str(), r->seconds,
                  static_cast<unsigned long long>(r->dedup_analyzed), r->dedup_seconds,
                  static_cast<unsigned long long>(r->entities_analyzed), r->entity_seconds,
                  static_cast<unsigned long long>(r->placed_in_stories), r->story_seconds);
    }
  }
  return kExitOk;
}

}  // namespace storyline::cli
