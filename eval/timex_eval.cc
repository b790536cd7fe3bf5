// timex_eval: scores the temporal-expression recogniser (src/time/) on TimeML (.tml) files given
// by path (TempEval-3 training data: TimeBank + AQUAINT), and runs a peer (chrono-node) on the
// same documents in the same run.
//
//   timex_eval DATA_DIR [--peer-script bench/peers/node/timex_chrono.mjs] [--repeat N]
//              [--errors N [--show-ok] [--context]] [--json]
//
// Each document: the text is the content of <TEXT> with the tags removed and the XML entities
// decoded; the gold expressions are its TIMEX3 elements (byte offsets into that text); the
// reference date is the document creation time, the TIMEX3 with
// functionInDocument="CREATION_TIME" (outside <TEXT> in these files, in <DCT>).
// Scores (the TempEval-3 definitions): strict span P/R/F1 (same begin and end), relaxed span
// P/R/F1 (overlap; each gold and each found expression matched at most once, in text order),
// type and value accuracy on the relaxed matches, and type/value F1 = relaxed F1 x accuracy
// (TempEval-3's attribute F1). Speed: FindTimexes alone over all texts on one thread, the
// median of --repeat runs; the peer's time is measured inside node around its parsing loop.
// Exit codes: 0 done, 1 bad data, 2 missing data or bad usage.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/tokenizer.h"
#include "time/timex.h"

namespace storyline {
namespace {

struct Span {
  uint32_t begin = 0, end = 0;
  std::string type, value;
};

struct Document {
  std::string name;
  std::string text;
  std::string dct;  // TIMEX3 value of the creation time
  PublishedDate reference;
  std::vector<Span> gold;
};

std::string Attr(std::string_view tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const size_t at = tag.find(key);
  if (at == std::string_view::npos) return "";
  const size_t b = at + key.size();
  const size_t e = tag.find('"', b);
  return e == std::string_view::npos ? "" : std::string(tag.substr(b, e - b));
}

// Appends the decoding of one XML entity starting at s[i] ('&'); returns the index after it.
size_t DecodeEntity(std::string_view s, size_t i, std::string* out) {
  const size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) {
    out->push_back('&');
    return i + 1;
  }
  const std::string_view name = s.substr(i + 1, semi - i - 1);
  if (name == "amp")
    *out += '&';
  else if (name == "lt")
    *out += '<';
  else if (name == "gt")
    *out += '>';
  else if (name == "quot")
    *out += '"';
  else if (name == "apos")
    *out += '\'';
  else if (!name.empty() && name[0] == '#') {
    const long cp = name.size() > 1 && (name[1] == 'x' || name[1] == 'X')
                        ? std::strtol(std::string(name.substr(2)).c_str(), nullptr, 16)
                        : std::strtol(std::string(name.substr(1)).c_str(), nullptr, 10);
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  } else {
    out->append(s.substr(i, semi - i + 1));  // unknown entity: kept as written
  }
  return semi + 1;
}

PublishedDate ParseDct(const std::string& v) {
  PublishedDate d;
  int y = 0, m = 0, day = 0, h = -1, mi = -1;
  const int n = std::sscanf(v.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &m, &day, &h, &mi);
  if (n >= 1 && y > 0) {
    d.year = y;
    d.month = n >= 2 ? m : 0;
    d.day = n >= 3 ? day : 0;
    if (n >= 4) d.hour = h;
    if (n >= 5) d.minute = mi;
    d.provenance = DateProvenance::kMetadata;
    d.confidence = 1;
  }
  return d;
}

// Parses one .tml file; false with *error on malformed input.
bool ParseTml(const std::string& path, Document* doc, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  // The creation time: anywhere in the file.
  for (size_t at = s.find("<TIMEX3"); at != std::string::npos; at = s.find("<TIMEX3", at + 1)) {
    const size_t close = s.find('>', at);
    if (close == std::string::npos) break;
    const std::string_view tag(s.data() + at, close - at);
    if (Attr(tag, "functionInDocument") == "CREATION_TIME") {
      doc->dct = Attr(tag, "value");
      break;
    }
  }
  const size_t tb = s.find("<TEXT>");
  const size_t te = s.find("</TEXT>");
  if (tb == std::string::npos || te == std::string::npos || te < tb) {
    *error = "no <TEXT> element";
    return false;
  }
  const std::string_view body(s.data() + tb + 6, te - tb - 6);
  std::vector<Span> open;
  for (size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (c == '&') {
      i = DecodeEntity(body, i, &doc->text);
      continue;
    }
    if (c != '<') {
      doc->text.push_back(c);
      ++i;
      continue;
    }
    const size_t close = body.find('>', i);
    if (close == std::string_view::npos) {
      *error = "unterminated tag";
      return false;
    }
    const std::string_view tag = body.substr(i, close - i + 1);
    if (tag.starts_with("<TIMEX3")) {
      Span sp;
      sp.begin = static_cast<uint32_t>(doc->text.size());
      sp.type = Attr(tag, "type");
      sp.value = Attr(tag, "value");
      if (Attr(tag, "functionInDocument") == "CREATION_TIME") sp.type = "#DCT";
      open.push_back(sp);
    } else if (tag.starts_with("</TIMEX3")) {
      if (open.empty()) {
        *error = "unbalanced </TIMEX3>";
        return false;
      }
      Span sp = open.back();
      open.pop_back();
      sp.end = static_cast<uint32_t>(doc->text.size());
      if (sp.type != "#DCT" && sp.end > sp.begin) doc->gold.push_back(sp);
    }
    i = close + 1;
  }
  std::sort(doc->gold.begin(), doc->gold.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  doc->reference = ParseDct(doc->dct);
  return true;
}

struct Counts {
  size_t gold = 0, found = 0, strict = 0, relaxed = 0, type_ok = 0, value_ok = 0;
  double P(size_t m) const { return found ? double(m) / found : 0; }
  double R(size_t m) const { return gold ? double(m) / gold : 0; }
  double F(size_t m) const {
    const double p = P(m), r = R(m);
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

struct Mismatch {
  std::string doc, kind, gold, found;
  std::string context;  // the text around the expression, one line, for --context
};

// About 70 bytes either side of [begin, end), newlines flattened, the expression in [[ ]].
std::string ContextOf(const std::string& text, uint32_t begin, uint32_t end) {
  const size_t from = begin > 70 ? begin - 70 : 0;
  const size_t to = std::min<size_t>(text.size(), end + 70);
  std::string out = text.substr(from, begin - from) + "[[" + text.substr(begin, end - begin) +
                    "]]" + text.substr(end, to - end);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

// Scores one document; mismatches appended for --errors.
void Score(const Document& d, const std::vector<Span>& found, Counts* c,
           std::vector<Mismatch>* errors) {
  c->gold += d.gold.size();
  c->found += found.size();
  std::vector<bool> used(found.size(), false);
  auto text_of = [&](const Span& s) { return d.text.substr(s.begin, s.end - s.begin); };
  for (const Span& g : d.gold) {
    size_t best = found.size();
    for (size_t k = 0; k < found.size(); ++k) {
      if (used[k] || found[k].end <= g.begin || found[k].begin >= g.end) continue;
      if (best == found.size() || (found[k].begin == g.begin && found[k].end == g.end)) best = k;
    }
    if (best == found.size()) {
      errors->push_back({d.name, "missed", text_of(g) + " = " + g.type + " " + g.value, "",
                         ContextOf(d.text, g.begin, g.end)});
      continue;
    }
    used[best] = true;
    const Span& f = found[best];
    ++c->relaxed;
    if (f.begin == g.begin && f.end == g.end) ++c->strict;
    if (f.type == g.type) ++c->type_ok;
    if (f.value == g.value) {
      ++c->value_ok;
      errors->push_back({d.name, "ok", text_of(g) + " = " + g.type + " " + g.value,
                         text_of(f) + " = " + f.type + " " + f.value,
                         ContextOf(d.text, g.begin, g.end)});
    } else {
      errors->push_back({d.name, "value", text_of(g) + " = " + g.type + " " + g.value,
                         text_of(f) + " = " + f.type + " " + f.value + "  (dct " + d.dct + ")",
                         ContextOf(d.text, g.begin, g.end)});
    }
  }
  for (size_t k = 0; k < found.size(); ++k) {
    if (!used[k]) {
      errors->push_back({d.name, "spurious", "",
                         text_of(found[k]) + " = " + found[k].type + " " + found[k].value,
                         ContextOf(d.text, found[k].begin, found[k].end)});
    }
  }
}

struct PeerResult {
  bool ran = false;
  std::string error;
  std::vector<std::vector<Span>> found;
  double seconds = 0;
};

PeerResult RunPeer(const std::string& script, const std::vector<Document>& docs) {
  PeerResult r;
  const std::string pid = std::to_string(getpid());
  const std::string in_path = "/tmp/timex_eval_peer_in." + pid + ".jsonl";
  const std::string out_path = "/tmp/timex_eval_peer_out." + pid + ".jsonl";
  const std::string err_path = "/tmp/timex_eval_peer_err." + pid + ".txt";
  {
    std::ofstream in(in_path);
    for (const Document& d : docs) {
      in << nlohmann::json{{"text", d.text}, {"dct", d.dct}}.dump(
                -1, ' ', false, nlohmann::json::error_handler_t::replace)
         << "\n";
    }
  }
  const std::string cmd =
      "node '" + script + "' '" + in_path + "' > '" + out_path + "' 2> '" + err_path + "'";
  const int rc = std::system(cmd.c_str());
  std::ifstream out(out_path), err(err_path);
  std::stringstream err_text;
  err_text << err.rdbuf();
  if (rc != 0) {
    r.error = "peer exited with " + std::to_string(rc) + ": " + err_text.str().substr(0, 400) +
              " (install it with: npm ci --prefix bench/peers/node)";
  } else {
    std::string line;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (!std::getline(out, line)) {
        r.error = "peer printed fewer lines than documents";
        break;
      }
      std::vector<Span> spans;
      for (const auto& j : nlohmann::json::parse(line)) {
        Span sp;
        sp.begin = j[0].get<uint32_t>();
        sp.end = j[1].get<uint32_t>();
        sp.value = j[2].get<std::string>();
        sp.type = j[3].get<std::string>();
        if (sp.end > sp.begin && sp.end <= docs[i].text.size()) spans.push_back(sp);
      }
      r.found.push_back(std::move(spans));
    }
    std::string word;
    while (err_text >> word) {
      if (word == "seconds") err_text >> r.seconds;
    }
    r.ran = r.error.empty();
  }
  std::remove(in_path.c_str());
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  return r;
}

void PrintRow(const char* name, const Counts& c) {
  const double acc_type = c.relaxed ? double(c.type_ok) / c.relaxed : 0;
  const double acc_value = c.relaxed ? double(c.value_ok) / c.relaxed : 0;
  std::printf(
      "%-10s %5zu %5zu | %5.1f %5.1f %5.1f | %5.1f %5.1f %5.1f | %5.1f %5.1f | %5.1f %5.1f\n", name,
      c.gold, c.found, 100 * c.P(c.strict), 100 * c.R(c.strict), 100 * c.F(c.strict),
      100 * c.P(c.relaxed), 100 * c.R(c.relaxed), 100 * c.F(c.relaxed), 100 * acc_type,
      100 * acc_value, 100 * c.F(c.relaxed) * acc_type, 100 * c.F(c.relaxed) * acc_value);
}

nlohmann::json ToJson(const Counts& c) {
  const double acc_type = c.relaxed ? double(c.type_ok) / c.relaxed : 0;
  const double acc_value = c.relaxed ? double(c.value_ok) / c.relaxed : 0;
  return {{"gold", c.gold},
          {"found", c.found},
          {"strict_p", c.P(c.strict)},
          {"strict_r", c.R(c.strict)},
          {"strict_f1", c.F(c.strict)},
          {"relaxed_p", c.P(c.relaxed)},
          {"relaxed_r", c.R(c.relaxed)},
          {"relaxed_f1", c.F(c.relaxed)},
          {"type_accuracy", acc_type},
          {"value_accuracy", acc_value},
          {"type_f1", c.F(c.relaxed) * acc_type},
          {"value_f1", c.F(c.relaxed) * acc_value}};
}

int Main(int argc, char** argv) {
  std::string data_dir, peer_script;
  int repeat = 5;
  size_t max_errors = 0;
  bool json = false;
  bool show_ok = false;       // --errors lists the correct matches too (for tuning)
  bool show_context = false;  // --errors prints the text around each expression too
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--peer-script" && i + 1 < argc) {
      peer_script = argv[++i];
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--errors" && i + 1 < argc) {
      max_errors = static_cast<size_t>(std::atol(argv[++i]));
    } else if (a == "--show-ok") {
      show_ok = true;
    } else if (a == "--context") {
      show_context = true;
    } else if (a == "--json") {
      json = true;
    } else if (!a.empty() && a[0] != '-' && data_dir.empty()) {
      data_dir = a;
    } else {
      std::fprintf(stderr,
                   "usage: timex_eval DATA_DIR [--peer-script bench/peers/node/timex_chrono.mjs]"
                   " [--repeat N] [--errors N [--show-ok] [--context]] [--json]\n");
      return 2;
    }
  }
  if (data_dir.empty()) {
    std::fprintf(stderr,
                 "timex_eval: give the folder of TimeML files, e.g. "
                 "../shared/data/temporal/tempeval3-train/\n");
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(data_dir, ec)) {
    std::fprintf(stderr,
                 "timex_eval: %s: no such folder (the TempEval-3 training data, TimeBank and "
                 "AQUAINT .tml files, lives in ../shared/data/temporal/tempeval3-train/)\n",
                 data_dir.c_str());
    return 2;
  }
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::recursive_directory_iterator(data_dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".tml") paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) {
    std::fprintf(stderr, "timex_eval: %s: no .tml files found\n", data_dir.c_str());
    return 2;
  }
  std::vector<Document> docs;
  size_t bytes = 0, tokens = 0;
  for (const std::string& p : paths) {
    Document d;
    d.name = std::filesystem::relative(p, data_dir, ec).string();
    std::string error;
    if (!ParseTml(p, &d, &error)) {
      std::fprintf(stderr, "timex_eval: %s: %s\n", p.c_str(), error.c_str());
      return 1;
    }
    bytes += d.text.size();
    std::vector<Token> toks;
    Tokenizer().Tokenize(d.text, &toks);
    tokens += CountWordTokens(toks);
    docs.push_back(std::move(d));
  }

  // Ours: found spans, and the median time of `repeat` runs over all documents.
  std::vector<std::vector<Span>> ours(docs.size());
  std::vector<double> times;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    size_t sink = 0;
    for (size_t i = 0; i < docs.size(); ++i) {
      std::vector<Timex> found = FindTimexes(docs[i].text, docs[i].reference);
      sink += found.size();
      if (r == 0) {
        for (const Timex& t : found) {
          ours[i].push_back({t.begin, t.end, TimexTypeName(t.type), t.value});
        }
      }
    }
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    if (sink == 0 && r == 0) std::fprintf(stderr, "timex_eval: nothing found at all\n");
  }
  std::sort(times.begin(), times.end());
  const double seconds = times[times.size() / 2];

  Counts counts;
  std::vector<Mismatch> errors;
  for (size_t i = 0; i < docs.size(); ++i) Score(docs[i], ours[i], &counts, &errors);

  PeerResult peer;
  Counts peer_counts;
  if (!peer_script.empty()) {
    peer = RunPeer(peer_script, docs);
    if (peer.ran) {
      std::vector<Mismatch> ignored;
      for (size_t i = 0; i < docs.size(); ++i)
        Score(docs[i], peer.found[i], &peer_counts, &ignored);
    }
  }

  if (json) {
    nlohmann::json j;
    j["documents"] = docs.size();
    j["bytes"] = bytes;
    j["tokens"] = tokens;
    j["storyline"] = ToJson(counts);
    j["storyline"]["seconds"] = seconds;
    j["storyline"]["kb_per_s"] = bytes / 1024.0 / seconds;
    j["storyline"]["tokens_per_s"] = tokens / seconds;
    if (peer.ran) {
      j["peer"] = ToJson(peer_counts);
      j["peer"]["name"] = "chrono-node";
      j["peer"]["seconds"] = peer.seconds;
      j["peer"]["kb_per_s"] = peer.seconds > 0 ? bytes / 1024.0 / peer.seconds : 0;
    } else if (!peer.error.empty()) {
      j["peer_error"] = peer.error;
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("TempEval-3 style scores on %zu documents (%zu bytes, %zu tokens) from %s\n",
              docs.size(), bytes, tokens, data_dir.c_str());
  std::printf("%-10s %5s %5s | %-17s | %-17s | %-11s | %-11s\n", "system", "gold", "found",
              "strict P  R  F1", "relaxed P  R  F1", "acc type val", "F1 type val");
  PrintRow("storyline", counts);
  if (peer.ran) PrintRow("chrono", peer_counts);
  std::printf(
      "\nspeed (one thread, FindTimexes alone, median of %d): %.3f s, %.0f KB/s, %.0f "
      "tokens/s\n",
      repeat, seconds, bytes / 1024.0 / seconds, tokens / seconds);
  if (peer.ran) {
    std::printf("chrono-node (one run, node, parse loop only): %.3f s, %.0f KB/s; ratio %.1fx\n",
                peer.seconds, peer.seconds > 0 ? bytes / 1024.0 / peer.seconds : 0,
                peer.seconds / seconds);
  } else if (!peer.error.empty()) {
    std::printf("peer: %s\n", peer.error.c_str());
  }
  for (size_t i = 0, shown = 0; i < errors.size() && shown < max_errors; ++i) {
    const Mismatch& m = errors[i];
    if (m.kind == "ok" && !show_ok) continue;
    ++shown;
    std::printf("%-8s %-28s gold[%s] found[%s]\n", m.kind.c_str(), m.doc.c_str(), m.gold.c_str(),
                m.found.c_str());
    if (show_context) std::printf("         %s\n", m.context.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
