// The catalog's near-duplicate tables: dup_keys (LSH band keys per batch), dup_links (verified
// copy relations) and dup_members (the current group of every article in a group of two or
// more). Schema in catalog.cc, documented in docs/formats/catalog.md.
//
// Invariants: a batch's dup_keys row, its links and the member rows of the groups it changed
// commit in the batch's transaction; dup_members holds exactly the articles in groups of two or
// more, each group's rows written together (ranks 0..size-1, one canonical); an article in no
// row is a singleton whose group id is its own doc id.
#include <sqlite3.h>

#include <cstring>

#include "catalog/catalog.h"
#include "catalog/sqlite_util.h"
#include "common/hash.h"

namespace storyline {
namespace {

using sqlite_util::BindText;
using sqlite_util::ColumnText;
using sqlite_util::Stmt;

// The keys blob is little-endian u32s; its checksum also covers where the keys belong.
uint64_t KeysChecksum(BatchId batch, DocId first_doc, uint32_t doc_count, const std::string& scheme,
                      uint32_t bands, std::string_view blob) {
  std::string s = std::to_string(batch.value()) + '\x1f' + std::to_string(first_doc.value()) +
                  '\x1f' + std::to_string(doc_count) + '\x1f' + scheme + '\x1f' +
                  std::to_string(bands) + '\x1f';
  s.append(blob);
  return Checksum64(s);
}

std::string KeysBlob(const std::vector<uint32_t>& keys) {
  std::string blob(keys.size() * 4, '\0');
  for (size_t i = 0; i < keys.size(); ++i) {
    for (int b = 0; b < 4; ++b) blob[4 * i + b] = static_cast<char>(keys[i] >> (8 * b));
  }
  return blob;
}

DupMemberRow ReadMember(sqlite3_stmt* st) {
  DupMemberRow m;
  m.doc = DocId(static_cast<uint32_t>(sqlite3_column_int64(st, 0)));
  m.group = DocId(static_cast<uint32_t>(sqlite3_column_int64(st, 1)));
  m.rank = static_cast<uint32_t>(sqlite3_column_int64(st, 2));
  m.group_size = static_cast<uint32_t>(sqlite3_column_int64(st, 3));
  if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
    m.derives_from = DocId(static_cast<uint32_t>(sqlite3_column_int64(st, 4)));
  }
  m.shared = sqlite3_column_double(st, 5);
  return m;
}

DupMemberRow Singleton(DocId doc) {
  DupMemberRow m;
  m.doc = doc;
  m.group = doc;
  m.group_size = 1;
  return m;
}

constexpr const char* kMemberColumns =
    "doc_id, group_id, member_rank, group_size, derives_from, shared";

}  // namespace

Status Catalog::RequireDupTables() const {
  if (version_ >= 2) return Status::Ok();
  return InvalidArgument("the store's catalog " + path_ +
                         " was written by an older storyline and has no near-duplicate groups "
                         "yet; run `storyline ingest` on it once (any input) to build them");
}

Status Catalog::WriteDupRows(BatchId batch, const DupBatchRows& d) {
  if (d.doc_count > 0) {
    if (d.band_keys.size() != static_cast<size_t>(d.doc_count) * d.bands) {
      return Internal("dedup keys of batch " + std::to_string(batch.value()) + ": " +
                      std::to_string(d.band_keys.size()) + " keys for " +
                      std::to_string(d.doc_count) + " documents x " + std::to_string(d.bands) +
                      " bands");
    }
    const std::string blob = KeysBlob(d.band_keys);
    Stmt st;
    RETURN_IF_ERROR(Prepare("INSERT OR REPLACE INTO dup_keys VALUES(?,?,?,?,?,?,?)", &st.s));
    sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(batch.value()));
    sqlite3_bind_int64(st.s, 2, d.first_doc.value());
    sqlite3_bind_int64(st.s, 3, d.doc_count);
    BindText(st.s, 4, d.scheme);
    sqlite3_bind_int64(st.s, 5, d.bands);
    sqlite3_bind_blob(st.s, 6, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
    sqlite3_bind_int64(st.s, 7, static_cast<int64_t>(KeysChecksum(
                                    batch, d.first_doc, d.doc_count, d.scheme, d.bands, blob)));
    if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record near-duplicate keys");
  }
  if (!d.links.empty()) {
    Stmt st;
    RETURN_IF_ERROR(Prepare("INSERT OR REPLACE INTO dup_links VALUES(?,?,?,?)", &st.s));
    for (const DupLinkRow& l : d.links) {
      sqlite3_reset(st.s);
      sqlite3_bind_int64(st.s, 1, l.doc.value());
      sqlite3_bind_int64(st.s, 2, l.other.value());
      sqlite3_bind_double(st.s, 3, l.doc_in_other);
      sqlite3_bind_double(st.s, 4, l.other_in_doc);
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record a near-duplicate link");
    }
  }
  return WriteDupMembers(d.members);
}

Status Catalog::WriteDupMembers(const std::vector<DupMemberRow>& members) {
  if (members.empty()) return Status::Ok();
  Stmt st;
  RETURN_IF_ERROR(Prepare("INSERT OR REPLACE INTO dup_members VALUES(?,?,?,?,?,?)", &st.s));
  for (const DupMemberRow& m : members) {
    sqlite3_reset(st.s);
    sqlite3_bind_int64(st.s, 1, m.doc.value());
    sqlite3_bind_int64(st.s, 2, m.group.value());
    sqlite3_bind_int64(st.s, 3, m.rank);
    sqlite3_bind_int64(st.s, 4, m.group_size);
    if (m.derives_from) {
      sqlite3_bind_int64(st.s, 5, m.derives_from->value());
    } else {
      sqlite3_bind_null(st.s, 5);
    }
    sqlite3_bind_double(st.s, 6, m.shared);
    if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record a near-duplicate group");
  }
  return Status::Ok();
}

Status Catalog::CommitDupBackfill(BatchId batch, const DupBatchRows& dups) {
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = WriteDupRows(batch, dups);
  if (s.ok()) s = Exec("COMMIT");
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

Result<std::vector<BatchExtent>> Catalog::BatchExtents() {
  Stmt st;
  // Deleted articles keep their places: a batch's extent counts them (version 7).
  const std::string rows = version_ >= 7
                               ? "(SELECT doc_id, batch_id, segment_ordinal FROM articles UNION ALL"
                                 " SELECT doc_id, batch_id, segment_ordinal FROM deleted_articles)"
                               : "articles";
  const std::string sql =
      "SELECT b.batch_id, b.segment_id, s.file_name, MIN(a.doc_id), COUNT(a.doc_id),"
      " MIN(a.segment_ordinal), MAX(a.doc_id) - MIN(a.doc_id), MAX(a.segment_ordinal) -"
      " MIN(a.segment_ordinal), EXISTS(SELECT 1 FROM dup_keys k WHERE k.batch_id = b.batch_id)"
      " FROM " + rows + " a JOIN batches b ON a.batch_id = b.batch_id"
      " JOIN segments s ON s.segment_id = b.segment_id GROUP BY b.batch_id ORDER BY MIN(a.doc_id)";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  std::vector<BatchExtent> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    BatchExtent e;
    e.batch = BatchId(static_cast<uint64_t>(sqlite3_column_int64(st.s, 0)));
    e.segment = SegmentId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 1)));
    e.segment_file = ColumnText(st.s, 2);
    e.first_doc = DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 3)));
    e.doc_count = static_cast<uint32_t>(sqlite3_column_int64(st.s, 4));
    e.first_ordinal = static_cast<uint32_t>(sqlite3_column_int64(st.s, 5));
    e.has_dup_keys = sqlite3_column_int64(st.s, 8) != 0;
    // Batches are written with dense doc ids and ordinals; anything else is not ours.
    if (sqlite3_column_int64(st.s, 6) + 1 != e.doc_count ||
        sqlite3_column_int64(st.s, 7) + 1 != e.doc_count) {
      return Corruption("catalog " + path_ + ": batch " + std::to_string(e.batch.value()) +
                        " does not hold dense doc ids and segment ordinals; run `storyline "
                        "check`");
    }
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return Error("cannot read batches");
  return out;
}

Status Catalog::ForEachDupKeys(
    const std::function<Status(BatchId, DocId, uint32_t, const std::string&, uint32_t,
                               const std::vector<uint32_t>&)>& fn) {
  Stmt st;
  RETURN_IF_ERROR(
      Prepare("SELECT batch_id, first_doc, doc_count, scheme, bands, band_keys, checksum"
              " FROM dup_keys ORDER BY first_doc",
              &st.s));
  std::vector<uint32_t> keys;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    const BatchId batch(static_cast<uint64_t>(sqlite3_column_int64(st.s, 0)));
    const DocId first(static_cast<uint32_t>(sqlite3_column_int64(st.s, 1)));
    const auto count = static_cast<uint32_t>(sqlite3_column_int64(st.s, 2));
    const std::string scheme = ColumnText(st.s, 3);
    const auto bands = static_cast<uint32_t>(sqlite3_column_int64(st.s, 4));
    const char* p = static_cast<const char*>(sqlite3_column_blob(st.s, 5));
    const std::string_view blob(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(st.s, 5)));
    const auto stored = static_cast<uint64_t>(sqlite3_column_int64(st.s, 6));
    if (KeysChecksum(batch, first, count, scheme, bands, blob) != stored ||
        blob.size() != static_cast<size_t>(count) * bands * 4) {
      return Corruption("catalog " + path_ + ": the near-duplicate keys of batch " +
                        std::to_string(batch.value()) +
                        " do not match their checksum; run `storyline check`");
    }
    keys.resize(blob.size() / 4);
    for (size_t i = 0; i < keys.size(); ++i) {
      uint32_t v = 0;
      for (int b = 0; b < 4; ++b) v |= uint32_t{static_cast<uint8_t>(blob[4 * i + b])} << (8 * b);
      keys[i] = v;
    }
    RETURN_IF_ERROR(fn(batch, first, count, scheme, bands, keys));
  }
  if (rc != SQLITE_DONE) return Error("cannot read near-duplicate keys");
  return Status::Ok();
}

Status Catalog::ForEachDupArticleInfo(const std::function<void(const DupArticleInfo&)>& fn) {
  Stmt st;
  RETURN_IF_ERROR(
      Prepare("SELECT doc_id, published_year, published_month, published_day, published_hour,"
              " published_minute, published_second, published_utc_offset, text_bytes"
              " FROM articles ORDER BY doc_id",
              &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    DupArticleInfo a;
    a.doc = DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
    PublishedDate& d = a.published;
    d.year = sqlite3_column_int(st.s, 1);
    d.month = sqlite3_column_int(st.s, 2);
    d.day = sqlite3_column_int(st.s, 3);
    d.hour = sqlite3_column_int(st.s, 4);
    d.minute = sqlite3_column_int(st.s, 5);
    d.second = sqlite3_column_int(st.s, 6);
    if (sqlite3_column_type(st.s, 7) != SQLITE_NULL) {
      d.has_utc_offset = true;
      d.utc_offset_minutes = sqlite3_column_int(st.s, 7);
    }
    a.text_bytes = static_cast<uint64_t>(sqlite3_column_int64(st.s, 8));
    fn(a);
  }
  if (rc != SQLITE_DONE) return Error("cannot read articles");
  return Status::Ok();
}

Status Catalog::ForEachDupLink(const std::function<Status(const DupLinkRow&)>& fn) {
  Stmt st;
  RETURN_IF_ERROR(
      Prepare("SELECT doc_id, other_doc, doc_in_other, other_in_doc FROM dup_links"
              " ORDER BY doc_id, other_doc",
              &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    DupLinkRow l;
    l.doc = DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
    l.other = DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 1)));
    l.doc_in_other = static_cast<float>(sqlite3_column_double(st.s, 2));
    l.other_in_doc = static_cast<float>(sqlite3_column_double(st.s, 3));
    RETURN_IF_ERROR(fn(l));
  }
  if (rc != SQLITE_DONE) return Error("cannot read near-duplicate links");
  return Status::Ok();
}

Status Catalog::ForEachDupMember(
    const std::function<void(DocId, DocId, uint32_t)>& fn) {
  if (version_ < 2) return Status::Ok();
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT doc_id, group_id, group_size FROM dup_members", &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    fn(DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0))),
       DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 1))),
       static_cast<uint32_t>(sqlite3_column_int64(st.s, 2)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read near-duplicate groups");
  return Status::Ok();
}

Result<std::vector<DupGroupSize>> Catalog::ListDupGroups(uint32_t min_size, uint64_t offset,
                                                         uint64_t limit) {
  RETURN_IF_ERROR(RequireDupTables());
  Stmt st;
  // Singletons are the articles without a member row.
  RETURN_IF_ERROR(Prepare(
      "SELECT group_id, size FROM ("
      " SELECT group_id, COUNT(*) AS size FROM dup_members GROUP BY group_id"
      " UNION ALL"
      " SELECT a.doc_id, 1 FROM articles a WHERE ? <= 1 AND NOT EXISTS"
      "  (SELECT 1 FROM dup_members m WHERE m.doc_id = a.doc_id))"
      " WHERE size >= ? ORDER BY size DESC, group_id LIMIT ? OFFSET ?",
      &st.s));
  sqlite3_bind_int64(st.s, 1, min_size);
  sqlite3_bind_int64(st.s, 2, min_size);
  sqlite3_bind_int64(st.s, 3, limit == 0 ? -1 : static_cast<int64_t>(limit));
  sqlite3_bind_int64(st.s, 4, static_cast<int64_t>(offset));
  std::vector<DupGroupSize> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.push_back({DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0))),
                   static_cast<uint32_t>(sqlite3_column_int64(st.s, 1))});
  }
  if (rc != SQLITE_DONE) return Error("cannot list near-duplicate groups");
  return out;
}

Result<std::vector<DupMemberRow>> Catalog::DupGroupMembers(DocId group) {
  RETURN_IF_ERROR(RequireDupTables());
  Stmt st;
  const std::string sql = std::string("SELECT ") + kMemberColumns +
                          " FROM dup_members WHERE group_id = ? ORDER BY member_rank";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  sqlite3_bind_int64(st.s, 1, group.value());
  std::vector<DupMemberRow> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) out.push_back(ReadMember(st.s));
  if (rc != SQLITE_DONE) return Error("cannot read a near-duplicate group");
  if (out.empty()) out.push_back(Singleton(group));
  return out;
}

Result<DupMemberRow> Catalog::DupMemberOf(DocId doc) {
  RETURN_IF_ERROR(RequireDupTables());
  Stmt st;
  const std::string sql =
      std::string("SELECT ") + kMemberColumns + " FROM dup_members WHERE doc_id = ?";
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  sqlite3_bind_int64(st.s, 1, doc.value());
  const int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) return ReadMember(st.s);
  if (rc != SQLITE_DONE) return Error("cannot read a near-duplicate group");
  return Singleton(doc);
}

Status Catalog::DupCounts(uint64_t* grouped_articles, uint64_t* groups) {
  RETURN_IF_ERROR(RequireDupTables());
  Stmt st;
  RETURN_IF_ERROR(
      Prepare("SELECT COUNT(*), COUNT(DISTINCT group_id) FROM dup_members", &st.s));
  if (sqlite3_step(st.s) != SQLITE_ROW) return Error("cannot count near-duplicates");
  *grouped_articles = static_cast<uint64_t>(sqlite3_column_int64(st.s, 0));
  *groups = static_cast<uint64_t>(sqlite3_column_int64(st.s, 1));
  return Status::Ok();
}

Status Catalog::CheckDupIntegrity(std::vector<std::string>* damage) {
  if (version_ < 2) return Status::Ok();  // nothing to check before a writer upgrades it
  Status keys = ForEachDupKeys([](BatchId, DocId, uint32_t, const std::string&, uint32_t,
                                  const std::vector<uint32_t>&) { return Status::Ok(); });
  if (keys.code() == StatusCode::kCorruption) {
    damage->push_back(keys.message());
  } else {
    RETURN_IF_ERROR(keys);
  }
  // Every group: rows of existing articles, sizes that match, ranks 0..size-1, one canonical.
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT group_id, COUNT(*), MIN(group_size), MAX(group_size), MIN(member_rank),"
      " MAX(member_rank), COUNT(DISTINCT member_rank),"
      " SUM(NOT EXISTS(SELECT 1 FROM articles a WHERE a.doc_id = m.doc_id))"
      " FROM dup_members m GROUP BY group_id",
      &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    const int64_t n = sqlite3_column_int64(st.s, 1);
    const bool sizes = sqlite3_column_int64(st.s, 2) == n && sqlite3_column_int64(st.s, 3) == n;
    const bool ranks = sqlite3_column_int64(st.s, 4) == 0 &&
                       sqlite3_column_int64(st.s, 5) == n - 1 &&
                       sqlite3_column_int64(st.s, 6) == n;
    const int64_t orphans = sqlite3_column_int64(st.s, 7);
    if (!sizes || !ranks || orphans != 0 || n < 2) {
      damage->push_back("catalog " + path_ + ": near-duplicate group " +
                        std::to_string(sqlite3_column_int64(st.s, 0)) +
                        " is inconsistent (sizes, ranks or members of unknown articles)");
    }
  }
  if (rc != SQLITE_DONE) return Error("cannot check near-duplicate groups");
  return Status::Ok();
}

}  // namespace storyline
