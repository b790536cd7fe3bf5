#include "delete_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>

namespace storyline::cli {

DeleteCommand::DeleteCommand(CLI::App* app) {
  delete_ = app->add_subcommand("delete", "Remove articles from the store (by id or id prefix)");
  delete_->add_option("ids", ids_, "Article ids (16 hex digits) or unique prefixes (4 or more)");
  delete_->add_option("--from-file", file_,
                      "Read more ids from this file, one per line ('-' = standard input; blank "
                      "lines and lines starting with # are skipped)");
  delete_->footer(
      "All the articles named go, or none (an unknown or ambiguous id is an error naming it). "
      "They leave listings, search, facets, timelines, entity counts and quotes; the "
      "near-duplicate groups they were in are regrouped from the links that remain; their "
      "stories lose them (span and title recomputed). Their words leave the search index when "
      "its files next merge, and their texts the segment files at the next `storyline compact`. "
      "Ingesting a deleted article again adds it again.\n"
      "Examples:\n  storyline delete 959d2f4e196e2067\n  storyline delete 959d 3a4b --json\n"
      "  storyline list --json | jq -r 'select(.source==\"spam.example\") | .id' | "
      "storyline delete --from-file -");
}

int DeleteCommand::Run(const Globals& g) const {
  if (!*delete_) return -1;
  std::vector<std::string> ids = ids_;
  if (!file_.empty()) {
    std::ifstream in;
    if (file_ != "-") {
      in.open(file_);
      if (!in) {
        std::fprintf(stderr,
                     "storyline: cannot read %s; give a file of article ids, one per line\n",
                     file_.c_str());
        return kExitUsage;
      }
    }
    std::istream& lines = file_ == "-" ? std::cin : in;
    std::string line;
    while (std::getline(lines, line)) {
      const size_t b = line.find_first_not_of(" \t\r");
      if (b == std::string::npos || line[b] == '#') continue;
      const size_t e = line.find_last_not_of(" \t\r");
      ids.push_back(line.substr(b, e - b + 1));
    }
  }
  if (ids.empty()) {
    std::fprintf(stderr, "storyline: delete needs article ids (arguments or --from-file)\n");
    return kExitUsage;
  }
  auto engine = OpenStore(g, /*write=*/true);
  if (!engine.ok()) return FailOpen(engine.status());
  auto r = (*engine)->DeleteArticles(ids);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    PrintJson({{"event", "summary"},
               {"deleted", r->deleted},
               {"groups_regrouped", r->groups_regrouped},
               {"stories_updated", r->stories_updated},
               {"seconds", r->seconds},
               {"data", DataDir(g)}});
  } else if (!g.quiet) {
    std::printf(
        "deleted %llu article%s from %s in %.2f s (%llu near-duplicate groups "
        "regrouped, %llu stories updated)\n",
        static_cast<unsigned long long>(r->deleted), r->deleted == 1 ? "" : "s", DataDir(g).c_str(),
        r->seconds, static_cast<unsigned long long>(r->groups_regrouped),
        static_cast<unsigned long long>(r->stories_updated));
    std::printf("  their words and texts stay on disk until `storyline compact`\n");
  }
  return kExitOk;
}

}  // namespace storyline::cli
