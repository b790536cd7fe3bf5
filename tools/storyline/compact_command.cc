#include "compact_command.h"

#include <cstdio>

namespace storyline::cli {

CompactCommand::CompactCommand(CLI::App* app) {
  compact_ = app->add_subcommand(
      "compact", "Merge the search index's files into one (searches set up once, not per file)");
  compact_->footer(
      "Every ingest batch writes its own postings file, and `storyline ingest` merges them as it "
      "goes (runs of 4 files of similar size, up to 2 GB); compact merges everything that is "
      "left into one file, after indexing any batch that has none. It takes the store's writer "
      "lock; searches running meanwhile keep their files and see the merged index once it is "
      "committed. It also removes what `storyline delete` left: the words of deleted articles "
      "leave the index, and their texts the segment files. A crash leaves the old files or the "
      "new one: run compact again.\n"
      "Examples:\n  storyline compact\n  storyline --data /news/store compact --json");
}

int CompactCommand::Run(const Globals& g) const {
  if (!*compact_) return -1;
  auto engine = OpenStore(g, /*write=*/true);
  if (!engine.ok()) return FailOpen(engine.status());
  auto progress = [&g](uint64_t done, uint64_t planned) {
    if (g.json) {
      PrintJson({{"event", "merge"}, {"bytes_merged", done}, {"bytes_planned", planned}});
      std::fflush(stdout);
    } else if (!g.quiet) {
      std::fprintf(stderr, "storyline: merged %.1f of %.1f MB of postings files\n", done / 1e6,
                   planned / 1e6);
    }
  };
  auto r = (*engine)->CompactIndex(progress);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    PrintJson({{"event", "summary"},
               {"files_before", r->files_before},
               {"files_after", r->files_after},
               {"bytes_before", r->bytes_before},
               {"bytes_after", r->bytes_after},
               {"articles_indexed", r->articles_indexed},
               {"texts_purged", r->texts_purged},
               {"segments_rewritten", r->segments_rewritten},
               {"seconds", r->seconds},
               {"data", DataDir(g)}});
  } else if (!g.quiet) {
    std::printf("compacted the search index of %s: %llu files (%.1f MB) -> %llu (%.1f MB) in "
                "%.2f s\n",
                DataDir(g).c_str(), static_cast<unsigned long long>(r->files_before),
                r->bytes_before / 1e6, static_cast<unsigned long long>(r->files_after),
                r->bytes_after / 1e6, r->seconds);
    if (r->texts_purged) {
      std::printf("  the texts of %llu deleted articles were removed from %llu segment files\n",
                  static_cast<unsigned long long>(r->texts_purged),
                  static_cast<unsigned long long>(r->segments_rewritten));
    }
    if (r->articles_indexed) {
      std::printf("  %llu articles of batches without an index were indexed first\n",
                  static_cast<unsigned long long>(r->articles_indexed));
    }
  }
  return kExitOk;
}

}  // namespace storyline::cli
