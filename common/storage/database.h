#ifndef ANJU_COMMON_STORAGE_DATABASE_H_
#define ANJU_COMMON_STORAGE_DATABASE_H_

// The storage interface of the services that keep state (submission,
// registry, notification). SQLite implements it (sqlite_database.h) and
// PostgreSQL does for region-wide deployments (postgres_database.h;
// open_database.h picks one by configuration), so the interface says only
// what both can honour:
//  - all work happens in a Transaction: kRead sees one snapshot, kWrite
//    takes the write lock at its start (SQLite: BEGIN IMMEDIATE;
//    PostgreSQL: an advisory lock, unless serialize_writers is off), so two
//    writers never deadlock half-way and a busy database fails at Begin;
//  - SQL parameters are written $1, $2, … (PostgreSQL's spelling, which
//    SQLite accepts) and bound by that number; result columns count from 0;
//  - ids come back with RETURNING, not a last-insert-id call;
//  - errors are absl::Status with the driver's message:
//      UNAVAILABLE         the database stayed busy (locked by another
//                          writer) for the whole timeout: retry the call;
//      ABORTED             a conflict inside a transaction: retry it;
//      ALREADY_EXISTS      a primary key or unique constraint was violated;
//      FAILED_PRECONDITION another constraint (foreign key, check, not null)
//                          or a database this build cannot use;
//      RESOURCE_EXHAUSTED  the disk is full;
//      INTERNAL            anything else, including misuse of this API.
//
// PostgreSQL (postgres_database.h) differs where SQLite cannot follow it:
//  - after a statement fails, the transaction is aborted: only Rollback
//    works (Commit rolls back and returns the first error again), so a
//    caller cannot catch ALREADY_EXISTS and carry on in the same
//    transaction;
//  - a read transaction refuses a write when it runs, not at Prepare;
//  - INTEGER is 32 bits there: use BIGINT for int64 values, BYTEA (which
//    SQLite stores as is) for blobs, DOUBLE PRECISION for doubles.
// NaN is refused by BindDouble on both (SQLite would store NULL).
//
// Thread-safety: a Database is safe to share between threads. It holds one
// connection and a mutex; a Transaction holds the mutex from Begin until
// Commit, Rollback or its destruction, so transactions of one Database run
// one after another. A transaction stays on the thread that began it, and a
// thread must not begin a second one while its first is open (refused with
// INTERNAL instead of deadlocking). For reads in parallel with writes, open
// another Database on the same file: SQLite's WAL lets readers proceed.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace anju::storage {

enum class ColumnType { kNull, kInt64, kDouble, kText, kBlob };

// A prepared statement, owned by the Transaction that prepared it and valid
// until that transaction ends. To run it again with other values: Reset,
// then bind and run.
class Statement {
 public:
  virtual ~Statement() = default;

  // `param` is the n of $n. Text and blobs are copied.
  virtual absl::Status BindInt64(int param, int64_t value) = 0;
  virtual absl::Status BindDouble(int param, double value) = 0;
  virtual absl::Status BindText(int param, absl::string_view text) = 0;
  virtual absl::Status BindBlob(int param, absl::string_view bytes) = 0;
  virtual absl::Status BindNull(int param) = 0;

  // Advances to the next result row: true when one is ready to read, false
  // when the statement has finished.
  virtual absl::StatusOr<bool> Step() = 0;
  // Runs the statement to its end; returns the number of rows it inserted,
  // updated or deleted (an UPDATE guarded by an etag that changed nothing
  // tells the caller its write was stale).
  virtual absl::StatusOr<int64_t> Run() = 0;
  // Readies the statement to run again; bindings stay until rebound.
  virtual absl::Status Reset() = 0;

  // The current row. A NULL reads as 0, 0.0 or "": ask IsNull first where
  // NULL means something. Read each column with the getter of its type.
  virtual int ColumnCount() const = 0;
  virtual std::string ColumnName(int column) const = 0;
  virtual ColumnType Type(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  virtual int64_t ColumnInt64(int column) const = 0;
  virtual double ColumnDouble(int column) const = 0;
  virtual std::string ColumnText(int column) const = 0;
  virtual std::string ColumnBlob(int column) const = 0;
};

enum class TransactionMode {
  kRead,   // a snapshot; statements that write are refused
  kWrite,  // takes the write lock at Begin
};

// Ends with Commit or Rollback; destroyed while open, it rolls back, so an
// early return on error never leaves half a change behind.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual absl::StatusOr<Statement*> Prepare(absl::string_view sql) = 0;
  // Runs SQL without parameters or results, several statements allowed
  // (schema steps).
  virtual absl::Status Execute(absl::string_view sql) = 0;
  // Durable when OK (SQLite: synchronous=FULL). On error the transaction is
  // rolled back. Either way it has ended.
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  // Blocks while another thread's transaction on this Database is open.
  // Every transaction must end before its Database is destroyed.
  virtual absl::StatusOr<std::unique_ptr<Transaction>> Begin(
      TransactionMode mode) = 0;

  // A write transaction that also holds the lock `lock_name` against every
  // process on the same database until it ends, for work that must run once
  // at a time everywhere (schema migrations: two replicas starting at once).
  // SQLite's write lock already is one; PostgreSQL takes an advisory lock.
  virtual absl::StatusOr<std::unique_ptr<Transaction>> BeginLocked(
      absl::string_view lock_name) {
    (void)lock_name;
    return Begin(TransactionMode::kWrite);
  }

  // Names the database in messages, e.g. "sqlite:/var/lib/anju/sub.db".
  virtual std::string Name() const = 0;
};

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_DATABASE_H_
