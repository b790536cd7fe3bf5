// Small helpers shared by the catalog's .cc files: a statement that finalizes itself, text
// columns and bindings as std::string, and a segments row. Internal to src/catalog/.
#ifndef STORYLINE_CATALOG_SQLITE_UTIL_H_
#define STORYLINE_CATALOG_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <string>

#include "catalog/catalog.h"

namespace storyline::sqlite_util {

// Finalizes a statement when it goes out of scope.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s); }
};

inline std::string ColumnText(sqlite3_stmt* st, int i) {
  const unsigned char* p = sqlite3_column_text(st, i);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(st, i)))
           : std::string();
}

// The string must outlive the statement's use of the binding (SQLITE_STATIC).
inline void BindText(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
}

// A segments row selected as kSegmentColumns (its first five columns).
inline constexpr const char* kSegmentColumns =
    "s.segment_id, s.file_name, s.size_bytes, s.checksum, s.doc_count";
inline SegmentRecord ReadSegmentRecord(sqlite3_stmt* st) {
  SegmentRecord r;
  r.id = SegmentId(static_cast<uint32_t>(sqlite3_column_int64(st, 0)));
  r.file_name = ColumnText(st, 1);
  r.size_bytes = static_cast<uint64_t>(sqlite3_column_int64(st, 2));
  r.checksum = static_cast<uint64_t>(sqlite3_column_int64(st, 3));
  r.doc_count = static_cast<uint32_t>(sqlite3_column_int64(st, 4));
  return r;
}

}  // namespace storyline::sqlite_util

#endif  // STORYLINE_CATALOG_SQLITE_UTIL_H_
