// EntityRecognizer: finds the named-entity mentions of an article (title and text) with the NER
// model and the known news organisations (media_names.h), as byte ranges of the original
// strings, and resolves them within the article (ResolveArticleMentions) into its entities.
//
// Words reach the model as CoNLL-2003 wrote them: curly quotes and apostrophes as straight ones
// ("’s" -> "'s", "“" -> "\""), so the tokenizer's output and the training data agree.
//
// Thread-safety: not thread-safe (scratch buffers); one per thread over a shared NerModel, which
// must outlive it.
#ifndef STORYLINE_ENTITIES_ENTITY_RECOGNIZER_H_
#define STORYLINE_ENTITIES_ENTITY_RECOGNIZER_H_

#include <string>
#include <string_view>
#include <vector>

#include "analysis/sentence_splitter.h"
#include "analysis/tokenizer.h"
#include "entities/entity_types.h"
#include "entities/ner_model.h"
#include "entities/ner_tagger.h"

namespace storyline {

enum class ArticleField : uint8_t { kTitle = 0, kText = 1 };

// One mention: bytes [begin, end) of the title or the text.
struct EntityMention {
  ArticleField field;
  uint32_t begin;
  uint32_t end;
  EntityType type;
  // Index into the article's ArticleEntity list (set by MentionResolver).
  uint32_t entity = 0;
};

// An entity of one article: the name it is known by in the article (its longest, most complete
// mention), its type, and how it was written.
struct ArticleEntity {
  EntityType type;
  std::string name;              // e.g. "Sadiq Khan"
  std::vector<std::string> aliases;  // distinct surface forms, name first ("Sadiq Khan", "Khan")
  std::vector<uint32_t> alias_mentions;  // mentions written as each alias
  uint32_t mention_count = 0;
};

class EntityRecognizer {
 public:
  explicit EntityRecognizer(const NerModel* model) : tagger_(model) {}

  // Appends nothing when both strings are empty. `text_tokens` and `text_sentences` are the
  // text's tokens and sentences (the ingest pipeline has them already); the title is tokenized
  // here. Clears and fills *mentions (title first, then text, in order) and *entities.
  void Recognize(std::string_view title, std::string_view text,
                 const std::vector<Token>& text_tokens,
                 const std::vector<Sentence>& text_sentences,
                 std::vector<EntityMention>* mentions, std::vector<ArticleEntity>* entities);

  // Convenience for tools and tests: tokenizes and splits the text itself.
  void Recognize(std::string_view title, std::string_view text,
                 std::vector<EntityMention>* mentions, std::vector<ArticleEntity>* entities);

 private:
  NerTagger tagger_;
  Tokenizer tokenizer_;
  std::vector<Token> title_tokens_, text_tokens_;
  std::vector<Sentence> text_sentences_;
  std::vector<std::string> words_;  // normalised words, all sentences
  std::vector<std::vector<std::string_view>> sentences_;
  std::vector<std::vector<TokenSpan>> spans_;
};

// The mentions' text, after the article's rules: a mention split at a possessive ("MSNBC’s
// Morning Joe" -> "MSNBC", "Morning Joe"), a mention that runs a title into a name split
// ("London Mayor Sadiq Khan" -> "London" and the person "Sadiq Khan"), surface forms normalised (spaces collapsed,
// curly apostrophes straightened, a leading title such as "Mr" or "President" dropped), street
// names ("... Lane", "... Street") made places, one type per surface form (the majority), a single word that is the last or first word of a person's
// full name in the article made that person ("Khan" -> "Sadiq Khan", even when tagged as a place),
// an all-capitals word that spells the initials of an organisation made that organisation.
// Fills mention.entity and returns the entities. `title` and `text` are what the mentions index.
std::vector<ArticleEntity> ResolveArticleMentions(std::string_view title, std::string_view text,
                                                  std::vector<EntityMention>* mentions);

// The surface form of a mention as ResolveArticleMentions names it ("Mr. Sadiq  Khan’s" ->
// "Sadiq Khan"); empty when nothing is left.
std::string NormalizeEntityName(std::string_view surface, EntityType type);

// The key entities are matched by across articles: the name in lower case (Unicode-aware).
std::string EntityNameKey(std::string_view name);
// The key of a name as a user types it (a query, a command line): normalised, then keyed.
std::string EntityQueryKey(std::string_view name);

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_ENTITY_RECOGNIZER_H_
