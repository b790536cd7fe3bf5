// extract_eval: scores HTML extraction (src/html/) on labelled pages given by path, beside
// Readability.js (jsdom) run in the same process tree on the same pages.
//
//   extract_eval DATA_DIR [--no-peer] [--limit N] [--sets cleaneval,l3s,htmldate] [--dump DIR]
//                [--verbose]
//
// DATA_DIR is the shared data folder (../shared/data); it reads extract/cleaneval-final,
// extract/l3s-gn1 (input/<id>.html + ground-truth.json) and extract/htmldate (pages/*.html +
// eval_default.json, eval_mediacloud_2020.json).
// Main text: the article-extraction-benchmark metric: tokens are \w+ runs (Python's \w: Unicode
// letters, numbers and '_'; case kept); 4-token shingles as a multiset (a text of 1-3 tokens is one
// shingle); per page tp/fp/fn normalised to sum 1; precision averaged over pages that predicted
// text, recall over pages whose truth has text; F1 of the two averages.
// Dates: the day (YYYY-MM-DD) of the returned date against the truth; precision = correct /
// returned, recall = correct / pages.
// Speed: one thread, pages/s and MB/s of HTML in per core, from CPU time (the process's, all
// threads), with wall time beside it: storyline (ExtractArticle, file reads excluded; the faster
// of two passes, one before and one after the peer) and the peer (jsdom parse + Readability.parse
// per page, file reads and node start-up excluded; node's JIT and GC threads count).
// The peer is bench/peers/node/extract_readability.mjs (`npm ci --prefix bench/peers/node` first).
// Exit codes: 0 done, 1 bad data or peer failure, 2 data missing or bad usage.
#include <unicode/uchar.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/utf8.h"
#include "storyline/html_extract.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool g_verbose = false;  // --verbose: each wrong or missing date on stderr

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU seconds used by this process: "per core" speed that other jobs on the machine distort less
// than wall time does.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Python's \w for str patterns: characters for which str.isalnum() is true, and '_'.
bool IsWordChar(char32_t c) {
  if (c == '_') return true;
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  int8_t t = u_charType(static_cast<UChar32>(c));
  return t == U_UPPERCASE_LETTER || t == U_LOWERCASE_LETTER || t == U_TITLECASE_LETTER ||
         t == U_MODIFIER_LETTER || t == U_OTHER_LETTER || t == U_DECIMAL_DIGIT_NUMBER ||
         t == U_LETTER_NUMBER || t == U_OTHER_NUMBER;
}

std::vector<std::string> Tokenize(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t c = DecodeUtf8(s, &i);
    if (IsWordChar(c)) {
      cur.append(s.substr(start, i - start));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::unordered_map<std::string, int> Shingles(std::string_view text) {
  constexpr size_t kN = 4;
  std::vector<std::string> toks = Tokenize(text);
  std::unordered_map<std::string, int> out;
  if (toks.empty()) return out;
  size_t count = toks.size() >= kN ? toks.size() - kN + 1 : 1;
  for (size_t i = 0; i < count; ++i) {
    std::string key;
    for (size_t k = i; k < std::min(toks.size(), i + kN); ++k) {
      key += toks[k];
      key.push_back('\x1f');
    }
    ++out[key];
  }
  return out;
}

struct PageScore {
  double tp = 0, fp = 0, fn = 0;
};

PageScore ScorePage(std::string_view truth, std::string_view pred) {
  auto t = Shingles(truth);
  auto p = Shingles(pred);
  PageScore s;
  for (const auto& [k, tc] : t) {
    auto it = p.find(k);
    int pc = it == p.end() ? 0 : it->second;
    s.tp += std::min(tc, pc);
    s.fn += std::max(0, tc - pc);
  }
  for (const auto& [k, pc] : p) {
    auto it = t.find(k);
    int tc = it == t.end() ? 0 : it->second;
    s.fp += std::max(0, pc - tc);
  }
  double sum = s.tp + s.fp + s.fn;
  if (sum > 0) {
    s.tp /= sum;
    s.fp /= sum;
    s.fn /= sum;
  }
  return s;
}

struct Prf {
  double p = 0, r = 0, f1 = 0;
  size_t p_pages = 0, r_pages = 0;
};

Prf Aggregate(const std::vector<PageScore>& scores) {
  Prf out;
  double ps = 0, rs = 0;
  for (const PageScore& s : scores) {
    if (s.tp + s.fp > 0) {
      ps += s.tp / (s.tp + s.fp);
      ++out.p_pages;
    }
    if (s.tp + s.fn > 0) {
      rs += s.tp / (s.tp + s.fn);
      ++out.r_pages;
    }
  }
  out.p = out.p_pages ? ps / static_cast<double>(out.p_pages) : 0;
  out.r = out.r_pages ? rs / static_cast<double>(out.r_pages) : 0;
  out.f1 = out.p + out.r > 0 ? 2 * out.p * out.r / (out.p + out.r) : 0;
  return out;
}

bool ReadFile(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

struct Page {
  std::string id, path, url, truth;  // truth: main text, or the date "YYYY-MM-DD"
  std::string html;
};

struct PeerResult {
  std::vector<std::string> text, published;
  double seconds = 0, cpu_seconds = 0;
  bool ok = false;
};

std::string PeerScript() {
  return std::string(STORYLINE_SOURCE_DIR) + "/bench/peers/node/extract_readability.mjs";
}

PeerResult RunPeer(const std::vector<Page>& pages, const fs::path& tmp_dir) {
  PeerResult r;
  fs::path list = tmp_dir / "extract_eval_pages.tsv";
  fs::path out = tmp_dir / "extract_eval_peer.jsonl";
  fs::path err = tmp_dir / "extract_eval_peer.err";
  {
    std::ofstream f(list);
    for (const Page& p : pages) f << p.id << '\t' << p.path << '\t' << p.url << '\n';
  }
  std::string cmd = "node '" + PeerScript() + "' '" + list.string() + "' > '" + out.string() +
                    "' 2> '" + err.string() + "'";
  if (std::system(cmd.c_str()) != 0) {
    std::string e;
    ReadFile(err, &e);
    std::fprintf(stderr, "extract_eval: the peer failed (%s): %s\n", cmd.c_str(), e.c_str());
    return r;
  }
  std::ifstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    r.text.push_back(j.value("text", ""));
    r.published.push_back(j.value("published", ""));
    r.seconds += j.value("ms", 0.0) / 1000.0;
    r.cpu_seconds += j.value("cpu_ms", 0.0) / 1000.0;
  }
  r.ok = r.text.size() == pages.size();
  if (!r.ok)
    std::fprintf(stderr, "extract_eval: the peer returned %zu of %zu pages\n", r.text.size(),
                 pages.size());
  return r;
}

struct OurRun {
  std::vector<ExtractedPage> pages;
  std::vector<bool> ok;
  double seconds = 0, cpu_seconds = 0;
};

OurRun RunOurs(const std::vector<Page>& pages) {
  OurRun r;
  r.pages.resize(pages.size());
  r.ok.resize(pages.size());
  auto t0 = Clock::now();
  const double c0 = ProcessCpuSeconds();
  for (size_t i = 0; i < pages.size(); ++i) {
    ExtractOptions o;
    o.url = pages[i].url;
    Result<ExtractedPage> e = ExtractArticle(pages[i].html, o);
    r.ok[i] = e.ok();
    if (e.ok()) r.pages[i] = std::move(e).value();
  }
  r.seconds = Since(t0);
  r.cpu_seconds = ProcessCpuSeconds() - c0;
  return r;
}

double TotalMb(const std::vector<Page>& pages) {
  double b = 0;
  for (const Page& p : pages) b += static_cast<double>(p.html.size());
  return b / 1e6;
}

void PrintSpeed(const char* who, size_t pages, double mb, double cpu_seconds, double seconds) {
  std::printf(
      "  speed %-14s %8.1f pages/s  %7.2f MB/s per core (CPU time %.2f s; wall %.2f s, %.1f "
      "pages/s; %zu pages, %.1f MB)\n",
      who, cpu_seconds > 0 ? static_cast<double>(pages) / cpu_seconds : 0,
      cpu_seconds > 0 ? mb / cpu_seconds : 0, cpu_seconds, seconds,
      seconds > 0 ? static_cast<double>(pages) / seconds : 0, pages, mb);
}

bool LoadMainTextSet(const fs::path& dir, size_t limit, std::vector<Page>* pages) {
  std::string gt;
  if (!ReadFile(dir / "ground-truth.json", &gt)) return false;
  nlohmann::json j = nlohmann::json::parse(gt, nullptr, false);
  if (!j.is_object()) return false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    Page p;
    p.id = it.key();
    p.path = (dir / "input" / (p.id + ".html")).string();
    if (it->contains("url") && (*it)["url"].is_string()) p.url = (*it)["url"];
    if (it->contains("articleBody") && (*it)["articleBody"].is_string()) {
      p.truth = (*it)["articleBody"];
    }
    if (!ReadFile(p.path, &p.html)) continue;
    pages->push_back(std::move(p));
    if (limit && pages->size() >= limit) break;
  }
  return true;
}

bool LoadDateSet(const fs::path& dir, const std::string& json_name, size_t limit,
                 std::vector<Page>* pages) {
  std::string raw;
  if (!ReadFile(dir / json_name, &raw)) return false;
  // The files hold Python's NaN for pages without a date: read it as null.
  for (size_t p = raw.find(": NaN"); p != std::string::npos; p = raw.find(": NaN", p)) {
    raw.replace(p, 5, ": null");
  }
  for (size_t p = raw.find(": nan"); p != std::string::npos; p = raw.find(": nan", p)) {
    raw.replace(p, 5, ": null");
  }
  nlohmann::json j = nlohmann::json::parse(raw, nullptr, false);
  if (!j.is_object()) return false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it->is_object() || !(*it)["file"].is_string()) continue;
    Page p;
    p.id = (*it)["file"];
    p.url = it.key();
    p.truth = (*it)["date"].is_string() ? (*it)["date"].get<std::string>() : "";
    p.path = (dir / "pages" / p.id).string();
    if (!ReadFile(p.path, &p.html)) continue;
    pages->push_back(std::move(p));
    if (limit && pages->size() >= limit) break;
  }
  return true;
}

std::string SafeName(std::string s) {
  for (char& c : s) {
    if (c == '/' || c == '\\') c = '_';
  }
  return s;
}

int EvalMainText(const std::string& name, const fs::path& dir, size_t limit, bool peer,
                 const std::string& dump) {
  std::vector<Page> pages;
  if (!LoadMainTextSet(dir, limit, &pages)) {
    std::fprintf(stderr, "extract_eval: %s is missing or unreadable (%s)\n", name.c_str(),
                 dir.c_str());
    return 2;
  }
  const double mb = TotalMb(pages);
  OurRun ours = RunOurs(pages);
  PeerResult theirs;
  if (peer) theirs = RunPeer(pages, fs::temp_directory_path());
  OurRun again = RunOurs(pages);  // interleaved timing: the machine's load changes over time
  std::vector<PageScore> s_ours, s_peer;
  std::map<std::string, size_t> kinds;
  size_t failed = 0;
  for (size_t i = 0; i < pages.size(); ++i) {
    if (!ours.ok[i]) ++failed;
    s_ours.push_back(ScorePage(pages[i].truth, ours.pages[i].article.text));
    ++kinds[ours.ok[i] ? PageKindName(ours.pages[i].kind) : "error"];
    if (theirs.ok) s_peer.push_back(ScorePage(pages[i].truth, theirs.text[i]));
    if (!dump.empty()) {
      fs::create_directories(fs::path(dump) / name);
      std::ofstream(fs::path(dump) / name / (SafeName(pages[i].id) + ".txt"))
          << ours.pages[i].article.text;
    }
  }
  Prf a = Aggregate(s_ours);
  std::printf("%s: %zu pages (%.1f MB)\n", name.c_str(), pages.size(), mb);
  std::printf(
      "  main text  storyline      P %.3f  R %.3f  F1 %.3f  (P over %zu pages, R over %zu)\n", a.p,
      a.r, a.f1, a.p_pages, a.r_pages);
  if (theirs.ok) {
    Prf b = Aggregate(s_peer);
    std::printf(
        "  main text  Readability.js P %.3f  R %.3f  F1 %.3f  (P over %zu pages, R over %zu)\n",
        b.p, b.r, b.f1, b.p_pages, b.r_pages);
  }
  std::printf("  page kinds:");
  for (const auto& [k, n] : kinds) std::printf(" %s %zu", k.c_str(), n);
  std::printf("%s\n", failed ? " (errors are scored as empty text)" : "");
  const OurRun& best = ours.cpu_seconds <= again.cpu_seconds ? ours : again;
  PrintSpeed("storyline", pages.size(), mb, best.cpu_seconds, best.seconds);
  if (theirs.ok) {
    PrintSpeed("Readability.js", pages.size(), mb, theirs.cpu_seconds, theirs.seconds);
    if (best.cpu_seconds > 0 && best.seconds > 0) {
      std::printf("  speed ratio storyline / Readability.js: %.1fx CPU time, %.1fx wall\n",
                  theirs.cpu_seconds / best.cpu_seconds, theirs.seconds / best.seconds);
    }
  }
  return peer && !theirs.ok ? 1 : 0;
}

struct DateCounts {
  size_t returned = 0, correct = 0, pages = 0;
  void Print(const char* who) const {
    double p = returned ? static_cast<double>(correct) / static_cast<double>(returned) : 0;
    double r = pages ? static_cast<double>(correct) / static_cast<double>(pages) : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    std::printf("  dates %-14s P %.3f  R %.3f  F1 %.3f  (%zu returned, %zu correct, %zu pages)\n",
                who, p, r, f, returned, correct, pages);
  }
};

int EvalDates(const fs::path& dir, size_t limit, bool peer) {
  int rc = 0;
  for (const char* set : {"eval_default.json", "eval_mediacloud_2020.json"}) {
    std::vector<Page> pages;
    if (!LoadDateSet(dir, set, limit, &pages)) {
      std::fprintf(stderr, "extract_eval: htmldate set %s is missing or unreadable (%s)\n", set,
                   dir.c_str());
      return 2;
    }
    OurRun ours = RunOurs(pages);
    PeerResult theirs;
    if (peer) theirs = RunPeer(pages, fs::temp_directory_path());
    if (peer && !theirs.ok) rc = 1;
    DateCounts a, b;
    std::map<std::string, std::pair<size_t, size_t>> by_source;  // returned, correct
    size_t undated = 0;
    for (size_t i = 0; i < pages.size(); ++i) {
      // A page without a true date counts in `returned` (wrongly) when a date is returned, and
      // not in `pages`.
      if (pages[i].truth.empty()) {
        ++undated;
      } else {
        ++a.pages;
        ++b.pages;
      }
      const PublishedDate& d = ours.pages[i].article.published;
      if (ours.ok[i] && d.known() && d.day > 0) {
        ++a.returned;
        bool good = d.ToIso().substr(0, 10) == pages[i].truth;
        if (g_verbose && !good) {
          std::fprintf(stderr, "%s truth %s got %s (%s)\n", pages[i].id.c_str(),
                       pages[i].truth.c_str(), d.ToIso().c_str(),
                       ours.pages[i].date_source.c_str());
        }
        a.correct += good;
        auto& s = by_source[ours.pages[i].date_source.substr(0, 5) == "meta:"
                                ? "meta"
                                : ours.pages[i].date_source];
        ++s.first;
        s.second += good;
      }
      if (g_verbose && !(ours.ok[i] && d.known() && d.day > 0)) {
        std::fprintf(stderr, "MISSING %s truth %s\n", pages[i].path.c_str(),
                     pages[i].truth.c_str());
      }
      if (theirs.ok && theirs.published[i].size() >= 10) {
        ++b.returned;
        b.correct += theirs.published[i].substr(0, 10) == pages[i].truth;
      }
    }
    std::printf("htmldate %s: %zu pages (%zu without a date)\n", set, pages.size(), undated);
    a.Print("storyline");
    if (theirs.ok) b.Print("Readability.js");
    std::printf("  storyline by source:");
    for (const auto& [src, n] : by_source) {
      std::printf(" %s %zu/%zu", src.c_str(), n.second, n.first);
    }
    std::printf(" (correct/returned)\n");
  }
  return rc;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: extract_eval DATA_DIR [--no-peer] [--limit N] [--sets "
                 "cleaneval,l3s,htmldate] [--dump DIR] [--verbose]\n");
    return 2;
  }
  fs::path data = argv[1];
  bool peer = true;
  size_t limit = 0;
  std::string sets = "cleaneval,l3s,htmldate", dump;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--no-peer") {
      peer = false;
    } else if (a == "--limit" && i + 1 < argc) {
      limit = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--sets" && i + 1 < argc) {
      sets = argv[++i];
    } else if (a == "--verbose") {
      g_verbose = true;
    } else if (a == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else {
      std::fprintf(stderr, "extract_eval: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (!fs::is_directory(data / "extract")) {
    std::fprintf(stderr,
                 "extract_eval: %s has no extract/ folder: give the shared data folder "
                 "(../shared/data)\n",
                 data.c_str());
    return 2;
  }
  if (peer && !fs::exists(fs::path(STORYLINE_SOURCE_DIR) / "bench/peers/node/node_modules")) {
    std::fprintf(stderr,
                 "extract_eval: the peer is not installed: run npm ci --prefix "
                 "bench/peers/node (or pass --no-peer)\n");
    return 2;
  }
  int rc = 0;
  if (sets.find("cleaneval") != std::string::npos) {
    rc = std::max(rc,
                  EvalMainText("cleaneval", data / "extract/cleaneval-final", limit, peer, dump));
  }
  if (sets.find("l3s") != std::string::npos) {
    rc = std::max(rc, EvalMainText("l3s-gn1", data / "extract/l3s-gn1", limit, peer, dump));
  }
  if (sets.find("htmldate") != std::string::npos) {
    rc = std::max(rc, EvalDates(data / "extract/htmldate", limit, peer));
  }
  return rc;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
