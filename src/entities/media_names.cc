#include "entities/media_names.h"

#include <algorithm>

namespace storyline {

namespace {

// Multi-word names and distinctive single words.
constexpr const char* kNames[] = {
    "Reuters", "Associated Press", "AFP", "Agence France-Presse", "Agence France Presse",
    "Bloomberg", "Bloomberg News", "Xinhua", "TASS", "Interfax", "Kyodo", "Yonhap",
    "Press Association", "ANSA", "EFE", "Getty Images", "Shutterstock", "Alamy", "EPA",
    "BBC", "BBC News", "CNN", "MSNBC", "Fox News", "CBS", "CBS News", "NBC", "NBC News",
    "ABC News", "NPR", "PBS", "Sky News", "ITV", "ITV News", "Channel 4 News", "Al Jazeera",
    "Press TV", "CNBC", "C-SPAN", "Deutsche Welle", "France 24", "Euronews", "LBC", "RTE",
    "New York Times", "Washington Post", "Wall Street Journal", "USA Today", "Los Angeles Times",
    "Financial Times", "Daily Telegraph", "Daily Mail", "Mail on Sunday", "Daily Mirror",
    "Evening Standard", "Daily Express", "Sunday Times", "Newsweek", "Politico", "Axios",
    "Breitbart", "Breitbart News", "HuffPost", "Huffington Post", "BuzzFeed News", "New Yorker",
    "Le Monde", "Le Figaro", "Der Spiegel", "Spiegel", "El Pais", "El País", "Haaretz",
    "Times of Israel", "Jerusalem Post", "South China Morning Post", "Sydney Morning Herald",
    "Globe and Mail", "Chicago Tribune", "Boston Globe", "Miami Herald", "New York Post",
    "Daily Beast", "Vanity Fair", "Rolling Stone", "Forbes", "Truth Social", "Twitter",
    "Facebook", "Instagram", "YouTube", "TikTok", "Morning Joe",
    // Institutions news names by their seat ("the White House called ...", "the Kremlin
    // said"): organisations acting, though CoNLL-2003 tags the building as a place.
    "White House", "Kremlin", "Pentagon", "Elysee", "Élysée", "Elysee Palace", "Élysée Palace",
};
// Single words that are also ordinary words: only after a cue.
constexpr const char* kCuedNames[] = {
    "Time", "Times", "Guardian", "Independent", "Observer", "Sun", "Mirror", "Telegraph",
    "Economist", "Fortune", "Atlantic", "Post", "Standard", "Vox", "Bild", "Politico",
};
constexpr const char* kCues[] = {"with", "told", "to", "in", "by", "the", "The", "for",
                                 "from", "on", "via", "wrote", "said", "at"};

void Split(std::string_view name, std::vector<std::string>* words) {
  size_t pos = 0;
  while (pos < name.size()) {
    size_t sp = name.find(' ', pos);
    if (sp == std::string_view::npos) sp = name.size();
    words->emplace_back(name.substr(pos, sp - pos));
    pos = sp + 1;
  }
}

}  // namespace

MediaNames::MediaNames() {
  for (const char* n : kNames) {
    Name name{{}, false};
    Split(n, &name.words);
    by_first_word_[name.words[0]].push_back(std::move(name));
  }
  for (const char* n : kCuedNames) by_first_word_[n].push_back(Name{{n}, true});
  // Longest names first, so "BBC News" wins over "BBC".
  for (auto& [first, names] : by_first_word_) {
    std::stable_sort(names.begin(), names.end(), [](const Name& a, const Name& b) {
      return a.words.size() > b.words.size();
    });
  }
}

const MediaNames& MediaNames::Default() {
  static const MediaNames* names = new MediaNames();
  return *names;
}

void MediaNames::Apply(const std::vector<std::string_view>& words,
                       std::vector<TokenSpan>* spans) const {
  for (uint32_t i = 0; i < words.size(); ++i) {
    // Every known name starts with a capital letter.
    if (words[i].empty() || words[i][0] < 'A' || words[i][0] > 'Z') continue;
    auto it = by_first_word_.find(words[i]);
    if (it == by_first_word_.end()) continue;
    for (const Name& name : it->second) {
      const uint32_t n = static_cast<uint32_t>(name.words.size());
      if (i + n > words.size()) continue;
      bool match = true;
      for (uint32_t k = 0; k < n && match; ++k) match = words[i + k] == name.words[k];
      if (!match) continue;
      if (name.needs_cue) {
        if (i == 0) continue;
        bool cued = false;
        for (const char* c : kCues) cued = cued || words[i - 1] == c;
        if (!cued) continue;
      }
      // An organisation the tagger found around the name ("The Observer") stays as it is.
      // Otherwise the known name replaces the spans it overlaps; a longer span keeps its part
      // before the name unless that is only "The".
      const TokenSpan known{i, i + n, EntityType::kOrg};
      bool inside_org = false;
      for (const TokenSpan& s : *spans) {
        inside_org = inside_org || (s.type == EntityType::kOrg && s.begin <= known.begin &&
                                    s.end >= known.end);
      }
      if (inside_org) {
        i += n - 1;
        break;
      }
      std::vector<TokenSpan> out;
      for (const TokenSpan& s : *spans) {
        if (s.end <= known.begin || s.begin >= known.end) {
          out.push_back(s);
        } else if (s.begin < known.begin &&
                   !(known.begin - s.begin == 1 && (words[s.begin] == "The" ||
                                                    words[s.begin] == "the"))) {
          out.push_back({s.begin, known.begin, s.type});
        }
      }
      out.push_back(known);
      std::sort(out.begin(), out.end(),
                [](const TokenSpan& a, const TokenSpan& b) { return a.begin < b.begin; });
      spans->swap(out);
      i += n - 1;
      break;
    }
  }
}

}  // namespace storyline
