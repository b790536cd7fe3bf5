// The catalog's entity tables (docs/formats/catalog.md): entities, their aliases, the articles
// that mention them and every mention's offsets, written with each batch.
#include <sqlite3.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "catalog/sqlite_util.h"

namespace storyline {

using sqlite_util::BindText;
using sqlite_util::ColumnText;
using sqlite_util::Stmt;

namespace {

EntityListRow ReadEntity(sqlite3_stmt* st, int c) {
  EntityListRow r;
  r.id = EntityId(static_cast<uint64_t>(sqlite3_column_int64(st, c)));
  r.type = ColumnText(st, c + 1);
  r.name = ColumnText(st, c + 2);
  r.mentions = static_cast<uint64_t>(sqlite3_column_int64(st, c + 3));
  r.articles = static_cast<uint64_t>(sqlite3_column_int64(st, c + 4));
  return r;
}

constexpr const char* kEntityColumns =
    "e.entity_id, e.type, e.name, e.mention_count, e.article_count";

}  // namespace

Status Catalog::WriteEntityRows(BatchId batch, const EntityBatchRows& rows) {
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("INSERT INTO entities VALUES(?,?,?,?,0,0)", &st.s));
    for (const EntityRow& e : rows.new_entities) {
      sqlite3_reset(st.s);
      sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(e.id.value()));
      BindText(st.s, 2, e.type);
      BindText(st.s, 3, e.name);
      BindText(st.s, 4, e.name_key);
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record entity " + e.name);
    }
  }
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("UPDATE entities SET mention_count = mention_count + ?,"
                            " article_count = article_count + ? WHERE entity_id = ?",
                            &st.s));
    for (const EntityCountDelta& d : rows.counts) {
      sqlite3_reset(st.s);
      sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(d.mentions));
      sqlite3_bind_int64(st.s, 2, static_cast<int64_t>(d.articles));
      sqlite3_bind_int64(st.s, 3, static_cast<int64_t>(d.entity.value()));
      if (sqlite3_step(st.s) != SQLITE_DONE || sqlite3_changes(db_) != 1) {
        return Error("cannot count the mentions of entity " + std::to_string(d.entity.value()));
      }
    }
  }
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("INSERT INTO entity_aliases VALUES(?,?,?,?) ON CONFLICT(entity_id,"
                            " alias) DO UPDATE SET mention_count = mention_count + excluded."
                            "mention_count",
                            &st.s));
    for (const EntityAliasDelta& a : rows.aliases) {
      sqlite3_reset(st.s);
      sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(a.entity.value()));
      BindText(st.s, 2, a.alias);
      BindText(st.s, 3, a.alias_key);
      sqlite3_bind_int64(st.s, 4, static_cast<int64_t>(a.mentions));
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record alias " + a.alias);
    }
  }
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("INSERT INTO article_entities VALUES(?,?,?)", &st.s));
    for (const ArticleEntityRow& a : rows.articles) {
      sqlite3_reset(st.s);
      sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(a.entity.value()));
      sqlite3_bind_int64(st.s, 2, a.doc.value());
      sqlite3_bind_int64(st.s, 3, a.mentions);
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record an article's entity");
    }
  }
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("INSERT INTO mentions VALUES(?,?,?,?,?)", &st.s));
    for (const MentionRow& m : rows.mentions) {
      sqlite3_reset(st.s);
      sqlite3_bind_int64(st.s, 1, m.doc.value());
      sqlite3_bind_int(st.s, 2, m.field);
      sqlite3_bind_int64(st.s, 3, m.begin);
      sqlite3_bind_int64(st.s, 4, m.end);
      sqlite3_bind_int64(st.s, 5, static_cast<int64_t>(m.entity.value()));
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record a mention");
    }
  }
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("INSERT OR REPLACE INTO quotes VALUES(?,?,?,?,?,?,?,?,?,?,?)", &st.s));
    for (const QuoteRow& q : rows.quotes) {
      sqlite3_reset(st.s);
      sqlite3_bind_int64(st.s, 1, q.doc.value());
      sqlite3_bind_int64(st.s, 2, q.number);
      sqlite3_bind_int64(st.s, 3, q.begin);
      sqlite3_bind_int64(st.s, 4, q.end);
      BindText(st.s, 5, q.parts);
      BindText(st.s, 6, q.kind);
      BindText(st.s, 7, q.cue);
      BindText(st.s, 8, q.speaker);
      BindText(st.s, 9, q.speaker_kind);
      if (q.speaker_entity) {
        sqlite3_bind_int64(st.s, 10, static_cast<int64_t>(q.speaker_entity->value()));
      } else {
        sqlite3_bind_null(st.s, 10);
      }
      sqlite3_bind_int64(st.s, 11, static_cast<int64_t>(q.text_key));
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record a quote");
    }
  }
  RETURN_IF_ERROR(WriteQuoteAnchors(rows.quotes));
  Stmt st;
  RETURN_IF_ERROR(Prepare("INSERT INTO entity_batches VALUES(?,?)", &st.s));
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(batch.value()));
  BindText(st.s, 2, rows.model);
  if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record the batch's entities");
  return Status::Ok();
}

Status Catalog::CommitEntityBackfill(BatchId batch, const EntityBatchRows& rows) {
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = WriteEntityRows(batch, rows);
  if (s.ok()) s = Exec("COMMIT");
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

Status Catalog::ForEachEntity(
    const std::function<void(const EntityListRow&, const std::string& key)>& fn) {
  if (version_ < 3) return Status::Ok();
  Stmt st;
  RETURN_IF_ERROR(Prepare((std::string("SELECT ") + kEntityColumns +
                           ", e.name_key FROM entities e ORDER BY e.entity_id")
                              .c_str(),
                          &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) fn(ReadEntity(st.s, 0), ColumnText(st.s, 5));
  if (rc != SQLITE_DONE) return Error("cannot read the entities");
  return Status::Ok();
}

Result<std::vector<BatchId>> Catalog::EntityBatches() {
  std::vector<BatchId> out;
  if (version_ < 3) return out;
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT batch_id FROM entity_batches ORDER BY batch_id", &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.emplace_back(static_cast<uint64_t>(sqlite3_column_int64(st.s, 0)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the entity batches");
  return out;
}

Result<std::vector<EntityListRow>> Catalog::ListEntities(const std::string& type,
                                                         const std::string& from,
                                                         const std::string& to, uint64_t offset,
                                                         uint64_t limit) {
  std::vector<EntityListRow> out;
  if (version_ < 3) return out;
  Stmt st;
  std::string sql;
  if (from.empty() && to.empty()) {
    sql = std::string("SELECT ") + kEntityColumns +
          " FROM entities e WHERE (?1 = '' OR e.type = ?1) AND e.article_count > 0"
          " ORDER BY e.mention_count DESC, e.entity_id LIMIT ?4 OFFSET ?5";
  } else {
    // Counts over the articles published in the range (by the date's own precision).
    sql = "SELECT e.entity_id, e.type, e.name, SUM(ae.mention_count), COUNT(*)"
          " FROM article_entities ae JOIN articles a ON a.doc_id = ae.doc_id"
          " JOIN entities e ON e.entity_id = ae.entity_id"
          " WHERE (?1 = '' OR e.type = ?1) AND a.published != ''"
          " AND (?2 = '' OR substr(a.published, 1, 10) >= ?2)"
          " AND (?3 = '' OR substr(a.published, 1, length(?3)) <= ?3)"
          " GROUP BY e.entity_id ORDER BY 4 DESC, e.entity_id LIMIT ?4 OFFSET ?5";
  }
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  BindText(st.s, 1, type);
  if (!from.empty() || !to.empty()) {
    BindText(st.s, 2, from);
    BindText(st.s, 3, to);
  }
  sqlite3_bind_int64(st.s, 4, limit == 0 ? -1 : static_cast<int64_t>(limit));
  sqlite3_bind_int64(st.s, 5, static_cast<int64_t>(offset));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) out.push_back(ReadEntity(st.s, 0));
  if (rc != SQLITE_DONE) return Error("cannot list entities");
  return out;
}

Result<std::vector<EntityListRow>> Catalog::FindEntities(const std::string& key) {
  std::vector<EntityListRow> out;
  if (version_ < 3) return out;
  Stmt st;
  RETURN_IF_ERROR(Prepare((std::string("SELECT ") + kEntityColumns +
                           " FROM entities e WHERE (e.name_key = ?1 OR e.entity_id IN"
                           " (SELECT entity_id FROM entity_aliases WHERE alias_key = ?1))"
                           " AND e.article_count > 0"
                           " ORDER BY e.name_key = ?1 DESC, e.mention_count DESC, e.entity_id")
                              .c_str(),
                          &st.s));
  BindText(st.s, 1, key);
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) out.push_back(ReadEntity(st.s, 0));
  if (rc != SQLITE_DONE) return Error("cannot look up entities");
  return out;
}

Result<EntityListRow> Catalog::EntityById(EntityId id) {
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      (std::string("SELECT ") + kEntityColumns + " FROM entities e WHERE e.entity_id = ?").c_str(),
      &st.s));
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(id.value()));
  int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) return ReadEntity(st.s, 0);
  if (rc != SQLITE_DONE) return Error("cannot read entity");
  return NotFound("no entity " + std::to_string(id.value()));
}

namespace {

// Steps a statement whose one parameter is the entity id and whose rows are (text, count);
// false when SQLite fails.
bool TextCounts(sqlite3_stmt* st, EntityId id, std::vector<std::pair<std::string, uint64_t>>* out) {
  sqlite3_bind_int64(st, 1, static_cast<int64_t>(id.value()));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    out->emplace_back(ColumnText(st, 0), sqlite3_column_int64(st, 1));
  }
  return rc == SQLITE_DONE;
}

}  // namespace

Result<std::vector<std::pair<std::string, uint64_t>>> Catalog::EntityAliases(EntityId id) {
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT alias, mention_count FROM entity_aliases WHERE entity_id = ?"
                          " ORDER BY mention_count DESC, alias",
                          &st.s));
  std::vector<std::pair<std::string, uint64_t>> out;
  if (!TextCounts(st.s, id, &out)) return Error("cannot read aliases");
  return out;
}

Result<std::vector<std::pair<std::string, uint64_t>>> Catalog::EntityMonths(EntityId id) {
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT CASE WHEN a.published_month > 0 THEN printf('%04d-%02d',"
                          " a.published_year, a.published_month) WHEN a.published_year > 0"
                          " THEN printf('%04d', a.published_year) ELSE 'unknown' END AS m,"
                          " SUM(ae.mention_count) FROM article_entities ae JOIN articles a"
                          " ON a.doc_id = ae.doc_id WHERE ae.entity_id = ? GROUP BY m ORDER BY"
                          " m = 'unknown', m",
                          &st.s));
  std::vector<std::pair<std::string, uint64_t>> out;
  if (!TextCounts(st.s, id, &out)) return Error("cannot read an entity's months");
  return out;
}

Result<std::vector<DocId>> Catalog::EntityArticleDocs(EntityId id, uint64_t limit) {
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT ae.doc_id FROM article_entities ae JOIN articles a"
                          " ON a.doc_id = ae.doc_id WHERE ae.entity_id = ?"
                          " ORDER BY a.published = '', a.published DESC, ae.doc_id LIMIT ?",
                          &st.s));
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(id.value()));
  sqlite3_bind_int64(st.s, 2, limit == 0 ? -1 : static_cast<int64_t>(limit));
  std::vector<DocId> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.emplace_back(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read an entity's articles");
  return out;
}

Result<std::vector<std::pair<EntityListRow, uint64_t>>> Catalog::CoEntities(EntityId id,
                                                                            uint64_t limit) {
  Stmt st;
  RETURN_IF_ERROR(Prepare((std::string("SELECT ") + kEntityColumns +
                           ", COUNT(DISTINCT y.doc_id) AS shared FROM article_entities x"
                           " JOIN mentions y ON y.doc_id = x.doc_id AND y.entity_id != x.entity_id"
                           " JOIN entities e ON e.entity_id = y.entity_id WHERE x.entity_id = ?"
                           " GROUP BY y.entity_id ORDER BY shared DESC, e.mention_count DESC,"
                           " e.entity_id LIMIT ?")
                              .c_str(),
                          &st.s));
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(id.value()));
  sqlite3_bind_int64(st.s, 2, limit == 0 ? -1 : static_cast<int64_t>(limit));
  std::vector<std::pair<EntityListRow, uint64_t>> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.emplace_back(ReadEntity(st.s, 0), sqlite3_column_int64(st.s, 5));
  }
  if (rc != SQLITE_DONE) return Error("cannot read co-occurring entities");
  return out;
}

Result<std::vector<std::tuple<EntityId, EntityId, uint64_t>>> Catalog::EntityEdges(
    const std::vector<EntityId>& nodes, uint64_t min_weight) {
  std::vector<std::tuple<EntityId, EntityId, uint64_t>> out;
  if (nodes.empty()) return out;
  std::vector<int64_t> ids;
  for (EntityId n : nodes) ids.push_back(static_cast<int64_t>(n.value()));
  RETURN_IF_ERROR(FillTempIds("graph_nodes", "entity_id", ids));
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT x.entity_id, y.entity_id, COUNT(DISTINCT y.doc_id)"
                          " FROM article_entities x JOIN mentions y ON y.doc_id = x.doc_id"
                          " AND y.entity_id > x.entity_id"
                          " WHERE x.entity_id IN (SELECT entity_id FROM temp.graph_nodes)"
                          " AND y.entity_id IN (SELECT entity_id FROM temp.graph_nodes)"
                          " GROUP BY x.entity_id, y.entity_id HAVING COUNT(DISTINCT y.doc_id) >= ?"
                          " ORDER BY 3 DESC, 1, 2",
                          &st.s));
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(std::max<uint64_t>(1, min_weight)));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.emplace_back(EntityId(static_cast<uint64_t>(sqlite3_column_int64(st.s, 0))),
                     EntityId(static_cast<uint64_t>(sqlite3_column_int64(st.s, 1))),
                     static_cast<uint64_t>(sqlite3_column_int64(st.s, 2)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the co-occurrence graph");
  return out;
}

Result<std::vector<std::pair<EntityListRow, uint32_t>>> Catalog::ArticleEntities(DocId doc) {
  std::vector<std::pair<EntityListRow, uint32_t>> out;
  if (version_ < 3) return out;
  Stmt st;
  // An article's entities from its mentions (their key starts with the doc id).
  RETURN_IF_ERROR(Prepare((std::string("SELECT ") + kEntityColumns +
                           ", COUNT(*) AS n FROM mentions m JOIN entities e"
                           " ON e.entity_id = m.entity_id WHERE m.doc_id = ?"
                           " GROUP BY m.entity_id ORDER BY n DESC, e.mention_count DESC,"
                           " e.entity_id")
                              .c_str(),
                          &st.s));
  sqlite3_bind_int64(st.s, 1, doc.value());
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.emplace_back(ReadEntity(st.s, 0), static_cast<uint32_t>(sqlite3_column_int64(st.s, 5)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read an article's entities");
  return out;
}

Result<std::vector<QuoteRow>> Catalog::ListQuotes(std::optional<EntityId> speaker,
                                                  const std::optional<std::vector<uint32_t>>& docs,
                                                  const std::string& from, const std::string& to,
                                                  bool partial, uint64_t offset, uint64_t limit) {
  std::vector<QuoteRow> out;
  if (version_ < 4) return out;
  if (docs) {
    RETURN_IF_ERROR(FillTempIds("quote_docs", "doc_id", std::vector<int64_t>(docs->begin(),
                                                                             docs->end())));
  }
  std::string sql =
      "SELECT q.doc_id, q.quote_no, q.begin_byte, q.end_byte, q.parts, q.kind, q.cue, q.speaker,"
      " q.speaker_kind, q.speaker_entity, q.text_key FROM quotes q JOIN articles a ON a.doc_id = q.doc_id"
      " WHERE (?1 IS NULL OR q.speaker_entity = ?1) AND (?2 = '' OR a.published >= ?2)"
      " AND (?3 = '' OR substr(a.published, 1, 10) <= ?3) AND (?4 OR q.kind = 'full')";
  if (docs) sql += " AND q.doc_id IN (SELECT doc_id FROM temp.quote_docs)";
  sql += " ORDER BY a.published = '', a.published DESC, q.doc_id, q.quote_no LIMIT ?5 OFFSET ?6";
  Stmt st;
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  if (speaker) {
    sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(speaker->value()));
  } else {
    sqlite3_bind_null(st.s, 1);
  }
  BindText(st.s, 2, from);
  BindText(st.s, 3, to);
  sqlite3_bind_int(st.s, 4, partial ? 1 : 0);
  sqlite3_bind_int64(st.s, 5, limit == 0 ? -1 : static_cast<int64_t>(limit));
  sqlite3_bind_int64(st.s, 6, static_cast<int64_t>(offset));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    QuoteRow q;
    q.doc = DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
    q.number = static_cast<uint32_t>(sqlite3_column_int64(st.s, 1));
    q.begin = static_cast<uint32_t>(sqlite3_column_int64(st.s, 2));
    q.end = static_cast<uint32_t>(sqlite3_column_int64(st.s, 3));
    q.parts = ColumnText(st.s, 4);
    q.kind = ColumnText(st.s, 5);
    q.cue = ColumnText(st.s, 6);
    q.speaker = ColumnText(st.s, 7);
    q.speaker_kind = ColumnText(st.s, 8);
    if (sqlite3_column_type(st.s, 9) != SQLITE_NULL) {
      q.speaker_entity = EntityId(static_cast<uint64_t>(sqlite3_column_int64(st.s, 9)));
    }
    q.text_key = static_cast<uint64_t>(sqlite3_column_int64(st.s, 10));
    out.push_back(std::move(q));
  }
  if (rc != SQLITE_DONE) return Error("cannot list quotes");
  return out;
}

Result<std::vector<QuoteReportRow>> Catalog::QuotesWithKey(uint64_t key) {
  std::vector<QuoteReportRow> out;
  if (version_ < 4 || key == 0) return out;
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT q.doc_id, q.quote_no FROM quotes q JOIN articles a ON a.doc_id = q.doc_id"
      " WHERE q.text_key = ? ORDER BY a.published = '', a.published, q.doc_id, q.quote_no",
      &st.s));
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(key));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.push_back({DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0))),
                   static_cast<uint32_t>(sqlite3_column_int64(st.s, 1))});
  }
  if (rc != SQLITE_DONE) return Error("cannot read the reports of a quote");
  return out;
}

Status Catalog::WriteQuoteAnchors(const std::vector<QuoteRow>& quotes) {
  Stmt st;
  RETURN_IF_ERROR(Prepare("INSERT OR IGNORE INTO quote_anchors VALUES(?,?,?)", &st.s));
  for (const QuoteRow& q : quotes) {
    for (uint64_t a : q.anchors) {
      sqlite3_reset(st.s);
      sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(a));
      sqlite3_bind_int64(st.s, 2, q.doc.value());
      sqlite3_bind_int64(st.s, 3, q.number);
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record a quote's anchors");
    }
  }
  return Status::Ok();
}

Result<std::vector<QuoteReportRow>> Catalog::QuotesWithAnchors(const std::vector<uint64_t>& anchors,
                                                               uint32_t per_anchor) {
  std::vector<QuoteReportRow> out;
  if (version_ < 5 || anchors.empty()) return out;
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT doc_id, quote_no FROM quote_anchors WHERE anchor = ? LIMIT ?",
                          &st.s));
  for (uint64_t a : anchors) {
    sqlite3_reset(st.s);
    sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(a));
    sqlite3_bind_int64(st.s, 2, per_anchor);
    int rc;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
      out.push_back({DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0))),
                     static_cast<uint32_t>(sqlite3_column_int64(st.s, 1))});
    }
    if (rc != SQLITE_DONE) return Error("cannot read the anchors of quotes");
  }
  std::sort(out.begin(), out.end(), [](const QuoteReportRow& a, const QuoteReportRow& b) {
    return a.doc != b.doc ? a.doc < b.doc : a.number < b.number;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const QuoteReportRow& a, const QuoteReportRow& b) {
                          return a.doc == b.doc && a.number == b.number;
                        }),
            out.end());
  return out;
}

Result<std::string> Catalog::QuoteParts(DocId doc, uint32_t number) {
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT parts FROM quotes WHERE doc_id = ? AND quote_no = ?", &st.s));
  sqlite3_bind_int64(st.s, 1, doc.value());
  sqlite3_bind_int64(st.s, 2, number);
  int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) return ColumnText(st.s, 0);
  if (rc == SQLITE_DONE) {
    return NotFound("no quote " + std::to_string(number) + " in article " +
                    std::to_string(doc.value()));
  }
  return Error("cannot read a quote");
}

Result<bool> Catalog::QuoteAnchorsMissing() {
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT 1 FROM meta WHERE key='quote_anchors' AND value='missing'",
                          &st.s));
  int rc = sqlite3_step(st.s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("cannot read the catalog's meta");
  return rc == SQLITE_ROW;
}

Status Catalog::ForEachQuoteParts(
    const std::function<Status(DocId doc, uint32_t number, const std::string& parts)>& fn) {
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT doc_id, quote_no, parts FROM quotes ORDER BY doc_id, quote_no",
                          &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    RETURN_IF_ERROR(fn(DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0))),
                       static_cast<uint32_t>(sqlite3_column_int64(st.s, 1)),
                       ColumnText(st.s, 2)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the quotes");
  return Status::Ok();
}

Status Catalog::CommitQuoteAnchors(const std::vector<QuoteRow>& quotes, bool last) {
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = WriteQuoteAnchors(quotes);
  if (s.ok() && last) s = Exec("DELETE FROM meta WHERE key='quote_anchors'");
  if (s.ok()) s = Exec("COMMIT");
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

Result<std::vector<uint32_t>> Catalog::DocsWithEntities(const std::vector<EntityId>& entities) {
  std::vector<uint32_t> out;
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT doc_id FROM article_entities WHERE entity_id = ?", &st.s));
  for (EntityId e : entities) {
    sqlite3_reset(st.s);
    sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(e.value()));
    int rc;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
      out.push_back(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
    }
    if (rc != SQLITE_DONE) return Error("cannot read an entity's articles");
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace storyline
