#include "engine/story_labels.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "stories/story_features.h"

namespace storyline {

bool IsLabelStopTerm(std::string_view term) {
  // Beyond the words clustering leaves out: Snowball English stems of other function words
  // (because -> becaus, only -> onli).
  static const auto* stop = new std::unordered_set<std::string_view>{
      "if",    "when",  "what",  "where", "whi",   "how",   "while", "than",   "then",
      "them",  "him",   "our",   "your",  "my",    "me",    "us",    "so",     "no",
      "can",   "could", "should", "might", "must", "may",   "do",    "doe",    "did",
      "done",  "up",    "out",   "over",  "into",  "about", "more",  "most",   "all",
      "some",  "such",  "ani",   "onli",  "veri",  "becaus", "these", "those", "other",
      "just",  "here",  "whom",  "whose", "it'",   "befor"};
  return IsStoryStopTerm(term) || stop->count(term) > 0;
}

StoryLabelWords::StoryLabelWords(Catalog* catalog, SegmentTexts* texts, size_t articles)
    : catalog_(catalog), texts_(texts), articles_(articles) {}

Status StoryLabelWords::Apply(StorySummary* s) {
  std::vector<std::string> wanted;
  for (std::string& t : s->terms) {
    if (!IsLabelStopTerm(t)) wanted.push_back(std::move(t));
  }
  s->terms.clear();
  if (wanted.empty()) return Status::Ok();
  std::unordered_map<std::string, std::map<std::string, uint32_t>> forms;  // stem -> word -> n
  for (const std::string& t : wanted) forms[t];
  ASSIGN_OR_RETURN(std::vector<DocId> docs, catalog_->StoryDocs(s->id));
  std::sort(docs.begin(), docs.end());
  if (docs.size() > articles_) docs.resize(articles_);
  std::string word;
  for (const DocId doc : docs) {
    ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(doc));
    ASSIGN_OR_RETURN(std::string text, texts_->Text(row));
    for (const std::string* part : {&row.article.title, &text}) {
      tokenizer_.Tokenize(*part, &tokens_);
      extractor_.Extract(*part, tokens_, row.article.language, &terms_, &raw_);
      for (size_t i = 0; i < terms_.size() && i < raw_.size(); ++i) {
        const auto f = forms.find(terms_[i]);
        if (f == forms.end()) continue;
        NormalizeToken(std::string_view(*part).substr(raw_[i].begin, raw_[i].end - raw_[i].begin),
                       &word);
        ++f->second[word];
      }
    }
  }
  for (const std::string& t : wanted) {
    const auto& counts = forms[t];
    const std::string* best = &t;  // never written in these articles: the term itself
    uint32_t n = 0;
    for (const auto& [w, c] : counts) {  // the most frequent; the first in order on a tie
      if (c > n) {
        best = &w;
        n = c;
      }
    }
    s->terms.push_back(*best);
  }
  return Status::Ok();
}

}  // namespace storyline
