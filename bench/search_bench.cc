// search_bench: indexing speed, index size and query latency of storyline's search beside
// Xapian and SQLite FTS5, on the same documents, in one run, single-threaded queries, warm.
//
//   search_bench CORPUS.jsonl [--docs N] [--queries N] [--seed S] [--no-peers] [--json]
//                [--only TYPE,...] [--k K] [--merge none|policy|compact]
//                [--defer-analysis | --index-only] [--threads N] [--cpu-clock] [--repeat N]
//                [--per-query] [--store DIR] [--stop-words]
//
// CORPUS: JSON Lines with id, title, text (Reuters-21578's docs.jsonl, or a corpus made by
// ../shared/tools/synth_news.py). Queries follow the types of the search-benchmark-game's
// queries.txt (a term; 2-3 terms OR-ed; 2-3 terms AND-ed; a 2-word phrase), with words drawn
// from the corpus's own vocabulary at three document-frequency bands (frequent: rank 20-200,
// medium: 1,000-5,000, rare: 20,000-50,000 or the rarest available) and phrases taken from the
// texts; the same queries go to every system. Each query runs once to warm up, then is timed;
// top 10 and top 1000. storyline is timed through Engine::Search (ranking only, no snippets),
// the peers through their C++/C APIs returning document ids. Counts are not asked for (storyline
// may prune disjunctions with MaxScore, as Xapian does), copies are not collapsed. --only (term,
// or, and, phrase2) and --k time some query types at one depth (for profiling). --merge: how
// storyline's postings files are merged after the ingest: none (one file per batch), policy (the
// ingest's default tiered merging; the default) or compact (then Engine::CompactIndex, timed
// apart); the files and merge seconds are printed.
// --defer-analysis: storyline's indexing figure is an ingest with IngestOptions::defer_analysis
// (articles stored and searchable; near-duplicates, entities and stories left for later), and
// the bench also times, apart and labelled: the later Engine::Analyze on that store, and a
// whole ingest (every analysis) into a second store. Queries go to the first store, analysed.
// --index-only: as --defer-analysis without the analysis and without the whole ingest (for
// large corpora: the indexing figure and the queries only).
// --cpu-clock: query latencies are the querying thread's CPU time instead of elapsed time (for
// comparing two builds on a busy machine; the figures in docs/RESULTS.md are elapsed unless said).
// --repeat N: each query is timed N times (after its warm-up run) and the least time kept, which
// leaves out the moments another process held the core (default 1: one timing).
// --per-query: each query's latency on standard error, a tab-separated line per system and
// query ("query", system, type and depth, band, words, microseconds, hits).
// --store DIR: storyline's store lives in DIR and is kept. When DIR already holds an index
// (from an earlier run with --index-only on the same corpus), the ingest is skipped and only
// the queries are timed (storyline's indexing row then reads "reused"): for profiling
// queries on a large corpus without indexing it again each time.
// --stop-words: storyline's store leaves English stop words out of its index
// (Options::index_stop_words; a phrase's stop word then matches any word).
// --threads: storyline's ingest workers (default: one per core); the peers index on one thread.
// Each indexing is timed twice: elapsed ("index s", "MB/s") and the CPU time of all the process's
// threads ("cpu s", "MB/cpu-s"), which a busy machine disturbs less.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "peers/search_peers.h"
#include "storyline/engine.h"

namespace fs = std::filesystem;
using storyline::peers::PeerDoc;
using storyline::peers::PeerQueryKind;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU seconds (user + system) of this process so far, all threads: every system indexes in this
// process, one after the other, so the difference over an indexing is that system's CPU time, a
// figure a busy machine disturbs less than the elapsed time.
// This thread's CPU time (what a query costs whatever else runs on the machine).
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  for (char ch : text + " ") {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalpha(c)) {
      w.push_back(static_cast<char>(std::tolower(c)));
    } else {
      if (w.size() >= 3) out.push_back(w);
      w.clear();
    }
  }
  return out;
}

struct BenchQuery {
  std::string type;  // term, or2, or3, and2, and3, phrase2
  std::string band;  // frequent, medium, rare
  std::vector<std::string> words;
};

std::vector<BenchQuery> MakeQueries(const std::vector<PeerDoc>& docs, size_t per_type,
                                    uint64_t seed) {
  std::mt19937_64 rng(seed);
  // Document frequencies over (a sample of) the corpus.
  std::unordered_map<std::string, uint32_t> df;
  const size_t sample = std::min<size_t>(docs.size(), 50000);
  for (size_t i = 0; i < sample; ++i) {
    const PeerDoc& d = docs[i * docs.size() / sample];
    std::set<std::string> seen;
    for (auto& w : Words(d.title + " " + d.text)) seen.insert(w);
    for (auto& w : seen) ++df[w];
  }
  std::vector<std::pair<uint32_t, std::string>> ranked;
  for (auto& [w, n] : df) ranked.emplace_back(n, w);
  std::sort(ranked.rbegin(), ranked.rend());
  auto band_range = [&](const std::string& band) -> std::pair<size_t, size_t> {
    const size_t n = ranked.size();
    if (band == "frequent") return {std::min<size_t>(20, n - 1), std::min<size_t>(200, n)};
    if (band == "medium") return {std::min<size_t>(1000, n / 2), std::min<size_t>(5000, n)};
    return {std::min<size_t>(20000, n * 3 / 4), std::min<size_t>(50000, n)};
  };
  auto pick = [&](const std::string& band) {
    auto [lo, hi] = band_range(band);
    return ranked[lo + rng() % std::max<size_t>(1, hi - lo)].second;
  };
  std::vector<BenchQuery> out;
  for (const std::string band : {"frequent", "medium", "rare"}) {
    for (const std::string type : {"term", "or2", "or3", "and2", "and3"}) {
      const int n = type == "term" ? 1 : type.back() - '0';
      for (size_t i = 0; i < per_type; ++i) {
        BenchQuery q{type, band, {}};
        // AND queries pair a word of the band with frequent words, so they have results.
        for (int k = 0; k < n; ++k) q.words.push_back(k == 0 || type[0] == 'o' ? pick(band)
                                                                            : pick("frequent"));
        out.push_back(q);
      }
    }
  }
  // Phrases: two adjacent words of a random text.
  for (size_t i = 0; i < per_type * 3; ++i) {
    const auto words = Words(docs[rng() % docs.size()].text);
    if (words.size() < 3) continue;
    const size_t p = rng() % (words.size() - 1);
    out.push_back({"phrase2", "text", {words[p], words[p + 1]}});
  }
  return out;
}

struct Latencies {
  std::vector<double> us;
  double Percentile(double p) {
    if (us.empty()) return 0;
    std::sort(us.begin(), us.end());
    return us[std::min(us.size() - 1, static_cast<size_t>(p * us.size()))];
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::fprintf(stderr,
                 "usage: search_bench CORPUS.jsonl [--docs N] [--queries N] [--seed S] "
                 "[--no-peers] [--json] [--only TYPE,...] [--k K] [--merge none|policy|compact] "
                 "[--defer-analysis | --index-only] [--threads N] [--cpu-clock] [--repeat N]\n"
                 "       [--per-query] [--store DIR] [--stop-words]\n"
                 "  e.g. ../shared/data/search/reuters21578-jsonl/docs.jsonl\n");
    return 2;
  }
  const std::string corpus = argv[1];
  size_t max_docs = 0, per_type = 20;
  uint64_t seed = 1;
  bool peers = true, json = false;
  std::string only;  // comma-separated query types timed (empty: all)
  std::vector<size_t> depths = {10, 1000};
  std::string merge = "policy";
  bool defer = false, index_only = false;
  bool cpu_clock = false;  // query latency as the thread's CPU time, not elapsed
  int repeat = 1;          // timings per query; the least is kept
  bool per_query = false;  // each query's latency on standard error
  int threads = 0;
  std::string store;  // --store: storyline's store, kept (and reused when it holds an index)
  bool stop_words = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "search_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--docs") {
      max_docs = std::stoul(next());
    } else if (a == "--queries") {
      per_type = std::stoul(next());
    } else if (a == "--seed") {
      seed = std::stoull(next());
    } else if (a == "--no-peers") {
      peers = false;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--only") {
      only = "," + next() + ",";
    } else if (a == "--k") {
      depths = {std::stoul(next())};
    } else if (a == "--defer-analysis") {
      defer = true;
    } else if (a == "--index-only") {
      defer = true;
      index_only = true;
    } else if (a == "--per-query") {
      per_query = true;
    } else if (a == "--repeat") {
      repeat = std::max(1, std::stoi(next()));
    } else if (a == "--cpu-clock") {
      cpu_clock = true;
    } else if (a == "--stop-words") {
      stop_words = true;
    } else if (a == "--store") {
      store = next();
    } else if (a == "--threads") {
      threads = std::stoi(next());
    } else if (a == "--merge") {
      merge = next();
      if (merge != "none" && merge != "policy" && merge != "compact") {
        std::fprintf(stderr, "search_bench: --merge takes none, policy or compact\n");
        return 2;
      }
    } else {
      std::fprintf(stderr, "search_bench: unknown argument %s (try --help)\n", a.c_str());
      return 2;
    }
  }
  std::ifstream in(corpus);
  if (!in) {
    std::fprintf(stderr, "search_bench: cannot read %s; give a JSON Lines corpus\n",
                 corpus.c_str());
    return 2;
  }
  char tmpl[] = "/tmp/storyline-search-bench-XXXXXX";
  const std::string tmp = mkdtemp(tmpl);
  // The documents, and the same documents as a JSON Lines file storyline ingests.
  std::vector<PeerDoc> docs;
  uint64_t bytes = 0;
  {
    std::ofstream out(tmp + "/corpus.jsonl");
    std::string line;
    while (std::getline(in, line) && (max_docs == 0 || docs.size() < max_docs)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      PeerDoc d;
      d.id = j.contains("id") ? (j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump())
                              : std::to_string(docs.size());
      d.title = j.value("title", "");
      d.text = j.value("text", "");
      if (d.text.empty() && d.title.empty()) continue;
      bytes += d.title.size() + d.text.size();
      out << nlohmann::json({{"id", d.id}, {"title", d.title}, {"text", d.text}, {"lang", "en"}})
                 .dump()
          << "\n";
      docs.push_back(std::move(d));
    }
  }
  const double mb = static_cast<double>(bytes) / 1e6;
  nlohmann::json report = {{"corpus", corpus}, {"docs", docs.size()}, {"mb", mb}};
  const auto queries = MakeQueries(docs, per_type, seed);

  struct System {
    std::string name;
    double index_seconds = 0, index_cpu_seconds = 0;
    uint64_t index_bytes = 0, store_bytes = 0;
    std::function<size_t(const BenchQuery&, size_t)> search;  // returns hits; may be empty
  };
  std::vector<System> systems;

  // storyline
  storyline::Options options;
  options.data_dir = store.empty() ? tmp + "/storyline" : store;
  if (stop_words) options.index_stop_words = true;
  // A store that already holds postings is reused: its ingest is not repeated.
  bool reuse = false;
  if (!store.empty() && fs::is_directory(store + "/segments")) {
    for (auto& e : fs::directory_iterator(store + "/segments")) {
      reuse = reuse || e.path().extension() == ".slp";
    }
  }
  if (reuse && !index_only) {
    std::fprintf(stderr, "search_bench: --store %s holds an index; reuse it with --index-only\n",
                 store.c_str());
    return 2;
  }
  auto engine = storyline::Engine::Open(options);
  if (!engine.ok()) {
    std::fprintf(stderr, "search_bench: %s\n", engine.status().message().c_str());
    return 1;
  }
  uint64_t index_files = 0, batches = 0, files_merged = 0;
  double merge_seconds = 0, compact_seconds = 0, analyze_seconds = 0;
  const int workers = threads > 0 ? threads
                                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  nlohmann::json analyze_report;
  // Ingests the corpus into `e`, timing it (elapsed and CPU) into *s; exits on an error.
  auto timed_ingest = [&](storyline::Engine* e, bool defer_analysis,
                          System* s) -> storyline::IngestSummary {
    storyline::IngestOptions ingest;
    ingest.threads = threads;
    ingest.defer_analysis = defer_analysis;
    if (merge == "none") ingest.merge.merge_factor = 0;
    const auto t = Clock::now();
    const double cpu = CpuSeconds();
    auto r = e->Ingest({tmp + "/corpus.jsonl"}, ingest, nullptr);
    if (!r.ok()) {
      std::fprintf(stderr, "search_bench: %s\n", r.status().message().c_str());
      std::exit(1);
    }
    s->index_seconds = Seconds(t);
    s->index_cpu_seconds = CpuSeconds() - cpu;
    return *r;
  };
  if (defer && !index_only) {
    // The whole ingest, into a store of its own (timed only; deleted before the queries).
    System s;
    s.name = "storyline-full";
    storyline::Options o;
    o.data_dir = tmp + "/storyline-full";
    auto full = storyline::Engine::Open(o);
    if (!full.ok()) {
      std::fprintf(stderr, "search_bench: %s\n", full.status().message().c_str());
      return 1;
    }
    timed_ingest(full->get(), /*defer_analysis=*/false, &s);
    s.store_bytes = storyline::peers::DiskBytes(o.data_dir);
    for (auto& e : fs::directory_iterator(o.data_dir + "/segments")) {
      if (e.path().extension() == ".slp") s.index_bytes += e.file_size();
    }
    full->reset();
    fs::remove_all(o.data_dir);
    systems.push_back(std::move(s));
  }
  {
    System s;
    s.name = defer ? "storyline-deferred" : "storyline";
    const storyline::IngestSummary r =
        reuse ? storyline::IngestSummary{} : timed_ingest(engine->get(), defer, &s);
    if (reuse) std::fprintf(stderr, "search_bench: reusing the index in %s\n", store.c_str());
    batches = r.batches_committed;
    files_merged = r.index_files_merged;
    merge_seconds = r.merge_seconds;
    if (merge == "compact") {
      const auto tc = Clock::now();
      auto c = (*engine)->CompactIndex(nullptr);
      if (!c.ok()) {
        std::fprintf(stderr, "search_bench: %s\n", c.status().message().c_str());
        return 1;
      }
      compact_seconds = Seconds(tc);
    }
    if (defer) {
      // The index's size before the analysis (which adds catalog rows, not postings).
      s.store_bytes = storyline::peers::DiskBytes(options.data_dir);
    }
    if (defer && !index_only) {
      const auto ta = Clock::now();
      auto a = (*engine)->Analyze(storyline::IngestOptions{}, nullptr);
      if (!a.ok()) {
        std::fprintf(stderr, "search_bench: %s\n", a.status().message().c_str());
        return 1;
      }
      analyze_seconds = Seconds(ta);
      analyze_report = {{"seconds", analyze_seconds},
                        {"dedup_seconds", a->dedup_seconds},
                        {"entity_seconds", a->entity_seconds},
                        {"story_seconds", a->story_seconds},
                        {"articles_in_duplicate_groups", a->near_duplicates},
                        {"store_bytes_after", storyline::peers::DiskBytes(options.data_dir)}};
    }
    for (auto& e : fs::directory_iterator(options.data_dir + "/segments")) {
      if (e.path().extension() == ".slp") {
        s.index_bytes += e.file_size();
        ++index_files;
      }
    }
    if (!defer) s.store_bytes = storyline::peers::DiskBytes(options.data_dir);
    storyline::Engine* eng = engine->get();
    s.search = [eng](const BenchQuery& q, size_t k) -> size_t {
      storyline::SearchOptions o;
      for (size_t i = 0; i < q.words.size(); ++i) {
        if (q.type[0] == 'a') o.query += "+";
        o.query += q.words[i] + (i + 1 < q.words.size() ? " " : "");
      }
      if (q.type == "phrase2") o.query = "\"" + q.words[0] + " " + q.words[1] + "\"";
      o.limit = k;
      o.snippet_bytes = 0;
      o.fetch_articles = false;
      o.collapse_duplicates = false;  // the peers list every copy
      auto r = eng->Search(o);
      if (!r.ok()) {
        std::fprintf(stderr, "search_bench: storyline: %s\n", r.status().message().c_str());
        std::exit(1);
      }
      return r->hits.size();
    };
    systems.push_back(std::move(s));
  }
  std::vector<std::unique_ptr<storyline::peers::SearchPeer>> peer_objects;
  if (peers) {
    peer_objects.push_back(storyline::peers::MakeXapianPeer(tmp + "/xapian"));
    peer_objects.push_back(storyline::peers::MakeFts5Peer(tmp + "/fts5"));
    for (auto& p : peer_objects) {
      System s;
      s.name = p->name();
      const auto t = Clock::now();
      const double cpu = CpuSeconds();
      if (auto st = p->Index(docs); !st.ok()) {
        std::fprintf(stderr, "search_bench: %s\n", st.message().c_str());
        return 1;
      }
      s.index_seconds = Seconds(t);
      s.index_cpu_seconds = CpuSeconds() - cpu;
      s.store_bytes = p->IndexBytes();
      if (auto st = p->Compact(); !st.ok()) {
        std::fprintf(stderr, "search_bench: %s\n", st.message().c_str());
        return 1;
      }
      s.index_bytes = p->IndexBytes();
      auto* peer = p.get();
      s.search = [peer](const BenchQuery& q, size_t k) -> size_t {
        const PeerQueryKind kind = q.type == "phrase2" ? PeerQueryKind::kPhrase
                                   : q.type[0] == 'a'  ? PeerQueryKind::kAnd
                                                       : PeerQueryKind::kOr;
        auto r = peer->Search(q.words, kind, k);
        if (!r.ok()) {
          std::fprintf(stderr, "search_bench: %s\n", r.status().message().c_str());
          std::exit(1);
        }
        return r->size();
      };
      systems.push_back(std::move(s));
    }
  }

  // Latencies: per system, query type and k; interleaved by query so the systems see the same
  // machine state.
  std::map<std::string, std::map<std::string, Latencies>> lat;  // system -> "type k" -> us
  std::map<std::string, std::map<std::string, uint64_t>> hits;
  for (const size_t k : depths) {
    for (const BenchQuery& q : queries) {
      const std::string type = q.type == "or2" || q.type == "or3"     ? "or"
                               : q.type == "and2" || q.type == "and3" ? "and"
                                                                      : q.type;
      if (!only.empty() && only.find("," + type + ",") == std::string::npos) continue;
      const std::string key = type + " top" + std::to_string(k);
      for (System& s : systems) {
        if (!s.search) continue;
        s.search(q, k);  // warm
        double best = 0;
        size_t found = 0;
        for (int r = 0; r < repeat; ++r) {
          const auto t = Clock::now();
          const double cpu = cpu_clock ? ThreadCpuSeconds() : 0;
          found = s.search(q, k);
          const double us = (cpu_clock ? ThreadCpuSeconds() - cpu : Seconds(t)) * 1e6;
          best = r == 0 ? us : std::min(best, us);
        }
        hits[s.name][key] += found;
        if (per_query) {
          std::string words;
          for (const std::string& w : q.words) words += (words.empty() ? "" : " ") + w;
          std::fprintf(stderr, "query\t%s\t%s\t%s\t%s\t%.1f\t%zu\n", s.name.c_str(),
                       key.c_str(), q.band.c_str(), words.c_str(), best, found);
        }
        lat[s.name][key].us.push_back(best);
      }
    }
  }
  fs::remove_all(tmp);

  nlohmann::json sys = nlohmann::json::object();
  for (System& s : systems) {
    nlohmann::json q = nlohmann::json::object();
    for (auto& [key, l] : lat[s.name]) {
      q[key] = {{"p50_us", l.Percentile(0.5)}, {"p95_us", l.Percentile(0.95)},
                {"queries", l.us.size()}, {"hits", hits[s.name][key]}};
    }
    sys[s.name] = {{"index_seconds", s.index_seconds},
                   {"index_cpu_seconds", s.index_cpu_seconds},
                   {"index_mb_per_s", mb / s.index_seconds},
                   {"index_bytes", s.index_bytes},
                   {"store_bytes", s.store_bytes},
                   {"queries", q}};
  }
  report["systems"] = sys;
  report["storyline_threads"] = workers;
  if (defer && !index_only) report["storyline_analyze"] = analyze_report;
  report["storyline_index"] = {{"merge", merge},          {"batches", batches},
                               {"files", index_files},    {"files_merged", files_merged},
                               {"merge_seconds", merge_seconds},
                               {"compact_seconds", compact_seconds}};
  if (json) {
    std::printf("%s\n", report.dump().c_str());
    return 0;
  }
  std::printf("corpus %s: %zu docs, %.1f MB of title+text; %zu queries per (type, band), seed %llu\n",
              corpus.c_str(), docs.size(), mb, per_type, static_cast<unsigned long long>(seed));
  std::printf("\n%-18s %10s %10s %10s %10s %14s %14s\n", "system", "index s", "MB/s", "cpu s",
              "MB/cpu-s", "index MB", "store MB");
  for (System& s : systems) {
    if (s.index_seconds == 0) {  // --store reused an index: no indexing in this run
      std::printf("%-18s %10s %10s %10s %10s %14.1f %14s\n", s.name.c_str(), "reused", "-", "-",
                  "-", s.index_bytes / 1e6, "-");
      continue;
    }
    std::printf("%-18s %10.2f %10.2f %10.2f %10.2f %14.1f %14.1f\n", s.name.c_str(),
                s.index_seconds, mb / s.index_seconds, s.index_cpu_seconds,
                mb / s.index_cpu_seconds, s.index_bytes / 1e6, s.store_bytes / 1e6);
  }
  std::printf("\nstoryline ingests with %d worker threads (plus a reader, the assembling thread and "
              "a committer); Xapian and FTS5 index on one thread.\n",
              workers);
  if (index_only) {
    std::printf("storyline-deferred: ingest --defer-analysis (stored and searchable; no "
                "analysis, no whole ingest in this run: --index-only). Queries below ran on "
                "that store.\n");
  }
  if (defer && !index_only) {
    std::printf("storyline-full: the whole ingest (near-duplicates, entities, quotes, stories) "
                "into a store of its own. storyline-deferred: ingest --defer-analysis (stored "
                "and searchable); its analysis afterwards (Engine::Analyze) took %.2f s "
                "(near-duplicates %.2f, entities %.2f, stories %.2f): deferred ingest + analyze "
                "= %.2f s, %.2f MB/s. Queries below ran on the analysed store.\n",
                analyze_seconds, analyze_report["dedup_seconds"].get<double>(),
                analyze_report["entity_seconds"].get<double>(),
                analyze_report["story_seconds"].get<double>(),
                systems[1].index_seconds + analyze_seconds,
                mb / (systems[1].index_seconds + analyze_seconds));
  }
  std::printf("\nstoryline postings: %llu batches, %llu files after merging (--merge %s: %llu "
              "files merged in %.2f s during the ingest, included above; compact %.2f s)\n",
              static_cast<unsigned long long>(batches),
              static_cast<unsigned long long>(index_files), merge.c_str(),
              static_cast<unsigned long long>(files_merged), merge_seconds, compact_seconds);
  std::printf("\nlatency, single thread, warm (p50 / p95 microseconds%s; hits returned)\n",
              cpu_clock ? " of the thread's CPU time" : "");
  std::printf("%-14s", "query");
  for (System& s : systems) {
    if (s.search) std::printf(" %26s", s.name.c_str());
  }
  std::printf("\n");
  const std::string first = defer && !index_only ? systems[1].name : systems[0].name;
  for (auto& [key, l] : lat[first]) {
    std::printf("%-14s", key.c_str());
    for (System& s : systems) {
      if (!s.search) continue;
      Latencies& x = lat[s.name][key];
      char cell[64];
      std::snprintf(cell, sizeof cell, "%.0f / %.0f (%llu)", x.Percentile(0.5),
                    x.Percentile(0.95), static_cast<unsigned long long>(hits[s.name][key]));
      std::printf(" %26s", cell);
    }
    std::printf("\n");
  }
  return 0;
}
