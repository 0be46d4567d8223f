#include "common/storage/postgres_database.h"

#include <libpq-fe.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/storage/postgres_error.h"
#include "common/storage/postgres_statement.h"

namespace anju::storage {
namespace {

// Prepared statements are kept per connection and reused across
// transactions (a service runs the same few dozen SQL texts); past this
// many, all are dropped at the end of the next transaction.
constexpr std::size_t kMaxPreparedStatements = 256;

// Advisory lock keys: a stable 64-bit hash (FNV-1a) of a name, so that every
// process and every build agrees on the key.
int64_t LockKey(absl::string_view name) {
  uint64_t hash = 1469598103934665603ull;
  for (char c : absl::StrCat("anju:", name)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return static_cast<int64_t>(hash);
}

const int64_t kWriterLock = LockKey("writers");

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using OwnedResult = std::unique_ptr<PGresult, ResultDeleter>;

struct Prepared {
  std::string name;
  int params = 0;
};

class PostgresDatabase : public Database {
 public:
  PostgresDatabase(std::string dsn, PostgresOptions options)
      : dsn_(std::move(dsn)), options_(options) {}
  ~PostgresDatabase() override {
    if (conn_ != nullptr) PQfinish(conn_);
  }

  // (Re)connects and sets up the session. Called at open and from Begin,
  // with mu_ held or before any other thread can see the object.
  absl::Status Connect();

  absl::StatusOr<std::unique_ptr<Transaction>> Begin(
      TransactionMode mode) override;
  absl::StatusOr<std::unique_ptr<Transaction>> BeginLocked(
      absl::string_view lock_name) override;
  std::string Name() const override { return name_; }

  PGconn* connection() const { return conn_; }
  // Runs SQL without parameters; OK when the server accepted it.
  absl::Status Exec(absl::string_view sql);
  absl::StatusOr<Prepared> Prepare(absl::string_view sql);
  // Called by a transaction as it ends, before it unlocks.
  void AfterTransaction(bool schema_changed, bool writer_locked);

 private:
  absl::StatusOr<std::unique_ptr<Transaction>> BeginWith(
      TransactionMode mode, std::optional<int64_t> xact_lock);
  // BEGIN and the locks, on the current connection.
  absl::Status Start(TransactionMode mode, std::optional<int64_t> xact_lock,
                     bool* writer_locked);

  const std::string dsn_;
  const PostgresOptions options_;
  std::string name_ = "postgres:";
  PGconn* conn_ = nullptr;
  absl::flat_hash_map<std::string, Prepared> prepared_;
  int64_t next_prepared_ = 0;
  std::mutex mu_;                       // held by the open transaction, if any
  std::atomic<std::thread::id> owner_;  // the thread of that transaction
};

class PostgresTransaction : public Transaction {
 public:
  PostgresTransaction(PostgresDatabase* db, std::unique_lock<std::mutex> lock,
                      bool writer_locked)
      : db_(db), lock_(std::move(lock)), writer_locked_(writer_locked) {}
  ~PostgresTransaction() override {
    if (open_) Rollback().IgnoreError();
  }

  absl::StatusOr<Statement*> Prepare(absl::string_view sql) override;
  absl::Status Execute(absl::string_view sql) override;
  absl::Status Commit() override;
  absl::Status Rollback() override;

 private:
  absl::Status CheckOpen() const;
  absl::Status Failed(absl::Status error);
  void End();

  PGconn* conn() const { return db_->connection(); }

  PostgresDatabase* const db_;
  std::unique_lock<std::mutex> lock_;
  const bool writer_locked_;
  std::vector<std::unique_ptr<PostgresStatement>> statements_;
  absl::Status first_error_;  // PostgreSQL aborts the transaction on it
  bool schema_changed_ = false;
  bool open_ = true;
};

absl::Status PostgresDatabase::Connect() {
  if (conn_ != nullptr) PQfinish(conn_);
  prepared_.clear();
  const std::string timeout = absl::StrCat(options_.connect_timeout_s);
  // Later keywords override earlier ones, and an expanded dbname (the DSN)
  // counts at its place: the DSN's own settings win over these defaults.
  const char* keys[] = {"connect_timeout", "client_encoding",
                        "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "UTF8", "anju", dsn_.c_str(),
                          nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat(
        name_, ": cannot connect: ",
        absl::StripAsciiWhitespace(conn_ != nullptr ? PQerrorMessage(conn_)
                                                    : "out of memory")));
  }
  // Named once, at open, before other threads can call Name(): a reconnect
  // reaches the same server and must not rewrite the string under them.
  if (name_ == "postgres:") {
    name_ = absl::StrCat("postgres:", PQhost(conn_), ":", PQport(conn_), "/",
                         PQdb(conn_));
  }
  // libpq prints the server's notices ("relation … already exists,
  // skipping") to stderr, which would break the services' JSON-line logs;
  // nothing in them needs acting on.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  return Exec(absl::StrCat("SET lock_timeout = ", options_.lock_timeout_ms));
}

absl::Status PostgresDatabase::Exec(absl::string_view sql) {
  const std::string text(sql);
  OwnedResult result(PQexec(conn_, text.c_str()));
  const ExecStatusType status =
      result != nullptr ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
      status == PGRES_EMPTY_QUERY) {
    return absl::OkStatus();
  }
  return PostgresError(conn_, result.get(), name_, sql);
}

absl::StatusOr<Prepared> PostgresDatabase::Prepare(absl::string_view sql) {
  if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
  const std::string text(sql);
  Prepared prepared{absl::StrCat("anju_", ++next_prepared_), 0};
  OwnedResult result(
      PQprepare(conn_, prepared.name.c_str(), text.c_str(), 0, nullptr));
  if (result == nullptr || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return PostgresError(conn_, result.get(), name_, sql);
  }
  // The server counts the $n it found, with their inferred types.
  OwnedResult described(PQdescribePrepared(conn_, prepared.name.c_str()));
  if (described == nullptr ||
      PQresultStatus(described.get()) != PGRES_COMMAND_OK) {
    return PostgresError(conn_, described.get(), name_, sql);
  }
  prepared.params = PQnparams(described.get());
  prepared_.emplace(text, prepared);
  return prepared;
}

void PostgresDatabase::AfterTransaction(bool schema_changed,
                                        bool writer_locked) {
  // Errors are ignored: when the connection is gone, so are its locks and
  // prepared statements, and the next Begin reconnects.
  if (writer_locked) {
    Exec(absl::StrCat("SELECT pg_advisory_unlock(", kWriterLock, ")"))
        .IgnoreError();
  }
  // After DDL a prepared SELECT * could change its result type; drop them.
  if (schema_changed || prepared_.size() > kMaxPreparedStatements) {
    Exec("DEALLOCATE ALL").IgnoreError();
    prepared_.clear();
  }
  owner_.store(std::thread::id());
}

absl::Status PostgresDatabase::Start(TransactionMode mode,
                                     std::optional<int64_t> xact_lock,
                                     bool* writer_locked) {
  *writer_locked = false;
  const bool writes = mode == TransactionMode::kWrite;
  if (writes && options_.serialize_writers) {
    // Outside the transaction, so that its snapshot follows the wait.
    absl::Status locked =
        Exec(absl::StrCat("SELECT pg_advisory_lock(", kWriterLock, ")"));
    if (!locked.ok()) return locked;
    *writer_locked = true;
  }
  // Under a transaction-scoped lock, READ COMMITTED: each statement sees
  // what committed before it, including while we waited for the lock.
  const char* begin =
      !writes ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
      : xact_lock.has_value() ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                              : "BEGIN ISOLATION LEVEL SERIALIZABLE";
  absl::Status status = Exec(begin);
  if (status.ok() && xact_lock.has_value()) {
    status =
        Exec(absl::StrCat("SELECT pg_advisory_xact_lock(", *xact_lock, ")"));
    if (!status.ok()) Exec("ROLLBACK").IgnoreError();
  }
  if (!status.ok() && *writer_locked) {
    Exec(absl::StrCat("SELECT pg_advisory_unlock(", kWriterLock, ")"))
        .IgnoreError();
    *writer_locked = false;
  }
  return status;
}

absl::StatusOr<std::unique_ptr<Transaction>> PostgresDatabase::BeginWith(
    TransactionMode mode, std::optional<int64_t> xact_lock) {
  if (owner_.load() == std::this_thread::get_id()) {
    return absl::InternalError(absl::StrCat(
        name_,
        ": this thread already has a transaction open; transactions "
        "do not nest"));
  }
  std::unique_lock<std::mutex> lock(mu_);
  bool fresh = false;
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    if (absl::Status s = Connect(); !s.ok()) return s;
    fresh = true;
  }
  bool writer_locked = false;
  absl::Status status = Start(mode, xact_lock, &writer_locked);
  // A connection that died while idle (a server restart) is found only now;
  // nothing has been done yet, so one more try on a new one is safe.
  if (!status.ok() && !fresh && PQstatus(conn_) != CONNECTION_OK) {
    if (absl::Status s = Connect(); !s.ok()) return s;
    status = Start(mode, xact_lock, &writer_locked);
  }
  if (!status.ok()) return status;
  owner_.store(std::this_thread::get_id());
  return std::make_unique<PostgresTransaction>(this, std::move(lock),
                                               writer_locked);
}

absl::StatusOr<std::unique_ptr<Transaction>> PostgresDatabase::Begin(
    TransactionMode mode) {
  return BeginWith(mode, std::nullopt);
}

absl::StatusOr<std::unique_ptr<Transaction>> PostgresDatabase::BeginLocked(
    absl::string_view lock_name) {
  return BeginWith(TransactionMode::kWrite, LockKey(lock_name));
}

absl::Status PostgresTransaction::CheckOpen() const {
  if (open_) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat(db_->Name(), ": the transaction has already ended"));
}

absl::Status PostgresTransaction::Failed(absl::Status error) {
  if (first_error_.ok()) first_error_ = error;
  return error;
}

absl::StatusOr<Statement*> PostgresTransaction::Prepare(absl::string_view sql) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  absl::StatusOr<Prepared> prepared = db_->Prepare(sql);
  if (!prepared.ok()) return Failed(prepared.status());
  statements_.push_back(std::make_unique<PostgresStatement>(
      conn(), prepared->name, prepared->params, std::string(sql), db_->Name(),
      &first_error_));
  return statements_.back().get();
}

absl::Status PostgresTransaction::Execute(absl::string_view sql) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  schema_changed_ = true;
  if (absl::Status s = db_->Exec(sql); !s.ok()) return Failed(s);
  // A COMMIT or ROLLBACK inside the script ended the transaction behind our
  // back, and the rest of the script ran in autocommit mode.
  if (PQtransactionStatus(conn()) == PQTRANS_IDLE) {
    return Failed(absl::InternalError(
        absl::StrCat(db_->Name(), ": the SQL ended the transaction: ", sql)));
  }
  return absl::OkStatus();
}

absl::Status PostgresTransaction::Commit() {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  statements_.clear();
  absl::Status status;
  const PGTransactionStatusType state = PQtransactionStatus(conn());
  if (state == PQTRANS_IDLE) {
    status = absl::InternalError(absl::StrCat(
        db_->Name(), ": the transaction was ended by one of its statements"));
  } else if (state == PQTRANS_INERROR || !first_error_.ok()) {
    // The server would answer COMMIT with ROLLBACK; say why instead.
    db_->Exec("ROLLBACK").IgnoreError();
    status = absl::Status(
        first_error_.ok() ? absl::StatusCode::kAborted : first_error_.code(),
        absl::StrCat("rolled back, a statement had failed: ",
                     first_error_.message()));
  } else {
    status = db_->Exec("COMMIT");
    // COMMIT can fail on a deferred constraint or a serialization failure;
    // the server has then rolled back. A lost connection leaves the outcome
    // unknown: UNAVAILABLE.
  }
  End();
  return status;
}

absl::Status PostgresTransaction::Rollback() {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  statements_.clear();
  absl::Status status;
  if (PQtransactionStatus(conn()) != PQTRANS_IDLE)
    status = db_->Exec("ROLLBACK");
  End();
  return status;
}

void PostgresTransaction::End() {
  open_ = false;
  db_->AfterTransaction(schema_changed_, writer_locked_);
  lock_.unlock();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(
    const std::string& dsn, const PostgresOptions& options) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(dsn.c_str(), &error);
  if (parsed == nullptr) {
    absl::Status status = absl::InvalidArgumentError(absl::StrCat(
        "postgres: the DSN does not parse: ",
        absl::StripAsciiWhitespace(error != nullptr ? error
                                                    : "out of memory")));
    PQfreemem(error);
    return status;
  }
  PQconninfoFree(parsed);
  auto database = std::make_unique<PostgresDatabase>(dsn, options);
  if (absl::Status s = database->Connect(); !s.ok()) return s;
  return database;
}

}  // namespace anju::storage
