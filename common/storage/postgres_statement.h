#ifndef ANJU_COMMON_STORAGE_POSTGRES_STATEMENT_H_
#define ANJU_COMMON_STORAGE_POSTGRES_STATEMENT_H_

// Statement over a server-side prepared statement. Made and owned by a
// PostgresTransaction (postgres_database.cc); not part of the public
// interface.
//
// The statement runs at its first Step or Run and its whole result is kept
// (libpq's default), so rows are read from memory: fine for the result
// sizes of the services, which page their lists.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/storage/database.h"

namespace anju::storage {

class PostgresStatement : public Statement {
 public:
  // `prepared` names a statement prepared on `conn` with `params`
  // parameters. A failure is also recorded in `*first_error` when that is
  // still OK: PostgreSQL aborts the transaction on any error.
  PostgresStatement(PGconn* conn, std::string prepared, int params,
                    std::string sql, std::string name,
                    absl::Status* first_error);

  PostgresStatement(const PostgresStatement&) = delete;
  PostgresStatement& operator=(const PostgresStatement&) = delete;

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
  struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
  };

  absl::Status Set(int param, std::optional<std::string> value, bool binary);
  absl::Status Execute();
  // The raw text of a cell, or null when there is no current row or the
  // column is out of range.
  const char* Cell(int column) const;
  bool IsBytea(int column) const;

  PGconn* const conn_;
  const std::string prepared_;
  const std::string sql_;
  const std::string name_;
  absl::Status* const first_error_;
  std::vector<std::optional<std::string>> values_;  // by $n - 1
  std::vector<int> binary_;                         // 1 for blobs
  std::unique_ptr<PGresult, ResultDeleter> result_;
  int row_ = -1;
};

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_POSTGRES_STATEMENT_H_
