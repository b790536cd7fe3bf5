#include "entities/entity_recognizer.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "entities/media_names.h"
#include "entities/ner_features.h"

namespace storyline {

namespace {

// The word as CoNLL-2003 spells it.
void ConllWord(std::string_view token, std::string* out) {
  out->clear();
  for (size_t i = 0; i < token.size(); ++i) {
    // U+2018/U+2019 (‘ ’) -> ', U+201C/U+201D (“ ”) -> ": E2 80 98/99/9C/9D.
    if (i + 2 < token.size() && static_cast<unsigned char>(token[i]) == 0xE2 &&
        static_cast<unsigned char>(token[i + 1]) == 0x80) {
      unsigned char c = static_cast<unsigned char>(token[i + 2]);
      if (c == 0x98 || c == 0x99) {
        out->push_back('\'');
        i += 2;
        continue;
      }
      if (c == 0x9C || c == 0x9D) {
        out->push_back('"');
        i += 2;
        continue;
      }
    }
    out->push_back(token[i]);
  }
}

bool HasAlnum(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return true;
  }
  return false;
}

std::vector<std::string> SplitWords(std::string_view name) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < name.size()) {
    size_t sp = name.find(' ', pos);
    if (sp == std::string_view::npos) sp = name.size();
    if (sp > pos) words.emplace_back(name.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return words;
}

// Titles dropped from the front of a person's name.
bool IsPersonTitle(std::string_view w) {
  static const char* const kTitles[] = {
      "Mr",      "Mr.",      "Mrs",   "Mrs.",     "Ms",       "Ms.",       "Miss",  "Dr",
      "Dr.",     "Sir",      "Dame",  "Lord",     "Lady",     "President", "Mayor", "Senator",
      "Sen.",    "Gov.",     "Governor", "Rep.",  "Judge",    "Justice",   "Pope",  "Rev.",
      "Prof.",   "Professor", "General", "Gen.",  "Chancellor", "Minister", "Premier", "Prince",
      "Princess", "King",    "Queen", "Secretary", "Speaker", "Candidate", "Councillor", "Dep.",
  };
  for (const char* t : kTitles) {
    if (w == t) return true;
  }
  return false;
}

// Bytes of the white space at s[i] (ASCII space, tab, line break, no-break space U+00A0), or 0.
uint32_t SpaceBytes(std::string_view s, size_t i) {
  char c = s[i];
  if (c == ' ' || c == '\n' || c == '\t' || c == '\r') return 1;
  if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < s.size() &&
      static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    return 2;
  }
  return 0;
}

// Lower-case words of a name that an acronym does not spell.
bool IsAcronymFiller(std::string_view w) {
  return w == "of" || w == "the" || w == "and" || w == "for" || w == "de" || w == "&";
}

}  // namespace

std::string NormalizeEntityName(std::string_view surface, EntityType type) {
  std::string s;
  ConllWord(surface, &s);
  // Collapse every run of white space (line breaks inside a mention included).
  std::string collapsed;
  for (size_t i = 0; i < s.size();) {
    uint32_t n = SpaceBytes(s, i);
    if (n > 0) {
      if (!collapsed.empty() && collapsed.back() != ' ') collapsed.push_back(' ');
      i += n;
    } else {
      collapsed.push_back(s[i++]);
    }
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  if (collapsed.ends_with("'s") || collapsed.ends_with("'S")) collapsed.resize(collapsed.size() - 2);
  while (!collapsed.empty() && (collapsed.back() == '\'' || collapsed.back() == ' ')) {
    collapsed.pop_back();
  }
  if (type == EntityType::kPer) {
    std::vector<std::string> words = SplitWords(collapsed);
    size_t first = 0;
    while (first + 1 < words.size() && IsPersonTitle(words[first])) ++first;
    collapsed.clear();
    for (size_t i = first; i < words.size(); ++i) {
      if (!collapsed.empty()) collapsed.push_back(' ');
      collapsed += words[i];
    }
  }
  if (!HasAlnum(collapsed)) return std::string();
  return collapsed;
}

std::string EntityNameKey(std::string_view name) {
  std::string lower, key;
  NerFeatures::Lower(name, &lower);
  for (char c : lower) {
    if (c != '.') key.push_back(c);
  }
  return key;
}

namespace {

// A possessive inside a mention splits it (both parts keep the type). Headline case runs a place,
// a title and a person together ("London Mayor Sadiq Khan", tagged as
// one organisation): such a mention is split at the title word into the person after it and the
// part before, which keeps a type only when the article names it on its own elsewhere.
void SplitAtTitles(std::string_view title, std::string_view text,
                   std::vector<EntityMention>* mentions) {
  struct Word {
    uint32_t begin, end;
  };
  std::unordered_map<std::string, EntityType> alone;  // types of unsplit single names
  std::vector<EntityMention> out;
  std::vector<std::pair<EntityMention, std::string>> prefixes;
  // CoNLL-2003 never puts a possessive inside a name: "MSNBC’s Morning Joe" is two mentions.
  std::vector<EntityMention> split;
  for (const EntityMention& m : *mentions) {
    std::string_view src = m.field == ArticleField::kTitle ? title : text;
    EntityMention rest = m;
    while (true) {
      std::string_view span = src.substr(rest.begin, rest.end - rest.begin);
      size_t at = std::string_view::npos;
      size_t len = 0;
      for (std::string_view mark : {std::string_view("'s "), std::string_view("\xE2\x80\x99s ")}) {
        size_t p = span.find(mark);
        if (p != std::string_view::npos && p > 0 && p < at) {
          at = p;
          len = mark.size();
        }
      }
      if (at == std::string_view::npos || at + len >= span.size()) break;
      EntityMention before = rest;
      before.end = rest.begin + static_cast<uint32_t>(at);
      split.push_back(before);
      rest.begin += static_cast<uint32_t>(at + len);
    }
    split.push_back(rest);
  }
  for (const EntityMention& m : split) {
    std::string_view src = m.field == ArticleField::kTitle ? title : text;
    std::vector<Word> words;
    for (uint32_t i = m.begin; i < m.end;) {
      uint32_t n;
      while (i < m.end && (n = SpaceBytes(src, i)) > 0) i += n;
      uint32_t j = i;
      while (j < m.end && SpaceBytes(src, j) == 0) ++j;
      if (j > i) words.push_back({i, j});
      i = j;
    }
    size_t cut = 0;
    for (size_t k = 1; k + 1 < words.size() && cut == 0; ++k) {
      if (IsPersonTitle(src.substr(words[k].begin, words[k].end - words[k].begin))) cut = k;
    }
    if (cut == 0) {
      out.push_back(m);
      alone.emplace(EntityNameKey(src.substr(m.begin, m.end - m.begin)), m.type);
      continue;
    }
    EntityMention person = m;
    person.begin = words[cut + 1].begin;
    person.type = EntityType::kPer;
    EntityMention before = m;
    before.end = words[cut - 1].end;
    prefixes.emplace_back(before, EntityNameKey(src.substr(before.begin, before.end - before.begin)));
    out.push_back(person);
  }
  for (auto& [before, key] : prefixes) {
    auto it = alone.find(key);
    if (it == alone.end()) continue;
    before.type = it->second;
    out.push_back(before);
  }
  std::stable_sort(out.begin(), out.end(), [](const EntityMention& a, const EntityMention& b) {
    if (a.field != b.field) return a.field < b.field;
    return a.begin < b.begin;
  });
  mentions->swap(out);
}

}  // namespace

std::string EntityQueryKey(std::string_view name) {
  return EntityNameKey(NormalizeEntityName(name, EntityType::kMisc));
}

std::vector<ArticleEntity> ResolveArticleMentions(std::string_view title, std::string_view text,
                                                  std::vector<EntityMention>* mentions) {
  SplitAtTitles(title, text, mentions);
  // 1. Names; mentions without one are dropped.
  std::vector<std::string> names;
  std::vector<EntityMention> kept;
  for (const EntityMention& m : *mentions) {
    std::string_view src = m.field == ArticleField::kTitle ? title : text;
    std::string name = NormalizeEntityName(src.substr(m.begin, m.end - m.begin), m.type);
    if (name.empty()) continue;
    kept.push_back(m);
    names.push_back(std::move(name));
  }
  mentions->swap(kept);
  std::vector<std::string> keys;
  keys.reserve(names.size());
  for (const std::string& n : names) keys.push_back(EntityNameKey(n));
  // Street names are places, whatever the tagger said ("Brick Lane" as an organisation).
  for (size_t i = 0; i < names.size(); ++i) {
    size_t sp = names[i].find_last_of(' ');
    if (sp == std::string::npos) continue;
    std::string_view last = std::string_view(names[i]).substr(sp + 1);
    for (const char* street : {"Street", "Lane", "Road", "Avenue", "Square", "Boulevard"}) {
      if (last == street) (*mentions)[i].type = EntityType::kLoc;
    }
  }
  // 2. One type per surface form: the majority (the first seen on a tie).
  std::unordered_map<std::string, std::array<uint32_t, kEntityTypeCount + 1>> votes;
  for (size_t i = 0; i < names.size(); ++i) {
    auto& v = votes[keys[i]];
    if (v[kEntityTypeCount] == 0) v[kEntityTypeCount] = 1 + static_cast<uint32_t>((*mentions)[i].type);
    ++v[static_cast<int>((*mentions)[i].type)];
  }
  for (size_t i = 0; i < names.size(); ++i) {
    const auto& v = votes[keys[i]];
    int best = static_cast<int>(v[kEntityTypeCount]) - 1;
    for (int t = 0; t < kEntityTypeCount; ++t) {
      if (v[t] > v[best]) best = t;
    }
    (*mentions)[i].type = static_cast<EntityType>(best);
  }
  // 3. One provisional entity per (type, key).
  struct Provisional {
    EntityType type;
    std::string key;
    std::vector<std::string> words;  // of the first mention's name
    std::vector<std::string> word_keys;  // EntityNameKey of each word
    std::map<std::string, uint32_t> surfaces;
    uint32_t mentions = 0;
    int merged_into = -1;
  };
  std::vector<Provisional> prov;
  std::map<std::pair<int, std::string>, int> by_key;
  std::vector<int> mention_prov(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    EntityType type = (*mentions)[i].type;
    const std::string& key = keys[i];
    auto [it, inserted] = by_key.emplace(std::make_pair(static_cast<int>(type), key),
                                         static_cast<int>(prov.size()));
    if (inserted) {
      Provisional p{type, key, SplitWords(names[i]), {}, {}, 0, -1};
      for (const std::string& w : p.words) p.word_keys.push_back(EntityNameKey(w));
      prov.push_back(std::move(p));
    }
    Provisional& p = prov[it->second];
    ++p.surfaces[names[i]];
    ++p.mentions;
    mention_prov[i] = it->second;
  }
  // 4. People: a name whose words all belong to one longer name of a person ("Khan", "Sadiq",
  //    "Mr Khan") is that person; a single word of another type that is a person's surname
  //    ("Khan" tagged as a place) too. Only when exactly one person in the article fits.
  for (size_t a = 0; a < prov.size(); ++a) {
    Provisional& p = prov[a];
    if (p.words.size() > 2) continue;
    if (p.type != EntityType::kPer && p.words.size() != 1) continue;
    int match = -1, matches = 0;
    for (size_t b = 0; b < prov.size(); ++b) {
      const Provisional& q = prov[b];
      if (b == a || q.type != EntityType::kPer || q.words.size() <= p.words.size()) continue;
      bool all = true;
      for (const std::string& w : p.word_keys) {
        all = all && std::find(q.word_keys.begin(), q.word_keys.end(), w) != q.word_keys.end();
      }
      // A non-person single word must be the surname (last word) of the person.
      if (p.type != EntityType::kPer) all = all && q.word_keys.back() == p.word_keys[0];
      if (all) {
        ++matches;
        match = static_cast<int>(b);
      }
    }
    if (matches == 1) p.merged_into = match;
  }
  // 5. Acronyms: "NYT" is the one organisation in the article whose capitalised words spell it.
  for (size_t a = 0; a < prov.size(); ++a) {
    Provisional& p = prov[a];
    if (p.merged_into >= 0 || p.words.size() != 1) continue;
    const std::string& w = p.words[0];
    if (w.size() < 2 || w.size() > 6) continue;
    if (!std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) continue;
    int match = -1, matches = 0;
    for (size_t b = 0; b < prov.size(); ++b) {
      const Provisional& q = prov[b];
      if (b == a || q.words.size() < 2 || q.type == EntityType::kPer) continue;
      std::string initials;
      for (const std::string& qw : q.words) {
        if (IsAcronymFiller(qw)) continue;
        initials.push_back(qw[0]);
      }
      if (initials == w) {
        ++matches;
        match = static_cast<int>(b);
      }
    }
    if (matches == 1) p.merged_into = match;
  }
  // 6. Entities: roots of the merges, in order of first mention.
  auto root = [&](int i) {
    while (prov[i].merged_into >= 0) i = prov[i].merged_into;
    return i;
  };
  std::vector<int> entity_of(prov.size(), -1);
  std::vector<ArticleEntity> entities;
  std::vector<std::map<std::string, uint32_t>> surfaces;
  for (size_t i = 0; i < names.size(); ++i) {
    int r = root(mention_prov[i]);
    if (entity_of[r] < 0) {
      entity_of[r] = static_cast<int>(entities.size());
      entities.push_back({prov[r].type, "", {}, {}, 0});
      surfaces.emplace_back();
    }
    ArticleEntity& e = entities[entity_of[r]];
    ++e.mention_count;
    ++surfaces[entity_of[r]][names[i]];
    (*mentions)[i].entity = static_cast<uint32_t>(entity_of[r]);
    (*mentions)[i].type = e.type;
  }
  for (size_t e = 0; e < entities.size(); ++e) {
    // Name: the form with the most words, then the most frequent, then the first in order.
    std::vector<std::pair<std::string, uint32_t>> forms(surfaces[e].begin(), surfaces[e].end());
    std::stable_sort(forms.begin(), forms.end(), [](const auto& x, const auto& y) {
      size_t wx = std::count(x.first.begin(), x.first.end(), ' ');
      size_t wy = std::count(y.first.begin(), y.first.end(), ' ');
      if (wx != wy) return wx > wy;
      return x.second > y.second;
    });
    entities[e].name = forms[0].first;
    for (const auto& [form, n] : forms) {
      entities[e].aliases.push_back(form);
      entities[e].alias_mentions.push_back(n);
    }
  }
  return entities;
}

void EntityRecognizer::Recognize(std::string_view title, std::string_view text,
                                 const std::vector<Token>& text_tokens,
                                 const std::vector<Sentence>& text_sentences,
                                 std::vector<EntityMention>* mentions,
                                 std::vector<ArticleEntity>* entities) {
  mentions->clear();
  entities->clear();
  tokenizer_.Tokenize(title, &title_tokens_);
  std::vector<Sentence> title_sentences;
  SplitSentences(title, title_tokens_, &title_sentences);
  // Words of every sentence, normalised, then views into them (words_ does not grow after).
  size_t total = title_tokens_.size() + text_tokens.size();
  words_.resize(total);
  size_t w = 0;
  for (const Token& t : title_tokens_) ConllWord(TokenText(title, t), &words_[w++]);
  for (const Token& t : text_tokens) ConllWord(TokenText(text, t), &words_[w++]);
  sentences_.clear();
  struct Where {
    ArticleField field;
    const Token* tokens;
  };
  std::vector<Where> where;
  for (const Sentence& s : title_sentences) {
    auto& v = sentences_.emplace_back();
    for (uint32_t t = s.first_token; t < s.end_token; ++t) v.emplace_back(words_[t]);
    where.push_back({ArticleField::kTitle, title_tokens_.data() + s.first_token});
  }
  const size_t base = title_tokens_.size();
  for (const Sentence& s : text_sentences) {
    auto& v = sentences_.emplace_back();
    for (uint32_t t = s.first_token; t < s.end_token; ++t) v.emplace_back(words_[base + t]);
    where.push_back({ArticleField::kText, text_tokens.data() + s.first_token});
  }
  tagger_.Tag(sentences_, &spans_);
  const MediaNames& media = MediaNames::Default();
  for (size_t s = 0; s < spans_.size(); ++s) media.Apply(sentences_[s], &spans_[s]);
  for (size_t s = 0; s < spans_.size(); ++s) {
    for (const TokenSpan& sp : spans_[s]) {
      EntityMention m;
      m.field = where[s].field;
      m.begin = where[s].tokens[sp.begin].begin;
      m.end = where[s].tokens[sp.end - 1].end;
      m.type = sp.type;
      mentions->push_back(m);
    }
  }
  *entities = ResolveArticleMentions(title, text, mentions);
}

void EntityRecognizer::Recognize(std::string_view title, std::string_view text,
                                 std::vector<EntityMention>* mentions,
                                 std::vector<ArticleEntity>* entities) {
  tokenizer_.Tokenize(text, &text_tokens_);
  SplitSentences(text, text_tokens_, &text_sentences_);
  Recognize(title, text, text_tokens_, text_sentences_, mentions, entities);
}

}  // namespace storyline
