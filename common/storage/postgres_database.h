#ifndef ANJU_COMMON_STORAGE_POSTGRES_DATABASE_H_
#define ANJU_COMMON_STORAGE_POSTGRES_DATABASE_H_

// The region-wide backend: PostgreSQL through libpq, one connection per
// Database (the thread-safety contract of database.h).
//
// Transactions:
//  - kRead:  BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY — one snapshot,
//    never blocks and never aborts a writer;
//  - kWrite: BEGIN ISOLATION LEVEL SERIALIZABLE. With serialize_writers (the
//    default) Begin first takes a session advisory lock shared by every
//    writer of the database, so writers run one at a time as on SQLite:
//    the promise of database.h holds (a busy database fails at Begin with
//    UNAVAILABLE after lock_timeout_ms; a writer is never aborted half-way),
//    and services written against SQLite, which do not retry ABORTED, run
//    unchanged on several replicas. The lock is taken before BEGIN because a
//    SERIALIZABLE snapshot is fixed by its first statement: taken inside,
//    the snapshot would predate the wait and miss the previous writer's
//    commit. SERIALIZABLE stays underneath so that serialize_writers=false
//    is still correct: writers then run in parallel and a conflict comes
//    back as ABORTED (SQLSTATE 40001 or 40P01), to be retried by the caller.
//
// Commits are durable when the server's synchronous_commit is on (its
// default). After a lost connection the failing call returns UNAVAILABLE
// and the next Begin reconnects; a Begin that finds the connection dead
// before doing anything reconnects and tries once more.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/storage/database.h"

namespace anju::storage {

struct PostgresOptions {
  // Connecting gives up after this (libpq's connect_timeout; a value in the
  // DSN wins).
  int connect_timeout_s = 5;
  // How long a statement, and Begin(kWrite), waits for a lock held by
  // another connection before failing with UNAVAILABLE.
  int lock_timeout_ms = 5000;
  // One writer at a time per database (see above).
  bool serialize_writers = true;
};

// `dsn` is a libpq conninfo ("host=… dbname=… user=…") or URI
// ("postgresql://user@host/db"). Connects at once: INVALID_ARGUMENT when the
// DSN does not parse, UNAVAILABLE when the server cannot be reached or
// refuses the login. Name() is "postgres:host:port/dbname" (no password).
absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(
    const std::string& dsn, const PostgresOptions& options = {});

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_POSTGRES_DATABASE_H_
