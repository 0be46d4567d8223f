#ifndef ANJU_TESTS_STORAGE_TEST_DB_H_
#define ANJU_TESTS_STORAGE_TEST_DB_H_

// A fresh directory per test for database files, and small helpers that
// fail the test on error.

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "common/storage/database.h"
#include "common/storage/sqlite_database.h"
#include "gtest/gtest.h"

namespace anju::storage {

class TestDir {
 public:
  TestDir() {
    std::string pattern = testing::TempDir() + "anju-storage-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TestDir() { std::filesystem::remove_all(path_); }

  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::unique_ptr<Database> OpenOrDie(const std::string& path,
                                           const SqliteOptions& options = {}) {
  absl::StatusOr<std::unique_ptr<Database>> db = OpenSqlite(path, options);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

// Runs a script in its own write transaction.
inline absl::Status ExecuteWrite(Database& db, absl::string_view sql) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db.Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  if (absl::Status s = (*tx)->Execute(sql); !s.ok()) return s;
  return (*tx)->Commit();
}

// The first column of the first row of a query, as text; "" when no row.
// PRAGMAs need kWrite: SQLite counts any of them as a possible write.
inline std::string QueryText(Database& db, absl::string_view sql,
                             TransactionMode mode = TransactionMode::kRead) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx = db.Begin(mode);
  EXPECT_TRUE(tx.ok()) << tx.status();
  if (!tx.ok()) return "";
  absl::StatusOr<Statement*> stmt = (*tx)->Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return "";
  absl::StatusOr<bool> row = (*stmt)->Step();
  EXPECT_TRUE(row.ok()) << row.status();
  return row.ok() && *row ? (*stmt)->ColumnText(0) : "";
}

// -1 when the count could not be read (the failure is already reported).
inline int64_t CountRows(Database& db, absl::string_view table) {
  const std::string count =
      QueryText(db, std::string("SELECT count(*) FROM ") + std::string(table));
  return count.empty() ? -1 : std::stoll(count);
}

}  // namespace anju::storage

#endif  // ANJU_TESTS_STORAGE_TEST_DB_H_
