#include "common/storage/sqlite_statement.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/storage/sqlite_error.h"

namespace anju::storage {

SqliteStatement::SqliteStatement(sqlite3_stmt* stmt, absl::string_view name)
    : stmt_(stmt), name_(name) {}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

absl::StatusOr<int> SqliteStatement::IndexOf(int param) const {
  const std::string dollar = absl::StrCat("$", param);
  if (int index = sqlite3_bind_parameter_index(stmt_, dollar.c_str())) {
    return index;
  }
  // A nameless `?` is bound by position; a named one never is, so that a
  // missing $2 cannot silently bind whatever sits second.
  if (param >= 1 && param <= sqlite3_bind_parameter_count(stmt_) &&
      sqlite3_bind_parameter_name(stmt_, param) == nullptr) {
    return param;
  }
  return absl::InternalError(absl::StrCat(name_, ": no parameter ", dollar,
                                          " in: ", sqlite3_sql(stmt_)));
}

absl::Status SqliteStatement::Bound(int rc, int param) const {
  if (rc == SQLITE_OK) return absl::OkStatus();
  const absl::Status error = Error(rc);
  return absl::Status(error.code(),
                      absl::StrCat("binding $", param, ": ", error.message()));
}

absl::Status SqliteStatement::Error(int rc) const {
  return SqliteError(sqlite3_db_handle(stmt_), rc, name_, sqlite3_sql(stmt_));
}

absl::Status SqliteStatement::BindInt64(int param, int64_t value) {
  absl::StatusOr<int> index = IndexOf(param);
  if (!index.ok()) return index.status();
  return Bound(sqlite3_bind_int64(stmt_, *index, value), param);
}

absl::Status SqliteStatement::BindDouble(int param, double value) {
  absl::StatusOr<int> index = IndexOf(param);
  if (!index.ok()) return index.status();
  // SQLite would store NULL; PostgreSQL would keep NaN. Refused on both so
  // that a NaN never silently becomes "no value".
  if (std::isnan(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name_, ": binding $", param, ": NaN cannot be stored"));
  }
  return Bound(sqlite3_bind_double(stmt_, *index, value), param);
}

absl::Status SqliteStatement::BindText(int param, absl::string_view text) {
  absl::StatusOr<int> index = IndexOf(param);
  if (!index.ok()) return index.status();
  return Bound(sqlite3_bind_text64(stmt_, *index, text.data(), text.size(),
                                   SQLITE_TRANSIENT, SQLITE_UTF8),
               param);
}

absl::Status SqliteStatement::BindBlob(int param, absl::string_view bytes) {
  absl::StatusOr<int> index = IndexOf(param);
  if (!index.ok()) return index.status();
  // A zero-length blob must stay a blob, not become NULL: SQLite binds NULL
  // when the pointer is null, and an empty string_view may carry one.
  static const char kEmpty = 0;
  const char* data = bytes.data() != nullptr ? bytes.data() : &kEmpty;
  return Bound(
      sqlite3_bind_blob64(stmt_, *index, data, bytes.size(), SQLITE_TRANSIENT),
      param);
}

absl::Status SqliteStatement::BindNull(int param) {
  absl::StatusOr<int> index = IndexOf(param);
  if (!index.ok()) return index.status();
  return Bound(sqlite3_bind_null(stmt_, *index), param);
}

absl::StatusOr<bool> SqliteStatement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(rc);
}

absl::StatusOr<int64_t> SqliteStatement::Run() {
  for (;;) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
  }
  return sqlite3_changes64(sqlite3_db_handle(stmt_));
}

absl::Status SqliteStatement::Reset() {
  // sqlite3_reset repeats the error of the last step, which the caller has
  // already been given: the statement is reset either way.
  sqlite3_reset(stmt_);
  return absl::OkStatus();
}

int SqliteStatement::ColumnCount() const { return sqlite3_column_count(stmt_); }

std::string SqliteStatement::ColumnName(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name != nullptr ? name : "";
}

ColumnType SqliteStatement::Type(int column) const {
  switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_INTEGER:
      return ColumnType::kInt64;
    case SQLITE_FLOAT:
      return ColumnType::kDouble;
    case SQLITE_TEXT:
      return ColumnType::kText;
    case SQLITE_BLOB:
      return ColumnType::kBlob;
    default:
      return ColumnType::kNull;
  }
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double SqliteStatement::ColumnDouble(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  // Pointer first, then size: the documented order.
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text), size);
}

std::string SqliteStatement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (blob == nullptr) return std::string();
  return std::string(static_cast<const char*>(blob), size);
}

}  // namespace anju::storage
