// Small helpers shared by the catalog's .cc files: a statement that finalizes itself, and text
// columns and bindings as std::string. Internal to src/catalog/.
#ifndef STORYLINE_CATALOG_SQLITE_UTIL_H_
#define STORYLINE_CATALOG_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <string>

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

}  // namespace storyline::sqlite_util

#endif  // STORYLINE_CATALOG_SQLITE_UTIL_H_
