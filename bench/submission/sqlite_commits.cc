#include "bench/submission/sqlite_commits.h"

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bench/submission/blocking_calls.h"
#include "bench/submission/scratch.h"
#include "common/status.h"

namespace anju::bench {

struct SqliteCommits::Connection {
  ~Connection() {
    sqlite3_finalize(insert);
    sqlite3_close_v2(db);
  }

  absl::Status Error(const char* what) const {
    return absl::InternalError(
        absl::StrCat("sqlite baseline: ", what, ": ", sqlite3_errmsg(db)));
  }
  absl::Status Exec(const char* sql) const {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK) {
      return absl::OkStatus();
    }
    return Error(sql);
  }

  sqlite3* db = nullptr;
  sqlite3_stmt* insert = nullptr;
  std::vector<std::string> rows;
  std::mutex mu;  // as common/storage: one transaction at a time
  int64_t next = 0;
};

namespace {

// The pragmas of common/storage/sqlite_database.cc, read back: a baseline
// with another journal or sync mode would compare unlike commits.
absl::Status Configure(const SqliteCommits::Connection& c) {
  sqlite3_busy_timeout(c.db, 5000);
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "PRAGMA foreign_keys=ON",
                          "CREATE TABLE IF NOT EXISTS rows ("
                          "  id INTEGER PRIMARY KEY, body TEXT NOT NULL)"}) {
    if (absl::Status s = c.Exec(sql); !s.ok()) return s;
  }
  sqlite3_stmt* check = nullptr;
  if (sqlite3_prepare_v2(c.db,
                         "SELECT * FROM pragma_journal_mode, "
                         "pragma_synchronous",
                         -1, &check, nullptr) != SQLITE_OK) {
    return c.Error("read pragmas");
  }
  const bool row = sqlite3_step(check) == SQLITE_ROW;
  const std::string journal =
      row ? reinterpret_cast<const char*>(sqlite3_column_text(check, 0)) : "";
  const int synchronous = row ? sqlite3_column_int(check, 1) : -1;
  sqlite3_finalize(check);
  if (journal != "wal" || synchronous != 2) {
    return absl::FailedPreconditionError(
        absl::StrCat("sqlite baseline: journal_mode=", journal,
                     " synchronous=", synchronous, "; want wal and 2 (FULL)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteCommits>> SqliteCommits::Open(
    const std::string& path, std::vector<std::string> rows) {
  if (rows.empty()) return absl::InvalidArgumentError("no rows to insert");
  auto c = std::make_unique<Connection>();
  c->rows = std::move(rows);
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (sqlite3_open_v2(path.c_str(), &c->db, flags, nullptr) != SQLITE_OK) {
    return c->Error(path.c_str());
  }
  if (absl::Status s = Configure(*c); !s.ok()) return s;
  if (sqlite3_prepare_v2(c->db, "INSERT INTO rows (body) VALUES (?1)", -1,
                         &c->insert, nullptr) != SQLITE_OK) {
    return c->Error("prepare");
  }
  return std::unique_ptr<SqliteCommits>(new SqliteCommits(std::move(c)));
}

SqliteCommits::SqliteCommits(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

SqliteCommits::~SqliteCommits() = default;

absl::Status SqliteCommits::CommitOne() {
  Connection& c = *connection_;
  std::lock_guard<std::mutex> lock(c.mu);
  const std::string& row = c.rows[c.next++ % c.rows.size()];
  if (absl::Status s = c.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  sqlite3_reset(c.insert);
  sqlite3_bind_text(c.insert, 1, row.data(), static_cast<int>(row.size()),
                    SQLITE_STATIC);
  if (sqlite3_step(c.insert) != SQLITE_DONE) {
    absl::Status error = c.Error("insert");
    c.Exec("ROLLBACK").IgnoreError();
    return error;
  }
  return c.Exec("COMMIT");  // the fsync of the WAL: the cost measured
}

absl::StatusOr<std::unique_ptr<WalPrefill>> WalPrefill::Open(
    const std::string& path) {
  // 23 commits of 200 KB: past 1000 pages of 4 KiB, so the autocheckpoint
  // runs and the WAL starts over, larger than any later commit makes it.
  constexpr size_t kChunk = 200 * 1024;
  auto connection = SqliteCommits::Open(path, {std::string(kChunk, 'w')});
  if (!connection.ok()) return connection.status();
  for (int i = 0; i < 23; ++i) {
    if (absl::Status s = (*connection)->CommitOne(); !s.ok()) return s;
  }
  return std::unique_ptr<WalPrefill>(new WalPrefill(*std::move(connection)));
}

WalPrefill::WalPrefill(std::unique_ptr<SqliteCommits> connection)
    : connection_(std::move(connection)) {}

WalPrefill::~WalPrefill() = default;

Workload SqliteCommitWorkload(const std::string& dir,
                              std::vector<std::string> rows) {
  struct State {
    std::string dir;
    std::vector<std::string> rows;
    std::unique_ptr<WalPrefill> prefill;
    std::unique_ptr<SqliteCommits> db;
    absl::Status failed;
  };
  auto state = std::make_shared<State>();
  state->dir = dir + "/sqlite";
  state->rows = std::move(rows);
  Workload w;
  w.name = "SQLiteCommit";
  w.before_round = [state] {
    state->db.reset();
    state->prefill.reset();
    const std::string path = state->dir + "/baseline.db";
    state->failed = FreshDir(state->dir);
    if (!state->failed.ok()) return;
    auto prefill = WalPrefill::Open(path);
    state->failed = prefill.status();
    if (!prefill.ok()) return;
    state->prefill = *std::move(prefill);
    auto db = SqliteCommits::Open(path, state->rows);
    state->failed = db.status();
    if (db.ok()) state->db = *std::move(db);
  };
  w.factory = OnOwnThreads([state]() -> BlockingCall {
    return [state]() -> grpc::Status {
      absl::Status s =
          state->db == nullptr ? state->failed : state->db->CommitOne();
      return common::ToGrpcStatus(s);
    };
  });
  return w;
}

}  // namespace anju::bench
