#include "analysis/stemmer.h"

#include <libstemmer.h>

#include <cstring>

namespace storyline {
namespace {

// ISO 639-1 codes of the Snowball algorithms (libstemmer 2.2 names).
struct LanguageName {
  const char* code;
  const char* algorithm;
};
constexpr LanguageName kLanguages[] = {
    {"ar", "arabic"},   {"hy", "armenian"},  {"eu", "basque"},     {"ca", "catalan"},
    {"da", "danish"},   {"nl", "dutch"},     {"en", "english"},    {"fi", "finnish"},
    {"fr", "french"},   {"de", "german"},    {"el", "greek"},      {"hi", "hindi"},
    {"hu", "hungarian"}, {"id", "indonesian"}, {"ga", "irish"},    {"it", "italian"},
    {"lt", "lithuanian"}, {"ne", "nepali"},  {"no", "norwegian"},  {"nb", "norwegian"},
    {"pt", "portuguese"}, {"ro", "romanian"}, {"ru", "russian"},   {"sr", "serbian"},
    {"es", "spanish"},  {"sv", "swedish"},   {"ta", "tamil"},      {"tr", "turkish"},
    {"yi", "yiddish"},
};

bool Available(const char* algorithm) {
  for (const char** name = sb_stemmer_list(); *name != nullptr; ++name) {
    if (std::strcmp(*name, algorithm) == 0) return true;
  }
  return false;
}

constexpr size_t kMaxWordBytes = 64;

}  // namespace

Result<std::unique_ptr<Stemmer>> Stemmer::Create(std::string_view language) {
  std::string algorithm(language);
  for (const LanguageName& l : kLanguages) {
    if (language == l.code) algorithm = l.algorithm;
  }
  if (!Available(algorithm.c_str())) {
    std::string known;
    for (const std::string& c : SupportedLanguages()) known += (known.empty() ? "" : ", ") + c;
    return NotFound("no stemmer for language \"" + std::string(language) +
                    "\"; stemmers exist for " + known);
  }
  sb_stemmer* s = sb_stemmer_new(algorithm.c_str(), "UTF_8");
  if (s == nullptr) return ResourceExhausted("libstemmer could not create a stemmer (memory)");
  return std::unique_ptr<Stemmer>(new Stemmer(s, algorithm));
}

Stemmer::~Stemmer() { sb_stemmer_delete(stemmer_); }

void Stemmer::Stem(std::string_view word, std::string* out) {
  if (word.size() > kMaxWordBytes || word.empty()) {
    out->assign(word);
    return;
  }
  const sb_symbol* stem = sb_stemmer_stem(
      stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  if (stem == nullptr) {  // out of memory inside libstemmer: index the word as it is
    out->assign(word);
    return;
  }
  out->assign(reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(stemmer_)));
}

std::vector<std::string> Stemmer::SupportedLanguages() {
  std::vector<std::string> out;
  for (const LanguageName& l : kLanguages) {
    if (Available(l.algorithm)) out.push_back(l.code);
  }
  return out;
}

}  // namespace storyline
