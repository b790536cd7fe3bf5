#include "engine/entity_stage.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <thread>

#include "common/hash.h"
#include "entities/known_people.h"
#include "quotes/quote_links.h"
#include "engine/segment_texts.h"
#include "index/segment_reader.h"

namespace storyline {

namespace {

std::string LastWord(const std::string& name) {
  size_t sp = name.find_last_of(' ');
  return sp == std::string::npos ? name : name.substr(sp + 1);
}

}  // namespace

void AnalyzeEntities(EntityRecognizer* recognizer, const Article& article,
                     const std::vector<Token>& tokens, const std::vector<Sentence>& sentences,
                     EntityInput* out) {
  recognizer->Recognize(article.title, article.text, tokens, sentences, &out->mentions,
                        &out->entities);
  std::vector<EntityMention> in_text;
  for (const EntityMention& m : out->mentions) {
    if (m.field == ArticleField::kText) in_text.push_back(m);
  }
  out->quotes = FindQuotes(article.text, tokens, in_text, out->entities);
  out->cues.clear();
  out->speakers.clear();
  out->text_keys.clear();
  out->anchors.clear();
  std::vector<std::string> words;
  for (const Quote& q : out->quotes) {
    QuoteWords(article.text, q.parts, &words);
    out->text_keys.push_back(QuoteKey(words));
    out->anchors.push_back(QuoteAnchors(words));
    out->cues.emplace_back(article.text.substr(q.cue.begin, q.cue.end - q.cue.begin));
    out->speakers.emplace_back(
        article.text.substr(q.speaker.begin, q.speaker.end - q.speaker.begin));
  }
}

EntityStage::EntityStage(Env* env, const StoreLayout& layout, Catalog* catalog,
                         const NerModel* model)
    : env_(env),
      layout_(layout),
      catalog_(catalog),
      model_(model),
      known_people_(&KnownPeople::Default()) {
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx",
                static_cast<unsigned long long>(Hash64(model->metadata())));
  model_name_ = std::string("ner-en ") + hex;
}

Status EntityStage::Load(uint64_t* backfilled,
                         const std::function<void(uint64_t, uint64_t)>& progress) {
  RETURN_IF_ERROR(catalog_->ForEachEntity([&](const EntityListRow& e, const std::string& key) {
    int type = static_cast<int>(ParseEntityType(e.type).value_or(EntityType::kMisc));
    Known k{e.id, type};
    by_key_[key].push_back(k);
    if (type == static_cast<int>(EntityType::kPer) && key.find(' ') != std::string::npos) {
      by_surname_[LastWord(key)].push_back(k);
    }
    mentions_[e.id.value()] = e.mentions;
    next_id_ = std::max(next_id_, e.id.value() + 1);
  }));
  RETURN_IF_ERROR(BackfillQuoteAnchors());
  // Batches without entity rows (committed by an ingest that deferred its analysis, or before
  // entities existed), in batch order, as an ingest would have resolved them.
  ASSIGN_OR_RETURN(auto done, catalog_->EntityBatches());
  ASSIGN_OR_RETURN(auto extents, catalog_->BatchExtents());
  ASSIGN_OR_RETURN(const std::vector<uint32_t> deleted, catalog_->DeletedDocs());
  std::sort(done.begin(), done.end());
  // Recognition (per article, independent) runs on one thread per core over slices of a batch;
  // resolution (Add) stays in doc order on this thread, so the rows are an ingest's.
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  constexpr uint32_t kSlice = 2048;
  std::vector<Article> slice;
  std::vector<char> gone;  // deleted before it was analysed
  std::vector<EntityInput> inputs;
  uint64_t total = 0, analysed = 0;
  for (const BatchExtent& e : extents) {
    if (!std::binary_search(done.begin(), done.end(), e.batch)) total += e.doc_count;
  }
  for (const BatchExtent& e : extents) {
    if (std::binary_search(done.begin(), done.end(), e.batch)) continue;
    ASSIGN_OR_RETURN(auto reader, SegmentReader::Open(env_, layout_.segment(e.segment_file)));
    EntityBatchRows rows;
    rows.model = model_name_;
    for (uint32_t begin = 0; begin < e.doc_count; begin += kSlice) {
      const uint32_t n = std::min(kSlice, e.doc_count - begin);
      slice.resize(n);
      inputs.resize(n);
      gone.assign(n, 0);
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t doc = e.first_doc.value() + begin + i;
        if (std::binary_search(deleted.begin(), deleted.end(), doc)) {
          gone[i] = 1;  // deleted before it was analysed: no entities
          continue;
        }
        ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(DocId(doc)));
        ASSIGN_OR_RETURN(row.article.text, reader->ReadText(row.ordinal));
        slice[i] = std::move(row.article);
      }
      auto recognize = [&](size_t t) {
        EntityRecognizer recognizer(model_);
        Tokenizer tokenizer;
        std::vector<Token> tokens;
        std::vector<Sentence> sentences;
        for (size_t i = t; i < n; i += threads) {
          if (gone[i]) continue;
          tokenizer.Tokenize(slice[i].text, &tokens);
          SplitSentences(slice[i].text, tokens, &sentences);
          AnalyzeEntities(&recognizer, slice[i], tokens, sentences, &inputs[i]);
        }
      };
      std::vector<std::thread> helpers;
      for (size_t t = 1; t < threads && t < n; ++t) helpers.emplace_back(recognize, t);
      recognize(0);
      for (std::thread& h : helpers) h.join();
      for (uint32_t i = 0; i < n; ++i) {
        if (!gone[i]) Add(slice[i].doc, inputs[i], &rows);
      }
    }
    FinishBatch(&rows);
    RETURN_IF_ERROR(catalog_->CommitEntityBackfill(e.batch, rows));
    *backfilled += e.doc_count;
    analysed += e.doc_count;
    if (progress) progress(analysed, total);
  }
  return Status::Ok();
}

Status EntityStage::BackfillQuoteAnchors() {
  ASSIGN_OR_RETURN(bool missing, catalog_->QuoteAnchorsMissing());
  if (!missing) return Status::Ok();
  struct Ref {
    DocId doc;
    uint32_t number;
    std::string parts;
  };
  std::vector<Ref> refs;
  RETURN_IF_ERROR(catalog_->ForEachQuoteParts(
      [&](DocId doc, uint32_t number, const std::string& parts) -> Status {
        refs.push_back({doc, number, parts});
        return Status::Ok();
      }));
  SegmentTexts texts(env_, layout_, catalog_);
  std::vector<QuoteRow> chunk;
  std::vector<std::string> words;
  std::string text;
  DocId text_doc;
  bool have_text = false;
  constexpr size_t kChunk = 10000;
  for (size_t i = 0; i < refs.size(); ++i) {
    if (!have_text || refs[i].doc != text_doc) {
      ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(refs[i].doc));
      ASSIGN_OR_RETURN(text, texts.Text(row));
      text_doc = refs[i].doc;
      have_text = true;
    }
    QuoteWords(text, ParseQuoteParts(refs[i].parts, text.size()), &words);
    QuoteRow q;
    q.doc = refs[i].doc;
    q.number = refs[i].number;
    q.anchors = QuoteAnchors(words);
    chunk.push_back(std::move(q));
    if (chunk.size() == kChunk && i + 1 < refs.size()) {
      RETURN_IF_ERROR(catalog_->CommitQuoteAnchors(chunk, false));
      chunk.clear();
    }
  }
  return catalog_->CommitQuoteAnchors(chunk, true);
}

EntityId EntityStage::Create(int type, const std::string& name, const std::string& key,
                             EntityBatchRows* rows) {
  EntityId id(next_id_++);
  rows->new_entities.push_back(
      {id, std::string(EntityTypeName(static_cast<EntityType>(type))), name, key});
  Known k{id, type};
  by_key_[key].push_back(k);
  if (type == static_cast<int>(EntityType::kPer) && key.find(' ') != std::string::npos) {
    by_surname_[LastWord(key)].push_back(k);
  }
  return id;
}

EntityId EntityStage::Lookup(const std::string& key, int type) const {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return EntityId();
  for (const Known& k : it->second) {
    if (k.type == type) return k.id;
  }
  return EntityId();
}

EntityId EntityStage::Resolve(const ArticleEntity& e, EntityBatchRows* rows) {
  const std::string key = EntityNameKey(e.name);
  const int type = static_cast<int>(e.type);
  auto count = [&](const Known& k) { return mentions_[k.id.value()]; };
  // A person named by one word: the dominant full name with that surname.
  if (e.type == EntityType::kPer && key.find(' ') == std::string::npos) {
    auto it = by_surname_.find(key);
    if (it != by_surname_.end()) {
      uint64_t total = 0;
      const Known* best = nullptr;
      for (const Known& k : it->second) {
        total += count(k);
        if (best == nullptr || count(k) > count(*best)) best = &k;
      }
      if (best != nullptr && count(*best) >= 2 && count(*best) * 5 >= total * 4) return best->id;
    }
    // The archive cannot decide: the person news text most often means by the surname
    // (KnownPeople), unless the archive holds other people with that surname but not that one.
    if (known_people_ != nullptr) {
      if (auto full = known_people_->FullName(key)) {
        const std::string full_key = EntityNameKey(*full);
        const EntityId known = Lookup(full_key, type);  // 0: not in the archive yet
        bool other_people = false;
        bool has_it = false;
        if (it != by_surname_.end()) {
          for (const Known& k : it->second) {
            has_it = has_it || (known.value() != 0 && k.id == known);
            other_people = true;
          }
        }
        if (!other_people || has_it) {
          return known.value() != 0 ? known : Create(type, std::string(*full), full_key, rows);
        }
      }
    }
  }
  auto it = by_key_.find(key);
  if (it != by_key_.end()) {
    const Known* same = nullptr;
    const Known* strongest = nullptr;
    for (const Known& k : it->second) {
      if (k.type == type) same = &k;
      if (strongest == nullptr || count(k) > count(*strongest)) strongest = &k;
    }
    uint64_t same_count = same ? count(*same) : 0;
    if (strongest != nullptr && strongest->type != type && e.mention_count <= 2 &&
        count(*strongest) >= 2 && count(*strongest) >= 2 * (same_count + e.mention_count)) {
      return strongest->id;
    }
    if (same != nullptr) return same->id;
  }
  return Create(type, e.name, key, rows);
}

void EntityStage::Add(DocId doc, const EntityInput& input, EntityBatchRows* rows) {
  std::vector<EntityId> ids(input.entities.size());
  for (size_t i = 0; i < input.entities.size(); ++i) {
    const ArticleEntity& e = input.entities[i];
    ids[i] = Resolve(e, rows);
    mentions_[ids[i].value()] += e.mention_count;
  }
  // Two article entities may resolve to one archive entity ("Obama" and "Barack Obama" when the
  // article has both forms as separate entities): one article row each.
  std::map<uint64_t, uint32_t> per_entity;
  for (size_t i = 0; i < input.entities.size(); ++i) {
    per_entity[ids[i].value()] += input.entities[i].mention_count;
  }
  for (const auto& [id, n] : per_entity) rows->articles.push_back({doc, EntityId(id), n});
  // Aliases: each surface form with its mentions in this article.
  for (size_t i = 0; i < input.entities.size(); ++i) {
    const ArticleEntity& e = input.entities[i];
    for (size_t a = 0; a < e.aliases.size(); ++a) {
      rows->aliases.push_back({ids[i], e.aliases[a], EntityNameKey(e.aliases[a]),
                               a < e.alias_mentions.size() ? e.alias_mentions[a] : 0});
    }
  }
  for (const EntityMention& m : input.mentions) {
    rows->mentions.push_back({doc, static_cast<uint8_t>(m.field), m.begin, m.end, ids[m.entity]});
  }
  for (size_t i = 0; i < input.quotes.size(); ++i) {
    const Quote& q = input.quotes[i];
    QuoteRow row;
    row.doc = doc;
    row.number = static_cast<uint32_t>(i);
    row.begin = q.content.begin;
    row.end = q.content.end;
    row.parts = FormatQuoteParts(q.parts);
    row.kind = std::string(QuoteKindName(q.kind));
    row.cue = i < input.cues.size() ? input.cues[i] : "";
    row.speaker = i < input.speakers.size() ? input.speakers[i] : "";
    row.speaker_kind = std::string(SpeakerKindName(q.speaker_kind));
    if (q.speaker_entity >= 0 && static_cast<size_t>(q.speaker_entity) < ids.size()) {
      row.speaker_entity = ids[q.speaker_entity];
    }
    row.text_key = i < input.text_keys.size() ? input.text_keys[i] : 0;
    if (i < input.anchors.size()) row.anchors = input.anchors[i];
    rows->quotes.push_back(std::move(row));
  }
}

void EntityStage::FinishBatch(EntityBatchRows* rows) {
  // Each entity's increments: the sum of its article rows.
  std::map<uint64_t, EntityCountDelta> counts;
  for (const ArticleEntityRow& a : rows->articles) {
    auto& c = counts[a.entity.value()];
    c.entity = a.entity;
    c.mentions += a.mentions;
    c.articles += 1;
  }
  rows->counts.clear();
  for (auto& [id, d] : counts) rows->counts.push_back(d);
  std::map<std::pair<uint64_t, std::string>, EntityAliasDelta> aliases;
  for (EntityAliasDelta& a : rows->aliases) {
    auto& x = aliases[{a.entity.value(), a.alias}];
    if (x.alias.empty()) {
      x.entity = a.entity;
      x.alias = a.alias;
      x.alias_key = a.alias_key;
    }
    x.mentions += a.mentions;
  }
  rows->aliases.clear();
  for (auto& [k, a] : aliases) rows->aliases.push_back(std::move(a));
}

}  // namespace storyline
