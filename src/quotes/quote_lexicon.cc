#include "quotes/quote_lexicon.h"

#include <initializer_list>
#include <unordered_map>

namespace storyline {
namespace {

using Table = std::unordered_map<std::string_view, uint32_t>;

void Add(Table* t, uint32_t cls, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) (*t)[w] |= cls;
}

Table BuildTable() {
  Table t;
  Add(&t, kQwCue,
      {"say",        "says",        "said",        "saying",       "tell",         "tells",
       "told",       "telling",     "add",         "adds",         "added",        "adding",
       "write",      "writes",      "wrote",       "writing",      "insist",       "insists",
       "insisted",   "insisting",   "argue",       "argues",       "argued",       "arguing",
       "ask",        "asks",        "asked",       "asking",       "tweet",        "tweets",
       "tweeted",    "tweeting",    "post",        "posts",        "posted",       "posting",
       "explain",    "explains",    "explained",   "explaining",   "note",         "notes",
       "noted",      "noting",      "state",       "states",       "stated",       "stating",
       "declare",    "declares",    "declared",    "declaring",    "claim",        "claims",
       "claimed",    "claiming",    "continue",    "continues",    "continued",    "reply",
       "replies",    "replied",     "replying",    "respond",      "responds",     "responded",
       "responding", "conclude",    "concludes",   "concluded",    "warn",         "warns",
       "warned",     "warning",     "acknowledge", "acknowledges", "acknowledged", "admit",
       "admits",     "admitted",    "recall",      "recalls",      "recalled",     "recalling",
       "suggest",    "suggests",    "suggested",   "announce",     "announces",    "announced",
       "exclaim",    "exclaims",    "exclaimed",   "remark",       "remarks",      "remarked",
       "observe",    "observes",    "observed",    "joke",         "jokes",        "joked",
       "joking",     "quip",        "quips",       "quipped",      "concede",      "concedes",
       "conceded",   "counter",     "counters",    "countered",    "caution",      "cautions",
       "cautioned",  "predict",     "predicts",    "predicted",    "complain",     "complains",
       "complained", "emphasize",   "emphasizes",  "emphasized",   "emphasise",    "emphasised",
       "stress",     "stresses",    "stressed",    "boast",        "boasts",       "boasted",
       "vow",        "vows",        "vowed",       "promise",      "promises",     "promised",
       "urge",       "urges",       "urged",       "confess",      "confesses",    "confessed",
       "echo",       "echoes",      "echoed",      "reads",        "report",       "reports",
       "reported",   "testify",     "testifies",   "testified",    "text",         "texted",
       "email",      "emailed",     "shout",       "shouted",      "yell",         "yelled",
       "scream",     "screamed",    "muse",        "mused",        "lament",       "laments",
       "lamented",   "brag",        "bragged",     "blast",        "blasted",      "charge",
       "charged",    "contend",     "contends",    "contended",    "maintain",     "maintains",
       "maintained", "agree",       "agrees",      "agreed",       "according",    "pointed",
       "interject",  "interjected", "interrupted", "whispered",    "retort",       "retorted",
       "begged",     "pleaded",     "demanded",    "wondered",     "mocked",       "chimed",
       "sighed",     "thundered",   "proclaimed",  "answered",     "answer",       "answers",
       "reiterated", "reiterates",  "clarified",   "summed",       "put",          "puts",
       "barked",     "snapped",     "read",        "chanted",      "went",         "fired",
       "scoffed",    "cracked",     "gushed",      "raged",        "noted",        "offered",
       "elaborated", "begins",      "began",       "concludes",    "tells",        "wrote",
       "beamed",     "mocks",       "mocked",      "shot",         "cried",        "chided",
       "pressed",    "marveled",    "insists",     "sniped",       "conceded",     "quipped",
       "griped",     "fumed",       "hinted",      "predicted",    "intoned",      "joked"});
  Add(&t, kQwParticiple,
      {"saying",   "telling",    "adding",     "writing",   "insisting", "arguing",   "asking",
       "tweeting", "posting",    "explaining", "noting",    "stating",   "declaring", "claiming",
       "replying", "responding", "warning",    "recalling", "joking",    "calling",   "describing",
       "dubbing",  "labeling",   "labelling",  "branding",  "terming"});
  Add(&t, kQwPartialCue,
      {"calling", "called",   "describing", "described", "describes",  "dubbed",     "dubbing",
       "labeled", "labelled", "labeling",   "labelling", "branded",    "branding",   "termed",
       "terming", "deemed",   "slammed",    "praised",   "criticized", "criticised", "accused"});
  Add(&t, kQwStop,
      {"that",      "which",      "who",      "whom",      "whose",     "when",    "where",
       "while",     "as",         "because",  "if",        "but",       "and",     "or",
       "nor",       "so",         "yet",      "than",      "after",     "before",  "since",
       "until",     "although",   "though",   "in",        "on",        "at",      "to",
       "from",      "by",         "with",     "without",   "about",     "for",     "of",
       "into",      "onto",       "over",     "under",     "during",    "against", "between",
       "through",   "via",        "is",       "was",       "are",       "were",    "be",
       "been",      "being",      "has",      "have",      "had",       "do",      "does",
       "did",       "will",       "would",    "can",       "could",     "should",  "may",
       "might",     "must",       "not",      "never",     "also",      "still",   "later",
       "even",      "previously", "recently", "just",      "only",      "already", "again",
       "however",   "there",      "here",     "him",       "her",       "them",    "us",
       "me",        "it's",       "what",     "how",       "why",       "then",    "too",
       "very",      "once",       "now",      "ago",       "like",      "both",    "either",
       "neither",   "all",        "any",      "each",      "every",     "no",      "more",
       "most",      "less",       "up",       "down",      "out",       "off",     "around",
       "among",     "upon",       "whether",  "unless",    "whereas",   "instead", "despite",
       "amid",      "per",        "thus",     "hence",     "otherwise", "indeed",  "reportedly",
       "allegedly", "apparently", "further",  "finally",   "simply",    "quickly", "repeatedly",
       "recently",  "initially",  "earlier",  "yesterday", "today",     "tonight", "monday",
       "tuesday",   "wednesday",  "thursday", "friday",    "saturday",  "sunday"});
  Add(&t, kQwDeterminer, {"the",  "a",       "an",   "one",  "another", "some",  "two", "three",
                          "four", "several", "many", "this", "these",   "those", "his", "her",
                          "its",  "their",   "our",  "my",   "your",    "other"});
  Add(&t, kQwSubjectPronoun, {"he", "she", "they", "i", "we", "it", "you"});
  Add(&t, kQwPersonPronoun, {"he", "she"});
  Add(&t, kQwAdverb,
      {"also",         "later",        "then",       "even",       "previously", "recently",
       "once",         "has",          "had",        "have",       "further",    "simply",
       "reportedly",   "quickly",      "repeatedly", "finally",    "again",      "earlier",
       "subsequently", "separately",   "initially",  "frequently", "often",      "famously",
       "once",         "privately",    "publicly",   "bluntly",    "flatly",     "angrily",
       "curtly",       "confidently",  "cheerfully", "proudly",    "jokingly",   "firmly",
       "quietly",      "loudly",       "recently",   "would",      "will",       "had",
       "has",          "just",         "went",       "had",        "also",       "both",
       "all",          "since",        "then",       "ultimately", "tersely",    "sarcastically",
       "defiantly",    "emphatically", "openly"});
  Add(&t, kQwUnnamedHead,
      {"source", "sources", "official", "officials", "aide", "aides", "insider", "insiders",
       "person", "people", "ally", "allies", "staffer", "staffers", "someone", "individual",
       "individuals", "statement", "report"});
  return t;
}

}  // namespace

uint32_t QuoteWordClasses(std::string_view lower_word) {
  static const Table kTable = BuildTable();
  auto it = kTable.find(lower_word);
  return it == kTable.end() ? 0 : it->second;
}

void LowerQuoteWord(std::string_view word, std::string* out) {
  out->clear();
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') {
      out->push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < word.size() &&
               static_cast<unsigned char>(word[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(word[i + 2]) == 0x99 ||
                static_cast<unsigned char>(word[i + 2]) == 0x98)) {
      out->push_back('\'');
      i += 2;
    } else {
      out->push_back(c);
    }
  }
}

}  // namespace storyline
