// Shared by the CLI's command files: exit codes, global options, opening the store, and the JSON
// and text forms of articles and entities.
#ifndef STORYLINE_TOOLS_CLI_H_
#define STORYLINE_TOOLS_CLI_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "storyline/engine.h"

namespace storyline::cli {

enum ExitCode {
  kExitOk = 0,
  kExitNoResults = 1,
  kExitUsage = 2,
  kExitRejected = 3,
  kExitStore = 4,
  kExitInterrupted = 130,  // the shell convention for SIGINT
};

struct Globals {
  std::string data;
  bool json = false;
  bool quiet = false;
};

// The one place where a Status becomes an exit code and a message.
int Fail(const Status& s);
// A store that cannot be opened is a store error (4): missing, foreign, locked, damaged or of
// another format version.
int FailOpen(const Status& s);
std::string DataDir(const Globals& g);
// `index_stop_words`: Options::index_stop_words (for a writer; unset: the store's choice).
Result<std::unique_ptr<Engine>> OpenStore(const Globals& g, bool write,
                                          std::optional<bool> index_stop_words = std::nullopt);
nlohmann::json ArticleJson(const Article& a, bool with_text);
nlohmann::json EntityJson(const EntitySummary& e);
void PrintJson(const nlohmann::json& j);
std::string DateText(const PublishedDate& d);

}  // namespace storyline::cli

#endif  // STORYLINE_TOOLS_CLI_H_
