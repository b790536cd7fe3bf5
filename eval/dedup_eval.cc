// dedup_eval: scores the near-duplicate stage (src/dedup/) on labelled data given by path.
//
//   dedup_eval --meter .../stories/meter/meter-dev.jsonl [--gold FILE.tsv]
//   dedup_eval --synth FILE.jsonl [--limit N] [--compare-schemes]
//   common: [--json] [--shingle-n N] [--k K] [--bands B] [--rows R] [--max-candidates C]
//           [--threshold T]
//           [--min-shingles M] [--min-jaccard J] [--min-shared S] [--sure-score C]
//
// METER: for each newspaper text, its best score against the wire (PA) texts of its story; ROC
// AUC wholly-vs-non and derived-vs-non for our scorer and for the published baseline (exact
// word-3-gram containment); then the full pipeline (shingles, signatures, LSH, verification,
// grouping) over all texts and its ARI against gold_W and gold_WP.
// Synthetic corpus (synth_news.py): pair precision and recall of predicted duplicate pairs against
// the dup_of pairs, and the time of each phase.
// Exit codes: 0 done, 1 bad data, 2 data file missing or bad usage.
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dedup/dup_grouper.h"
#include "dedup/minhash.h"
#include "dedup/shingler.h"
#include "dedup/similarity.h"
#include "eval/eval_metrics.h"

namespace storyline {
namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Params {
  int shingle_n = kDefaultShingleN;
  int k = 128;
  int bands = LshOptions{}.bands;
  int rows = LshOptions{}.rows;
  size_t max_candidates = LshOptions{}.max_candidates;
  double threshold = CopyThresholds{}.min_score;
  size_t min_shingles = CopyThresholds{}.min_shingles;
  double min_jaccard = CopyThresholds{}.min_jaccard;
  size_t min_shared = CopyThresholds{}.min_shared;
  double sure_score = CopyThresholds{}.sure_score;
};

struct Record {
  std::string id, source, story, label, text, dup_of;
  std::optional<int64_t> date;
};

// Digits of a date string as one sortable number ("2024-01-01T00:01:08" -> 20240101000108;
// METER's "27.01.00" is day.month.year and is reordered to 20000127).
std::optional<int64_t> SortableDate(std::string_view s, bool day_month_year) {
  std::string digits;
  for (char c : s) if (c >= '0' && c <= '9') digits += c;
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  if (day_month_year && digits.size() == 6) {
    const std::string yy = digits.substr(4, 2);
    digits = (yy < "50" ? "20" : "19") + yy + digits.substr(2, 2) + digits.substr(0, 2);
  }
  return std::stoll(digits);
}

// Reads a JSON-lines file; returns false (message printed) on a parse error.
bool ReadJsonl(const std::string& path, size_t limit, bool meter, std::vector<Record>* out) {
  simdjson::ondemand::parser parser;
  std::ifstream in(path);
  std::string line;
  size_t line_no = 0;
  while (out->size() < limit && std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    simdjson::padded_string padded(line);
    simdjson::ondemand::document doc;
    Record r;
    auto get = [&](const char* key, std::string* dst) {
      std::string_view v;
      if (doc[key].get_string().get(v) == simdjson::SUCCESS) dst->assign(v);
    };
    if (parser.iterate(padded).get(doc) != simdjson::SUCCESS) {
      std::fprintf(stderr, "%s:%zu: not JSON\n", path.c_str(), line_no);
      return false;
    }
    get("id", &r.id);
    get("source", &r.source);
    get("story", &r.story);
    get("label", &r.label);
    get("text", &r.text);
    get("dup_of", &r.dup_of);
    std::string date;
    get("date", &date);
    r.date = SortableDate(date, meter);
    if (r.id.empty()) {
      std::fprintf(stderr, "%s:%zu: record without an \"id\"\n", path.c_str(), line_no);
      return false;
    }
    out->push_back(std::move(r));
  }
  return true;
}

// Runs the whole pipeline (signatures, LSH, verification, grouping); returns group id per doc.
struct PipelineTimes {
  double shingle = 0, sign = 0, lsh = 0, verify = 0;
  size_t candidates = 0, links = 0, lsh_bytes = 0, verify_bytes = 0;
  // Per tenth of the input, in input order: LSH and verification microseconds per document, and
  // candidates per document (how the cost per article changes as the store grows).
  std::vector<double> tenth_lsh_us, tenth_verify_us, tenth_candidates;
};

std::vector<uint32_t> RunPipeline(const std::vector<Record>& docs, const Params& p,
                                  MinHashScheme scheme, PipelineTimes* t) {
  Shingler shingler(p.shingle_n);
  MinHasher hasher(MinHashOptions{p.k, scheme});
  DupGrouperOptions options;
  options.lsh = LshOptions{p.bands, p.rows, p.max_candidates};
  options.copy.min_score = p.threshold;
  options.copy.min_shingles = p.min_shingles;
  options.copy.min_jaccard = p.min_jaccard;
  options.copy.min_shared = p.min_shared;
  options.copy.sure_score = p.sure_score;
  DupGrouper grouper(options);
  std::vector<DupArticle> articles(docs.size());
  auto t0 = Clock::now();
  for (size_t i = 0; i < docs.size(); ++i) {
    articles[i].doc = DocId(static_cast<uint32_t>(i));
    articles[i].date = docs[i].date;
    articles[i].text_length = static_cast<uint32_t>(docs[i].text.size());
    shingler.Shingle(docs[i].text, &articles[i].shingles);
  }
  t->shingle = Since(t0);
  std::vector<Signature> sigs(docs.size());
  t0 = Clock::now();
  for (size_t i = 0; i < docs.size(); ++i) hasher.Sign(articles[i].shingles, &sigs[i]);
  t->sign = Since(t0);
  size_t tenth_start = 0;
  double lsh_before = 0, verify_before = 0;
  size_t candidates_before = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    const Status s = grouper.Add(articles[i], sigs[i]);
    if (!s.ok()) {
      std::fprintf(stderr, "dedup_eval: %s\n", s.ToString().c_str());
      std::exit(1);
    }
    const size_t next = (t->tenth_lsh_us.size() + 1) * docs.size() / 10;
    if (i + 1 == next && next > tenth_start) {
      const DupGrouperStats& st = grouper.stats();
      const double n = static_cast<double>(next - tenth_start);
      t->tenth_lsh_us.push_back(1e6 * (st.lsh_seconds - lsh_before) / n);
      t->tenth_verify_us.push_back(1e6 * (st.verify_seconds - verify_before) / n);
      t->tenth_candidates.push_back(static_cast<double>(st.candidates - candidates_before) / n);
      tenth_start = next;
      lsh_before = st.lsh_seconds;
      verify_before = st.verify_seconds;
      candidates_before = st.candidates;
    }
  }
  t->lsh = grouper.stats().lsh_seconds;
  t->verify = grouper.stats().verify_seconds;
  t->candidates = grouper.stats().candidates;
  t->links = grouper.stats().links;
  t->lsh_bytes = grouper.lsh().memory_bytes();
  t->verify_bytes = grouper.verification_memory_bytes();
  std::vector<uint32_t> group(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    group[i] = grouper.GroupOf(DocId(static_cast<uint32_t>(i)))->value();
  }
  return group;
}

int Meter(const std::string& path, std::string gold_path, const Params& p,
          nlohmann::json* out) {
  if (gold_path.empty()) {
    gold_path = path;
    const size_t dot = gold_path.rfind(".jsonl");
    if (dot != std::string::npos) gold_path.replace(dot, 6, "-gold.tsv");
  }
  for (const std::string& f : {path, gold_path}) {
    if (!std::filesystem::exists(f)) {
      std::fprintf(stderr,
                   "dedup_eval: %s not found. The METER files live in "
                   "../shared/data/stories/meter/ (never copied into the repository); pass "
                   "--meter PATH/meter-dev.jsonl [--gold PATH/meter-dev-gold.tsv].\n",
                   f.c_str());
      return 2;
    }
  }
  std::vector<Record> docs;
  if (!ReadJsonl(path, SIZE_MAX, true, &docs)) return 1;
  std::unordered_map<std::string, std::pair<std::string, std::string>> gold;  // id -> W, WP
  {
    std::ifstream in(gold_path);
    std::string line;
    std::getline(in, line);  // header: id source story label gold_W gold_WP
    while (std::getline(in, line)) {
      std::vector<std::string> cols;
      size_t start = 0;
      for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
        cols.push_back(line.substr(start, tab - start));
      }
      cols.push_back(line.substr(start));
      if (cols.size() >= 6) gold[cols[0]] = {cols[4], cols[5]};
    }
  }

  // Shingle sets for n = 1..5, and IDF weights per n from the corpus itself.
  const int kMaxN = 5;
  std::vector<std::vector<std::vector<uint64_t>>> sets(kMaxN + 1,
                                                       std::vector<std::vector<uint64_t>>(docs.size()));
  std::vector<IdfWeights> idf(kMaxN + 1);
  std::vector<uint64_t> tokens;
  for (size_t i = 0; i < docs.size(); ++i) {
    Shingler::TokenHashes(docs[i].text, &tokens);
    for (int n = 1; n <= kMaxN; ++n) {
      Shingler::ShinglesFromTokenHashes(tokens, n, &sets[n][i]);
      idf[n].AddDocument(sets[n][i]);
    }
  }
  for (auto& w : idf) w.Freeze();
  std::map<std::string, std::vector<size_t>> wire_of_story;
  std::vector<size_t> news;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (docs[i].source == "PA") {
      wire_of_story[docs[i].story].push_back(i);
    } else {
      news.push_back(i);
    }
  }
  auto union_of = [&](const std::vector<size_t>& ids, int n) {
    std::vector<uint64_t> u;
    for (size_t j : ids) u.insert(u.end(), sets[n][j].begin(), sets[n][j].end());
    std::sort(u.begin(), u.end());
    u.erase(std::unique(u.begin(), u.end()), u.end());
    return u;
  };
  // A scorer maps (newspaper text, wire texts of its story) to a score.
  struct Variant {
    std::string name;
    std::function<double(size_t, const std::vector<size_t>&)> score;
  };
  auto pairwise = [&](std::function<double(size_t, size_t)> f) {
    return [f](size_t a, const std::vector<size_t>& wire) {
      double best = 0;
      for (size_t w : wire) best = std::max(best, f(a, w));
      return best;
    };
  };
  std::vector<Variant> variants;
  for (int n = 1; n <= kMaxN; ++n) {
    variants.push_back({"containment n=" + std::to_string(n) + ", best wire text",
                        pairwise([&, n](size_t a, size_t b) {
                          return Containment(sets[n][a], sets[n][b]);
                        })});
  }
  variants.push_back({"jaccard n=3, best wire text", pairwise([&](size_t a, size_t b) {
                        return Jaccard(sets[3][a], sets[3][b]);
                      })});
  variants.push_back({"copy score (max containment) n=3", pairwise([&](size_t a, size_t b) {
                        return CopyScore(sets[3][a], sets[3][b], 0);
                      })});
  for (int n = 1; n <= 3; ++n) {
    variants.push_back({"idf containment n=" + std::to_string(n) + ", best wire text",
                        pairwise([&, n](size_t a, size_t b) {
                          return WeightedContainment(sets[n][a], sets[n][b], idf[n]);
                        })});
  }
  for (int n = 1; n <= 3; ++n) {
    variants.push_back({"containment n=" + std::to_string(n) + ", all wire of story",
                        [&, n](size_t a, const std::vector<size_t>& wire) {
                          return Containment(sets[n][a], union_of(wire, n));
                        }});
  }
  for (int n = 1; n <= 3; ++n) {
    variants.push_back({"idf containment n=" + std::to_string(n) + ", all wire of story",
                        [&, n](size_t a, const std::vector<size_t>& wire) {
                          return WeightedContainment(sets[n][a], union_of(wire, n), idf[n]);
                        }});
  }
  const std::string kBaseline = "containment n=3, best wire text";
  const std::string kOurs = "idf containment n=2, all wire of story";
  const std::string kOursPairwise = "idf containment n=2, best wire text";

  std::printf("METER dev: %zu texts, %zu newspaper texts, %zu stories\n\n", docs.size(),
              news.size(), wire_of_story.size());
  std::printf("%-44s %12s %12s\n", "scorer (newspaper text vs wire)", "AUC W-vs-N", "AUC D-vs-N");
  std::map<std::string, std::pair<double, double>> aucs;
  for (const Variant& v : variants) {
    std::vector<double> wholly, partially, non;
    for (size_t i : news) {
      const auto it = wire_of_story.find(docs[i].story);
      const double s = it == wire_of_story.end() ? 0.0 : v.score(i, it->second);
      if (docs[i].label == "wholly-derived") wholly.push_back(s);
      if (docs[i].label == "partially-derived") partially.push_back(s);
      if (docs[i].label == "non-derived") non.push_back(s);
    }
    std::vector<double> derived = wholly;
    derived.insert(derived.end(), partially.begin(), partially.end());
    const double aw = RocAuc(wholly, non), ad = RocAuc(derived, non);
    aucs[v.name] = {aw, ad};
    const char* mark = v.name == kOurs ? "  <- ours" : v.name == kBaseline ? "  <- baseline" : "";
    std::printf("%-44s %12.3f %12.3f%s\n", v.name.c_str(), aw, ad, mark);
  }

  // Full pipeline over all texts; ARI against both gold clusterings.
  std::vector<std::string> gw, gwp;
  for (const Record& r : docs) {
    const auto it = gold.find(r.id);
    if (it == gold.end()) {
      std::fprintf(stderr, "dedup_eval: %s has no row in %s\n", r.id.c_str(), gold_path.c_str());
      return 1;
    }
    gw.push_back(it->second.first);
    gwp.push_back(it->second.second);
  }
  std::printf("\nfull pipeline (n=%d, k=%d, %dx%d LSH), ARI by copy-score threshold:\n",
              p.shingle_n, p.k, p.bands, p.rows);
  std::printf("%10s %8s %8s %8s\n", "threshold", "groups", "ARI W", "ARI WP");
  double ari_w = 0, ari_wp = 0;
  std::vector<double> sweep = {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
  if (std::find(sweep.begin(), sweep.end(), p.threshold) == sweep.end()) {
    sweep.push_back(p.threshold);
  }
  for (double th : sweep) {
    Params q = p;
    q.threshold = th;
    PipelineTimes t;
    const auto groups = RunPipeline(docs, q, MinHashScheme::kOnePermutation, &t);
    std::vector<std::string> pred;
    for (uint32_t g : groups) pred.push_back(std::to_string(g));
    const double aw = AdjustedRandIndex(gw, pred), awp = AdjustedRandIndex(gwp, pred);
    std::vector<uint32_t> distinct = groups;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::printf("%10.2f %8zu %8.3f %8.3f%s\n", th, distinct.size(), aw, awp,
                th == p.threshold ? "  <- used" : "");
    if (th == p.threshold) {
      ari_w = aw;
      ari_wp = awp;
    }
  }
  (*out)["auc_wholly"] = aucs[kOurs].first;
  (*out)["auc_derived"] = aucs[kOurs].second;
  (*out)["auc_wholly_pairwise"] = aucs[kOursPairwise].first;
  (*out)["auc_derived_pairwise"] = aucs[kOursPairwise].second;
  (*out)["baseline_auc_wholly"] = aucs[kBaseline].first;
  (*out)["baseline_auc_derived"] = aucs[kBaseline].second;
  (*out)["ari_w"] = ari_w;
  (*out)["ari_wp"] = ari_wp;
  (*out)["meter_scorer"] = kOurs;
  return 0;
}

}  // namespace
}  // namespace storyline

namespace storyline {
namespace {

// Ground truth: a doc and its dup_of are duplicates, transitively (a copy of a copy is in the
// same group as the original), so true groups are the connected components of dup_of edges.
std::vector<uint32_t> TruthGroups(const std::vector<Record>& docs) {
  std::unordered_map<std::string, uint32_t> index;
  for (size_t i = 0; i < docs.size(); ++i) index.emplace(docs[i].id, static_cast<uint32_t>(i));
  std::vector<uint32_t> root(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    root[i] = static_cast<uint32_t>(i);
    if (docs[i].dup_of.empty()) continue;
    const auto it = index.find(docs[i].dup_of);
    if (it != index.end() && it->second < i) root[i] = root[it->second];  // dup_of is earlier
  }
  return root;
}

int Synth(const std::string& path, size_t limit, bool compare_schemes, const Params& p,
          nlohmann::json* out) {
  if (!std::filesystem::exists(path)) {
    std::fprintf(stderr,
                 "dedup_eval: %s not found. Make a corpus with\n  /usr/bin/python3 "
                 "../shared/tools/synth_news.py ../shared/data/search/reuters21578-jsonl/"
                 "docs.jsonl /tmp/synth10.jsonl 10\n",
                 path.c_str());
    return 2;
  }
  std::vector<Record> docs;
  auto t0 = Clock::now();
  if (!ReadJsonl(path, limit, false, &docs)) return 1;
  const double read_s = Since(t0);
  double bytes = 0;
  for (const Record& r : docs) bytes += static_cast<double>(r.text.size());
  const double mb = bytes / 1e6;

  PipelineTimes t;
  const auto pred = RunPipeline(docs, p, MinHashScheme::kOnePermutation, &t);
  const auto truth = TruthGroups(docs);
  const PairCounts c = CountPairs(truth, pred);
  const double precision = c.pred > 0 ? c.both / c.pred : 1.0;
  const double recall = c.truth > 0 ? c.both / c.truth : 1.0;
  const double n = static_cast<double>(docs.size());
  const double sig_lsh = t.shingle + t.sign + t.lsh;
  const double total = sig_lsh + t.verify;

  std::printf("synthetic corpus %s: %zu docs, %.1f MB of text (read+parse %.1f s, not timed "
              "below)\n\n", path.c_str(), docs.size(), mb, read_s);
  std::printf("pairs: true %.0f, predicted %.0f, both %.0f\n", c.truth, c.pred, c.both);
  std::printf("pair precision %.4f   pair recall %.4f   (targets 0.99 / 0.97)\n\n", precision,
              recall);
  std::printf("%-28s %9s %10s %12s %14s\n", "phase (one core)", "seconds", "MB/s", "docs/s",
              "us/doc");
  auto row = [&](const char* name, double s) {
    std::printf("%-28s %9.3f %10.1f %12.0f %14.2f\n", name, s, mb / s, n / s, 1e6 * s / n);
  };
  row("shingling", t.shingle);
  row("signatures (OPH k=128)", t.sign);
  row("LSH query+insert", t.lsh);
  row("verification+grouping", t.verify);
  row("signatures+LSH (target 50)", sig_lsh);
  row("all phases", total);
  std::printf("\nLSH candidates %.2f per doc, links %zu; LSH memory %.0f bytes/doc, "
              "verification memory %.0f bytes/doc\n",
              static_cast<double>(t.candidates) / n, t.links, t.lsh_bytes / n,
              t.verify_bytes / n);
  auto tenths = [](const char* name, const std::vector<double>& v) {
    std::printf("%-34s", name);
    for (const double x : v) std::printf(" %5.2f", x);
    std::printf("\n");
  };
  std::printf("\nby tenth of the input, in input order:\n");
  tenths("  LSH query+insert, us/doc", t.tenth_lsh_us);
  tenths("  verification+grouping, us/doc", t.tenth_verify_us);
  tenths("  LSH candidates per doc", t.tenth_candidates);

  (*out)["pair_precision"] = precision;
  (*out)["pair_recall"] = recall;
  (*out)["docs"] = docs.size();
  (*out)["mb"] = mb;
  (*out)["seconds"] = sig_lsh;
  (*out)["seconds_all_phases"] = total;
  (*out)["seconds_shingling"] = t.shingle;
  (*out)["seconds_signatures"] = t.sign;
  (*out)["seconds_lsh"] = t.lsh;
  (*out)["seconds_verification"] = t.verify;
  (*out)["mb_per_s"] = mb / sig_lsh;
  (*out)["docs_per_s"] = n / sig_lsh;
  (*out)["mb_per_s_all_phases"] = mb / total;
  (*out)["lsh_bytes_per_doc"] = t.lsh_bytes / n;
  (*out)["verification_bytes_per_doc"] = t.verify_bytes / n;
  (*out)["candidates_per_doc"] = static_cast<double>(t.candidates) / n;
  (*out)["tenth_lsh_us"] = t.tenth_lsh_us;
  (*out)["tenth_verification_us"] = t.tenth_verify_us;
  (*out)["tenth_candidates_per_doc"] = t.tenth_candidates;

  if (compare_schemes) {
    // Speed and Jaccard estimate error of both schemes on the true duplicate pairs and on as many
    // random (mostly unrelated) pairs.
    Shingler shingler(p.shingle_n);
    std::vector<std::vector<uint64_t>> sets(docs.size());
    for (size_t i = 0; i < docs.size(); ++i) shingler.Shingle(docs[i].text, &sets[i]);
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < docs.size(); ++i) index.emplace(docs[i].id, i);
    std::vector<std::pair<size_t, size_t>> dup_pairs, random_pairs;
    for (size_t i = 0; i < docs.size(); ++i) {
      const auto it = index.find(docs[i].dup_of);
      if (it != index.end()) dup_pairs.push_back({i, it->second});
    }
    for (size_t i = 0; i < dup_pairs.size(); ++i) {
      random_pairs.push_back({(i * 7919) % docs.size(), (i * 104729 + 1) % docs.size()});
    }
    std::printf("\n%-16s %10s %12s %18s %18s\n", "scheme", "sign s", "sign MB/s",
                "mean|err| dups", "mean|err| random");
    for (MinHashScheme scheme : {MinHashScheme::kOnePermutation, MinHashScheme::kKPermutation}) {
      MinHasher hasher(MinHashOptions{p.k, scheme});
      std::vector<Signature> sigs(docs.size());
      const auto s0 = Clock::now();
      for (size_t i = 0; i < docs.size(); ++i) hasher.Sign(sets[i], &sigs[i]);
      const double sec = Since(s0);
      auto err = [&](const std::vector<std::pair<size_t, size_t>>& pairs) {
        double e = 0;
        for (auto [a, b] : pairs) {
          e += std::abs(EstimateJaccard(sigs[a], sigs[b]) - Jaccard(sets[a], sets[b]));
        }
        return pairs.empty() ? 0.0 : e / static_cast<double>(pairs.size());
      };
      const char* name = scheme == MinHashScheme::kOnePermutation ? "one-permutation" : "k-permutation";
      const double ed = err(dup_pairs), er = err(random_pairs);
      std::printf("%-16s %10.3f %12.1f %18.4f %18.4f\n", name, sec, mb / sec, ed, er);
      (*out)[std::string("compare_") + name] = {{"sign_seconds", sec}, {"mb_per_s", mb / sec},
                                                {"mean_abs_err_dups", ed},
                                                {"mean_abs_err_random", er}};
    }
  }
  return 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: dedup_eval [--meter METER.jsonl [--gold GOLD.tsv]] [--synth FILE.jsonl "
               "[--limit N] [--compare-schemes]] [--json]\n"
               "                  [--shingle-n N] [--k K] [--bands B] [--rows R] "
               "[--max-candidates C] "
               "[--threshold T] [--min-shingles M] [--min-jaccard J] [--min-shared S]\n"
               "           [--sure-score C]   (a copy: score >= T and (score >= C or Jaccard >= J\n"
               "           or >= S shared shingles); --min-jaccard 0 for the score alone)\n");
  return 2;
}

int Main(int argc, char** argv) {
  std::string meter, gold, synth;
  size_t limit = SIZE_MAX;
  bool json = false, compare = false;
  Params p;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "dedup_eval: %s needs a value\n", a.c_str());
        std::exit(Usage());
      }
      return argv[++i];
    };
    if (a == "--meter") meter = next();
    else if (a == "--gold") gold = next();
    else if (a == "--synth") synth = next();
    else if (a == "--limit") limit = std::stoull(next());
    else if (a == "--json") json = true;
    else if (a == "--compare-schemes") compare = true;
    else if (a == "--shingle-n") p.shingle_n = std::stoi(next());
    else if (a == "--k") p.k = std::stoi(next());
    else if (a == "--bands") p.bands = std::stoi(next());
    else if (a == "--rows") p.rows = std::stoi(next());
    else if (a == "--max-candidates") p.max_candidates = std::stoul(next());
    else if (a == "--threshold") p.threshold = std::stod(next());
    else if (a == "--min-shingles") p.min_shingles = std::stoul(next());
    else if (a == "--min-jaccard") p.min_jaccard = std::stod(next());
    else if (a == "--min-shared") p.min_shared = std::stoul(next());
    else if (a == "--sure-score") p.sure_score = std::stod(next());
    else {
      std::fprintf(stderr, "dedup_eval: unknown argument %s\n", a.c_str());
      return Usage();
    }
  }
  if (meter.empty() && synth.empty()) return Usage();
  if (p.bands * p.rows > p.k) {
    std::fprintf(stderr, "dedup_eval: bands x rows (%d) exceeds k (%d)\n", p.bands * p.rows, p.k);
    return 2;
  }
  nlohmann::json out = {{"auc_wholly", nullptr},          {"auc_derived", nullptr},
                        {"baseline_auc_wholly", nullptr}, {"baseline_auc_derived", nullptr},
                        {"ari_w", nullptr},               {"ari_wp", nullptr},
                        {"pair_precision", nullptr},      {"pair_recall", nullptr},
                        {"docs", nullptr},                {"mb", nullptr},
                        {"seconds", nullptr},             {"mb_per_s", nullptr},
                        {"docs_per_s", nullptr},          {"lsh_bytes_per_doc", nullptr}};
  out["shingle_n"] = p.shingle_n;
  out["k"] = p.k;
  out["bands"] = p.bands;
  out["rows"] = p.rows;
  out["max_candidates"] = p.max_candidates;
  out["threshold"] = p.threshold;
  out["min_shingles"] = p.min_shingles;
  out["min_jaccard"] = p.min_jaccard;
  out["min_shared"] = p.min_shared;
  out["sure_score"] = p.sure_score;
  out["minhash_scheme"] = "one-permutation (optimal densification)";
  if (!meter.empty()) {
    if (const int rc = Meter(meter, gold, p, &out); rc != 0) return rc;
    if (!synth.empty()) std::printf("\n");
  }
  if (!synth.empty()) {
    if (const int rc = Synth(synth, limit, compare, p, &out); rc != 0) return rc;
  }
  if (json) std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
