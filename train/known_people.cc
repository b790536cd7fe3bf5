// known_people: learns which person a surname alone most likely names, from unlabelled news
// text, with the shipped recogniser, and writes models/known-people.tsv (entities/known_people.h).
//
//   known_people [--jsonl FILE]... [--text-dir DIR]... [--ground-truth FILE]...
//                --out FILE [--min-articles N] [--share S]
//
// Every document's people are found and resolved within the document (EntityRecognizer, the
// model built into the binary). Each full name (two words or more, generational suffixes such as
// "Jr" ignored) counts the documents it appears in; a surname is written when its most frequent
// full name appears in at least N documents (default 5), holds at least S (default 0.8) of the
// documents that name anyone with that surname in full, is tagged a person in at least S of the
// documents that name it at all, and is called by the surname alone in at least two. Deterministic: the same inputs give the
// same file. Exit codes: 0 done, 1 bad data, 2 an input is missing or bad usage.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "entities/embedded_model.h"
#include "entities/entity_recognizer.h"
#include "entities/ner_model.h"
#include "storyline/env.h"
#include "train/unlabelled_text.h"

namespace storyline {
namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: known_people [--jsonl FILE]... [--text-dir DIR]... [--ground-truth FILE]...\n"
               "                    --out FILE [--min-articles N] [--share S]\n");
  return 2;
}

// Words that follow a surname without being one.
bool IsSuffix(std::string_view w) {
  for (const char* s : {"jr", "sr", "ii", "iii", "iv"}) {
    if (w == s) return true;
  }
  return false;
}

// The surname key of a full-name key ("donald trump jr" -> "trump"); empty for one word.
std::string SurnameKey(const std::string& key) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < key.size()) {
    size_t sp = key.find(' ', pos);
    if (sp == std::string::npos) sp = key.size();
    if (sp > pos) words.push_back(std::string_view(key).substr(pos, sp - pos));
    pos = sp + 1;
  }
  while (!words.empty() && IsSuffix(words.back())) words.pop_back();
  return words.size() >= 2 ? std::string(words.back()) : std::string();
}

int Main(int argc, char** argv) {
  UnlabelledSources sources;
  std::string out;
  int min_articles = 5;
  double share = 0.8;
  std::string command = "known_people";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (sources.Parse(a, i + 1 < argc ? argv[i + 1] : "")) ++i;
    else if (a == "--out") out = next();
    else if (a == "--min-articles") min_articles = std::atoi(next().c_str());
    else if (a == "--share") share = std::atof(next().c_str());
    else return Usage();
  }
  if (out.empty() || sources.empty() || min_articles < 1 || share <= 0.5 || share > 1) {
    return Usage();
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    // Data paths are recorded by their last two components, not where they were on this machine.
    if (a.find('/') != std::string::npos) {
      std::filesystem::path p(a);
      a = ".../" + (p.parent_path().filename() / p.filename()).string();
    }
    command += " " + a;
  }
  auto model = NerModel::Parse(EmbeddedNerModel(), "the built-in NER model");
  if (!model.ok()) {
    std::fprintf(stderr, "known_people: %s\n", model.status().message().c_str());
    return 1;
  }
  EntityRecognizer recognizer(model->get());
  std::vector<EntityMention> mentions;
  std::vector<ArticleEntity> entities;
  std::map<std::string, uint32_t> articles;                    // full-name key -> documents
  std::map<std::string, std::map<std::string, uint32_t>> names;  // key -> written form -> count
  std::map<std::string, uint32_t> any_type;      // full-name key -> documents, as any type
  std::map<std::string, uint32_t> surname_used;  // full-name key -> documents with the surname alone
  uint64_t documents = 0;
  auto start = std::chrono::steady_clock::now();
  int code = ForEachUnlabelledDocument(
      sources, "known_people", [&](std::string_view title, std::string_view text) {
        ++documents;
        recognizer.Recognize(title, text, &mentions, &entities);
        std::set<std::string> seen, seen_any;
        for (const ArticleEntity& e : entities) {
          std::string key = EntityNameKey(e.name);
          const std::string surname = SurnameKey(key);
          if (surname.empty()) continue;
          if (seen_any.insert(key).second) ++any_type[key];
          if (e.type != EntityType::kPer || !seen.insert(key).second) continue;
          ++articles[key];
          ++names[key][e.name];
          for (const std::string& alias : e.aliases) {
            if (EntityNameKey(alias) == surname) {
              ++surname_used[key];
              break;
            }
          }
        }
      });
  if (code != 0) return code;
  // Per surname: the documents of each full name with it.
  std::map<std::string, std::vector<std::pair<std::string, uint32_t>>> by_surname;
  for (const auto& [key, n] : articles) by_surname[SurnameKey(key)].push_back({key, n});
  std::string data = "# known-people table (entities/known_people.h): surname-key TAB Full Name"
                     " TAB articles TAB articles naming anyone with the surname in full\n";
  data += "# written by: " + command + "\n";
  data += "# " + std::to_string(documents) + " documents, " + std::to_string(articles.size()) +
          " full names, " + std::to_string(by_surname.size()) + " surnames\n";
  size_t written = 0;
  for (const auto& [surname, keys] : by_surname) {
    uint64_t total = 0;
    const std::pair<std::string, uint32_t>* best = nullptr;
    for (const auto& k : keys) {
      total += k.second;
      if (best == nullptr || k.second > best->second) best = &k;
    }
    if (best->second < static_cast<uint32_t>(min_articles) ||
        static_cast<double>(best->second) < share * static_cast<double>(total)) {
      continue;
    }
    // A person by evidence: tagged a person in at least `share` of the documents naming it at
    // all ("Smith Barney", "Burkina Faso" are mostly not), and called by the surname alone in
    // at least two ("Merry Christmas" never is).
    if (static_cast<double>(best->second) < share * static_cast<double>(any_type[best->first]) ||
        surname_used[best->first] < 2) {
      continue;
    }
    // People's names run to four words at most ("Hanns Christian Schroeder-Hohenwarth");
    // longer ones are organisations the tagger took for people.
    if (std::count(best->first.begin(), best->first.end(), ' ') > 3) continue;
    // The written form most documents used; ties to the first in byte order.
    const auto& forms = names[best->first];
    auto form = std::max_element(forms.begin(), forms.end(), [](const auto& a, const auto& b) {
      return a.second < b.second;
    });
    data += surname + "\t" + form->first + "\t" + std::to_string(best->second) + "\t" +
            std::to_string(total) + "\n";
    ++written;
  }
  Status st = WriteFileAtomically(Env::Default(), out, data);
  if (!st.ok()) {
    std::fprintf(stderr, "known_people: %s\n", st.message().c_str());
    return 1;
  }
  std::fprintf(stderr, "wrote %s: %zu surnames from %llu documents in %.1f s\n", out.c_str(),
               written, static_cast<unsigned long long>(documents),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace
}  // namespace storyline

int main(int argc, char** argv) { return storyline::Main(argc, argv); }
