// The CLI's `compact` command: merges the search index's postings files into one.
#ifndef STORYLINE_TOOLS_COMPACT_COMMAND_H_
#define STORYLINE_TOOLS_COMPACT_COMMAND_H_

#include <CLI/CLI.hpp>

#include "cli.h"

namespace storyline::cli {

class CompactCommand {
 public:
  explicit CompactCommand(CLI::App* app);
  CLI::App* subcommand() const { return compact_; }
  // Runs `compact` when the user chose it; -1 otherwise.
  int Run(const Globals& g) const;

 private:
  CLI::App* compact_;
};

}  // namespace storyline::cli

#endif  // STORYLINE_TOOLS_COMPACT_COMMAND_H_
