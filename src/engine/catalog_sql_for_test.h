// Test-only: runs SQL on a store's catalog, to make a store look as an older version or a crash
// left it.
#ifndef STORYLINE_ENGINE_CATALOG_SQL_FOR_TEST_H_
#define STORYLINE_ENGINE_CATALOG_SQL_FOR_TEST_H_

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

namespace storyline::testing {

// Runs `sql` (one or more statements) on `store_dir`/catalog.db; a failure fails the test.
inline void ExecCatalogSql(const std::string& store_dir, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((store_dir + "/catalog.db").c_str(), &db), SQLITE_OK);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  const std::string error = sqlite3_errmsg(db);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << error;
}

}  // namespace storyline::testing

#endif  // STORYLINE_ENGINE_CATALOG_SQL_FOR_TEST_H_
