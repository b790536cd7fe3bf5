// Catalog: the SQLite database (catalog.db, WAL mode) that records what a store holds: committed
// batches, segment files, and one row per article (metadata, where its text lives, checksums).
// Users may open it with sqlite3; the schema is in docs/formats/catalog.md.
//
// A batch becomes visible in one transaction (CommitBatch) after its segment file is durable, so a
// crash leaves either the whole batch or none of it.
//
// Thread-compatible: one thread at a time per Catalog. Any number of read-only Catalogs (in any
// process) may be open beside one writer; they never block it (WAL).
#ifndef STORYLINE_CATALOG_CATALOG_H_
#define STORYLINE_CATALOG_CATALOG_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/article.h"
#include "storyline/engine.h"
#include "storyline/ids.h"
#include "storyline/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace storyline {

struct SegmentRecord {
  SegmentId id;
  std::string file_name;  // relative to the store's segments/ directory
  uint64_t size_bytes = 0;
  uint64_t checksum = 0;  // the segment's footer checksum
  uint32_t doc_count = 0;
};

// An article as the catalog stores it: the Article without text, plus where the text lives.
struct ArticleRow {
  Article article;  // text is empty in rows read back from the catalog
  SegmentId segment;
  uint32_t ordinal = 0;  // position in the segment
  uint64_t text_bytes = 0;
  uint64_t text_checksum = 0;  // Checksum64 of the text
  BatchId batch;
};

struct CatalogCounters {
  uint64_t next_doc = 0, next_segment = 1, next_batch = 1;
};

class Catalog {
 public:
  // Opens <path>. A writer (read_only=false) creates the schema when `create` and the file is new.
  static Result<std::unique_ptr<Catalog>> Open(const std::string& path, bool read_only,
                                               bool create);
  ~Catalog();

  // Reads between BeginSnapshot() and EndSnapshot() see one consistent state of the catalog, even
  // while a writer commits (a read transaction in WAL mode).
  Status BeginSnapshot();
  Status EndSnapshot();

  Result<CatalogCounters> Counters();
  // Calls fn with every stored ArticleId (for the writer's "already present" set).
  Status ForEachArticleId(const std::function<void(ArticleId)>& fn);
  Result<std::vector<SegmentRecord>> Segments();

  // Records a batch, its segment and its rows in one transaction (rows' doc ids must be dense
  // from Counters().next_doc).
  Status CommitBatch(BatchId batch, const SegmentRecord& segment,
                     const std::vector<ArticleRow>& rows, int64_t committed_at_micros);

  Result<std::vector<ArticleRow>> ListArticles(uint64_t offset, uint64_t limit);
  // By full id or unique hex prefix (>= 4 digits). NotFound / InvalidArgument (ambiguous)
  // otherwise.
  Result<ArticleRow> FindArticle(std::string_view id_or_prefix);
  // Calls fn with every article row, ordered by segment and ordinal (sequential segment reads).
  Status ForEachArticle(const std::function<Status(const ArticleRow&)>& fn);
  Result<StoreStats> Stats();
  // PRAGMA integrity_check and every row's checksum; damage appended to *damage.
  Status CheckIntegrity(std::vector<std::string>* damage, uint64_t* rows_checked);

  // The checksum stored with each article row, over all its fields.
  static uint64_t RowChecksum(const ArticleRow& row);

 private:
  Catalog() = default;
  Status Exec(const char* sql);
  Status Prepare(const char* sql, sqlite3_stmt** stmt);
  Status Error(const std::string& what);

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_article_ = nullptr;
};

}  // namespace storyline

#endif  // STORYLINE_CATALOG_CATALOG_H_
