// Removing articles from the catalog (format version 7, docs/formats/catalog.md).
//
// A deleted article's row moves to deleted_articles: its DocId stays taken, because the segment
// file still holds its text at its ordinal and the postings files its words (readers skip it;
// a merge of postings files drops it). Everything else that names the article goes in the same
// transaction, with the counts it added: its entity rows (article and mention counts, written
// forms), mentions, quotes and their anchors, its story assignment (the story's count, span and
// title article are recomputed by the caller's fixup), and its near-duplicate links and group
// rows (the groups it was in are regrouped by the caller's fixup from the links that remain).
#include <sqlite3.h>

#include <algorithm>
#include <set>

#include "catalog/catalog.h"
#include "catalog/sqlite_util.h"

namespace storyline {
namespace {

using sqlite_util::BindText;
using sqlite_util::ColumnText;
using sqlite_util::Stmt;

}  // namespace

Result<std::vector<uint32_t>> Catalog::DeletedDocs() {
  std::vector<uint32_t> out;
  if (version_ < 7) return out;
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT doc_id FROM deleted_articles ORDER BY doc_id", &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.push_back(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the deleted articles");
  return out;
}

Result<std::vector<StoredMention>> Catalog::ArticleMentions(DocId doc) {
  std::vector<StoredMention> out;
  if (version_ < 3) return out;
  Stmt st;
  RETURN_IF_ERROR(
      Prepare("SELECT m.field, m.begin_byte, m.end_byte, m.entity_id, e.type"
              " FROM mentions m JOIN entities e ON e.entity_id = m.entity_id"
              " WHERE m.doc_id = ? ORDER BY m.field, m.begin_byte",
              &st.s));
  sqlite3_bind_int64(st.s, 1, doc.value());
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    StoredMention m;
    m.mention.doc = doc;
    m.mention.field = static_cast<uint8_t>(sqlite3_column_int(st.s, 0));
    m.mention.begin = static_cast<uint32_t>(sqlite3_column_int64(st.s, 1));
    m.mention.end = static_cast<uint32_t>(sqlite3_column_int64(st.s, 2));
    m.mention.entity = EntityId(static_cast<uint64_t>(sqlite3_column_int64(st.s, 3)));
    m.type = ColumnText(st.s, 4);
    out.push_back(std::move(m));
  }
  if (rc != SQLITE_DONE)
    return Error("cannot read the mentions of doc " + std::to_string(doc.value()));
  return out;
}

Result<std::vector<std::pair<DocId, DocId>>> Catalog::SupersededVersions(DocId first_new) {
  std::vector<std::pair<DocId, DocId>> out;
  Stmt st;
  // An article's identity across versions: its URL, else its source and record id.
  constexpr const char* kKey =
      "CASE WHEN url != '' THEN 'u ' || url WHEN json_valid(metadata) AND"
      " json_type(metadata, '$.id') IN ('text', 'integer') THEN 'i ' || source || ' ' ||"
      " json_extract(metadata, '$.id') END";
  const std::string sql = std::string("WITH latest AS (SELECT ") + kKey +
                          " AS k, MAX(doc_id) AS newest FROM articles"
                          " WHERE doc_id >= ? AND k IS NOT NULL GROUP BY k),"
                          " keyed AS (SELECT doc_id, " +
                          kKey +
                          " AS k FROM articles)"
                          " SELECT a.doc_id, l.newest FROM keyed a JOIN latest l ON a.k = l.k"
                          " WHERE a.doc_id != l.newest ORDER BY a.doc_id";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  sqlite3_bind_int64(st.s, 1, first_new.value());
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.emplace_back(DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0))),
                     DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 1))));
  }
  if (rc != SQLITE_DONE) return Error("cannot find the articles replaced");
  return out;
}

// One article's part of DeleteArticles: its row moves, its entity, mention, quote and story
// rows go with the counts they added; notes its story and near-duplicate group.
Status Catalog::RemoveArticleRows(DocId doc, const std::string& reason,
                                  const std::string& deleted_at, std::set<uint64_t>* groups,
                                  std::set<uint32_t>* stories) {
  const int64_t d = doc.value();
  {
    Stmt st;
    RETURN_IF_ERROR(
        Prepare("INSERT INTO deleted_articles(doc_id, article_id, batch_id,"
                " segment_id, segment_ordinal, text_bytes, deleted_at, reason)"
                " SELECT doc_id, article_id, batch_id, segment_id,"
                " segment_ordinal, text_bytes, ?, ? FROM articles WHERE doc_id = ?",
                &st.s));
    BindText(st.s, 1, deleted_at);
    BindText(st.s, 2, reason);
    sqlite3_bind_int64(st.s, 3, d);
    if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record a deleted article");
    if (sqlite3_changes(db_) != 1) {
      return NotFound("no article with doc id " + std::to_string(d) + " in this store");
    }
  }
  // Entities: each entity of the article loses its mentions there and one article.
  {
    Stmt ents, update, drop;
    RETURN_IF_ERROR(
        Prepare("SELECT ae.entity_id, ae.mention_count FROM article_entities ae"
                " WHERE ae.doc_id = ?1 AND ae.entity_id IN"
                " (SELECT DISTINCT entity_id FROM mentions WHERE doc_id = ?1)",
                &ents.s));
    RETURN_IF_ERROR(
        Prepare("UPDATE entities SET mention_count = mention_count - ?,"
                " article_count = article_count - 1 WHERE entity_id = ?",
                &update.s));
    RETURN_IF_ERROR(
        Prepare("DELETE FROM article_entities WHERE entity_id = ? AND doc_id = ?", &drop.s));
    sqlite3_bind_int64(ents.s, 1, d);
    std::vector<std::pair<int64_t, int64_t>> rows;
    int rc;
    while ((rc = sqlite3_step(ents.s)) == SQLITE_ROW) {
      rows.emplace_back(sqlite3_column_int64(ents.s, 0), sqlite3_column_int64(ents.s, 1));
    }
    if (rc != SQLITE_DONE) return Error("cannot read an article's entities");
    for (const auto& [entity, mentions] : rows) {
      sqlite3_reset(update.s);
      sqlite3_bind_int64(update.s, 1, mentions);
      sqlite3_bind_int64(update.s, 2, entity);
      if (sqlite3_step(update.s) != SQLITE_DONE) return Error("cannot count down an entity");
      sqlite3_reset(drop.s);
      sqlite3_bind_int64(drop.s, 1, entity);
      sqlite3_bind_int64(drop.s, 2, d);
      if (sqlite3_step(drop.s) != SQLITE_DONE) return Error("cannot remove an article's entity");
    }
  }
  for (const char* sql :
       {"DELETE FROM articles WHERE doc_id = ?", "DELETE FROM mentions WHERE doc_id = ?",
        "DELETE FROM quotes WHERE doc_id = ?"}) {
    Stmt st;
    RETURN_IF_ERROR(Prepare(sql, &st.s));
    sqlite3_bind_int64(st.s, 1, d);
    if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot remove an article's rows");
  }
  // Its story.
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("SELECT story_id FROM article_stories WHERE doc_id = ?", &st.s));
    sqlite3_bind_int64(st.s, 1, d);
    const int rc = sqlite3_step(st.s);
    if (rc == SQLITE_ROW) {
      const auto story = static_cast<uint32_t>(sqlite3_column_int64(st.s, 0));
      stories->insert(story);
      Stmt del, count;
      RETURN_IF_ERROR(Prepare("DELETE FROM article_stories WHERE doc_id = ?", &del.s));
      sqlite3_bind_int64(del.s, 1, d);
      RETURN_IF_ERROR(Prepare(
          "UPDATE stories SET article_count = article_count - 1 WHERE story_id = ?", &count.s));
      sqlite3_bind_int64(count.s, 1, story);
      if (sqlite3_step(del.s) != SQLITE_DONE || sqlite3_step(count.s) != SQLITE_DONE) {
        return Error("cannot remove an article from its story");
      }
    } else if (rc != SQLITE_DONE) {
      return Error("cannot read an article's story");
    }
  }
  // Its near-duplicate group.
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("SELECT group_id FROM dup_members WHERE doc_id = ?", &st.s));
    sqlite3_bind_int64(st.s, 1, d);
    const int rc = sqlite3_step(st.s);
    if (rc == SQLITE_ROW) {
      groups->insert(static_cast<uint64_t>(sqlite3_column_int64(st.s, 0)));
    } else if (rc != SQLITE_DONE) {
      return Error("cannot read an article's group");
    }
  }
  return Status::Ok();
}

Status Catalog::DeleteArticles(
    const DeleteRequest& request,
    const std::function<Status(const DeleteEffects&, DeleteFixups*)>& fixup) {
  if (version_ < 7) {
    return InvalidArgument("catalog " + path_ + " is read-only or too old to delete from");
  }
  if (request.reasons.size() != request.docs.size()) {
    return InvalidArgument("delete: one reason per article");
  }
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = [&]() -> Status {
    std::set<uint64_t> groups;   // near-duplicate groups that lose a member
    std::set<uint32_t> stories;  // stories that lose an article
    for (size_t i = 0; i < request.docs.size(); ++i) {
      RETURN_IF_ERROR(RemoveArticleRows(request.docs[i], request.reasons[i], request.deleted_at,
                                        &groups, &stories));
    }
    // Written forms of the entities' mentions.
    {
      Stmt update, drop;
      RETURN_IF_ERROR(
          Prepare("UPDATE entity_aliases SET mention_count = mention_count - ?"
                  " WHERE entity_id = ? AND alias = ?",
                  &update.s));
      RETURN_IF_ERROR(
          Prepare("DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?"
                  " AND mention_count <= 0",
                  &drop.s));
      for (const EntityAliasDelta& a : request.aliases) {
        sqlite3_reset(update.s);
        sqlite3_bind_int64(update.s, 1, static_cast<int64_t>(a.mentions));
        sqlite3_bind_int64(update.s, 2, static_cast<int64_t>(a.entity.value()));
        BindText(update.s, 3, a.alias);
        sqlite3_reset(drop.s);
        sqlite3_bind_int64(drop.s, 1, static_cast<int64_t>(a.entity.value()));
        BindText(drop.s, 2, a.alias);
        if (sqlite3_step(update.s) != SQLITE_DONE || sqlite3_step(drop.s) != SQLITE_DONE) {
          return Error("cannot count down a written form of entity " +
                       std::to_string(a.entity.value()));
        }
      }
    }
    // Rows found by other columns than their keys' first: one pass each over the deleted set.
    RETURN_IF_ERROR(
        Exec("CREATE TEMP TABLE IF NOT EXISTS deleting(doc_id INTEGER PRIMARY KEY);"
             " DELETE FROM temp.deleting;"));
    {
      Stmt st;
      RETURN_IF_ERROR(Prepare("INSERT INTO temp.deleting VALUES(?)", &st.s));
      for (const DocId doc : request.docs) {
        sqlite3_reset(st.s);
        sqlite3_bind_int64(st.s, 1, doc.value());
        if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot list the deleted articles");
      }
    }
    RETURN_IF_ERROR(
        Exec("DELETE FROM quote_anchors WHERE doc_id IN (SELECT doc_id FROM temp.deleting);"
             " DELETE FROM dup_links WHERE doc_id IN (SELECT doc_id FROM temp.deleting)"
             "   OR other_doc IN (SELECT doc_id FROM temp.deleting);"));
    DeleteEffects effects;
    {
      // The groups' rows go; their remaining members are regrouped by the fixup.
      Stmt members, drop;
      RETURN_IF_ERROR(
          Prepare("SELECT doc_id FROM dup_members WHERE group_id = ?"
                  " AND doc_id NOT IN (SELECT doc_id FROM temp.deleting)",
                  &members.s));
      RETURN_IF_ERROR(Prepare("DELETE FROM dup_members WHERE group_id = ?", &drop.s));
      for (const uint64_t g : groups) {
        sqlite3_reset(members.s);
        sqlite3_bind_int64(members.s, 1, static_cast<int64_t>(g));
        int rc;
        while ((rc = sqlite3_step(members.s)) == SQLITE_ROW) {
          effects.regroup.push_back(
              DocId(static_cast<uint32_t>(sqlite3_column_int64(members.s, 0))));
        }
        if (rc != SQLITE_DONE) return Error("cannot read a near-duplicate group");
        sqlite3_reset(drop.s);
        sqlite3_bind_int64(drop.s, 1, static_cast<int64_t>(g));
        if (sqlite3_step(drop.s) != SQLITE_DONE) return Error("cannot remove a group's rows");
      }
      std::sort(effects.regroup.begin(), effects.regroup.end());
      effects.groups = groups.size();
    }
    {
      Stmt live;
      RETURN_IF_ERROR(
          Prepare("SELECT article_count, title_doc IN (SELECT doc_id FROM"
                  " temp.deleting) FROM stories WHERE story_id = ?",
                  &live.s));
      for (const uint32_t story : stories) {
        sqlite3_reset(live.s);
        sqlite3_bind_int64(live.s, 1, story);
        if (sqlite3_step(live.s) != SQLITE_ROW) return Error("cannot read a story");
        if (sqlite3_column_int64(live.s, 0) > 0) {
          effects.stories.push_back({story, sqlite3_column_int(live.s, 1) == 1});
        }
      }
    }
    DeleteFixups fixups;
    RETURN_IF_ERROR(fixup(effects, &fixups));
    RETURN_IF_ERROR(WriteDupMembers(fixups.members));
    {
      Stmt st;
      RETURN_IF_ERROR(Prepare(
          "UPDATE stories SET first_day = ?1, last_day = ?2, title_doc = CASE WHEN ?3 IS NOT NULL"
          " THEN ?3 WHEN title_doc IN (SELECT doc_id FROM temp.deleting) THEN NULL ELSE title_doc"
          " END WHERE story_id = ?4",
          &st.s));
      for (const DeleteFixups::Story& f : fixups.stories) {
        sqlite3_reset(st.s);
        if (f.first_day == kNoDay) {
          sqlite3_bind_null(st.s, 1);
          sqlite3_bind_null(st.s, 2);
        } else {
          sqlite3_bind_int64(st.s, 1, f.first_day);
          sqlite3_bind_int64(st.s, 2, f.last_day);
        }
        if (f.title_doc) {
          sqlite3_bind_int64(st.s, 3, f.title_doc->value());
        } else {
          sqlite3_bind_null(st.s, 3);
        }
        sqlite3_bind_int64(st.s, 4, f.story);
        if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot update a story");
      }
    }
    return Exec("COMMIT");
  }();
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

Result<std::vector<std::pair<SegmentRecord, std::vector<uint32_t>>>>
Catalog::SegmentsWithDeletedTexts() {
  std::vector<std::pair<SegmentRecord, std::vector<uint32_t>>> out;
  if (version_ < 7) return out;
  Stmt st;
  const std::string sql =
      std::string("SELECT ") + sqlite_util::kSegmentColumns +
      ", d.segment_ordinal FROM deleted_articles d JOIN segments s ON s.segment_id = d.segment_id"
      " WHERE s.segment_id IN (SELECT segment_id FROM deleted_articles WHERE text_purged = 0)"
      " ORDER BY s.segment_id, d.segment_ordinal";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    const SegmentId id(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
    if (out.empty() || out.back().first.id != id) {
      out.emplace_back(sqlite_util::ReadSegmentRecord(st.s), std::vector<uint32_t>());
    }
    out.back().second.push_back(static_cast<uint32_t>(sqlite3_column_int64(st.s, 5)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the deleted texts");
  return out;
}

Status Catalog::ReplaceSegmentFile(const SegmentRecord& rewritten) {
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = [&]() -> Status {
    Stmt seg, purged;
    RETURN_IF_ERROR(
        Prepare("UPDATE segments SET file_name = ?, size_bytes = ?, checksum = ?"
                " WHERE segment_id = ? AND doc_count = ?",
                &seg.s));
    BindText(seg.s, 1, rewritten.file_name);
    sqlite3_bind_int64(seg.s, 2, static_cast<int64_t>(rewritten.size_bytes));
    sqlite3_bind_int64(seg.s, 3, static_cast<int64_t>(rewritten.checksum));
    sqlite3_bind_int64(seg.s, 4, rewritten.id.value());
    sqlite3_bind_int64(seg.s, 5, rewritten.doc_count);
    if (sqlite3_step(seg.s) != SQLITE_DONE || sqlite3_changes(db_) != 1) {
      return Error("cannot switch segment " + std::to_string(rewritten.id.value()) +
                   " to its rewritten file");
    }
    RETURN_IF_ERROR(
        Prepare("UPDATE deleted_articles SET text_purged = 1 WHERE segment_id = ?", &purged.s));
    sqlite3_bind_int64(purged.s, 1, rewritten.id.value());
    if (sqlite3_step(purged.s) != SQLITE_DONE) return Error("cannot record purged texts");
    return Exec("COMMIT");
  }();
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

}  // namespace storyline
