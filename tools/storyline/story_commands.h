// The CLI's story and time commands: `stories`, `story ID`, `storylines`, `storyline ID`,
// `timeline`.
#ifndef STORYLINE_TOOLS_STORY_COMMANDS_H_
#define STORYLINE_TOOLS_STORY_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "cli.h"

namespace storyline::cli {

class StoryCommands {
 public:
  // Registers the commands on `app`.
  explicit StoryCommands(CLI::App* app);
  std::vector<CLI::App*> subcommands() const {
    return {stories_, story_, storylines_, storyline_, timeline_};
  }
  // Runs the command the user chose; -1 when it is none of these.
  int Run(const Globals& g) const;

 private:
  CLI::App* stories_;
  CLI::App* story_;
  CLI::App* storylines_;
  CLI::App* storyline_;
  CLI::App* timeline_;
  StoryListOptions list_;
  TimelineOptions timeline_options_;
  StorylineListOptions lines_;
  uint32_t story_id_ = 0;
  uint32_t storyline_id_ = 0;
};

}  // namespace storyline::cli

#endif  // STORYLINE_TOOLS_STORY_COMMANDS_H_
