#ifndef ANJU_COMMON_STORAGE_SQLITE_STATEMENT_H_
#define ANJU_COMMON_STORAGE_SQLITE_STATEMENT_H_

// Statement over a sqlite3_stmt. Made and owned by a SqliteTransaction
// (sqlite_database.cc); not part of the public interface.

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "common/storage/database.h"

namespace anju::storage {

class SqliteStatement : public Statement {
 public:
  // Takes ownership of `stmt`; `name` (the database's) starts error
  // messages.
  SqliteStatement(sqlite3_stmt* stmt, absl::string_view name);
  ~SqliteStatement() override;

  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  absl::Status BindInt64(int param, int64_t value) override;
  absl::Status BindDouble(int param, double value) override;
  absl::Status BindText(int param, absl::string_view text) override;
  absl::Status BindBlob(int param, absl::string_view bytes) override;
  absl::Status BindNull(int param) override;

  absl::StatusOr<bool> Step() override;
  absl::StatusOr<int64_t> Run() override;
  absl::Status Reset() override;

  int ColumnCount() const override;
  std::string ColumnName(int column) const override;
  ColumnType Type(int column) const override;
  bool IsNull(int column) const override;
  int64_t ColumnInt64(int column) const override;
  double ColumnDouble(int column) const override;
  std::string ColumnText(int column) const override;
  std::string ColumnBlob(int column) const override;

 private:
  // The SQLite index of $param: by name, or by position for a plain `?`.
  absl::StatusOr<int> IndexOf(int param) const;
  absl::Status Bound(int rc, int param) const;
  absl::Status Error(int rc) const;

  sqlite3_stmt* stmt_;
  std::string name_;
};

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_SQLITE_STATEMENT_H_
