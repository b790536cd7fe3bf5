// The CLI's `delete` command: removes articles from the store (Engine::DeleteArticles).
#ifndef STORYLINE_TOOLS_DELETE_COMMAND_H_
#define STORYLINE_TOOLS_DELETE_COMMAND_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli.h"

namespace storyline::cli {

class DeleteCommand {
 public:
  explicit DeleteCommand(CLI::App* app);
  CLI::App* subcommand() const { return delete_; }
  // Runs `delete` when the user chose it; -1 otherwise.
  int Run(const Globals& g) const;

 private:
  CLI::App* delete_;
  std::vector<std::string> ids_;
  std::string file_;  // ids one per line; "-" = standard input
};

}  // namespace storyline::cli

#endif  // STORYLINE_TOOLS_DELETE_COMMAND_H_
