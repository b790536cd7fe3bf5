// search_eval: ranking quality of storyline's search against Xapian and SQLite FTS5 on the
// classic test collections, in one run, each system with English stemming.
//
//   search_eval RELEVANCE_DIR [--collections adi,cacm,...] [--k1 K] [--b B] [--title-boost T]
//               [--json]
//
// RELEVANCE_DIR holds one folder per collection with docs.jsonl (id, title, text), queries.tsv
// (qid TAB text) and qrels.txt (TREC: qid 0 docid rel). Every system indexes the same documents
// (storyline through its public API, into a temporary store, with lang "en") and answers every
// query that has judgements, its words OR-ed (a query's text lower-cased and cut at
// non-alphanumerics, so no word is read as an operator). Metrics: nDCG@10 (gain = the judged
// grade, log2 discount; ideal order from the judgements) and MAP over the top 1000 (a document
// is relevant when its grade is > 0), averaged over the judged queries.
// Exit codes: 0 done, 1 a system failed, 2 bad usage or missing data.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "peers/search_peers.h"
#include "storyline/engine.h"

namespace fs = std::filesystem;
using storyline::peers::PeerDoc;
using storyline::peers::PeerQueryKind;

namespace {

struct Collection {
  std::string name;
  std::vector<PeerDoc> docs;
  std::vector<std::pair<std::string, std::string>> queries;       // qid, text
  std::map<std::string, std::map<std::string, int>> qrels;        // qid -> doc -> grade
};

bool Load(const fs::path& dir, Collection* c) {
  std::ifstream docs(dir / "docs.jsonl"), queries(dir / "queries.tsv"), qrels(dir / "qrels.txt");
  if (!docs || !queries || !qrels) return false;
  std::string line;
  while (std::getline(docs, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    PeerDoc d;
    d.id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
    d.title = j.value("title", "");
    d.text = j.value("text", "");
    c->docs.push_back(std::move(d));
  }
  while (std::getline(queries, line)) {
    const size_t tab = line.find('\t');
    if (tab != std::string::npos) c->queries.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  while (std::getline(qrels, line)) {
    std::istringstream in(line);
    std::string qid, zero, doc;
    int rel;
    if (in >> qid >> zero >> doc >> rel) c->qrels[qid][doc] = rel;
  }
  return true;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  for (char ch : text + " ") {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      w.push_back(static_cast<char>(std::tolower(c)));
    } else if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  return out;
}

struct Scores {
  double ndcg10 = 0, map = 0;
  int queries = 0;
};

void Score(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged,
           Scores* s) {
  double dcg = 0;
  for (size_t i = 0; i < ranking.size() && i < 10; ++i) {
    const auto it = judged.find(ranking[i]);
    if (it != judged.end() && it->second > 0) dcg += it->second / std::log2(i + 2.0);
  }
  std::vector<int> grades;
  int relevant = 0;
  for (const auto& [doc, g] : judged) {
    if (g > 0) {
      grades.push_back(g);
      ++relevant;
    }
  }
  std::sort(grades.rbegin(), grades.rend());
  double idcg = 0;
  for (size_t i = 0; i < grades.size() && i < 10; ++i) idcg += grades[i] / std::log2(i + 2.0);
  double ap = 0;
  int found = 0;
  for (size_t i = 0; i < ranking.size(); ++i) {
    const auto it = judged.find(ranking[i]);
    if (it != judged.end() && it->second > 0) ap += static_cast<double>(++found) / (i + 1.0);
  }
  s->ndcg10 += idcg > 0 ? dcg / idcg : 0;
  s->map += relevant > 0 ? ap / relevant : 0;
  ++s->queries;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::fprintf(stderr,
                 "usage: search_eval RELEVANCE_DIR [--collections adi,cacm,cisi,cran,lisa,med] "
                 "[--k1 K] [--b B] [--title-boost T] [--json]\n"
                 "  RELEVANCE_DIR: e.g. ../shared/data/search/relevance\n");
    return 2;
  }
  const fs::path root = argv[1];
  std::vector<std::string> names = {"adi", "cacm", "cisi", "cran", "lisa", "med"};
  storyline::SearchOptions base;
  bool json = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "search_eval: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--collections") {
      names.clear();
      std::stringstream ss(next());
      for (std::string n; std::getline(ss, n, ',');) names.push_back(n);
    } else if (a == "--k1") {
      base.k1 = std::stod(next());
    } else if (a == "--b") {
      base.b = std::stod(next());
    } else if (a == "--title-boost") {
      base.title_boost = std::stod(next());
    } else if (a == "--json") {
      json = true;
    } else {
      std::fprintf(stderr, "search_eval: unknown argument %s (try --help)\n", a.c_str());
      return 2;
    }
  }
  if (!fs::is_directory(root)) {
    std::fprintf(stderr,
                 "search_eval: %s is not a directory; give the relevance collections' folder, "
                 "e.g. ../shared/data/search/relevance\n",
                 root.c_str());
    return 2;
  }
  char tmpl[] = "/tmp/storyline-search-eval-XXXXXX";
  const std::string tmp = mkdtemp(tmpl);
  nlohmann::json out = nlohmann::json::array();
  std::map<std::string, Scores> mean;
  if (!json) {
    std::printf("%-6s %6s %5s | %-24s | %-24s | %-24s\n", "", "docs", "qs", "storyline nDCG@10 MAP",
                "xapian nDCG@10 MAP", "sqlite-fts5 nDCG@10 MAP");
  }
  for (const std::string& name : names) {
    Collection c;
    c.name = name;
    if (!Load(root / name, &c)) {
      std::fprintf(stderr, "search_eval: %s lacks docs.jsonl, queries.tsv or qrels.txt\n",
                   (root / name).c_str());
      return 2;
    }
    std::map<std::string, Scores> scores;
    // storyline, through its public API.
    {
      const std::string input = tmp + "/" + name + ".jsonl";
      {
        std::ofstream f(input);
        for (const PeerDoc& d : c.docs) {
          f << nlohmann::json({{"id", d.id}, {"title", d.title}, {"text", d.text}, {"lang", "en"}})
                   .dump()
            << "\n";
        }
      }
      storyline::Options o;
      o.data_dir = tmp + "/store-" + name;
      auto engine = storyline::Engine::Open(o);
      if (!engine.ok()) {
        std::fprintf(stderr, "search_eval: %s\n", engine.status().message().c_str());
        return 1;
      }
      storyline::IngestOptions io;
      io.batch_max_articles = 1u << 30;
      auto ingested = (*engine)->Ingest({input}, io, nullptr);
      // Documents with neither title nor text are not articles (storyline rejects them; they
      // cannot match any query in any system), and a record repeated whole is one article.
      std::set<std::tuple<std::string, std::string, std::string>> distinct;
      for (const PeerDoc& d : c.docs) {
        if (d.title.find_first_not_of(" \t\n") != std::string::npos ||
            d.text.find_first_not_of(" \t\n") != std::string::npos) {
          distinct.emplace(d.id, d.title, d.text);
        }
      }
      const size_t with_content = distinct.size();
      if (!ingested.ok() || ingested->articles_added != with_content) {
        std::fprintf(stderr, "search_eval: storyline did not ingest %s whole\n", name.c_str());
        return 1;
      }
      for (const auto& [qid, text] : c.queries) {
        if (!c.qrels.count(qid)) continue;
        const auto words = Words(text);
        storyline::SearchOptions so = base;
        for (const auto& w : words) so.query += (so.query.empty() ? "" : " ") + w;
        so.limit = 1000;
        so.snippet_bytes = 0;
        std::vector<std::string> ranking;
        if (!words.empty()) {
          auto r = (*engine)->Search(so);
          if (!r.ok()) {
            std::fprintf(stderr, "search_eval: storyline on %s query %s: %s\n", name.c_str(),
                         qid.c_str(), r.status().message().c_str());
            return 1;
          }
          for (const auto& h : r->hits) {
            ranking.push_back(nlohmann::json::parse(h.article.metadata_json).value("id", ""));
          }
        }
        Score(ranking, c.qrels[qid], &scores["storyline"]);
      }
    }
    // The peers.
    for (auto& peer : {storyline::peers::MakeXapianPeer(tmp + "/xapian-" + name),
                       storyline::peers::MakeFts5Peer(tmp + "/fts5-" + name)}) {
      if (auto s = peer->Index(c.docs); !s.ok()) {
        std::fprintf(stderr, "search_eval: %s\n", s.message().c_str());
        return 1;
      }
      for (const auto& [qid, text] : c.queries) {
        if (!c.qrels.count(qid)) continue;
        const auto words = Words(text);
        std::vector<std::string> ranking;
        if (!words.empty()) {
          auto r = peer->Search(words, PeerQueryKind::kOr, 1000);
          if (!r.ok()) {
            std::fprintf(stderr, "search_eval: %s\n", r.status().message().c_str());
            return 1;
          }
          ranking = std::move(*r);
        }
        Score(ranking, c.qrels[qid], &scores[peer->name()]);
      }
    }
    nlohmann::json row = {{"collection", name}, {"docs", c.docs.size()}};
    for (auto& [system, s] : scores) {
      s.ndcg10 /= std::max(1, s.queries);
      s.map /= std::max(1, s.queries);
      row[system] = {{"ndcg10", s.ndcg10}, {"map", s.map}, {"queries", s.queries}};
      mean[system].ndcg10 += s.ndcg10 / names.size();
      mean[system].map += s.map / names.size();
    }
    out.push_back(row);
    if (!json) {
      std::printf("%-6s %6zu %5d | %12.3f %11.3f | %12.3f %11.3f | %12.3f %11.3f\n", name.c_str(),
                  c.docs.size(), scores["storyline"].queries, scores["storyline"].ndcg10,
                  scores["storyline"].map, scores["xapian"].ndcg10, scores["xapian"].map,
                  scores["sqlite-fts5"].ndcg10, scores["sqlite-fts5"].map);
    }
  }
  fs::remove_all(tmp);
  if (json) {
    nlohmann::json m;
    for (auto& [system, s] : mean) m[system] = {{"ndcg10", s.ndcg10}, {"map", s.map}};
    std::printf("%s\n", nlohmann::json({{"collections", out},
                                        {"mean", m},
                                        {"k1", base.k1},
                                        {"b", base.b},
                                        {"title_boost", base.title_boost}})
                            .dump()
                            .c_str());
  } else {
    std::printf("%-6s %6s %5s | %12.3f %11.3f | %12.3f %11.3f | %12.3f %11.3f\n", "mean", "", "",
                mean["storyline"].ndcg10, mean["storyline"].map, mean["xapian"].ndcg10,
                mean["xapian"].map, mean["sqlite-fts5"].ndcg10, mean["sqlite-fts5"].map);
  }
  return 0;
}
