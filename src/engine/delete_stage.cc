#include "engine/delete_stage.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>

#include "engine/story_stage.h"
#include "entities/entity_recognizer.h"
#include "entities/entity_types.h"
#include "index/segment_format.h"
#include "index/segment_writer.h"

namespace storyline {
namespace {

std::string IsoUtc(int64_t micros) {
  const std::time_t t = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The written forms of an article's mentions, as its ingest counted them (ResolveArticleMentions
// names each mention NormalizeEntityName of its bytes), to subtract from entity_aliases.
Status CountAliases(Catalog* catalog, SegmentTexts* texts, const ArticleRow& row,
                    std::map<std::pair<uint64_t, std::string>, EntityAliasDelta>* out) {
  ASSIGN_OR_RETURN(std::vector<StoredMention> mentions, catalog->ArticleMentions(row.article.doc));
  if (mentions.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(std::string text, texts->Text(row));
  for (const StoredMention& m : mentions) {
    const std::string_view field =
        m.mention.field == 0 ? std::string_view(row.article.title) : std::string_view(text);
    if (m.mention.end > field.size() || m.mention.begin > m.mention.end) {
      return Corruption("article " + FormatArticleId(row.article.id) +
                        ": a stored mention lies outside its text; run `storyline check`");
    }
    const auto type = ParseEntityType(m.type);
    if (!type) {
      return Corruption("entity " + std::to_string(m.mention.entity.value()) + " has type '" +
                        m.type + "'; run `storyline check`");
    }
    const std::string alias =
        NormalizeEntityName(field.substr(m.mention.begin, m.mention.end - m.mention.begin), *type);
    if (alias.empty()) continue;
    EntityAliasDelta& d = (*out)[{m.mention.entity.value(), alias}];
    if (d.alias.empty()) {
      d.entity = m.mention.entity;
      d.alias = alias;
      d.alias_key = EntityNameKey(alias);
    }
    ++d.mentions;
  }
  return Status::Ok();
}

// A story's span and, when its title article went, a new one: the earliest remaining article
// with a title (undated last, then by DocId).
Status RecomputeStory(Catalog* catalog, const DeleteEffects::StoryEffect& effect,
                      DeleteFixups::Story* out) {
  out->story = effect.story;
  ASSIGN_OR_RETURN(std::vector<DocId> docs, catalog->StoryDocs(effect.story));
  std::optional<std::pair<int64_t, DocId>> title;  // (day or max, doc)
  for (const DocId doc : docs) {
    ASSIGN_OR_RETURN(ArticleRow row, catalog->ArticleByDoc(doc));
    const PublishedDate& p = row.article.published;
    int64_t day = INT64_MAX;
    if (p.year > 0) {
      day = StoryDay(p.year, p.month, p.day);
      out->first_day = out->first_day == kNoDay ? day : std::min(out->first_day, day);
      out->last_day = out->last_day == kNoDay ? day : std::max(out->last_day, day);
    }
    if (effect.title_lost && !row.article.title.empty() &&
        (!title || std::make_pair(day, doc) < *title)) {
      title = std::make_pair(day, doc);
    }
  }
  if (title) out->title_doc = title->second;
  return Status::Ok();
}

}  // namespace

Result<DeleteSummary> DeleteArticlesFromStore(Env* env, const StoreLayout& layout, Catalog* catalog,
                                              SegmentTexts* texts,
                                              const std::vector<ArticleRow>& rows,
                                              const std::vector<std::string>& reasons,
                                              std::unique_ptr<DedupStage>* dedup) {
  const auto start = std::chrono::steady_clock::now();
  DeleteRequest request;
  request.reasons = reasons;
  request.deleted_at = IsoUtc(env->NowMicros());
  std::map<std::pair<uint64_t, std::string>, EntityAliasDelta> aliases;
  bool grouped = false;  // a removed article is in a near-duplicate group
  for (const ArticleRow& row : rows) {
    request.docs.push_back(row.article.doc);
    RETURN_IF_ERROR(CountAliases(catalog, texts, row, &aliases));
    ASSIGN_OR_RETURN(DupMemberRow member, catalog->DupMemberOf(row.article.doc));
    grouped = grouped || member.group_size >= 2;
  }
  for (auto& [key, delta] : aliases) request.aliases.push_back(std::move(delta));
  if (grouped) {
    // Batches not yet grouped (a store from before near-duplicates, or deferred analysis) are
    // grouped now, outside the delete's transaction.
    ASSIGN_OR_RETURN(std::vector<BatchExtent> extents, catalog->BatchExtents());
    if (std::any_of(extents.begin(), extents.end(),
                    [](const BatchExtent& e) { return !e.has_dup_keys; })) {
      auto stage = std::make_unique<DedupStage>(env, layout, catalog);
      uint64_t backfilled = 0;
      RETURN_IF_ERROR(stage->Load(&backfilled));
    }
  }
  DeleteSummary summary;
  std::unique_ptr<DedupStage> regrouped;
  RETURN_IF_ERROR(catalog->DeleteArticles(
      request, [&](const DeleteEffects& effects, DeleteFixups* fixups) -> Status {
        if (!effects.regroup.empty()) {
          // The grouper rebuilt from the links that remain (the removed articles' are gone).
          regrouped = std::make_unique<DedupStage>(env, layout, catalog);
          uint64_t backfilled = 0;
          RETURN_IF_ERROR(regrouped->Load(&backfilled));
          if (backfilled != 0) return Internal("delete: a batch was grouped inside the delete");
          uint64_t groups = 0;
          RETURN_IF_ERROR(regrouped->MemberRowsOf(effects.regroup, &fixups->members, &groups));
        }
        summary.groups_regrouped = effects.groups;
        for (const DeleteEffects::StoryEffect& s : effects.stories) {
          RETURN_IF_ERROR(RecomputeStory(catalog, s, &fixups->stories.emplace_back()));
        }
        summary.stories_updated = effects.stories.size();
        return Status::Ok();
      }));
  if (regrouped) *dedup = std::move(regrouped);
  summary.deleted = rows.size();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

namespace {

// seg-000012.sls -> seg-000012-1.sls -> seg-000012-2.sls ...
std::string NextSegmentFileName(SegmentId id, const std::string& current) {
  std::string base = segment_format::SegmentFileName(id.value());
  base.resize(base.size() - 4);  // ".sls"
  uint64_t generation = 0;
  if (current.size() > base.size() + 5 && current.compare(0, base.size() + 1, base + "-") == 0) {
    generation = std::strtoull(current.c_str() + base.size() + 1, nullptr, 10);
  }
  return base + "-" + std::to_string(generation + 1) + ".sls";
}

}  // namespace

Status PurgeDeletedTexts(Env* env, const StoreLayout& layout, Catalog* catalog,
                         PurgeOutcome* outcome) {
  ASSIGN_OR_RETURN(auto segments, catalog->SegmentsWithDeletedTexts());
  for (const auto& [seg, ordinals] : segments) {
    ASSIGN_OR_RETURN(auto reader, SegmentReader::Open(env, layout.segment(seg.file_name)));
    if (reader->checksum() != seg.checksum || reader->doc_count() != seg.doc_count) {
      return Corruption("segment file " + seg.file_name +
                        " differs from its catalog record; run `storyline check`");
    }
    SegmentRecord rewritten = seg;
    rewritten.file_name = NextSegmentFileName(seg.id, seg.file_name);
    ASSIGN_OR_RETURN(auto writer,
                     SegmentWriter::Create(env, layout.segment(rewritten.file_name), seg.id));
    size_t next = 0;  // in ordinals
    for (uint32_t i = 0; i < seg.doc_count; ++i) {
      const bool purged = next < ordinals.size() && ordinals[next] == i;
      if (purged) {
        ++next;
        RETURN_IF_ERROR(writer->Add("").status());
        continue;
      }
      ASSIGN_OR_RETURN(std::string text, reader->ReadText(i));
      RETURN_IF_ERROR(writer->Add(text).status());
    }
    RETURN_IF_ERROR(writer->Finish());
    rewritten.size_bytes = writer->file_size();
    rewritten.checksum = writer->checksum();
    RETURN_IF_ERROR(catalog->ReplaceSegmentFile(rewritten));
    reader.reset();
    // The old file is no longer referenced (one left by a crash here goes at the next open).
    (void)env->DeleteFile(layout.segment(seg.file_name));
    (void)env->SyncDir(layout.segments());
    ++outcome->segments;
    outcome->texts += ordinals.size();
    outcome->bytes_before += seg.size_bytes;
    outcome->bytes_after += rewritten.size_bytes;
  }
  return Status::Ok();
}

}  // namespace storyline
