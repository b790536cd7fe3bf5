// The CLI's `analyze` command: runs the analysis that `storyline ingest --defer-analysis` left
// for later (near-duplicates, entities and quotes, stories).
#ifndef STORYLINE_TOOLS_ANALYZE_COMMAND_H_
#define STORYLINE_TOOLS_ANALYZE_COMMAND_H_

#include <CLI/CLI.hpp>
#include <string_view>

#include "cli.h"
#include "storyline/options.h"

namespace storyline::cli {

class AnalyzeCommand {
 public:
  explicit AnalyzeCommand(CLI::App* app);
  CLI::App* subcommand() const { return analyze_; }
  // Runs `analyze` when the user chose it; -1 otherwise.
  int Run(const Globals& g) const;

 private:
  CLI::App* analyze_;
  IngestOptions options_;  // its near-duplicate thresholds only
};

// The near-duplicate thresholds (--dup-threshold, --dup-min-shingles), for `ingest` and
// `analyze` alike.
void AddDuplicateOptions(CLI::App* command, IngestOptions* options);

// One line of progress of a stage of deferred analysis (IngestObserver::OnAnalysis): a JSON
// event with --json, else a line on stderr for large passes, nothing with --quiet.
void PrintAnalysisProgress(const Globals& g, std::string_view stage, uint64_t done,
                           uint64_t total);

}  // namespace storyline::cli

#endif  // STORYLINE_TOOLS_ANALYZE_COMMAND_H_
