#include "catalog/catalog.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>

#include "catalog/sqlite_util.h"
#include "common/hash.h"

namespace storyline {
namespace {

using sqlite_util::BindText;
using sqlite_util::ColumnText;
using sqlite_util::Stmt;

constexpr const char* kFormatName = "storyline-catalog";
// Version 2 added the near-duplicate tables, version 3 the entity tables, version 4 the story
// tables, version 5 the quote anchors, version 6 merged postings files (postings.last_segment_id),
// version 7 deleted articles (deleted_articles); an older catalog is upgraded when a writer opens it (the tables are created, and the engine
// fills them from the stored texts).
constexpr int kFormatVersion = 7;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segments(
  segment_id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  checksum INTEGER NOT NULL,
  doc_count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS batches(
  batch_id INTEGER PRIMARY KEY,
  segment_id INTEGER NOT NULL REFERENCES segments(segment_id),
  article_count INTEGER NOT NULL,
  committed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
  doc_id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL UNIQUE,
  url TEXT NOT NULL,
  source TEXT NOT NULL,
  title TEXT NOT NULL,
  byline TEXT NOT NULL,
  published TEXT NOT NULL,
  published_year INTEGER NOT NULL,
  published_month INTEGER NOT NULL,
  published_day INTEGER NOT NULL,
  published_hour INTEGER NOT NULL,
  published_minute INTEGER NOT NULL,
  published_second INTEGER NOT NULL,
  published_utc_offset INTEGER,
  published_provenance TEXT NOT NULL,
  published_confidence REAL NOT NULL,
  language TEXT NOT NULL,
  origin_path TEXT NOT NULL,
  origin_line INTEGER NOT NULL,
  origin_offset INTEGER NOT NULL,
  token_count INTEGER NOT NULL,
  sentence_count INTEGER NOT NULL,
  metadata TEXT NOT NULL,
  segment_id INTEGER NOT NULL REFERENCES segments(segment_id),
  segment_ordinal INTEGER NOT NULL,
  text_bytes INTEGER NOT NULL,
  text_checksum INTEGER NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES batches(batch_id),
  row_checksum INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS deleted_articles(
  doc_id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL,
  batch_id INTEGER NOT NULL,
  segment_id INTEGER NOT NULL,
  segment_ordinal INTEGER NOT NULL,
  text_bytes INTEGER NOT NULL,
  deleted_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  text_purged INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS postings(
  segment_id INTEGER PRIMARY KEY REFERENCES segments(segment_id),
  file_name TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  checksum INTEGER NOT NULL,
  doc_count INTEGER NOT NULL,
  term_count INTEGER NOT NULL,
  last_segment_id INTEGER NOT NULL,
  dropped_deleted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS dup_keys(
  batch_id INTEGER PRIMARY KEY REFERENCES batches(batch_id),
  first_doc INTEGER NOT NULL,
  doc_count INTEGER NOT NULL,
  scheme TEXT NOT NULL,
  bands INTEGER NOT NULL,
  band_keys BLOB NOT NULL,
  checksum INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dup_links(
  doc_id INTEGER NOT NULL,
  other_doc INTEGER NOT NULL,
  doc_in_other REAL NOT NULL,
  other_in_doc REAL NOT NULL,
  PRIMARY KEY(doc_id, other_doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dup_members(
  doc_id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL,
  member_rank INTEGER NOT NULL,
  group_size INTEGER NOT NULL,
  derives_from INTEGER,
  shared REAL NOT NULL);
CREATE INDEX IF NOT EXISTS dup_members_by_group ON dup_members(group_id, member_rank);
CREATE TABLE IF NOT EXISTS entities(
  entity_id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  mention_count INTEGER NOT NULL,
  article_count INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS entities_by_key ON entities(name_key, type);
CREATE TABLE IF NOT EXISTS entity_aliases(
  entity_id INTEGER NOT NULL,
  alias TEXT NOT NULL,
  alias_key TEXT NOT NULL,
  mention_count INTEGER NOT NULL,
  PRIMARY KEY(entity_id, alias)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_aliases_by_key ON entity_aliases(alias_key);
CREATE TABLE IF NOT EXISTS article_entities(
  entity_id INTEGER NOT NULL,
  doc_id INTEGER NOT NULL,
  mention_count INTEGER NOT NULL,
  PRIMARY KEY(entity_id, doc_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions(
  doc_id INTEGER NOT NULL,
  field INTEGER NOT NULL,
  begin_byte INTEGER NOT NULL,
  end_byte INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  PRIMARY KEY(doc_id, field, begin_byte)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity_batches(
  batch_id INTEGER PRIMARY KEY REFERENCES batches(batch_id),
  model TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS quotes(
  doc_id INTEGER NOT NULL,
  quote_no INTEGER NOT NULL,
  begin_byte INTEGER NOT NULL,
  end_byte INTEGER NOT NULL,
  parts TEXT NOT NULL,
  kind TEXT NOT NULL,
  cue TEXT NOT NULL,
  speaker TEXT NOT NULL,
  speaker_kind TEXT NOT NULL,
  speaker_entity INTEGER,
  text_key INTEGER NOT NULL,
  PRIMARY KEY(doc_id, quote_no)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS quotes_by_speaker ON quotes(speaker_entity);
CREATE INDEX IF NOT EXISTS quotes_by_text ON quotes(text_key) WHERE text_key != 0;
CREATE TABLE IF NOT EXISTS quote_anchors(
  anchor INTEGER NOT NULL,
  doc_id INTEGER NOT NULL,
  quote_no INTEGER NOT NULL,
  PRIMARY KEY(anchor, doc_id, quote_no)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories(
  story_id INTEGER PRIMARY KEY,
  first_day INTEGER,
  last_day INTEGER,
  article_count INTEGER NOT NULL,
  merged_into INTEGER,
  title_doc INTEGER,
  title_score REAL NOT NULL,
  terms TEXT NOT NULL,
  state BLOB NOT NULL,
  state_checksum INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS article_stories(
  doc_id INTEGER PRIMARY KEY,
  story_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS article_stories_by_story ON article_stories(story_id);
CREATE TABLE IF NOT EXISTS story_links(
  story_a INTEGER NOT NULL,
  story_b INTEGER NOT NULL,
  score REAL NOT NULL,
  shared_entities TEXT NOT NULL,
  PRIMARY KEY(story_a, story_b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_links_by_b ON story_links(story_b);
CREATE TABLE IF NOT EXISTS story_state(
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL,
  checksum INTEGER NOT NULL);
CREATE VIEW IF NOT EXISTS article_groups AS
  SELECT a.doc_id, printf('%016x', a.article_id) AS article,
         COALESCE(m.group_id, a.doc_id) AS group_id,
         COALESCE(m.group_size, 1) AS group_size,
         COALESCE(m.member_rank, 0) AS member_rank,
         (SELECT printf('%016x', c.article_id) FROM dup_members cm JOIN articles c
            ON c.doc_id = cm.doc_id WHERE cm.group_id = m.group_id AND cm.member_rank = 0)
           AS canonical_article,
         (SELECT printf('%016x', d.article_id) FROM articles d WHERE d.doc_id = m.derives_from)
           AS derives_from_article,
         COALESCE(m.shared, 1.0) AS shared
  FROM articles a LEFT JOIN dup_members m ON m.doc_id = a.doc_id;
)sql";

constexpr const char* kArticleColumns =
    "doc_id, article_id, url, source, title, byline, published_year, published_month, "
    "published_day, published_hour, published_minute, published_second, published_utc_offset, "
    "published_provenance, published_confidence, language, origin_path, origin_line, "
    "origin_offset, token_count, sentence_count, metadata, segment_id, segment_ordinal, "
    "text_bytes, text_checksum, batch_id, row_checksum";

DateProvenance ProvenanceFromName(std::string_view s) {
  if (s == "metadata") return DateProvenance::kMetadata;
  if (s == "text") return DateProvenance::kText;
  return DateProvenance::kUnknown;
}

// Reads a row selected with kArticleColumns.
ArticleRow ReadArticleRow(sqlite3_stmt* st, uint64_t* stored_checksum) {
  ArticleRow r;
  Article& a = r.article;
  int c = 0;
  a.doc = DocId(static_cast<uint32_t>(sqlite3_column_int64(st, c++)));
  a.id = ArticleId(static_cast<uint64_t>(sqlite3_column_int64(st, c++)));
  a.url = ColumnText(st, c++);
  a.source = ColumnText(st, c++);
  a.title = ColumnText(st, c++);
  a.byline = ColumnText(st, c++);
  a.published.year = sqlite3_column_int(st, c++);
  a.published.month = sqlite3_column_int(st, c++);
  a.published.day = sqlite3_column_int(st, c++);
  a.published.hour = sqlite3_column_int(st, c++);
  a.published.minute = sqlite3_column_int(st, c++);
  a.published.second = sqlite3_column_int(st, c++);
  if (sqlite3_column_type(st, c) != SQLITE_NULL) {
    a.published.has_utc_offset = true;
    a.published.utc_offset_minutes = sqlite3_column_int(st, c);
  }
  ++c;
  a.published.provenance = ProvenanceFromName(ColumnText(st, c++));
  a.published.confidence = static_cast<float>(sqlite3_column_double(st, c++));
  a.language = ColumnText(st, c++);
  a.origin.path = ColumnText(st, c++);
  a.origin.line = static_cast<uint64_t>(sqlite3_column_int64(st, c++));
  a.origin.byte_offset = static_cast<uint64_t>(sqlite3_column_int64(st, c++));
  a.token_count = static_cast<uint32_t>(sqlite3_column_int64(st, c++));
  a.sentence_count = static_cast<uint32_t>(sqlite3_column_int64(st, c++));
  a.metadata_json = ColumnText(st, c++);
  r.segment = SegmentId(static_cast<uint32_t>(sqlite3_column_int64(st, c++)));
  r.ordinal = static_cast<uint32_t>(sqlite3_column_int64(st, c++));
  r.text_bytes = static_cast<uint64_t>(sqlite3_column_int64(st, c++));
  r.text_checksum = static_cast<uint64_t>(sqlite3_column_int64(st, c++));
  r.batch = BatchId(static_cast<uint64_t>(sqlite3_column_int64(st, c++)));
  if (stored_checksum) *stored_checksum = static_cast<uint64_t>(sqlite3_column_int64(st, c));
  return r;
}

}  // namespace

uint64_t Catalog::RowChecksum(const ArticleRow& r) {
  const Article& a = r.article;
  const PublishedDate& d = a.published;
  std::string s;
  s.reserve(256 + a.url.size() + a.title.size() + a.metadata_json.size());
  auto field = [&](const std::string& v) {
    s += v;
    s += '\x1f';
  };
  auto num = [&](int64_t v) { field(std::to_string(v)); };
  num(a.doc.value());
  num(static_cast<int64_t>(a.id.value()));
  field(a.url);
  field(a.source);
  field(a.title);
  field(a.byline);
  for (int v : {d.year, d.month, d.day, d.hour, d.minute, d.second}) num(v);
  num(d.has_utc_offset ? d.utc_offset_minutes : -100000);
  field(DateProvenanceName(d.provenance));
  num(std::lround(d.confidence * 1000));
  field(a.language);
  field(a.origin.path);
  num(static_cast<int64_t>(a.origin.line));
  num(static_cast<int64_t>(a.origin.byte_offset));
  num(a.token_count);
  num(a.sentence_count);
  field(a.metadata_json);
  num(r.segment.value());
  num(r.ordinal);
  num(static_cast<int64_t>(r.text_bytes));
  num(static_cast<int64_t>(r.text_checksum));
  num(static_cast<int64_t>(r.batch.value()));
  return Checksum64(s);
}

Catalog::~Catalog() {
  sqlite3_finalize(insert_article_);
  sqlite3_finalize(data_version_);
  if (db_) sqlite3_close(db_);
}

Status Catalog::Error(const std::string& what) {
  std::string m = "catalog " + path_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "");
  int code = db_ ? sqlite3_errcode(db_) : SQLITE_ERROR;
  switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Corruption(m + "; the catalog is damaged: run `storyline check`");
    case SQLITE_FULL:
      return ResourceExhausted(m + "; free some disk space and retry");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ResourceExhausted(m + "; another process holds the catalog, retry");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return IOError(m + "; check the path and its permissions");
    default:
      return IOError(m);
  }
}

Status Catalog::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "";
    sqlite3_free(err);
    return Error(std::string("cannot run ") + std::string(sql).substr(0, 40));
  }
  return Status::Ok();
}

Status Catalog::Prepare(const char* sql, sqlite3_stmt** stmt) {
  if (sqlite3_prepare_v2(db_, sql, -1, stmt, nullptr) != SQLITE_OK) {
    return Error("cannot prepare a statement");
  }
  return Status::Ok();
}

Result<std::unique_ptr<Catalog>> Catalog::Open(const std::string& path, bool read_only,
                                               bool create) {
  std::unique_ptr<Catalog> c(new Catalog());
  c->path_ = path;
  int flags = read_only ? SQLITE_OPEN_READONLY
                        : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &c->db_, flags, nullptr) != SQLITE_OK) {
    return c->Error("cannot open");
  }
  sqlite3_busy_timeout(c->db_, 10000);
  sqlite3_extended_result_codes(c->db_, 1);
  if (!read_only) {
    RETURN_IF_ERROR(c->Exec("PRAGMA journal_mode=WAL"));
    // FULL: a batch reported committed survives power loss, not only a process crash.
    RETURN_IF_ERROR(c->Exec("PRAGMA synchronous=FULL"));
    // Article ids are random 64-bit keys: their index is written all over. A 64 MB page cache
    // and checkpoints every ~40 MB of WAL keep the writer from re-reading and re-syncing pages.
    RETURN_IF_ERROR(c->Exec("PRAGMA cache_size=-65536"));
    RETURN_IF_ERROR(c->Exec("PRAGMA wal_autocheckpoint=10000"));
    RETURN_IF_ERROR(c->Exec("BEGIN IMMEDIATE"));
    RETURN_IF_ERROR(c->Exec(kSchema));
    Stmt st;
    RETURN_IF_ERROR(c->Prepare("SELECT value FROM meta WHERE key='format'", &st.s));
    if (sqlite3_step(st.s) != SQLITE_ROW) {
      std::string ins = std::string("INSERT INTO meta VALUES('format','") + kFormatName +
                        "'),('version','" + std::to_string(kFormatVersion) + "')";
      RETURN_IF_ERROR(c->Exec(ins.c_str()));
    } else {
      // Versions 1 to 4 differ only by the tables the schema above has just created. Version 3
      // entities were found without quotes: its entity rows are dropped, and the writer's first
      // ingest recognises entities and quotes again for every batch (entity numbers change).
      // Version 4 quotes have no anchors: the writer's first ingest computes them from the
      // stored texts (meta 'quote_anchors' = 'missing' until then).
      {
        Stmt v;
        RETURN_IF_ERROR(c->Prepare("SELECT value FROM meta WHERE key='version'", &v.s));
        const std::string old = sqlite3_step(v.s) == SQLITE_ROW ? ColumnText(v.s, 0) : "";
        if (old == "3") {
          RETURN_IF_ERROR(c->Exec(
              "DELETE FROM entities; DELETE FROM entity_aliases; DELETE FROM article_entities;"
              " DELETE FROM mentions; DELETE FROM entity_batches;"));
        }
        if (old == "4") {
          RETURN_IF_ERROR(c->Exec("INSERT OR REPLACE INTO meta VALUES('quote_anchors','missing')"));
        }
      }
      // Columns added to the postings table: `sql` adds `column` when the table lacks it.
      auto add_postings_column = [&](const char* column, const char* sql) -> Status {
        Stmt col;
        RETURN_IF_ERROR(c->Prepare(
            "SELECT COUNT(*) FROM pragma_table_info('postings') WHERE name = ?", &col.s));
        sqlite3_bind_text(col.s, 1, column, -1, SQLITE_STATIC);
        if (sqlite3_step(col.s) != SQLITE_ROW) return c->Error("cannot read the postings table");
        if (sqlite3_column_int(col.s, 0) != 0) return Status::Ok();
        return c->Exec(sql);
      };
      // Versions 2 to 5 have a postings table of one file per batch: each row covers its own.
      RETURN_IF_ERROR(add_postings_column(
          "last_segment_id",
          "ALTER TABLE postings ADD COLUMN last_segment_id INTEGER NOT NULL DEFAULT 0;"
          " UPDATE postings SET last_segment_id = segment_id;"));
      // Versions 2 to 6: no deleted articles yet, so no file was written without one.
      RETURN_IF_ERROR(add_postings_column(
          "dropped_deleted",
          "ALTER TABLE postings ADD COLUMN dropped_deleted INTEGER NOT NULL DEFAULT 0"));
      RETURN_IF_ERROR(c->Exec(
          "UPDATE meta SET value='7' WHERE key='version' AND value IN ('1','2','3','4','5','6')"));
    }
    RETURN_IF_ERROR(c->Exec("COMMIT"));
  }
  // Every catalog starts with its format name and version (our "magic number").
  {
    Stmt st;
    RETURN_IF_ERROR(
        c->Prepare("SELECT (SELECT value FROM meta WHERE key='format'),"
                   " (SELECT value FROM meta WHERE key='version')",
                   &st.s));
    if (sqlite3_step(st.s) != SQLITE_ROW || ColumnText(st.s, 0) != kFormatName) {
      return Corruption("catalog " + path + " is not a storyline catalog (no format record)");
    }
    // A reader of an older catalog sees no near-duplicate (version 1), entity (1, 2), story
    // (1 to 3) or quote-anchor tables (1 to 4), postings files of one batch each (1 to 5) and
    // no deleted articles (1 to 6), until a writer upgrades it.
    const std::string version = ColumnText(st.s, 1);
    const bool older = version == "1" || version == "2" || version == "3" || version == "4" ||
                       version == "5" || version == "6";
    c->version_ = older ? version[0] - '0' : kFormatVersion;
    Stmt stop;
    RETURN_IF_ERROR(c->Prepare("SELECT value FROM meta WHERE key='index_stop_words'", &stop.s));
    c->index_stop_words_ = sqlite3_step(stop.s) == SQLITE_ROW && ColumnText(stop.s, 0) == "en";
    if (version != std::to_string(kFormatVersion) && !(read_only && older)) {
      return Corruption("catalog " + path + " has format version " + ColumnText(st.s, 1) +
                        "; this storyline reads version " + std::to_string(kFormatVersion));
    }
  }
  return c;
}

Status Catalog::SetIndexStopWords(bool on) {
  if (on == index_stop_words_) return Status::Ok();
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT COUNT(*) FROM segments", &st.s));
  if (sqlite3_step(st.s) != SQLITE_ROW) return Error("cannot count the segments");
  if (sqlite3_column_int64(st.s, 0) != 0) {
    return InvalidArgument(
        std::string("the store at ") + path_ +
        (index_stop_words_ ? " leaves stop words out of its search index" : " indexes stop words") +
        ", chosen when it was created; use it without changing that, or "
        "ingest into a new store");
  }
  RETURN_IF_ERROR(Exec(on ? "INSERT OR REPLACE INTO meta VALUES('index_stop_words','en')"
                          : "DELETE FROM meta WHERE key='index_stop_words'"));
  index_stop_words_ = on;
  return Status::Ok();
}

Status Catalog::BeginSnapshot() { return Exec("BEGIN"); }
Status Catalog::EndSnapshot() { return Exec("COMMIT"); }

Result<CatalogCounters> Catalog::Counters() {
  Stmt st;
  RETURN_IF_ERROR(
      Prepare(version_ >= 7
                  // A deleted article keeps its number: the index and the segments still hold it.
                  ? "SELECT MAX((SELECT COALESCE(MAX(doc_id)+1,0) FROM articles),"
                    " (SELECT COALESCE(MAX(doc_id)+1,0) FROM deleted_articles)),"
                    " (SELECT COALESCE(MAX(segment_id)+1,1) FROM segments),"
                    " (SELECT COALESCE(MAX(batch_id)+1,1) FROM batches)"
                  : "SELECT (SELECT COALESCE(MAX(doc_id)+1,0) FROM articles),"
                    " (SELECT COALESCE(MAX(segment_id)+1,1) FROM segments),"
                    " (SELECT COALESCE(MAX(batch_id)+1,1) FROM batches)",
              &st.s));
  if (sqlite3_step(st.s) != SQLITE_ROW) return Error("cannot read counters");
  CatalogCounters c;
  c.next_doc = static_cast<uint64_t>(sqlite3_column_int64(st.s, 0));
  c.next_segment = static_cast<uint64_t>(sqlite3_column_int64(st.s, 1));
  c.next_batch = static_cast<uint64_t>(sqlite3_column_int64(st.s, 2));
  return c;
}

Status Catalog::ForEachArticleId(const std::function<void(ArticleId)>& fn) {
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT article_id FROM articles", &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    fn(ArticleId(static_cast<uint64_t>(sqlite3_column_int64(st.s, 0))));
  }
  if (rc != SQLITE_DONE) return Error("cannot read article ids");
  return Status::Ok();
}

Result<std::vector<SegmentRecord>> Catalog::Segments() {
  Stmt st;
  const std::string sql = std::string("SELECT ") + sqlite_util::kSegmentColumns +
                          " FROM segments s ORDER BY s.segment_id";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  std::vector<SegmentRecord> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) out.push_back(sqlite_util::ReadSegmentRecord(st.s));
  if (rc != SQLITE_DONE) return Error("cannot read segments");
  return out;
}

Status Catalog::CommitBatch(BatchId batch, const SegmentRecord& seg,
                            const std::vector<ArticleRow>& rows, int64_t committed_at_micros,
                            const DupBatchRows* dups, const PostingsRecord* postings,
                            const EntityBatchRows* entities) {
  if (!insert_article_) {
    std::string sql =
        std::string("INSERT INTO articles(") + kArticleColumns +
        ", published) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    RETURN_IF_ERROR(Prepare(sql.c_str(), &insert_article_));
  }
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = [&]() -> Status {
    {
      Stmt st;
      RETURN_IF_ERROR(Prepare("INSERT INTO segments VALUES(?,?,?,?,?)", &st.s));
      sqlite3_bind_int64(st.s, 1, seg.id.value());
      BindText(st.s, 2, seg.file_name);
      sqlite3_bind_int64(st.s, 3, static_cast<int64_t>(seg.size_bytes));
      sqlite3_bind_int64(st.s, 4, static_cast<int64_t>(seg.checksum));
      sqlite3_bind_int64(st.s, 5, seg.doc_count);
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record segment");
    }
    {
      Stmt st;
      RETURN_IF_ERROR(
          Prepare("INSERT INTO batches VALUES(?,?,?,strftime('%Y-%m-%dT%H:%M:%fZ',"
                  " ?/1000000.0, 'unixepoch'))",
                  &st.s));
      sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(batch.value()));
      sqlite3_bind_int64(st.s, 2, seg.id.value());
      sqlite3_bind_int64(st.s, 3, static_cast<int64_t>(rows.size()));
      sqlite3_bind_int64(st.s, 4, committed_at_micros);
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record batch");
    }
    sqlite3_stmt* st = insert_article_;
    for (const ArticleRow& r : rows) {
      const Article& a = r.article;
      const PublishedDate& d = a.published;
      std::string iso = d.ToIso();
      const char* prov = DateProvenanceName(d.provenance);
      sqlite3_reset(st);
      int c = 1;
      sqlite3_bind_int64(st, c++, a.doc.value());
      sqlite3_bind_int64(st, c++, static_cast<int64_t>(a.id.value()));
      BindText(st, c++, a.url);
      BindText(st, c++, a.source);
      BindText(st, c++, a.title);
      BindText(st, c++, a.byline);
      for (int v : {d.year, d.month, d.day, d.hour, d.minute, d.second}) {
        sqlite3_bind_int(st, c++, v);
      }
      if (d.has_utc_offset) {
        sqlite3_bind_int(st, c++, d.utc_offset_minutes);
      } else {
        sqlite3_bind_null(st, c++);
      }
      sqlite3_bind_text(st, c++, prov, -1, SQLITE_STATIC);
      sqlite3_bind_double(st, c++, std::lround(d.confidence * 1000) / 1000.0);
      BindText(st, c++, a.language);
      BindText(st, c++, a.origin.path);
      sqlite3_bind_int64(st, c++, static_cast<int64_t>(a.origin.line));
      sqlite3_bind_int64(st, c++, static_cast<int64_t>(a.origin.byte_offset));
      sqlite3_bind_int64(st, c++, a.token_count);
      sqlite3_bind_int64(st, c++, a.sentence_count);
      BindText(st, c++, a.metadata_json);
      sqlite3_bind_int64(st, c++, r.segment.value());
      sqlite3_bind_int64(st, c++, r.ordinal);
      sqlite3_bind_int64(st, c++, static_cast<int64_t>(r.text_bytes));
      sqlite3_bind_int64(st, c++, static_cast<int64_t>(r.text_checksum));
      sqlite3_bind_int64(st, c++, static_cast<int64_t>(r.batch.value()));
      sqlite3_bind_int64(st, c++, static_cast<int64_t>(RowChecksum(r)));
      BindText(st, c++, iso);
      if (sqlite3_step(st) != SQLITE_DONE) {
        return Error("cannot record article " + FormatArticleId(a.id));
      }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (dups != nullptr && !dups->empty()) RETURN_IF_ERROR(WriteDupRows(batch, *dups));
    if (postings != nullptr) RETURN_IF_ERROR(InsertPostings(*postings));
    if (entities != nullptr) RETURN_IF_ERROR(WriteEntityRows(batch, *entities));
    return Exec("COMMIT");
  }();
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

Result<std::vector<ArticleRow>> Catalog::ListArticles(uint64_t offset, uint64_t limit) {
  Stmt st;
  std::string sql =
      std::string("SELECT ") + kArticleColumns + " FROM articles ORDER BY doc_id LIMIT ? OFFSET ?";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  sqlite3_bind_int64(st.s, 1, limit == 0 ? -1 : static_cast<int64_t>(limit));
  sqlite3_bind_int64(st.s, 2, static_cast<int64_t>(offset));
  std::vector<ArticleRow> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) out.push_back(ReadArticleRow(st.s, nullptr));
  if (rc != SQLITE_DONE) return Error("cannot list articles");
  return out;
}

Result<ArticleRow> Catalog::FindArticle(std::string_view id) {
  if (id.size() < 4 || id.size() > 16) {
    return InvalidArgument("article id \"" + std::string(id) +
                           "\" must be 4 to 16 hex digits (as printed by `storyline list`)");
  }
  uint64_t prefix = 0;
  for (char ch : id) {
    int d = (ch >= '0' && ch <= '9')   ? ch - '0'
            : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10
            : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10
                                       : -1;
    if (d < 0) {
      return InvalidArgument("article id \"" + std::string(id) +
                             "\" is not hexadecimal (as printed by `storyline list`)");
    }
    prefix = (prefix << 4) | static_cast<uint64_t>(d);
  }
  int shift = 4 * (16 - static_cast<int>(id.size()));
  uint64_t lo = shift == 64 ? 0 : prefix << shift;
  uint64_t hi = lo | (shift == 0 ? 0 : ((uint64_t{1} << shift) - 1));
  Stmt st;
  std::string sql = std::string("SELECT ") + kArticleColumns +
                    " FROM articles WHERE article_id BETWEEN ? AND ? LIMIT 2";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  // Ids are stored as signed 64-bit; an aligned prefix range never straddles the sign change.
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(lo));
  sqlite3_bind_int64(st.s, 2, static_cast<int64_t>(hi));
  std::vector<ArticleRow> found;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) found.push_back(ReadArticleRow(st.s, nullptr));
  if (rc != SQLITE_DONE) return Error("cannot look up an article");
  if (found.empty()) {
    return NotFound("no article with id " + std::string(id) +
                    " in this store; `storyline list` shows the ids");
  }
  if (found.size() > 1) {
    return InvalidArgument("article id prefix " + std::string(id) +
                           " is ambiguous; give more digits");
  }
  return std::move(found[0]);
}

Result<uint64_t> Catalog::DataVersion() {
  if (!data_version_) RETURN_IF_ERROR(Prepare("PRAGMA data_version", &data_version_));
  // The pragma's read transaction is where SQLite notices other connections' commits; its own
  // value misses this connection's commits, which the file control's counter includes.
  const int rc = sqlite3_step(data_version_);
  sqlite3_reset(data_version_);
  if (rc != SQLITE_ROW) return Error("cannot read the data version");
  unsigned int version = 0;
  if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK) {
    return Error("cannot read the data version");
  }
  return uint64_t{version};
}

Status Catalog::ForEachFilterFields(
    const std::function<void(DocId, ArticleId, int, int, int, std::string_view, std::string_view)>&
        fn) {
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT doc_id, published_year, published_month, published_day, source, language,"
      " article_id FROM articles ORDER BY doc_id",
      &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    auto text = [&](int i) {
      const unsigned char* p = sqlite3_column_text(st.s, i);
      return std::string_view(p ? reinterpret_cast<const char*>(p) : "",
                              static_cast<size_t>(sqlite3_column_bytes(st.s, i)));
    };
    fn(DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0))),
       ArticleId(static_cast<uint64_t>(sqlite3_column_int64(st.s, 6))), sqlite3_column_int(st.s, 1),
       sqlite3_column_int(st.s, 2), sqlite3_column_int(st.s, 3), text(4), text(5));
  }
  if (rc != SQLITE_DONE) return Error("cannot read articles");
  return Status::Ok();
}

Result<ArticleRow> Catalog::ArticleByDoc(DocId doc) {
  Stmt st;
  std::string sql = std::string("SELECT ") + kArticleColumns + " FROM articles WHERE doc_id = ?";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  sqlite3_bind_int64(st.s, 1, doc.value());
  const int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) return ReadArticleRow(st.s, nullptr);
  if (rc != SQLITE_DONE) return Error("cannot look up an article");
  return NotFound("no article with doc id " + std::to_string(doc.value()) + " in this store");
}

Status Catalog::ForEachArticle(const std::function<Status(const ArticleRow&)>& fn) {
  Stmt st;
  std::string sql = std::string("SELECT ") + kArticleColumns +
                    " FROM articles ORDER BY segment_id, segment_ordinal";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW)
    RETURN_IF_ERROR(fn(ReadArticleRow(st.s, nullptr)));
  if (rc != SQLITE_DONE) return Error("cannot read articles");
  return Status::Ok();
}

Status Catalog::CheckIntegrity(std::vector<std::string>* damage, uint64_t* rows_checked) {
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("PRAGMA integrity_check", &st.s));
    int irc;
    while ((irc = sqlite3_step(st.s)) == SQLITE_ROW) {
      std::string r = ColumnText(st.s, 0);
      if (r != "ok") damage->push_back("catalog " + path_ + ": " + r);
    }
    if (irc != SQLITE_DONE) {
      damage->push_back("catalog " + path_ + ": integrity check failed: " + sqlite3_errmsg(db_));
    }
  }
  // Deleted articles keep their numbers (and their places in their batches and segments).
  std::vector<uint32_t> deleted;
  ASSIGN_OR_RETURN(deleted, DeletedDocs());
  size_t next_deleted = 0;
  Stmt st;
  std::string sql = std::string("SELECT ") + kArticleColumns + " FROM articles ORDER BY doc_id";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  int rc;
  uint64_t expect_doc = 0;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    uint64_t stored = 0;
    ArticleRow row = ReadArticleRow(st.s, &stored);
    if (RowChecksum(row) != stored) {
      damage->push_back("catalog " + path_ + ": article " + FormatArticleId(row.article.id) +
                        " (doc " + std::to_string(row.article.doc.value()) +
                        "): row checksum mismatch");
    }
    while (next_deleted < deleted.size() && deleted[next_deleted] == expect_doc &&
           expect_doc < row.article.doc.value()) {
      ++next_deleted;
      ++expect_doc;
    }
    if (row.article.doc.value() != expect_doc) {
      damage->push_back("catalog " + path_ + ": doc ids jump from " + std::to_string(expect_doc) +
                        " to " + std::to_string(row.article.doc.value()));
    }
    expect_doc = row.article.doc.value() + 1;
    ++*rows_checked;
  }
  if (rc != SQLITE_DONE) return Error("cannot read articles");
  // A batch is whole: the rows recorded with it, and the documents of its segment, are all there.
  Stmt whole;
  RETURN_IF_ERROR(
      Prepare("SELECT b.batch_id, b.article_count, s.doc_count, COALESCE(a.n, 0) FROM batches b"
              " JOIN segments s ON s.segment_id = b.segment_id"
              " LEFT JOIN (SELECT batch_id, COUNT(*) n FROM (SELECT batch_id FROM articles"
              "   UNION ALL SELECT batch_id FROM deleted_articles) GROUP BY batch_id) a"
              "   ON a.batch_id = b.batch_id"
              " WHERE b.article_count != COALESCE(a.n, 0) OR s.doc_count != COALESCE(a.n, 0)",
              &whole.s));
  int wrc;
  while ((wrc = sqlite3_step(whole.s)) == SQLITE_ROW) {
    damage->push_back("catalog " + path_ + ": batch " +
                      std::to_string(sqlite3_column_int64(whole.s, 0)) + " recorded " +
                      std::to_string(sqlite3_column_int64(whole.s, 1)) +
                      " articles and a segment of " +
                      std::to_string(sqlite3_column_int64(whole.s, 2)) + " documents, but " +
                      std::to_string(sqlite3_column_int64(whole.s, 3)) + " article rows exist");
  }
  if (wrc != SQLITE_DONE) return Error("cannot compare batches with their rows");
  if (version_ >= 7) {
    // A deleted article is named by no row but its own.
    Stmt gone;
    RETURN_IF_ERROR(Prepare(
        "SELECT d.doc_id, (SELECT COUNT(*) FROM articles WHERE doc_id = d.doc_id) +"
        " (SELECT COUNT(*) FROM mentions WHERE doc_id = d.doc_id) +"
        " (SELECT COUNT(*) FROM quotes WHERE doc_id = d.doc_id) +"
        " (SELECT COUNT(*) FROM article_stories WHERE doc_id = d.doc_id) +"
        " (SELECT COUNT(*) FROM dup_members WHERE doc_id = d.doc_id) FROM deleted_articles d",
        &gone.s));
    int grc;
    while ((grc = sqlite3_step(gone.s)) == SQLITE_ROW) {
      if (sqlite3_column_int64(gone.s, 1) != 0) {
        damage->push_back("catalog " + path_ + ": deleted doc " +
                          std::to_string(sqlite3_column_int64(gone.s, 0)) +
                          " still has article, mention, quote, story or group rows");
      }
    }
    if (grc != SQLITE_DONE) return Error("cannot check the deleted articles");
  }
  return CheckDupIntegrity(damage);
}

Result<StoreStats> Catalog::Stats() {
  StoreStats s;
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare(
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM segments),"
        " (SELECT COUNT(*) FROM batches), (SELECT COALESCE(SUM(text_bytes),0) FROM articles),"
        " (SELECT COALESCE(SUM(size_bytes),0) FROM segments),"
        " (SELECT MIN(published) FROM articles WHERE published_year > 0),"
        " (SELECT MAX(published) FROM articles WHERE published_year > 0),"
        " (SELECT COUNT(*) FROM articles WHERE published_year > 0)",
        &st.s));
    if (sqlite3_step(st.s) != SQLITE_ROW) return Error("cannot compute statistics");
    s.articles = static_cast<uint64_t>(sqlite3_column_int64(st.s, 0));
    s.segments = static_cast<uint64_t>(sqlite3_column_int64(st.s, 1));
    s.batches = static_cast<uint64_t>(sqlite3_column_int64(st.s, 2));
    s.text_bytes = static_cast<uint64_t>(sqlite3_column_int64(st.s, 3));
    s.segment_bytes = static_cast<uint64_t>(sqlite3_column_int64(st.s, 4));
    s.first_date = ColumnText(st.s, 5);
    s.last_date = ColumnText(st.s, 6);
    s.dated_articles = static_cast<uint64_t>(sqlite3_column_int64(st.s, 7));
  }
  if (version_ >= 7) {
    Stmt st;
    RETURN_IF_ERROR(Prepare("SELECT COUNT(*) FROM deleted_articles", &st.s));
    if (sqlite3_step(st.s) != SQLITE_ROW) return Error("cannot count the deleted articles");
    s.deleted_articles = static_cast<uint64_t>(sqlite3_column_int64(st.s, 0));
  }
  auto group = [&](const char* sql, std::map<std::string, uint64_t>* out) -> Status {
    Stmt st;
    RETURN_IF_ERROR(Prepare(sql, &st.s));
    while (sqlite3_step(st.s) == SQLITE_ROW) {
      (*out)[ColumnText(st.s, 0)] = static_cast<uint64_t>(sqlite3_column_int64(st.s, 1));
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(group("SELECT language, COUNT(*) FROM articles GROUP BY language", &s.languages));
  RETURN_IF_ERROR(
      group("SELECT source, COUNT(*) c FROM articles WHERE source != ''"
            " GROUP BY source ORDER BY c DESC LIMIT 20",
            &s.sources));
  {
    Stmt st;
    RETURN_IF_ERROR(
        Prepare("SELECT page_count * page_size FROM pragma_page_count(),"
                " pragma_page_size()",
                &st.s));
    if (sqlite3_step(st.s) == SQLITE_ROW) {
      s.catalog_bytes = static_cast<uint64_t>(sqlite3_column_int64(st.s, 0));
    }
  }
  if (version_ >= 3) {
    Stmt st;
    RETURN_IF_ERROR(Prepare("SELECT type, COUNT(*), SUM(mention_count) FROM entities WHERE article_count > 0"
                            " GROUP BY type",
                            &st.s));
    int rc;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
      s.entities[ColumnText(st.s, 0)] = static_cast<uint64_t>(sqlite3_column_int64(st.s, 1));
      s.entity_mentions += static_cast<uint64_t>(sqlite3_column_int64(st.s, 2));
    }
    if (rc != SQLITE_DONE) return Error("cannot count entities");
  }
  s.stories = StoryCount();
  return s;
}

Status Catalog::FillTempIds(const std::string& table, const std::string& column,
                            const std::vector<int64_t>& ids) {
  RETURN_IF_ERROR(Exec(("CREATE TEMP TABLE IF NOT EXISTS " + table + "(" + column +
                        " INTEGER PRIMARY KEY)")
                           .c_str()));
  RETURN_IF_ERROR(Exec(("DELETE FROM temp." + table).c_str()));
  Stmt ins;
  RETURN_IF_ERROR(Prepare(("INSERT OR IGNORE INTO temp." + table + " VALUES(?)").c_str(), &ins.s));
  for (int64_t id : ids) {
    sqlite3_reset(ins.s);
    sqlite3_bind_int64(ins.s, 1, id);
    if (sqlite3_step(ins.s) != SQLITE_DONE) return Error("cannot fill temp." + table);
  }
  return Status::Ok();
}

Result<Catalog::FieldCounts> Catalog::CountArticleFields(const std::vector<DocId>& docs,
                                                        bool by_day) {
  FieldCounts out;
  std::vector<int64_t> ids;
  ids.reserve(docs.size());
  for (DocId d : docs) ids.push_back(d.value());
  RETURN_IF_ERROR(FillTempIds("facet_docs", "doc_id", ids));
  auto group = [&](const char* sql, std::map<std::string, uint64_t>* counts) -> Status {
    Stmt st;
    RETURN_IF_ERROR(Prepare(sql, &st.s));
    int rc;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
      (*counts)[ColumnText(st.s, 0)] += static_cast<uint64_t>(sqlite3_column_int64(st.s, 1));
    }
    return rc == SQLITE_DONE ? Status::Ok() : Error("cannot count articles");
  };
  RETURN_IF_ERROR(group("SELECT a.source, COUNT(*) FROM articles a JOIN temp.facet_docs d"
                        " ON a.doc_id = d.doc_id GROUP BY a.source",
                        &out.sources));
  RETURN_IF_ERROR(group("SELECT a.language, COUNT(*) FROM articles a JOIN temp.facet_docs d"
                        " ON a.doc_id = d.doc_id GROUP BY a.language",
                        &out.languages));
  std::map<std::string, uint64_t> dates;
  RETURN_IF_ERROR(group(
      by_day ? "SELECT CASE WHEN a.published_year = 0 OR a.published_month = 0 OR"
               " a.published_day = 0 THEN '' ELSE substr(a.published, 1, 10) END AS p, COUNT(*)"
               " FROM articles a JOIN temp.facet_docs d ON a.doc_id = d.doc_id GROUP BY p"
             : "SELECT CASE WHEN a.published_year = 0 OR a.published_month = 0 THEN ''"
               " ELSE substr(a.published, 1, 7) END AS p, COUNT(*)"
               " FROM articles a JOIN temp.facet_docs d ON a.doc_id = d.doc_id GROUP BY p",
      &dates));
  for (auto& [period, n] : dates) {
    out.articles += n;
    if (period.empty()) {
      out.undated += n;
    } else {
      out.dates.emplace(period, n);
    }
  }
  return out;
}

}  // namespace storyline
