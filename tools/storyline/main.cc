// storyline: the command-line interface. A client of the public API (include/storyline/) only.
//
// Exit codes: 0 success, 1 no results, 2 usage error, 3 some input rejected, 4 store or I/O error,
// 130 ingest interrupted by Ctrl-C (what was read before is committed).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.h"
#include "progress_bar.h"
#include "analyze_command.h"
#include "compact_command.h"
#include "delete_command.h"
#include "quote_commands.h"
#include "story_commands.h"
#include "storyline/engine.h"
#include "storyline/html_extract.h"

namespace storyline::cli {
namespace {

// Prints problems as they happen, commits in --json mode, and the progress bar.
const char* SeverityName(ProblemSeverity s, bool json) {
  switch (s) {
    case ProblemSeverity::kWarning: return "warning";
    case ProblemSeverity::kSkipped: return json ? "skipped" : "left out";
    case ProblemSeverity::kRejected: break;
  }
  return json ? "rejected" : "skipped";
}

class CliObserver final : public IngestObserver {
 public:
  CliObserver(const Globals& g) : g_(g), bar_(!g.quiet && !g.json) {}
  void OnProblem(const IngestProblem& p) override {
    if (g_.json) {
      PrintJson({{"event", "problem"},
                 {"severity", SeverityName(p.severity, true)},
                 {"path", p.where.path},
                 {"line", p.where.line},
                 {"byte_offset", p.where.byte_offset},
                 {"kind", p.kind},
                 {"reason", p.reason}});
      return;
    }
    if (g_.quiet && p.severity != ProblemSeverity::kRejected) return;
    if (++printed_ > kMaxPrinted) return;
    bar_.Clear();
    std::string where = p.where.ToString();
    // File-level reasons already name the file.
    if (p.where.line == 0 && p.reason.find(p.where.path) != std::string::npos) where.clear();
    std::fprintf(stderr, "storyline: %s: %s%s\n", SeverityName(p.severity, false),
                 where.empty() ? "" : (where + ": ").c_str(), p.reason.c_str());
  }
  void OnProgress(const IngestProgress& p) override { bar_.Update(p); }
  void OnStories(uint64_t placed, uint64_t total) override {
    if (g_.json) {
      PrintJson({{"event", "stories"}, {"placed", placed}, {"total", total}});
      std::fflush(stdout);
    } else if (!g_.quiet && total >= 10000) {
      bar_.Clear();
      std::fprintf(stderr, "storyline: placing articles in stories: %llu of %llu\n",
                   static_cast<unsigned long long>(placed), static_cast<unsigned long long>(total));
    }
  }
  void OnAnalysis(std::string_view stage, uint64_t done, uint64_t total) override {
    bar_.Clear();
    PrintAnalysisProgress(g_, stage, done, total);
  }
  void OnIndexMerge(uint64_t done, uint64_t planned) override {
    if (g_.json) {
      PrintJson({{"event", "merge"}, {"bytes_merged", done}, {"bytes_planned", planned}});
      std::fflush(stdout);
    } else if (!g_.quiet && planned >= (8u << 20)) {
      bar_.Clear();
      std::fprintf(stderr, "storyline: merging the search index's files: %.1f of %.1f MB\n",
                   done / 1e6, planned / 1e6);
    }
  }
  void OnCommit(BatchId batch, uint64_t n, uint64_t total) override {
    if (g_.json) {
      PrintJson({{"event", "commit"}, {"batch", batch.value()}, {"articles", n}, {"total", total}});
      std::fflush(stdout);
    }
  }
  void Finish() {
    bar_.Clear();
    if (printed_ > kMaxPrinted && !g_.json) {
      std::fprintf(stderr, "storyline: ... and %llu more problems (use --json to see them all)\n",
                   static_cast<unsigned long long>(printed_ - kMaxPrinted));
    }
  }

 private:
  static constexpr uint64_t kMaxPrinted = 50;
  const Globals& g_;
  ProgressBar bar_;
  uint64_t printed_ = 0;
};

// Ctrl-C during ingest: the first stops reading and commits what was read; the second, with the
// default action restored, ends the process at once (the store stays consistent either way).
std::atomic<bool> g_interrupt{false};

extern "C" void OnInterrupt(int) {
  g_interrupt.store(true);
  static const char kMsg[] =
      "\nstoryline: interrupted: committing what was read (Ctrl-C again to stop at once)\n";
  (void)!::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  std::signal(SIGINT, SIG_DFL);
}

int RunIngest(const Globals& g, const std::vector<std::string>& paths, IngestOptions opts,
              bool stop_words) {
  opts.interrupt = &g_interrupt;
  std::signal(SIGINT, OnInterrupt);
  auto engine = OpenStore(g, /*write=*/true, stop_words ? std::optional<bool>(true) : std::nullopt);
  if (!engine.ok()) return FailOpen(engine.status());
  CliObserver observer(g);
  auto summary = (*engine)->Ingest(paths, opts, &observer);
  observer.Finish();
  if (!summary.ok()) return Fail(summary.status());
  const IngestSummary& s = *summary;
  double mbps = s.seconds > 0 ? s.input_bytes / 1e6 / s.seconds : 0;
  if (g.json) {
    PrintJson({{"event", "summary"},
               {"files", s.files},
               {"records_read", s.records_read},
               {"added", s.articles_added},
               {"already_present", s.already_present},
               {"records_rejected", s.records_rejected},
               {"files_rejected", s.files_rejected},
               {"warnings", s.warnings},
               {"unsupported_files_skipped", s.unsupported_skipped},
               {"pages_skipped", s.pages_skipped},
               {"batches", s.batches_committed},
               {"near_duplicates", s.near_duplicates},
               {"dedup_backfilled", s.dedup_backfilled},
               {"placed_in_stories", s.placed_in_stories},
               {"story_seconds", s.story_seconds},
               {"index_files_merged", s.index_files_merged},
               {"merge_seconds", s.merge_seconds},
               {"index_files", s.index_files},
               {"articles_replaced", s.articles_replaced},
               {"input_bytes", s.input_bytes},
               {"seconds", s.seconds},
               {"mb_per_s", mbps},
               {"problems_by_kind", s.problems_by_kind},
               {"interrupted", s.interrupted},
               {"analysis_deferred", opts.defer_analysis},
               {"data", DataDir(g)}});
  } else if (!g.quiet) {
    std::printf("ingested into %s: %llu added, %llu already present, %llu rejected",
                DataDir(g).c_str(), static_cast<unsigned long long>(s.articles_added),
                static_cast<unsigned long long>(s.already_present),
                static_cast<unsigned long long>(s.records_rejected));
    if (s.files_rejected) {
      std::printf(", %llu files skipped", static_cast<unsigned long long>(s.files_rejected));
    }
    if (s.warnings) std::printf(", %llu repaired", static_cast<unsigned long long>(s.warnings));
    if (s.pages_skipped) {
      std::printf(", %llu pages left out (not articles, or not in a --lang language)",
                  static_cast<unsigned long long>(s.pages_skipped));
    }
    if (s.near_duplicates) {
      std::printf(", %llu near-duplicates (`storyline dupes`)",
                  static_cast<unsigned long long>(s.near_duplicates));
    }
    if (s.placed_in_stories) {
      std::printf(", %llu placed in stories in %.2f s (`storyline stories`)",
                  static_cast<unsigned long long>(s.placed_in_stories), s.story_seconds);
    }
    if (s.articles_replaced) {
      std::printf(", %llu older versions replaced",
                  static_cast<unsigned long long>(s.articles_replaced));
    }
    std::printf("\n  %llu records from %llu files, %s in %.2f s (%.1f MB/s, %.0f articles/s)\n",
                static_cast<unsigned long long>(s.records_read),
                static_cast<unsigned long long>(s.files), FormatBytes(s.input_bytes).c_str(),
                s.seconds, mbps, s.seconds > 0 ? s.records_read / s.seconds : 0.0);
    if (!s.problems_by_kind.empty()) {
      std::printf("  problems:");
      const char* sep = " ";
      for (auto& [kind, n] : s.problems_by_kind) {
        std::printf("%s%llu %s", sep, static_cast<unsigned long long>(n), kind.c_str());
        sep = ", ";
      }
      std::printf(" (each reported above with its file, line and reason)\n");
    }
    if (s.index_files_merged) {
      std::printf("  search index: %llu files merged in %.2f s; %llu files now\n",
                  static_cast<unsigned long long>(s.index_files_merged), s.merge_seconds,
                  static_cast<unsigned long long>(s.index_files));
    }
    if (s.dedup_backfilled) {
      std::printf("  %llu stored articles whose analysis was deferred (or from an older "
                  "storyline) were grouped with their near-duplicates\n",
                  static_cast<unsigned long long>(s.dedup_backfilled));
    }
    if (opts.defer_analysis && s.articles_added) {
      std::printf("  stored and searchable; near-duplicates, entities, quotes and stories were "
                  "deferred: run `storyline analyze`\n");
    }
    if (s.unsupported_skipped) {
      std::printf(
          "  %llu files in directories were not .txt/.html/.jsonl(.gz/.zst) and were ignored\n",
          static_cast<unsigned long long>(s.unsupported_skipped));
    }
  }
  if (s.interrupted) {
    if (!g.json) {
      std::fprintf(stderr,
                   "storyline: interrupted; everything reported above as added is committed. "
                   "Run the same command again to ingest the rest.\n");
    }
    return kExitInterrupted;
  }
  return s.complete() ? kExitOk : kExitRejected;
}

nlohmann::json GroupJson(const DuplicateGroup& group) {
  nlohmann::json members = nlohmann::json::array();
  for (size_t i = 0; i < group.members.size(); ++i) {
    const DuplicateMember& m = group.members[i];
    const Article& a = m.article;
    members.push_back(
        {{"id", FormatArticleId(a.id)},
         {"doc", a.doc.value()},
         {"canonical", i == 0},
         {"title", a.title},
         {"source", a.source},
         {"url", a.url},
         {"published", a.published.known() ? nlohmann::json(a.published.ToIso()) : nullptr},
         {"derives_from",
          m.derives_from ? nlohmann::json(FormatArticleId(*m.derives_from)) : nullptr},
         {"shared", m.shared_fraction}});
  }
  return {{"group", group.group.value()}, {"size", group.members.size()}, {"members", members}};
}

// One line per member, canonical first: id, date, source, title, and what it derives from.
void PrintGroupMembers(const DuplicateGroup& group, const char* indent) {
  for (size_t i = 0; i < group.members.size(); ++i) {
    const DuplicateMember& m = group.members[i];
    const Article& a = m.article;
    std::string from = "original";
    if (m.derives_from) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.0f%% in %s", 100 * m.shared_fraction,
                    FormatArticleId(*m.derives_from).substr(0, 8).c_str());
      from = buf;
    }
    const std::string where = !a.source.empty() ? a.source : a.origin.ToString();
    std::printf("%s%s  %-10s  %-18s  %-24.24s  %s\n", indent, FormatArticleId(a.id).c_str(),
                DateText(a.published).c_str(), from.c_str(), where.c_str(),
                a.title.empty() ? "(no title)" : a.title.c_str());
  }
}

int RunDupes(const Globals& g, uint32_t min_size, uint64_t offset, uint64_t limit) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  DuplicateListOptions o;
  o.min_size = min_size;
  o.offset = offset;
  o.limit = limit;
  auto groups = (*engine)->ListDuplicates(o);
  if (!groups.ok()) return Fail(groups.status());
  for (const DuplicateGroup& group : *groups) {
    if (g.json) {
      PrintJson(GroupJson(group));
      continue;
    }
    std::printf("group %u: %zu article%s\n", group.group.value(), group.members.size(),
                group.members.size() == 1 ? "" : "s");
    PrintGroupMembers(group, "  ");
  }
  if (groups->empty()) {
    if (!g.json && !g.quiet) {
      std::fprintf(stderr, "storyline: no groups of %u or more near-duplicate articles%s\n",
                   min_size, offset ? " at this offset" : "");
    }
    return kExitNoResults;
  }
  return kExitOk;
}

// The snippet with its matches marked: bold on a terminal, [brackets] otherwise.
std::string MarkedSnippet(const SearchHit& hit, bool terminal) {
  const char* open = terminal ? "\033[1m" : "[";
  const char* close = terminal ? "\033[0m" : "]";
  std::string out;
  uint32_t at = 0;
  for (auto [b, e] : hit.highlights) {
    if (b < at || e > hit.snippet.size()) continue;
    out.append(hit.snippet, at, b - at);
    out += open;
    out.append(hit.snippet, b, e - b);
    out += close;
    at = e;
  }
  out.append(hit.snippet, at, std::string::npos);
  return out;
}

// The facets of a search: one JSON object, or three lines after the hits.
int PrintFacets(const Globals& g, Engine* engine, const SearchOptions& o, const FacetOptions& f) {
  auto facets = engine->GetSearchFacets(o, f);
  if (!facets.ok()) return Fail(facets.status());
  auto pairs = [](const std::vector<std::pair<std::string, uint64_t>>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& [k, n] : v) a.push_back({{"value", k}, {"count", n}});
    return a;
  };
  if (g.json) {
    PrintJson({{"facets",
                {{"matches", facets->matches},
                 {"sources", pairs(facets->sources)},
                 {"languages", pairs(facets->languages)},
                 {"by", f.by},
                 {"dates", pairs(facets->dates)},
                 {"undated", facets->undated}}}});
    return kExitOk;
  }
  auto line = [](const char* label, const std::vector<std::pair<std::string, uint64_t>>& v,
                 const char* empty) {
    std::printf("%s:", label);
    const char* sep = " ";
    for (const auto& [k, n] : v) {
      std::printf("%s%s %llu", sep, k.empty() ? empty : k.c_str(),
                  static_cast<unsigned long long>(n));
      sep = ", ";
    }
    std::printf("\n");
  };
  std::printf("\n%llu matching articles, copies included\n",
              static_cast<unsigned long long>(facets->matches));
  line("sources", facets->sources, "(no source)");
  line("languages", facets->languages, "(unknown)");
  line(f.by == "day" ? "by day" : "by month", facets->dates, "");
  if (facets->undated) {
    std::printf("undated: %llu\n", static_cast<unsigned long long>(facets->undated));
  }
  return kExitOk;
}

int RunSearch(const Globals& g, SearchOptions o, const FacetOptions* facets) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  auto r = (*engine)->Search(o);
  if (!r.ok()) return Fail(r.status());
  const bool terminal = ::isatty(STDOUT_FILENO) != 0;
  for (size_t i = 0; i < r->hits.size(); ++i) {
    const SearchHit& h = r->hits[i];
    const Article& a = h.article;
    if (g.json) {
      nlohmann::json highlights = nlohmann::json::array();
      for (auto [b, e] : h.highlights) highlights.push_back({b, e});
      PrintJson({{"rank", o.offset + i + 1},
                 {"id", FormatArticleId(a.id)},
                 {"score", h.score},
                 {"title", a.title},
                 {"date", a.published.known() ? nlohmann::json(a.published.ToIso()) : nullptr},
                 {"source", a.source},
                 {"url", a.url},
                 {"language", a.language},
                 {"snippet", h.snippet},
                 {"highlights", highlights},
                 {"group", h.group.value()},
                 {"copies", h.group_size - 1}});
      continue;
    }
    std::string where = a.source;
    if (where.empty()) where = a.origin.path.substr(a.origin.path.rfind('/') + 1);
    const std::string copies =
        h.group_size > 1 ? ", +" + std::to_string(h.group_size - 1) + " copies" : "";
    std::printf("%3llu. %-10s  %-20.20s  %s  (%s, %.2f%s)\n",
                static_cast<unsigned long long>(o.offset + i + 1), DateText(a.published).c_str(),
                where.c_str(), a.title.empty() ? "(no title)" : a.title.c_str(),
                FormatArticleId(a.id).substr(0, 8).c_str(), h.score, copies.c_str());
    if (!h.snippet.empty()) std::printf("     %s\n", MarkedSnippet(h, terminal).c_str());
  }
  if (!g.json && !g.quiet) {
    std::fprintf(stderr, "storyline: %s%llu matching article%s%s (%.1f ms)\n",
                 r->total_is_estimate ? "at least " : "",
                 static_cast<unsigned long long>(r->total), r->total == 1 ? "" : "s",
                 r->hits.empty() || r->total <= r->hits.size()
                     ? ""
                     : (", showing " + std::to_string(o.offset + 1) + "-" +
                        std::to_string(o.offset + r->hits.size()))
                           .c_str(),
                 r->seconds * 1000);
    if (r->articles_not_indexed > 0) {
      std::fprintf(stderr,
                   "storyline: %llu articles are not in the search index yet; run `storyline "
                   "ingest` once on this store to index them\n",
                   static_cast<unsigned long long>(r->articles_not_indexed));
    }
  }
  if (facets != nullptr && !r->hits.empty()) {
    if (int rc = PrintFacets(g, engine->get(), o, *facets); rc != kExitOk) return rc;
  }
  return r->hits.empty() ? kExitNoResults : kExitOk;
}

int RunList(const Globals& g, uint64_t offset, uint64_t limit) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  ArticleListOptions o;
  o.offset = offset;
  o.limit = limit;
  auto list = (*engine)->ListArticles(o);
  if (!list.ok()) return Fail(list.status());
  for (const Article& a : *list) {
    if (g.json) {
      PrintJson(ArticleJson(a, false));
    } else {
      std::printf("%s  %-10s  %-3s  %s\n%18s%s\n", FormatArticleId(a.id).c_str(),
                  DateText(a.published).c_str(), a.language.c_str(),
                  a.title.empty() ? "(no title)" : a.title.c_str(), "",
                  a.origin.ToString().c_str());
    }
  }
  if (list->empty()) {
    if (!g.json && !g.quiet)
      std::fprintf(stderr, "storyline: no articles%s\n",
                   offset ? " at this offset" : " in this store");
    return kExitNoResults;
  }
  return kExitOk;
}

int RunShow(const Globals& g, const std::string& id) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  auto a = (*engine)->GetArticle(id);
  if (!a.ok()) return Fail(a.status());
  // Its near-duplicates; a store written by an older storyline has none yet (InvalidArgument).
  auto group = (*engine)->GetDuplicates(FormatArticleId(a->id));
  if (!group.ok() && group.status().code() != StatusCode::kInvalidArgument) {
    return Fail(group.status());
  }
  auto entities = (*engine)->GetArticleEntities(FormatArticleId(a->id));
  if (!entities.ok()) return Fail(entities.status());
  if (g.json) {
    nlohmann::json j = ArticleJson(*a, true);
    if (group.ok()) j["duplicates"] = GroupJson(*group);
    j["entities"] = nlohmann::json::array();
    for (const auto& e : *entities) {
      j["entities"].push_back({{"entity", e.entity.id.value()},
                               {"type", e.entity.type},
                               {"name", e.entity.name},
                               {"mentions", e.mentions}});
    }
    PrintJson(j);
    return kExitOk;
  }
  std::printf("id:         %s\n", FormatArticleId(a->id).c_str());
  std::printf("title:      %s\n", a->title.empty() ? "(none)" : a->title.c_str());
  if (a->published.known()) {
    std::printf("published:  %s (from the %s, confidence %.1f)\n", a->published.ToIso().c_str(),
                DateProvenanceName(a->published.provenance), a->published.confidence);
  } else {
    std::printf("published:  unknown (no date in the metadata or the text)\n");
  }
  std::printf("language:   %s\n", a->language.c_str());
  if (!a->source.empty()) std::printf("source:     %s\n", a->source.c_str());
  if (!a->url.empty()) std::printf("url:        %s\n", a->url.c_str());
  if (!a->byline.empty()) std::printf("byline:     %s\n", a->byline.c_str());
  std::printf("origin:     %s", a->origin.ToString().c_str());
  if (a->origin.line > 0)
    std::printf(" (byte %llu)", static_cast<unsigned long long>(a->origin.byte_offset));
  std::printf("\nsize:       %u words, %u sentences, %zu bytes\n", a->token_count,
              a->sentence_count, a->text.size());
  if (a->metadata_json != "{}") std::printf("metadata:   %s\n", a->metadata_json.c_str());
  if (group.ok() && group->members.size() > 1) {
    std::printf("copies:     %zu articles in near-duplicate group %u, the original first:\n",
                group->members.size(), group->group.value());
    PrintGroupMembers(*group, "  ");
  } else if (group.ok()) {
    std::printf("copies:     none found\n");
  }
  for (const char* type : {"PER", "ORG", "LOC", "MISC"}) {
    std::string line;
    for (const auto& e : *entities) {
      if (e.entity.type != type) continue;
      line += (line.empty() ? "" : ", ") + e.entity.name;
      if (e.mentions > 1) line += " (" + std::to_string(e.mentions) + ")";
    }
    if (!line.empty()) std::printf("%-12s%s\n", (std::string(type) + ":").c_str(), line.c_str());
  }
  std::printf("\n%s\n", a->text.c_str());
  return kExitOk;
}

int RunEntities(const Globals& g, const EntityListOptions& o) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  auto list = (*engine)->ListEntities(o);
  if (!list.ok()) return Fail(list.status());
  if (!g.json && !list->empty()) {
    std::printf("%5s  %-4s  %8s  %8s  %s\n", "rank", "type", "mentions", "articles", "name");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const EntitySummary& e = (*list)[i];
    if (g.json) {
      nlohmann::json j = EntityJson(e);
      j["rank"] = o.offset + i + 1;
      PrintJson(j);
    } else {
      std::printf("%5llu  %-4s  %8llu  %8llu  %s\n",
                  static_cast<unsigned long long>(o.offset + i + 1), e.type.c_str(),
                  static_cast<unsigned long long>(e.mentions),
                  static_cast<unsigned long long>(e.articles), e.name.c_str());
    }
  }
  if (list->empty()) {
    if (!g.json && !g.quiet) std::fprintf(stderr, "storyline: no entities match\n");
    return kExitNoResults;
  }
  return kExitOk;
}

int RunEntity(const Globals& g, const std::string& name, uint64_t articles) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  auto p = (*engine)->GetEntity(name, articles, 20);
  if (!p.ok()) return Fail(p.status());
  if (g.json) {
    nlohmann::json j = EntityJson(p->entity);
    j["aliases"] = nlohmann::json::array();
    for (const auto& [a, n] : p->aliases) j["aliases"].push_back({{"alias", a}, {"mentions", n}});
    j["months"] = nlohmann::json::array();
    for (const auto& [m, n] : p->months) j["months"].push_back({{"month", m}, {"mentions", n}});
    j["articles"] = nlohmann::json::array();
    for (const Article& a : p->articles) j["articles"].push_back(ArticleJson(a, false));
    j["cooccurring"] = nlohmann::json::array();
    for (const auto& [e, n] : p->cooccurring) {
      nlohmann::json c = EntityJson(e);
      c["shared_articles"] = n;
      j["cooccurring"].push_back(c);
    }
    j["stories"] = nlohmann::json::array();
    for (const auto& [st, n] : p->stories) {
      j["stories"].push_back({{"story", st.id}, {"title", st.title}, {"first_date", st.first_date},
                              {"last_date", st.last_date}, {"articles", st.articles},
                              {"entity_articles", n}});
    }
    PrintJson(j);
    return kExitOk;
  }
  const EntitySummary& e = p->entity;
  std::printf("%s (%s, entity %llu): %llu mentions in %llu articles\n", e.name.c_str(),
              e.type.c_str(), static_cast<unsigned long long>(e.id.value()),
              static_cast<unsigned long long>(e.mentions),
              static_cast<unsigned long long>(e.articles));
  std::printf("written as: ");
  for (size_t i = 0; i < p->aliases.size(); ++i) {
    std::printf("%s%s (%llu)", i ? ", " : "", p->aliases[i].first.c_str(),
                static_cast<unsigned long long>(p->aliases[i].second));
  }
  std::printf("\n\nmentions by month:\n");
  uint64_t most = 1;
  for (const auto& [m, n] : p->months) most = std::max(most, n);
  for (const auto& [m, n] : p->months) {
    std::printf("  %-8s %6llu  %s\n", m.c_str(), static_cast<unsigned long long>(n),
                std::string(static_cast<size_t>(1 + 39 * n / most), '#').c_str());
  }
  std::printf("\narticles (newest first):\n");
  for (const Article& a : p->articles) {
    std::printf("  %s  %-10s  %s\n", FormatArticleId(a.id).substr(0, 8).c_str(),
                DateText(a.published).c_str(), a.title.empty() ? "(no title)" : a.title.c_str());
  }
  if (!p->cooccurring.empty()) {
    std::printf("\nseen with (shared articles):\n");
    for (const auto& [c, n] : p->cooccurring) {
      std::printf("  %4llu  %-4s  %s\n", static_cast<unsigned long long>(n), c.type.c_str(),
                  c.name.c_str());
    }
  }
  if (!p->stories.empty()) {
    std::printf("\nstories (its articles in each; `storyline story ID`):\n");
    for (const auto& [st, n] : p->stories) {
      std::printf("  %4llu  story %-6u %-10s  %s\n", static_cast<unsigned long long>(n), st.id,
                  st.first_date.c_str(), st.title.c_str());
    }
  }
  return kExitOk;
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

int RunGraph(const Globals& g, const EntityGraphOptions& o, const std::string& format) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  auto graph = (*engine)->GetEntityGraph(o);
  if (!graph.ok()) return Fail(graph.status());
  if (format == "gexf") {
    std::printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
                "  <graph defaultedgetype=\"undirected\">\n"
                "    <attributes class=\"node\">\n"
                "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
                "      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n"
                "      <attribute id=\"articles\" title=\"articles\" type=\"integer\"/>\n"
                "    </attributes>\n    <nodes>\n");
    for (const EntitySummary& n : graph->nodes) {
      std::printf("      <node id=\"%llu\" label=\"%s\"><attvalues>"
                  "<attvalue for=\"type\" value=\"%s\"/>"
                  "<attvalue for=\"mentions\" value=\"%llu\"/>"
                  "<attvalue for=\"articles\" value=\"%llu\"/></attvalues></node>\n",
                  static_cast<unsigned long long>(n.id.value()), XmlEscape(n.name).c_str(),
                  n.type.c_str(), static_cast<unsigned long long>(n.mentions),
                  static_cast<unsigned long long>(n.articles));
    }
    std::printf("    </nodes>\n    <edges>\n");
    size_t k = 0;
    for (const auto& e : graph->edges) {
      std::printf("      <edge id=\"%zu\" source=\"%llu\" target=\"%llu\" weight=\"%llu\"/>\n",
                  k++, static_cast<unsigned long long>(e.a.value()),
                  static_cast<unsigned long long>(e.b.value()),
                  static_cast<unsigned long long>(e.weight));
    }
    std::printf("    </edges>\n  </graph>\n</gexf>\n");
    return kExitOk;
  }
  nlohmann::json j;
  j["nodes"] = nlohmann::json::array();
  for (const EntitySummary& n : graph->nodes) j["nodes"].push_back(EntityJson(n));
  j["edges"] = nlohmann::json::array();
  for (const auto& e : graph->edges) {
    j["edges"].push_back({{"source", e.a.value()}, {"target", e.b.value()}, {"weight", e.weight}});
  }
  std::printf("%s\n", j.dump(format == "json" && !g.json ? 2 : -1).c_str());
  return kExitOk;
}

int RunStats(const Globals& g) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  auto s = (*engine)->Stats();
  if (!s.ok()) return Fail(s.status());
  if (g.json) {
    PrintJson({{"data", DataDir(g)},
               {"articles", s->articles},
               {"deleted_articles", s->deleted_articles},
               {"segments", s->segments},
               {"batches", s->batches},
               {"text_bytes", s->text_bytes},
               {"segment_bytes", s->segment_bytes},
               {"catalog_bytes", s->catalog_bytes},
               {"languages", s->languages},
               {"top_sources", s->sources},
               {"dated_articles", s->dated_articles},
               {"first_date", s->first_date},
               {"last_date", s->last_date},
               {"duplicate_groups", s->duplicates.groups},
               {"articles_in_duplicate_groups", s->duplicates.grouped_articles},
               {"entities", s->entities},
               {"entity_mentions", s->entity_mentions},
               {"stories", s->stories},
               {"awaiting_analysis", s->awaiting_analysis}});
    return kExitOk;
  }
  std::printf("store:      %s\n", DataDir(g).c_str());
  std::printf("articles:   %llu (%llu with a known date",
              static_cast<unsigned long long>(s->articles),
              static_cast<unsigned long long>(s->dated_articles));
  if (s->dated_articles) std::printf(", %s to %s", s->first_date.c_str(), s->last_date.c_str());
  if (s->deleted_articles) {
    std::printf("; %llu deleted", static_cast<unsigned long long>(s->deleted_articles));
  }
  std::printf(")\n");
  std::printf("text:       %s in %llu segments (%s on disk), catalog %s, %llu batches\n",
              FormatBytes(s->text_bytes).c_str(), static_cast<unsigned long long>(s->segments),
              FormatBytes(s->segment_bytes).c_str(), FormatBytes(s->catalog_bytes).c_str(),
              static_cast<unsigned long long>(s->batches));
  std::printf("copies:     %llu articles in %llu near-duplicate groups\n",
              static_cast<unsigned long long>(s->duplicates.grouped_articles),
              static_cast<unsigned long long>(s->duplicates.groups));
  uint64_t entity_total = 0;
  for (auto& [type, n] : s->entities) entity_total += n;
  std::printf("entities:   %llu (", static_cast<unsigned long long>(entity_total));
  for (const char* type : {"PER", "ORG", "LOC", "MISC"}) {
    auto it = s->entities.find(type);
    std::printf("%s%s %llu", std::string(type) == "PER" ? "" : ", ", type,
                static_cast<unsigned long long>(it == s->entities.end() ? 0 : it->second));
  }
  std::printf("), %llu mentions\n", static_cast<unsigned long long>(s->entity_mentions));
  std::printf("stories:    %llu\n", static_cast<unsigned long long>(s->stories));
  if (s->awaiting_analysis) {
    std::printf("analysis:   %llu articles await analysis (near-duplicates, entities, stories); "
                "run `storyline analyze`\n",
                static_cast<unsigned long long>(s->awaiting_analysis));
  }
  std::printf("languages: ");
  for (auto& [lang, n] : s->languages)
    std::printf(" %s %llu", lang.c_str(), static_cast<unsigned long long>(n));
  std::printf("\n");
  if (!s->sources.empty()) {
    std::printf("sources:   ");
    for (auto& [src, n] : s->sources)
      std::printf(" %s (%llu)", src.c_str(), static_cast<unsigned long long>(n));
    std::printf("\n");
  }
  return kExitOk;
}

int RunCheck(const Globals& g) {
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  auto r = (*engine)->Check();
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    PrintJson({{"ok", r->ok()},
               {"articles_checked", r->articles_checked},
               {"segments_checked", r->segments_checked},
               {"bytes_checked", r->bytes_checked},
               {"damage", r->damage},
               {"notes", r->notes}});
  } else {
    for (auto& d : r->damage) std::printf("DAMAGED: %s\n", d.c_str());
    for (auto& n : r->notes) std::printf("note: %s\n", n.c_str());
    std::printf("%s: %llu articles, %llu segments, %s checked in %s\n", r->ok() ? "ok" : "DAMAGED",
                static_cast<unsigned long long>(r->articles_checked),
                static_cast<unsigned long long>(r->segments_checked),
                FormatBytes(static_cast<double>(r->bytes_checked)).c_str(), DataDir(g).c_str());
    if (!r->ok()) {
      std::printf(
          "The damaged files are named above. Restore them from a backup, or re-ingest "
          "their inputs into a new store.\n");
    }
  }
  return r->ok() ? kExitOk : kExitStore;
}

// `storyline extract FILE`: one HTML page through the extractor, printed as JSON; no store.
int RunExtract(const std::string& path, const storyline::ExtractOptions& opts) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "storyline: cannot read %s: check the path and its permissions\n",
                 path.c_str());
    return kExitUsage;
  }
  std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<ExtractedPage> page = ExtractArticle(html, opts);
  if (!page.ok()) {
    std::fprintf(stderr, "storyline: %s: %s\n", path.c_str(), page.status().message().c_str());
    return kExitRejected;
  }
  const Article& a = page->article;
  nlohmann::ordered_json j;
  j["file"] = path;
  j["kind"] = PageKindName(page->kind);
  j["kind_reason"] = page->kind_reason;
  j["title"] = a.title;
  j["byline"] = a.byline;
  j["date"] = a.published.ToIso();
  j["date_provenance"] = DateProvenanceName(a.published.provenance);
  j["date_source"] = page->date_source;
  j["date_confidence"] = a.published.confidence;
  j["url"] = a.url;
  j["canonical_url"] = page->canonical_url;
  j["source"] = a.source;
  j["language"] = a.language;
  j["declared_language"] = page->declared_language;
  j["detected_language"] = page->detected_language;
  j["charset"] = page->charset;
  j["charset_source"] = page->charset_source;
  j["paragraphs"] = page->paragraph_count;
  j["captions"] = page->captions;
  j["warnings"] = page->warnings;
  j["text"] = a.text;
  std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return kExitOk;
}

}  // namespace
}  // namespace storyline::cli

int main(int argc, char** argv) {
  using namespace storyline::cli;  // NOLINT
  CLI::App app{
      "storyline: a fast local news engine. Ingest news articles into a store and explore them."};
  app.set_version_flag("--version", "storyline 0.1.0");
  app.require_subcommand(1);
  app.footer(
      "Store: --data DIR, else $STORYLINE_DATA, else ./storyline-data.\n"
      "Exit codes: 0 success, 1 no results, 2 usage error, 3 some input rejected, 4 store or I/O "
      "error, 130 ingest interrupted (Ctrl-C: what was read is committed).\n"
      "Run `storyline COMMAND --help` for examples.");
  Globals g;
  app.add_option("--data", g.data, "The store's data directory")->envname("STORYLINE_DATA");
  app.add_flag("--json", g.json, "Print JSON Lines, one object per result");
  app.add_flag("-q,--quiet", g.quiet, "Print only results and errors");

  auto* ingest = app.add_subcommand("ingest", "Add articles from files, directories or stdin");
  std::vector<std::string> paths;
  storyline::IngestOptions iopts;
  bool stop_words = false;  // ingest --stop-words
  double batch_mb = static_cast<double>(iopts.batch_max_bytes) / (1 << 20);
  double max_record_mb = static_cast<double>(iopts.max_record_bytes) / (1 << 20);
  ingest
      ->add_option("paths", paths,
                   ".txt, .html/.htm, .jsonl (also .gz/.zst) files, web archives (.warc, "
                   ".warc.gz, .arc, .arc.gz), directories (recursive), or - for stdin")
      ->required();
  ingest->add_option("--threads", iopts.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  ingest
      ->add_option("--batch-mb", batch_mb, "Commit a batch every this many MB of text (default 32)")
      ->check(CLI::PositiveNumber);
  ingest
      ->add_option("--batch-articles", iopts.batch_max_articles,
                   "Commit a batch every this many articles (default 100000)")
      ->check(CLI::PositiveNumber);
  ingest
      ->add_option("--batch-seconds", iopts.batch_max_seconds,
                   "Commit a batch at the latest this many seconds after its first article "
                   "(default 5)")
      ->check(CLI::PositiveNumber);
  ingest
      ->add_option("--max-record-size", max_record_mb,
                   "Skip records larger than this many MB (default 64)")
      ->check(CLI::PositiveNumber);
  ingest->add_flag("--replace", iopts.replace,
                   "An article with the URL of a stored one (without URLs: the same source and "
                   "record id) replaces it: the older version is deleted; without it both are "
                   "kept");
  AddDuplicateOptions(ingest, &iopts);
  ingest->add_flag("--stop-words", stop_words,
                   "A new store leaves English stop words (the, of, and, ...) out of its search "
                   "index: smaller, faster on them; phrases keep their gaps. Chosen once, when "
                   "the store is created");
  ingest->add_flag("--defer-analysis", iopts.defer_analysis,
                   "Store and index only (several times faster): near-duplicates, entities, "
                   "quotes and stories wait for `storyline analyze`");
  ingest->add_option("--host", iopts.web_hosts,
                     "Web archives: only pages of these hosts (comma-separated; bbc.co.uk keeps "
                     "www.bbc.co.uk)");
  ingest->add_option("--mime", iopts.web_mimes,
                     "Web archives: only these media types (default: HTML pages)");
  ingest->add_option("--lang", iopts.web_languages,
                     "Web archives: only records identified as these languages (en, de, ...)");
  ingest->add_option("--from", iopts.web_from, "Web archives: only records fetched on or after");
  ingest->add_option("--to", iopts.web_to, "Web archives: only records fetched on or before");
  ingest->footer(
      "Examples:\n"
      "  storyline ingest examples/                 # every .txt/.jsonl under examples/\n"
      "  storyline ingest CC-NEWS-20240501.warc.gz --host bbc.co.uk,reuters.com\n"
      "  storyline ingest news.jsonl.zst --data ~/news\n"
      "  zcat feed.jsonl.gz | storyline ingest -\n"
      "  storyline ingest --defer-analysis big.jsonl && storyline analyze\n"
      "JSON Lines fields: id, url, title, text|body, published_at|date, source, lang, author; "
      "others kept as metadata.\n"
      "In a .txt file the first line is the title when it looks like one (short, no closing full "
      "stop).\n"
      "Re-ingesting the same input adds nothing. Bad records are reported with file, line and "
      "reason, and skipped.");

  auto* list = app.add_subcommand("list", "List stored articles in ingest order");
  uint64_t offset = 0, limit = 20;
  list->add_option("--offset", offset, "Skip this many articles");
  list->add_option("--limit", limit, "Show at most this many (0 = all; default 20)");
  list->footer("Examples:\n  storyline list\n  storyline list --limit 0 --json > articles.jsonl");

  auto* show = app.add_subcommand("show", "Show one article with its text");
  std::string id;
  show->add_option("ID", id, "Article id, or a unique prefix of at least 4 hex digits")->required();
  show->footer("Examples:\n  storyline show 959d2f4e\n  storyline show 959d2f4e196e2067 --json");

  auto* dupes = app.add_subcommand(
      "dupes", "List groups of near-duplicate articles (syndicated and lightly edited copies)");
  uint32_t min_size = 2;
  uint64_t dupes_offset = 0, dupes_limit = 20;
  dupes->add_option("--min-size", min_size,
                    "Only groups of at least this many articles (default 2; 1 lists every "
                    "article, a complete article-to-group mapping)")
      ->check(CLI::Range(1, 1000000000));
  dupes->add_option("--offset", dupes_offset, "Skip this many groups");
  dupes->add_option("--limit", dupes_limit, "Show at most this many groups (0 = all; default 20)");
  dupes->footer(
      "Groups are listed largest first. In each, the original (earliest; the longest when dates "
      "are equal or missing) comes first; each copy says how much of it is found in the member "
      "it most likely derives from.\n"
      "Examples:\n  storyline dupes\n  storyline dupes --min-size 5 --limit 0\n"
      "  storyline dupes --min-size 1 --limit 0 --json > groups.jsonl   # every article\n"
      "The same mapping is in the catalog: sqlite3 -readonly DATA/catalog.db "
      "'SELECT * FROM article_groups'");

  auto* search = app.add_subcommand("search", "Ranked full-text search (BM25) with snippets");
  storyline::SearchOptions sopts;
  search->add_option("QUERY", sopts.query, "The query (see below)")->required();
  search->add_option("--limit", sopts.limit, "Show at most this many results (default 10)");
  search->add_option("--offset", sopts.offset, "Skip this many results");
  search->add_option("--from", sopts.from, "Only articles dated on or after (YYYY[-MM[-DD]])");
  search->add_option("--to", sopts.to, "Only articles dated on or before (YYYY[-MM[-DD]])");
  search->add_option("--source", sopts.sources,
                     "Only this source: its name, or words of it in a row (guardian finds The "
                     "Guardian; repeatable: any of them)");
  search->add_option("--lang", sopts.languages, "Only this language, e.g. en (repeatable)");
  search->add_option("--story", sopts.stories,
                     "Only articles of this story (repeatable: any of them; `storyline stories`)");
  search->add_option("--entity", sopts.entities,
                     "Only articles naming this entity (repeatable: all of them)");
  search->add_flag("--exact-count", sopts.exact_total,
                   "Count every matching article exactly (slower for common words)");
  bool all_copies = false;
  search->add_flag("--all-copies", all_copies,
                   "List every near-duplicate copy (default: one hit per group, with its count)");
  search->add_option("--k1", sopts.k1, "BM25 k1 (default 1.2)")->check(CLI::Range(0.0, 10.0));
  search->add_option("--b", sopts.b, "BM25 b (default 0.75)")->check(CLI::Range(0.0, 1.0));
  search->add_option("--title-boost", sopts.title_boost, "Weight of a title match (default 2)")
      ->check(CLI::Range(0.0, 100.0));
  bool with_facets = false;
  storyline::FacetOptions fopts;
  search->add_flag("--facets", with_facets,
                   "Also count every match by source, language and date (after the hits)");
  search->add_option("--by", fopts.by, "Facet dates by day or month (default month)")
      ->check(CLI::IsMember({"day", "month"}));
  search->footer(
      "Query language (as in Lucene):\n"
      "  khan trump                 either word, articles with both first\n"
      "  khan AND trump, +khan +trump -clinton, khan NOT clinton, (khan OR mamdani) AND trump\n"
      "  \"sadiq khan\"               a phrase      title:khan  body:mayor   one field\n"
      "  trump*                     words starting with trump\n"
      "  url:bbc.co.uk  url:guardian  in the article's address (its parts, in order)\n"
      "  date:[2016-05-01 TO 2016-05-31]  date:2016-05  source:\"Press TV\"  lang:en\n"
      "  entity:\"Sadiq Khan\"         articles naming an entity (see `storyline entities`)\n"
      "  story:12                   articles of a story (see `storyline stories`)\n"
      "Words are matched in their stemmed form (election matches elections); case is ignored.\n"
      "Examples:\n  storyline search '\"sadiq khan\" trump'\n"
      "  storyline search 'mayor AND exception' --from 2016-05 --json\n"
      "  storyline search trump --facets --by day");

  auto* entities = app.add_subcommand(
      "entities", "List people, organisations, places and other names, most mentioned first");
  storyline::EntityListOptions eopts;
  entities->add_option("--type", eopts.type, "Only PER, ORG, LOC or MISC")
      ->check(CLI::IsMember({"PER", "ORG", "LOC", "MISC"}));
  entities->add_option("--from", eopts.from, "Count articles dated on or after (YYYY[-MM[-DD]])");
  entities->add_option("--to", eopts.to, "Count articles dated on or before (YYYY[-MM[-DD]])");
  entities->add_option("--offset", eopts.offset, "Skip this many entities");
  entities->add_option("--limit", eopts.limit, "Show at most this many (0 = all; default 20)");
  entities->footer(
      "Entities are recognised in every article at ingest (a statistical recogniser trained on "
      "CoNLL-2003) and resolved: \"Khan\" after \"Sadiq Khan\" in an article is the same person.\n"
      "Examples:\n  storyline entities --type PER\n  storyline entities --from 2016-05 --to 2016-05"
      " --json");

  auto* entity = app.add_subcommand("entity", "Profile one entity: aliases, months, articles, "
                                              "who and what it appears with");
  std::string entity_name;
  uint64_t entity_articles = 20;
  entity->add_option("NAME", entity_name, "A name or alias (any case), or an entity number")
      ->required();
  entity->add_option("--articles", entity_articles, "Show at most this many articles (0 = all)");
  entity->footer("Examples:\n  storyline entity \"Sadiq Khan\"\n  storyline entity khan --json");

  auto* graph = app.add_subcommand("graph", "The entity co-occurrence graph (JSON or GEXF for "
                                            "Gephi)");
  storyline::EntityGraphOptions gopts;
  std::string graph_format = "json";
  graph->add_option("--entity", gopts.entity, "Only this entity and its neighbours");
  graph->add_option("--max-nodes", gopts.max_nodes, "At most this many entities (default 50)");
  graph->add_option("--min-weight", gopts.min_weight,
                    "Leave out edges of fewer shared articles (default 1)");
  graph->add_option("--format", graph_format, "json (default) or gexf")
      ->check(CLI::IsMember({"json", "gexf"}));
  graph->footer("Nodes are entities; an edge joins two entities named in the same article, "
                "weighted by the number of such articles.\n"
                "Examples:\n  storyline graph --format gexf > entities.gexf\n"
                "  storyline graph --entity \"Donald Trump\" --max-nodes 20");

  auto* stats =
      app.add_subcommand("stats", "Summarise the store: articles, dates, languages, sizes");
  stats->footer("Examples:\n  storyline stats\n  storyline stats --json");

  auto* check = app.add_subcommand("check", "Verify every file and checksum of the store");
  check->footer(
      "Examples:\n  storyline check\n  storyline --data /backup/store check --json\n"
      "Exit code 4 and a line per damaged file, row or article when something is wrong.");

  StoryCommands story_commands(&app);
  QuoteCommands quote_commands(&app);
  CompactCommand compact_command(&app);
  DeleteCommand delete_command(&app);
  AnalyzeCommand analyze_command(&app);
  auto* extract = app.add_subcommand(
      "extract", "Print the article extracted from one HTML page (JSON); the store is not used");
  std::string extract_path;
  storyline::ExtractOptions xopts;
  extract->add_option("file", extract_path, "An .html file")->required();
  extract->add_option("--url", xopts.url, "The page's URL (for URL dates and relative links)");
  extract->add_option("--charset", xopts.http_charset,
                      "The HTTP Content-Type or charset, when known");
  extract->footer(
      "Examples:\n  storyline extract page.html\n"
      "  storyline extract page.html --url https://example.com/2016/05/11/story\n"
      "kind is article, index (a front page or list of links) or other; only articles are "
      "ingested.");

  // Global options work before or after the command: `storyline list --json`.
  for (CLI::App* sub :
       {ingest, list, show, search, dupes, entities, entity, graph, stats, check, extract}) {
    sub->fallthrough();
  }
  for (CLI::App* sub : story_commands.subcommands()) sub->fallthrough();
  quote_commands.subcommand()->fallthrough();
  compact_command.subcommand()->fallthrough();
  delete_command.subcommand()->fallthrough();
  analyze_command.subcommand()->fallthrough();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (*ingest) {
      iopts.batch_max_bytes = static_cast<size_t>(batch_mb * (1 << 20));
      iopts.max_record_bytes = static_cast<size_t>(max_record_mb * (1 << 20));
      return RunIngest(g, paths, iopts, stop_words);
    }
    if (*list) return RunList(g, offset, limit);
    if (*show) return RunShow(g, id);
    if (*dupes) return RunDupes(g, min_size, dupes_offset, dupes_limit);
    if (*search) {
      sopts.collapse_duplicates = !all_copies;
      return RunSearch(g, sopts, with_facets ? &fopts : nullptr);
    }
    if (*entities) return RunEntities(g, eopts);
    if (*entity) return RunEntity(g, entity_name, entity_articles);
    if (*graph) return RunGraph(g, gopts, graph_format);
    if (*stats) return RunStats(g);
    if (*check) return RunCheck(g);
    if (int rc = story_commands.Run(g); rc >= 0) return rc;
    if (int rc = quote_commands.Run(g); rc >= 0) return rc;
    if (int rc = compact_command.Run(g); rc >= 0) return rc;
    if (int rc = delete_command.Run(g); rc >= 0) return rc;
    if (int rc = analyze_command.Run(g); rc >= 0) return rc;
    if (*extract) return RunExtract(extract_path, xopts);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "storyline: internal error: %s (please report it)\n", e.what());
    return kExitStore;
  }
  return kExitUsage;
}
