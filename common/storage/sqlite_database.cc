#include "common/storage/sqlite_database.h"

#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/storage/sqlite_error.h"
#include "common/storage/sqlite_statement.h"

namespace anju::storage {
namespace {

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using OwnedStmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string name)
      : db_(db), name_(std::move(name)) {}
  ~SqliteDatabase() override { sqlite3_close_v2(db_); }

  absl::Status Configure(const SqliteOptions& options);

  absl::StatusOr<std::unique_ptr<Transaction>> Begin(
      TransactionMode mode) override;
  std::string Name() const override { return name_; }

  sqlite3* connection() const { return db_; }
  // Called by a transaction as it ends, before it unlocks.
  void ClearOwner() { owner_.store(std::thread::id()); }

 private:
  // Runs one statement outside a transaction (only while opening, when no
  // other thread can see the connection); returns its first value.
  absl::StatusOr<std::string> Pragma(const char* sql);

  sqlite3* const db_;
  const std::string name_;
  std::mutex mu_;                       // held by the open transaction, if any
  std::atomic<std::thread::id> owner_;  // the thread of that transaction
};

class SqliteTransaction : public Transaction {
 public:
  SqliteTransaction(SqliteDatabase* db, std::unique_lock<std::mutex> lock,
                    TransactionMode mode)
      : db_(db), lock_(std::move(lock)), mode_(mode) {}
  ~SqliteTransaction() override {
    if (open_) Rollback().IgnoreError();
  }

  absl::StatusOr<Statement*> Prepare(absl::string_view sql) override;
  absl::Status Execute(absl::string_view sql) override;
  absl::Status Commit() override;
  absl::Status Rollback() override;

 private:
  absl::Status CheckOpen() const;
  // A read transaction refuses statements that write, as PostgreSQL's
  // READ ONLY transactions do.
  absl::Status CheckMode(sqlite3_stmt* stmt) const;
  absl::Status RunScriptStatement(sqlite3_stmt* stmt);
  void End();

  sqlite3* conn() const { return db_->connection(); }

  SqliteDatabase* const db_;
  std::unique_lock<std::mutex> lock_;
  const TransactionMode mode_;
  std::vector<std::unique_ptr<SqliteStatement>> statements_;
  bool open_ = true;
};

absl::StatusOr<std::string> SqliteDatabase::Pragma(const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql, -1, &raw, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, name_, sql);
  OwnedStmt stmt(raw);
  rc = sqlite3_step(raw);
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return SqliteError(db_, rc, name_, sql);
  const unsigned char* text = sqlite3_column_text(raw, 0);
  return text == nullptr ? std::string()
                         : std::string(reinterpret_cast<const char*>(text));
}

absl::Status SqliteDatabase::Configure(const SqliteOptions& options) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  absl::StatusOr<std::string> journal = Pragma("PRAGMA journal_mode=WAL");
  if (!journal.ok()) return journal.status();
  if (absl::AsciiStrToLower(*journal) != "wal") {
    return absl::FailedPreconditionError(
        absl::StrCat(name_, ": journal_mode is '", *journal,
                     "', not WAL; use a database file on a local file system"));
  }
  for (const char* sql :
       {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (absl::StatusOr<std::string> done = Pragma(sql); !done.ok()) {
      return done.status();
    }
  }
  // SQLite ignores pragmas it was built without: read the settings back.
  absl::StatusOr<std::string> synchronous = Pragma("PRAGMA synchronous");
  absl::StatusOr<std::string> foreign_keys = Pragma("PRAGMA foreign_keys");
  if (!synchronous.ok()) return synchronous.status();
  if (!foreign_keys.ok()) return foreign_keys.status();
  if (*synchronous != "2" || *foreign_keys != "1") {
    return absl::FailedPreconditionError(absl::StrCat(
        name_, ": this SQLite keeps synchronous=", *synchronous,
        " and foreign_keys=", *foreign_keys, "; FULL (2) and ON (1) needed"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Transaction>> SqliteDatabase::Begin(
    TransactionMode mode) {
  if (owner_.load() == std::this_thread::get_id()) {
    return absl::InternalError(absl::StrCat(
        name_,
        ": this thread already has a transaction open; transactions "
        "do not nest"));
  }
  std::unique_lock<std::mutex> lock(mu_);
  // IMMEDIATE takes the write lock now: a writer that would wait for another
  // process waits here, before doing any work, and never half-way.
  const char* sql =
      mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return SqliteError(db_, rc, name_, sql, SqlitePhase::kBegin);
  }
  owner_.store(std::this_thread::get_id());
  return std::make_unique<SqliteTransaction>(this, std::move(lock), mode);
}

absl::Status SqliteTransaction::CheckOpen() const {
  if (open_) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat(db_->Name(), ": the transaction has already ended"));
}

absl::Status SqliteTransaction::CheckMode(sqlite3_stmt* stmt) const {
  if (mode_ == TransactionMode::kWrite || sqlite3_stmt_readonly(stmt)) {
    return absl::OkStatus();
  }
  return absl::InternalError(absl::StrCat(
      db_->Name(), ": a read transaction cannot run: ", sqlite3_sql(stmt)));
}

absl::StatusOr<Statement*> SqliteTransaction::Prepare(absl::string_view sql) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(conn(), sql.data(),
                                    static_cast<int>(sql.size()), &raw, &tail);
  if (rc != SQLITE_OK) return SqliteError(conn(), rc, db_->Name(), sql);
  OwnedStmt stmt(raw);
  if (raw == nullptr) {
    return absl::InternalError(
        absl::StrCat(db_->Name(), ": no SQL to prepare"));
  }
  const absl::string_view rest(tail, sql.data() + sql.size() - tail);
  if (!absl::StripAsciiWhitespace(rest).empty() &&
      absl::StripAsciiWhitespace(rest) != ";") {
    return absl::InternalError(absl::StrCat(
        db_->Name(),
        ": Prepare takes one statement (Execute runs scripts): ", sql));
  }
  if (absl::Status s = CheckMode(raw); !s.ok()) return s;
  statements_.push_back(
      std::make_unique<SqliteStatement>(stmt.release(), db_->Name()));
  return statements_.back().get();
}

absl::Status SqliteTransaction::RunScriptStatement(sqlite3_stmt* stmt) {
  if (absl::Status s = CheckMode(stmt); !s.ok()) return s;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    return SqliteError(conn(), rc, db_->Name(), sqlite3_sql(stmt));
  }
  // A COMMIT or ROLLBACK inside the script would end the transaction behind
  // our back and leave the rest of the script in autocommit mode.
  if (sqlite3_get_autocommit(conn())) {
    return absl::InternalError(absl::StrCat(
        db_->Name(), ": the SQL ended the transaction: ", sqlite3_sql(stmt)));
  }
  return absl::OkStatus();
}

absl::Status SqliteTransaction::Execute(absl::string_view sql) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  const char* rest = sql.data();
  const char* const end = sql.data() + sql.size();
  while (rest < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(
        conn(), rest, static_cast<int>(end - rest), &raw, &tail);
    if (rc != SQLITE_OK) {
      return SqliteError(conn(), rc, db_->Name(),
                         absl::string_view(rest, end - rest));
    }
    if (raw == nullptr) break;  // only spaces or comments were left
    OwnedStmt stmt(raw);
    if (absl::Status s = RunScriptStatement(raw); !s.ok()) return s;
    rest = tail;
  }
  return absl::OkStatus();
}

absl::Status SqliteTransaction::Commit() {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  statements_.clear();  // a pending statement would hold the commit back
  absl::Status status;
  if (sqlite3_get_autocommit(conn())) {
    status = absl::InternalError(absl::StrCat(
        db_->Name(), ": the transaction was ended by one of its statements"));
  } else if (int rc = sqlite3_exec(conn(), "COMMIT", nullptr, nullptr, nullptr);
             rc != SQLITE_OK) {
    status = SqliteError(conn(), rc, db_->Name(), "COMMIT");
    if (!sqlite3_get_autocommit(conn())) {
      sqlite3_exec(conn(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }
  End();
  return status;
}

absl::Status SqliteTransaction::Rollback() {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  statements_.clear();
  absl::Status status;
  // SQLite may already have rolled back on its own (after SQLITE_FULL, say).
  if (!sqlite3_get_autocommit(conn())) {
    if (int rc = sqlite3_exec(conn(), "ROLLBACK", nullptr, nullptr, nullptr);
        rc != SQLITE_OK) {
      status = SqliteError(conn(), rc, db_->Name(), "ROLLBACK");
    }
  }
  End();
  return status;
}

void SqliteTransaction::End() {
  open_ = false;
  db_->ClearOwner();
  lock_.unlock();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(
    const std::string& path, const SqliteOptions& options) {
  const std::string name = absl::StrCat("sqlite:", path);
  sqlite3* db = nullptr;
  // NOMUTEX: SqliteDatabase serialises use of the connection itself.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteError(db, rc, name, "open");
    sqlite3_close_v2(db);
    return status;
  }
  auto database = std::make_unique<SqliteDatabase>(db, name);
  if (absl::Status s = database->Configure(options); !s.ok()) return s;
  return database;
}

}  // namespace anju::storage
