#include "common/storage/sqlite_error.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/storage/sql_text.h"

namespace anju::storage {
namespace {

absl::StatusCode ConstraintCode(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
      return absl::StatusCode::kAlreadyExists;
    default:  // foreign key, check, not null, trigger
      return absl::StatusCode::kFailedPrecondition;
  }
}

}  // namespace

absl::StatusCode SqliteStatusCode(int extended_code, SqlitePhase phase) {
  switch (extended_code & 0xFF) {
    case SQLITE_BUSY:
      return phase == SqlitePhase::kBegin ? absl::StatusCode::kUnavailable
                                          : absl::StatusCode::kAborted;
    case SQLITE_LOCKED:
      return absl::StatusCode::kAborted;
    case SQLITE_CONSTRAINT:
      return ConstraintCode(extended_code);
    case SQLITE_FULL:
      return absl::StatusCode::kResourceExhausted;
    default:
      return absl::StatusCode::kInternal;
  }
}

absl::Status SqliteError(sqlite3* db, int rc, absl::string_view name,
                         absl::string_view sql, SqlitePhase phase) {
  // sqlite3_errmsg describes the most recent failure on the connection;
  // callers come here before making any other call on it.
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return absl::Status(
      SqliteStatusCode(rc, phase),
      absl::StrCat(name, ": ", message, " [", sqlite3_errstr(rc), ", ", rc,
                   "] in: ", ShortenSql(sql)));
}

}  // namespace anju::storage
