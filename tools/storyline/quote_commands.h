// The CLI's `quotes` command: who said what, and when.
#ifndef STORYLINE_TOOLS_QUOTE_COMMANDS_H_
#define STORYLINE_TOOLS_QUOTE_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "cli.h"

namespace storyline::cli {

class QuoteCommands {
 public:
  explicit QuoteCommands(CLI::App* app);
  CLI::App* subcommand() const { return quotes_; }
  // Runs `quotes` when the user chose it; -1 otherwise.
  int Run(const Globals& g) const;

 private:
  CLI::App* quotes_;
  QuoteListOptions options_;
};

}  // namespace storyline::cli

#endif  // STORYLINE_TOOLS_QUOTE_COMMANDS_H_
