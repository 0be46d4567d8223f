#ifndef ANJU_COMMON_STORAGE_POSTGRES_ERROR_H_
#define ANJU_COMMON_STORAGE_POSTGRES_ERROR_H_

// PostgreSQL errors (SQLSTATEs) as absl::Status, by the table in
// database.h.

#include <libpq-fe.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace anju::storage {

// `sqlstate` is the five-character code; "" when the server sent none (the
// connection failed before an answer).
absl::StatusCode PostgresStatusCode(absl::string_view sqlstate);

// The error of a failed call on `conn`; `result` may be null (no answer).
// A lost connection is UNAVAILABLE whatever the code. The message reads
// "<name>: <server's message> [SQLSTATE <code>] in: <the SQL, shortened>".
absl::Status PostgresError(PGconn* conn, const PGresult* result,
                           absl::string_view name, absl::string_view sql);

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_POSTGRES_ERROR_H_
