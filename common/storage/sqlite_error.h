#ifndef ANJU_COMMON_STORAGE_SQLITE_ERROR_H_
#define ANJU_COMMON_STORAGE_SQLITE_ERROR_H_

// SQLite result codes as absl::Status, by the table in database.h.

#include <sqlite3.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace anju::storage {

// Where the error happened changes what SQLITE_BUSY means: at Begin nothing
// has been done and the call can be retried (UNAVAILABLE); later, the
// transaction must be retried from its start (ABORTED).
enum class SqlitePhase { kBegin, kInTransaction };

absl::StatusCode SqliteStatusCode(int extended_code, SqlitePhase phase);

// `rc` is the extended result code of the failed call on `db`; the message
// reads "<name>: <SQLite's message> [<code>] in: <the SQL, shortened>".
absl::Status SqliteError(sqlite3* db, int rc, absl::string_view name,
                         absl::string_view sql,
                         SqlitePhase phase = SqlitePhase::kInTransaction);

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_SQLITE_ERROR_H_
