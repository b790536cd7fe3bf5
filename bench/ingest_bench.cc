// ingest_bench: end-to-end ingest throughput on a corpus given by path.
//
//   ingest_bench CORPUS [--threads N] [--store DIR] [--runs N]
//
// Ingests CORPUS (a file or directory, as `storyline ingest` takes them) into a fresh store (a
// temporary directory unless --store), then prints input MB/s, articles/s, peak resident memory
// and store size; "seconds" is the ingest pipeline's, "story s" the story pass after it (placing
// every article in a story). Every run starts from an empty store; the page cache is warm after
// the first.
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "storyline/engine.h"

namespace fs = std::filesystem;

static uint64_t DirBytes(const fs::path& p) {
  uint64_t n = 0;
  for (auto& e : fs::recursive_directory_iterator(p)) {
    if (e.is_regular_file()) n += e.file_size();
  }
  return n;
}

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
    std::fprintf(stderr,
                 "usage: ingest_bench CORPUS [--threads N] [--store DIR] [--runs N]\n"
                 "  CORPUS: a .jsonl/.txt file or directory, e.g. the 1 GB corpus made by\n"
                 "  python3 ../shared/tools/synth_news.py "
                 "../shared/data/search/reuters21578-jsonl/docs.jsonl synth.jsonl 1000\n");
    return 2;
  }
  std::string corpus = argv[1];
  if (!fs::exists(corpus)) {
    std::fprintf(
        stderr,
        "ingest_bench: corpus %s does not exist; make one with synth_news.py (see --help)\n",
        corpus.c_str());
    return 2;
  }
  int threads = 0, runs = 1;
  std::string store;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads"))
      threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--store"))
      store = argv[i + 1];
    else if (!std::strcmp(argv[i], "--runs"))
      runs = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "ingest_bench: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  bool temp = store.empty();
  std::printf("%-8s %10s %10s %8s %10s %12s %8s %12s %12s\n", "run", "input MB", "articles",
              "seconds", "MB/s", "articles/s", "story s", "peak RSS MB", "store MB");
  for (int run = 1; run <= runs; ++run) {
    if (temp) {
      char tmpl[] = "/tmp/storyline-bench-XXXXXX";
      store = mkdtemp(tmpl);
      store += "/store";
    } else {
      fs::remove_all(store);
    }
    storyline::Options o;
    o.data_dir = store;
    auto engine = storyline::Engine::Open(o);
    if (!engine.ok()) {
      std::fprintf(stderr, "ingest_bench: %s\n", engine.status().ToString().c_str());
      return 4;
    }
    storyline::IngestOptions io;
    io.threads = threads;
    auto s = (*engine)->Ingest({corpus}, io, nullptr);
    if (!s.ok()) {
      std::fprintf(stderr, "ingest_bench: %s\n", s.status().ToString().c_str());
      return 4;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = s->input_bytes / 1e6;
    std::printf("%-8d %10.1f %10llu %8.2f %10.1f %12.0f %8.2f %12.0f %12.1f\n", run, mb,
                static_cast<unsigned long long>(s->articles_added), s->seconds, mb / s->seconds,
                s->articles_added / s->seconds, s->story_seconds, ru.ru_maxrss / 1024.0,
                DirBytes(store) / 1e6);
    std::fflush(stdout);
    engine->reset();
    if (temp) fs::remove_all(fs::path(store).parent_path());
  }
  return 0;
}
