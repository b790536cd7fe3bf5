// EntityStage: the writer's entity resolver across the archive. Each article's entities (found
// and resolved within the article by EntityRecognizer, on the worker threads) get archive-wide
// EntityIds here, on the calling thread, in input order; the rows go into the article's batch and
// commit in its transaction.
//
// Cross-article rules (docs/entities.md):
//  - an entity is matched by its name key (lower case, no periods) and type;
//  - a name the archive knows under another type wins over an article's weak guess: the article's
//    entity (at most two mentions) takes the type with the most mentions in the archive when
//    that has at least twice as many ("Zac Goldsmith" tagged ORG once, PER everywhere else);
//  - a person named by one word only ("Trump", no full name in the article) is the person with
//    that surname when one full name holds at least 80% of the mentions of all full names with
//    that surname (and at least two); otherwise the one-word name stays an entity of its own:
//    different people who share a surname are not merged without that evidence;
//  - when the archive has no full name with that surname (or several, none dominant, among them
//    the one below), the one-word name goes to the person news text most often means by it
//    (KnownPeople, learned from unlabelled news by train/known_people): "President Obama" in an
//    archive that never spells the name out is Barack Obama, and "Trump" in an article ingested
//    before any "Donald Trump" is Donald Trump. A surname the table does not list keeps its
//    one-word entity until the archive's own full names decide.
//
// Thread-compatible: the calling thread of an ingest only. Discard it after a failed ingest.
#ifndef STORYLINE_ENGINE_ENTITY_STAGE_H_
#define STORYLINE_ENGINE_ENTITY_STAGE_H_

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "engine/store_layout.h"
#include "entities/entity_recognizer.h"
#include "entities/known_people.h"
#include "entities/ner_model.h"
#include "quotes/quote_finder.h"
#include "storyline/env.h"

namespace storyline {

// What the workers compute for one article.
struct EntityInput {
  std::vector<EntityMention> mentions;
  std::vector<ArticleEntity> entities;
  // The text's direct quotations (src/quotes), speaker_entity indexing `entities`, and the
  // words of their cues and speakers.
  std::vector<Quote> quotes;
  std::vector<std::string> cues, speakers;
  std::vector<uint64_t> text_keys;  // QuoteKey of each quote (quotes/quote_links.h)
  std::vector<std::vector<uint64_t>> anchors;  // QuoteAnchors of each quote
};

class EntityStage {
 public:
  EntityStage(Env* env, const StoreLayout& layout, Catalog* catalog, const NerModel* model);

  // Reads every stored entity; computes the anchors of quotes stored without them (a version 4
  // catalog); then recognises the entities of batches committed before entity recognition
  // existed (one transaction per batch) and counts their articles in *backfilled.
  // `progress` (may be empty) gets (articles analysed, articles to analyse) after each batch.
  Status Load(uint64_t* backfilled,
              const std::function<void(uint64_t, uint64_t)>& progress = {});

  // Resolves the article `doc`'s entities and appends its rows to *rows.
  void Add(DocId doc, const EntityInput& input, EntityBatchRows* rows);
  // Completes the batch's rows: each entity's count increments (from its article rows) and its
  // aliases summed.
  static void FinishBatch(EntityBatchRows* rows);

  const std::string& model_name() const { return model_name_; }

 private:
  struct Known {
    EntityId id;
    int type;
  };
  EntityId Resolve(const ArticleEntity& e, EntityBatchRows* rows);
  Status BackfillQuoteAnchors();
  // The archive entity with this key and type; EntityId() (0) when there is none.
  EntityId Lookup(const std::string& key, int type) const;
  EntityId Create(int type, const std::string& name, const std::string& key,
                  EntityBatchRows* rows);

  Env* env_;
  const StoreLayout& layout_;
  Catalog* catalog_;
  const NerModel* model_;
  const KnownPeople* known_people_;
  std::string model_name_;
  uint64_t next_id_ = 1;
  // name key -> entities with that key (one per type).
  std::unordered_map<std::string, std::vector<Known>> by_key_;
  // surname key -> people with a name of two or more words ending in it.
  std::unordered_map<std::string, std::vector<Known>> by_surname_;
  std::unordered_map<uint64_t, uint64_t> mentions_;  // entity id -> mentions so far
};

// Finds and resolves the entities of one article and its quotes (what a worker does).
void AnalyzeEntities(EntityRecognizer* recognizer, const Article& article,
                     const std::vector<Token>& tokens, const std::vector<Sentence>& sentences,
                     EntityInput* out);

}  // namespace storyline

#endif  // STORYLINE_ENGINE_ENTITY_STAGE_H_
