#include "common/storage/postgres_error.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/storage/sql_text.h"

namespace anju::storage {

absl::StatusCode PostgresStatusCode(absl::string_view sqlstate) {
  using absl::StatusCode;
  // serialization_failure, deadlock_detected: retry the transaction.
  if (sqlstate == "40001" || sqlstate == "40P01") return StatusCode::kAborted;
  if (sqlstate == "23505") return StatusCode::kAlreadyExists;  // unique
  // foreign key, check, not null, exclusion, restrict.
  if (absl::StartsWith(sqlstate, "23")) return StatusCode::kFailedPrecondition;
  if (sqlstate == "53100") return StatusCode::kResourceExhausted;  // disk full
  // lock_not_available (lock_timeout, NOWAIT): like SQLite's busy timeout,
  // the database stayed locked; retry the call.
  if (sqlstate == "55P03") return StatusCode::kUnavailable;
  // connection_exception, too_many_connections, and the server shutting
  // down or starting up (admin_shutdown, crash_shutdown, cannot_connect_now).
  if (absl::StartsWith(sqlstate, "08") || sqlstate == "53300" ||
      sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" ||
      sqlstate.empty()) {
    return StatusCode::kUnavailable;
  }
  return StatusCode::kInternal;
}

absl::Status PostgresError(PGconn* conn, const PGresult* result,
                           absl::string_view name, absl::string_view sql) {
  const char* state = result != nullptr
                          ? PQresultErrorField(result, PG_DIAG_SQLSTATE)
                          : nullptr;
  const char* message = result != nullptr ? PQresultErrorMessage(result) : "";
  if (message == nullptr || *message == '\0') message = PQerrorMessage(conn);
  absl::StatusCode code = PostgresStatusCode(state != nullptr ? state : "");
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    code = absl::StatusCode::kUnavailable;
  }
  return absl::Status(
      code, absl::StrCat(name, ": ", absl::StripAsciiWhitespace(message),
                         " [SQLSTATE ", state != nullptr ? state : "none",
                         "] in: ", ShortenSql(sql)));
}

}  // namespace anju::storage
