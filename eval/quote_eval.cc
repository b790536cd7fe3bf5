// quote_eval: scores the quote finder (src/quotes/) on PolNeAR (2016 US election news with
// brat attributions: Source, Cue and Content spans linked by an E relation), and runs a simple
// peer in the same run: a regular-expression baseline (text between quotation marks, speaker =
// the nearest capitalised name or he/she next to a said-verb right after or right before it).
//
//   quote_eval DATA_DIR [--split train|dev|both] [--errors N] [--repeat N] [--show FILE]
//
// DATA_DIR is the PolNeAR folder (../shared/data/quotes/polnear) holding train/ and dev/, each
// with text/NAME.txt and attributions/NAME_ANNOTATOR.ann. Brat offsets count code points; they
// are turned into byte offsets here.
// Several annotators: most articles have one .ann file; the few annotated by several people
// (annotator training and agreement sets) are scored against one of them, the annotator whose
// file name sorts first, so each article counts once and no annotations are merged.
// Gold direct quotes: attributions whose content (first fragment's begin to last fragment's end)
// starts with a quotation mark or right after an opening one (“ « „ "), as the data's README
// defines direct quotes (contents inside quotation marks).
// Predictions: the quotes with an attribution (a cue or a speaker) that are full quotes or
// partial quotes (scare quotes and titles are not attributions); the line "full
// only" scores the full quotes alone. A prediction that
// overlaps no direct gold quote but overlaps a gold indirect or mixed attribution (“X said that
// he was “happy” ...”) is set aside, neither right nor wrong (the restriction removed that gold
// attribution); the count is printed, and the strict precision that counts them wrong too.
// Scores: a prediction is right when its content overlaps a direct gold content; a gold quote is
// found when some prediction overlaps it. Speaker accuracy on found gold quotes that have a
// Source: the prediction overlapping it most; exact = same span (spaces trimmed), head = same
// head word (the last word before any comma, bracket, "of", "for", "who" ...; case-folded,
// possessive dropped). Speed: FindQuotes alone, one thread, over every text of the split, the
// median of --repeat runs (5); the entity recogniser's and the baseline's time from one run.
// --show FILE prints the mentions and quotes of one text file.
// Exit codes: 0 done, 1 bad data, 2 missing data or bad usage.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/tokenizer.h"
#include "entities/embedded_model.h"
#include "entities/entity_recognizer.h"
#include "entities/ner_model.h"
#include "quotes/quote_finder.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

struct Span {
  uint32_t begin = 0, end = 0;
  bool empty() const { return begin >= end; }
};

struct GoldQuote {
  Span content;
  Span source;  // empty when the attribution has no Source
  bool direct = false;
};

struct Document {
  std::string name;
  std::string text;
  std::vector<GoldQuote> gold;
};

struct Prediction {
  Span content;
  Span speaker;
};

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// Byte offset of each code point index (and one past the end).
std::vector<uint32_t> CodePointOffsets(const std::string& text) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(static_cast<uint32_t>(text.size()));
  return out;
}

bool StartsWithAny(std::string_view s, std::initializer_list<std::string_view> marks) {
  for (auto m : marks) {
    if (s.substr(0, m.size()) == m) return true;
  }
  return false;
}
bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> marks) {
  for (auto m : marks) {
    if (s.size() >= m.size() && s.substr(s.size() - m.size()) == m) return true;
  }
  return false;
}

Span Trim(const std::string& text, Span s) {
  while (s.begin < s.end && std::isspace(static_cast<unsigned char>(text[s.begin]))) ++s.begin;
  while (s.end > s.begin && std::isspace(static_cast<unsigned char>(text[s.end - 1]))) --s.end;
  return s;
}

bool IsDirect(const std::string& text, Span content) {
  Span c = Trim(text, content);
  std::string_view inside(text.data() + c.begin, c.end - c.begin);
  if (StartsWithAny(inside, {"\xE2\x80\x9C", "\xC2\xAB", "\xE2\x80\x9E", "\""})) return true;
  uint32_t b = c.begin;
  while (b > 0 && text[b - 1] == ' ') --b;
  std::string_view before(text.data(), b);
  return EndsWithAny(before, {"\xE2\x80\x9C", "\xC2\xAB", "\xE2\x80\x9E", "\""}) &&
         !(b >= 2 && !std::isspace(static_cast<unsigned char>(text[b - 2])) && text[b - 1] == '"' &&
           std::isalnum(static_cast<unsigned char>(text[b - 2])));
}

// Parses one .ann file; false with *error set on a malformed line.
bool ParseAnn(const std::string& ann, const std::string& text, std::vector<GoldQuote>* out,
              std::string* error) {
  const std::vector<uint32_t> cp = CodePointOffsets(text);
  auto to_byte = [&](long c) -> uint32_t {
    if (c < 0) return 0;
    if (static_cast<size_t>(c) >= cp.size()) return static_cast<uint32_t>(text.size());
    return cp[c];
  };
  std::map<std::string, Span> spans;
  std::vector<std::pair<std::string, std::string>> relations;  // content id, source id
  std::istringstream in(ann);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    size_t t1 = line.find('\t');
    if (t1 == std::string::npos) continue;  // a continuation of a multi-line span text
    std::string id = line.substr(0, t1);
    size_t t2 = line.find('\t', t1 + 1);
    std::string mid =
        line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1);
    if (id[0] == 'T') {
      size_t sp = mid.find(' ');
      if (sp == std::string::npos) {
        *error = "line " + std::to_string(line_no) + ": no span";
        return false;
      }
      long lo = -1, hi = -1;
      std::string ranges = mid.substr(sp + 1);
      for (char& c : ranges) {
        if (c == ';') c = ' ';
      }
      std::istringstream r(ranges);
      long a, b;
      while (r >> a >> b) {
        if (lo < 0 || a < lo) lo = a;
        hi = std::max(hi, b);
      }
      if (lo < 0) {
        *error = "line " + std::to_string(line_no) + ": bad offsets";
        return false;
      }
      spans[id] = {to_byte(lo), to_byte(hi)};
    } else if (id[0] == 'E') {
      std::istringstream r(mid);
      std::string arg, content, source;
      while (r >> arg) {
        size_t colon = arg.find(':');
        if (colon == std::string::npos) continue;
        std::string role = arg.substr(0, colon), ref = arg.substr(colon + 1);
        if (role == "Content") content = ref;
        if (role == "Source") source = ref;
      }
      if (!content.empty()) relations.push_back({content, source});
    }
  }
  for (const auto& [content, source] : relations) {
    auto c = spans.find(content);
    if (c == spans.end()) continue;
    GoldQuote g;
    g.content = c->second;
    auto s = spans.find(source);
    if (s != spans.end()) g.source = Trim(text, s->second);
    g.direct = IsDirect(text, g.content);
    out->push_back(g);
  }
  return true;
}

// Loads DIR/text/*.txt with one annotator's DIR/attributions/*.ann each.
bool LoadSplit(const fs::path& dir, std::vector<Document>* docs, std::string* error) {
  std::map<std::string, std::string> first_ann;  // article name -> first annotator's file
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / "attributions", ec)) {
    std::string f = e.path().filename().string();
    if (f.size() < 5 || f.substr(f.size() - 4) != ".ann") continue;
    size_t us = f.rfind('_');
    if (us == std::string::npos) continue;
    std::string base = f.substr(0, us);
    auto it = first_ann.find(base);
    if (it == first_ann.end() || f < it->second) first_ann[base] = f;
  }
  if (ec) {
    *error = (dir / "attributions").string() + ": " + ec.message();
    return false;
  }
  for (const auto& [base, ann_file] : first_ann) {
    Document d;
    d.name = base;
    std::string ann;
    if (!ReadFile(dir / "text" / (base + ".txt"), &d.text)) {
      *error = (dir / "text" / (base + ".txt")).string() + ": cannot read (the .ann has no text)";
      return false;
    }
    if (!ReadFile(dir / "attributions" / ann_file, &ann)) {
      *error = (dir / "attributions" / ann_file).string() + ": cannot read";
      return false;
    }
    std::string why;
    if (!ParseAnn(ann, d.text, &d.gold, &why)) {
      *error = (dir / "attributions" / ann_file).string() + ": " + why;
      return false;
    }
    docs->push_back(std::move(d));
  }
  return true;
}

std::string HeadWord(std::string_view s) {
  std::string t(s);
  size_t cut = t.size();
  for (std::string_view stop : {",", "(", " who ", " which ", " that ", " of ", " for ", " at ",
                                " from ", " with ", " in ", " on ", " \xE2\x80\x94", " -"}) {
    size_t p = t.find(stop);
    if (p != std::string::npos && p > 0) cut = std::min(cut, p);
  }
  t = t.substr(0, cut);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  size_t sp = t.find_last_of(' ');
  std::string w = sp == std::string::npos ? t : t.substr(sp + 1);
  for (std::string_view poss : {"\xE2\x80\x99s", "'s", "\xE2\x80\x99", "'"}) {
    if (w.size() > poss.size() && w.substr(w.size() - poss.size()) == poss) {
      w.resize(w.size() - poss.size());
      break;
    }
  }
  std::string out;
  for (char c : w) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

// The regular-expression peer.
std::vector<Prediction> BaselineQuotes(const std::string& text) {
  static const std::regex kQuote(
      "\xE2\x80\x9C([^\xE2\n]|\xE2[^\x80]|\xE2\x80[^\x9D])+?\xE2\x80\x9D|\"[^\"\n]+\"");
  static const std::regex kAfter(
      R"(^[,]?\s*(?:([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*|[Hh]e|[Ss]he)\s+(said|says|told|added|wrote)\b|(said|says|told|added|wrote)\s+([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*)))");
  static const std::regex kBefore(
      R"((?:([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*|[Hh]e|[Ss]he)\s+(said|says|told|added|wrote)\b[^.!?]{0,40}?[:,]?\s*)$)");
  std::vector<Prediction> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kQuote);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    Prediction p;
    uint32_t b = static_cast<uint32_t>(m.position(0)), e = b + static_cast<uint32_t>(m.length(0));
    p.content = {b, e};
    std::smatch sm;
    std::string after = text.substr(e, std::min<size_t>(80, text.size() - e));
    std::string before = text.substr(b >= 100 ? b - 100 : 0, b >= 100 ? 100 : b);
    if (std::regex_search(after, sm, kAfter)) {
      int g = sm[1].matched ? 1 : 4;
      uint32_t sb = e + static_cast<uint32_t>(sm.position(g));
      p.speaker = {sb, sb + static_cast<uint32_t>(sm.length(g))};
    } else if (std::regex_search(before, sm, kBefore)) {
      uint32_t base = b - static_cast<uint32_t>(before.size());
      uint32_t sb = base + static_cast<uint32_t>(sm.position(1));
      p.speaker = {sb, sb + static_cast<uint32_t>(sm.length(1))};
    } else {
      continue;  // not attributed: no prediction
    }
    out.push_back(p);
  }
  return out;
}

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }
uint32_t OverlapLen(Span a, Span b) {
  return Overlaps(a, b) ? std::min(a.end, b.end) - std::max(a.begin, b.begin) : 0;
}

struct Scores {
  long predicted = 0, correct = 0, set_aside = 0, gold = 0, found = 0;
  long with_source = 0, exact = 0, head = 0;
};

void Score(const Document& d, const std::vector<Prediction>& preds, Scores* s, int* errors_left,
           const char* system) {
  for (const GoldQuote& g : d.gold) s->gold += g.direct;
  for (const Prediction& p : preds) {
    bool right = false, other = false;
    for (const GoldQuote& g : d.gold) {
      if (!Overlaps(p.content, g.content)) continue;
      (g.direct ? right : other) = true;
    }
    if (right) {
      ++s->predicted;
      ++s->correct;
    } else if (other) {
      ++s->set_aside;
    } else {
      ++s->predicted;
      if (*errors_left > 0) {
        --*errors_left;
        std::printf("  [%s FP] %s: %.90s\n", system, d.name.c_str(),
                    d.text.substr(p.content.begin, p.content.end - p.content.begin).c_str());
      }
    }
  }
  for (const GoldQuote& g : d.gold) {
    if (!g.direct) continue;
    const Prediction* best = nullptr;
    uint32_t best_len = 0;
    for (const Prediction& p : preds) {
      uint32_t len = OverlapLen(p.content, g.content);
      if (len > best_len) {
        best_len = len;
        best = &p;
      }
    }
    if (best == nullptr) {
      if (*errors_left > 0) {
        --*errors_left;
        uint32_t b = g.content.begin >= 70 ? g.content.begin - 70 : 0;
        std::string ctx = d.text.substr(b, std::min<size_t>(g.content.end + 70, d.text.size()) - b);
        std::replace(ctx.begin(), ctx.end(), '\n', '|');
        std::printf("  [%s FN] %s: %s\n", system, d.name.c_str(), ctx.c_str());
      }
      continue;
    }
    ++s->found;
    if (g.source.empty()) continue;
    ++s->with_source;
    std::string gs = d.text.substr(g.source.begin, g.source.end - g.source.begin);
    std::string ps = d.text.substr(best->speaker.begin, best->speaker.end - best->speaker.begin);
    bool exact = best->speaker.begin == g.source.begin && best->speaker.end == g.source.end;
    bool head = !ps.empty() && HeadWord(ps) == HeadWord(gs);
    s->exact += exact;
    s->head += head;
    if (!exact && head && std::getenv("QUOTE_EVAL_SHOW_EXACT") != nullptr) {
      std::printf("  [%s EXACT] gold '%s' found '%s'\n", system, gs.c_str(), ps.c_str());
    }
    if (!head && *errors_left > 0) {
      --*errors_left;
      std::printf("  [%s SPK] %s: gold '%s' found '%s' in %.60s\n", system, d.name.c_str(),
                  gs.c_str(), ps.c_str(),
                  d.text.substr(g.content.begin, g.content.end - g.content.begin).c_str());
    }
  }
}

void Print(const char* system, const Scores& s) {
  double p = s.predicted ? 100.0 * s.correct / s.predicted : 0;
  double r = s.gold ? 100.0 * s.found / s.gold : 0;
  double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
  double strict_p = s.predicted + s.set_aside
                        ? 100.0 * s.correct / static_cast<double>(s.predicted + s.set_aside)
                        : 0;
  double strict_f = strict_p + r > 0 ? 2 * strict_p * r / (strict_p + r) : 0;
  std::printf(
      "  %-10s P %5.1f  R %5.1f  F1 %5.1f  (pred %ld, right %ld, gold %ld, found %ld; "
      "set aside %ld: strict P %5.1f F1 %5.1f)\n",
      system, p, r, f, s.predicted, s.correct, s.gold, s.found, s.set_aside, strict_p, strict_f);
  std::printf("  %-10s speaker on %ld found quotes with a source: exact %5.1f%%  head %5.1f%%\n",
              system, s.with_source, s.with_source ? 100.0 * s.exact / s.with_source : 0,
              s.with_source ? 100.0 * s.head / s.with_source : 0);
}

int Usage() {
  std::fprintf(stderr,
               "usage: quote_eval DATA_DIR [--split train|dev|both] [--errors N] [--repeat N] "
               "[--show FILE]\n"
               "  DATA_DIR: the PolNeAR folder with train/ and dev/ "
               "(e.g. ../shared/data/quotes/polnear)\n");
  return 2;
}

int Show(const std::string& file, const NerModel* model) {
  std::string text;
  if (!ReadFile(file, &text)) {
    std::fprintf(stderr, "quote_eval: cannot read %s\n", file.c_str());
    return 2;
  }
  EntityRecognizer recognizer(model);
  std::vector<EntityMention> mentions;
  std::vector<ArticleEntity> entities;
  recognizer.Recognize("", text, &mentions, &entities);
  for (const EntityMention& m : mentions) {
    std::printf("mention [%u,%u) %s '%s' -> %s\n", m.begin, m.end,
                std::string(EntityTypeName(m.type)).c_str(),
                text.substr(m.begin, m.end - m.begin).c_str(), entities[m.entity].name.c_str());
  }
  for (const Quote& q : FindQuotes(text, mentions, entities)) {
    std::string content = text.substr(q.content.begin, q.content.end - q.content.begin);
    std::printf("[%u,%u) %s parts=%zu cue='%s' speaker(%s)='%s' entity='%s'%s\n  %.100s\n",
                q.content.begin, q.content.end, std::string(QuoteKindName(q.kind)).c_str(),
                q.parts.size(), text.substr(q.cue.begin, q.cue.end - q.cue.begin).c_str(),
                std::string(SpeakerKindName(q.speaker_kind)).c_str(),
                text.substr(q.speaker.begin, q.speaker.end - q.speaker.begin).c_str(),
                q.speaker_entity >= 0 ? entities[q.speaker_entity].name.c_str() : "",
                q.inherited ? " (inherited)" : "", content.c_str());
  }
  return 0;
}

int Run(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string data_dir = argv[1], split = "both", show;
  int errors = 0, repeat = 5;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--split" && i + 1 < argc)
      split = argv[++i];
    else if (a == "--errors" && i + 1 < argc)
      errors = std::atoi(argv[++i]);
    else if (a == "--show" && i + 1 < argc)
      show = argv[++i];
    else if (a == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else
      return Usage();
  }
  auto model = NerModel::Parse(EmbeddedNerModel(), "the built-in NER model");
  if (!model.ok()) {
    std::fprintf(stderr, "quote_eval: %s\n", model.status().ToString().c_str());
    return 1;
  }
  if (!show.empty()) return Show(show, model.value().get());
  std::vector<std::string> splits;
  if (split == "both")
    splits = {"train", "dev"};
  else if (split == "train" || split == "dev")
    splits = {split};
  else
    return Usage();
  for (const std::string& sp : splits) {
    fs::path dir = fs::path(data_dir) / sp;
    if (!fs::is_directory(dir / "text") || !fs::is_directory(dir / "attributions")) {
      std::fprintf(stderr,
                   "quote_eval: %s has no text/ and attributions/ folders; give the PolNeAR "
                   "folder (e.g. ../shared/data/quotes/polnear)\n",
                   dir.string().c_str());
      return 2;
    }
    std::vector<Document> docs;
    std::string error;
    if (!LoadSplit(dir, &docs, &error)) {
      std::fprintf(stderr, "quote_eval: %s\n", error.c_str());
      return 1;
    }
    EntityRecognizer recognizer(model.value().get());
    Scores ours, full_only, base;
    int errors_left = errors, base_errors = 0;
    double ner_s = 0, quote_s = 0, base_s = 0;
    size_t bytes = 0;
    long attributions = 0, direct = 0;
    std::vector<EntityMention> mentions;
    std::vector<ArticleEntity> entities;
    std::vector<std::vector<EntityMention>> all_mentions;
    std::vector<std::vector<ArticleEntity>> all_entities;
    for (const Document& d : docs) {
      bytes += d.text.size();
      attributions += static_cast<long>(d.gold.size());
      for (const GoldQuote& g : d.gold) direct += g.direct;
      auto t0 = std::chrono::steady_clock::now();
      recognizer.Recognize("", d.text, &mentions, &entities);
      auto t1 = std::chrono::steady_clock::now();
      std::vector<Quote> quotes = FindQuotes(d.text, mentions, entities);
      auto t2 = std::chrono::steady_clock::now();
      std::vector<Prediction> bp = BaselineQuotes(d.text);
      auto t3 = std::chrono::steady_clock::now();
      ner_s += std::chrono::duration<double>(t1 - t0).count();
      quote_s += std::chrono::duration<double>(t2 - t1).count();
      base_s += std::chrono::duration<double>(t3 - t2).count();
      all_mentions.push_back(mentions);
      all_entities.push_back(entities);
      std::vector<Prediction> preds, full_preds;
      for (const Quote& q : quotes) {
        if (q.kind == QuoteKind::kScare || q.kind == QuoteKind::kTitle) continue;
        if (q.cue.empty() && q.speaker_kind == SpeakerKind::kNone) continue;
        preds.push_back({{q.content.begin, q.content.end}, {q.speaker.begin, q.speaker.end}});
        if (q.kind == QuoteKind::kFull) full_preds.push_back(preds.back());
      }
      int no_errors = 0;
      Score(d, preds, &ours, &errors_left, "storyline");
      Score(d, full_preds, &full_only, &no_errors, "full");
      Score(d, bp, &base, &base_errors, "baseline");
    }
    std::printf("PolNeAR %s: %zu articles (%.1f KB), %ld attributions, %ld direct quotes\n",
                sp.c_str(), docs.size(), bytes / 1024.0, attributions, direct);
    Print("storyline", ours);
    Print("full only", full_only);
    Print("baseline", base);
    // FindQuotes alone over the whole split, the median of `repeat` runs.
    std::vector<double> runs;
    size_t sink = 0;
    for (int r = 0; r < repeat; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      for (size_t i = 0; i < docs.size(); ++i) {
        sink += FindQuotes(docs[i].text, all_mentions[i], all_entities[i]).size();
      }
      runs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(runs.begin(), runs.end());
    quote_s = runs[runs.size() / 2];
    // The same with the tokens made beforehand (the ingest pipeline has them).
    std::vector<std::vector<Token>> all_tokens(docs.size());
    for (size_t i = 0; i < docs.size(); ++i) Tokenizer().Tokenize(docs[i].text, &all_tokens[i]);
    std::vector<double> token_runs;
    for (int r = 0; r < repeat; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      for (size_t i = 0; i < docs.size(); ++i) {
        sink += FindQuotes(docs[i].text, all_tokens[i], all_mentions[i], all_entities[i]).size();
      }
      token_runs.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(token_runs.begin(), token_runs.end());
    const double given_s = token_runs[token_runs.size() / 2];
    std::printf(
        "  speed (one thread, machine shared; median of %d runs): FindQuotes %.0f KB/s "
        "(%ld quotes), %.0f KB/s with the tokens given; entity recogniser %.0f KB/s "
        "(one run), baseline %.0f KB/s (one run)\n",
        repeat, bytes / 1024.0 / quote_s, sink / (2 * runs.size()), bytes / 1024.0 / given_s,
        bytes / 1024.0 / ner_s, bytes / 1024.0 / base_s);
  }
  return 0;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Run(argc, argv); }
