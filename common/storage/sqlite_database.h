#ifndef ANJU_COMMON_STORAGE_SQLITE_DATABASE_H_
#define ANJU_COMMON_STORAGE_SQLITE_DATABASE_H_

// The embedded backend: one SQLite file per service.
//
// Opened in WAL mode (readers never block the writer) with
// synchronous=FULL, so that a commit is on disk before Commit returns and
// nothing acknowledged is lost on a crash or a power cut (NORMAL would risk
// the last commits on power loss), with foreign_keys=ON (SQLite's default is
// off) and a busy timeout for other processes' writers.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/storage/database.h"

namespace anju::storage {

struct SqliteOptions {
  // How long Begin(kWrite) waits for another connection's writer before
  // giving up with UNAVAILABLE.
  int busy_timeout_ms = 5000;
};

// Creates the file if missing. FAILED_PRECONDITION when WAL cannot be used
// (":memory:", or a file system without shared memory) or foreign keys are
// unsupported; INTERNAL when the file cannot be opened or is not a
// database.
absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(
    const std::string& path, const SqliteOptions& options = {});

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_SQLITE_DATABASE_H_
