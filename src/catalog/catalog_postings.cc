// The catalog's postings table: one row per postings file (a batch's, or merged from
// consecutive batches': segment_id to last_segment_id). Schema in catalog.cc, documented in
// docs/formats/catalog.md.
//
// Invariants: no two rows cover one batch; a batch's row commits in its batch's transaction, a
// merged file's row replaces its inputs' rows in one transaction.
#include <sqlite3.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "catalog/sqlite_util.h"

namespace storyline {

using sqlite_util::BindText;
using sqlite_util::ColumnText;
using sqlite_util::Stmt;

Status Catalog::InsertPostings(const PostingsRecord& p) {
  Stmt st;
  RETURN_IF_ERROR(Prepare("INSERT OR REPLACE INTO postings(segment_id, file_name, size_bytes,"
                          " checksum, doc_count, term_count, last_segment_id, dropped_deleted)"
                          " VALUES(?,?,?,?,?,?,?,?)",
                          &st.s));
  sqlite3_bind_int64(st.s, 1, p.segment.value());
  BindText(st.s, 2, p.file_name);
  sqlite3_bind_int64(st.s, 3, static_cast<int64_t>(p.size_bytes));
  sqlite3_bind_int64(st.s, 4, static_cast<int64_t>(p.checksum));
  sqlite3_bind_int64(st.s, 5, p.doc_count);
  sqlite3_bind_int64(st.s, 6, static_cast<int64_t>(p.term_count));
  sqlite3_bind_int64(st.s, 7, std::max(p.last_segment.value(), p.segment.value()));
  sqlite3_bind_int64(st.s, 8, p.dropped_deleted);
  if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record a postings file");
  return Status::Ok();
}

Status Catalog::AddPostingsFile(const PostingsRecord& postings) {
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = InsertPostings(postings);
  if (s.ok()) s = Exec("COMMIT");
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

Status Catalog::ReplacePostingsFiles(const std::vector<SegmentId>& replaced,
                                     const PostingsRecord& merged) {
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = [&]() -> Status {
    Stmt del;
    RETURN_IF_ERROR(Prepare("DELETE FROM postings WHERE segment_id = ?", &del.s));
    for (SegmentId seg : replaced) {
      sqlite3_reset(del.s);
      sqlite3_bind_int64(del.s, 1, seg.value());
      if (sqlite3_step(del.s) != SQLITE_DONE) return Error("cannot replace postings files");
      if (sqlite3_changes(db_) != 1) {
        return InvalidArgument("the postings file of segment " + std::to_string(seg.value()) +
                               " is no longer recorded; another writer changed the index");
      }
    }
    RETURN_IF_ERROR(InsertPostings(merged));
    return Exec("COMMIT");
  }();
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

Result<std::string> Catalog::IndexVersion() {
  // A merge lowers the count of files and raises the sum of their spans; a new batch's file
  // raises the count; a delete raises the count of deleted articles (never lowered). The
  // near-duplicate keys count too: a batch analysed after its commit (deferred analysis)
  // changes the groups searches collapse, and adds a row.
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      version_ >= 7
          ? "SELECT (SELECT COUNT(*) || '/' || COALESCE(MAX(batch_id), 0) FROM batches)"
            " || '/' || (SELECT COUNT(*) || '/' || COALESCE(MAX(segment_id), 0) || '/' ||"
            " TOTAL(last_segment_id - segment_id) FROM postings)"
            " || '/' || (SELECT COUNT(*) FROM dup_keys)"
            " || '/' || (SELECT COUNT(*) FROM deleted_articles)"
      : version_ >= 6
          ? "SELECT (SELECT COUNT(*) || '/' || COALESCE(MAX(batch_id), 0) FROM batches)"
            " || '/' || (SELECT COUNT(*) || '/' || COALESCE(MAX(segment_id), 0) || '/' ||"
            " TOTAL(last_segment_id - segment_id) FROM postings)"
            " || '/' || (SELECT COUNT(*) FROM dup_keys)"
      : version_ >= 2
          ? "SELECT (SELECT COUNT(*) || '/' || COALESCE(MAX(batch_id), 0) FROM batches)"
            " || '/' || (SELECT COUNT(*) || '/' || COALESCE(MAX(segment_id), 0) FROM postings)"
            " || '/' || (SELECT COUNT(*) FROM dup_keys)"
          : "SELECT (SELECT COUNT(*) || '/' || COALESCE(MAX(batch_id), 0) FROM batches)",
      &st.s));
  if (sqlite3_step(st.s) != SQLITE_ROW) return Error("cannot read the index version");
  return ColumnText(st.s, 0);
}

Result<std::vector<PostingsRecord>> Catalog::PostingsFiles() {
  std::vector<PostingsRecord> out;
  if (version_ < 2) return out;
  Stmt st;
  // Before version 6 every file was one batch's: its last segment is its first.
  const std::string sql = std::string("SELECT segment_id, file_name, size_bytes, checksum, "
                                      "doc_count, term_count, ") +
                          (version_ >= 6 ? "last_segment_id" : "segment_id") +
                          (version_ >= 7 ? ", dropped_deleted" : ", 0") +
                          " FROM postings ORDER BY segment_id";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    PostingsRecord p;
    p.segment = SegmentId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
    p.file_name = ColumnText(st.s, 1);
    p.size_bytes = static_cast<uint64_t>(sqlite3_column_int64(st.s, 2));
    p.checksum = static_cast<uint64_t>(sqlite3_column_int64(st.s, 3));
    p.doc_count = static_cast<uint32_t>(sqlite3_column_int64(st.s, 4));
    p.term_count = static_cast<uint64_t>(sqlite3_column_int64(st.s, 5));
    p.last_segment = SegmentId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 6)));
    p.dropped_deleted = static_cast<uint32_t>(sqlite3_column_int64(st.s, 7));
    out.push_back(std::move(p));
  }
  if (rc != SQLITE_DONE) return Error("cannot read postings files");
  return out;
}

}  // namespace storyline
