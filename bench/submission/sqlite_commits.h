#ifndef ANJU_BENCH_SUBMISSION_SQLITE_COMMITS_H_
#define ANJU_BENCH_SUBMISSION_SQLITE_COMMITS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/grpc/comparison.h"

namespace anju::bench {

// The baseline: what one durable commit costs on this disk. Plain SQLite
// (the C API, no common/storage), set up as common/storage opens its
// databases (journal_mode=WAL, synchronous=FULL, one connection shared
// under a mutex), each commit one INSERT of `rows[i % n]` in its own
// BEGIN IMMEDIATE … COMMIT.
class SqliteCommits {
 public:
  static absl::StatusOr<std::unique_ptr<SqliteCommits>> Open(
      const std::string& path, std::vector<std::string> rows);
  ~SqliteCommits();

  absl::Status CommitOne();

  struct Connection;  // the sqlite3 handles, defined in the .cc

 private:
  explicit SqliteCommits(std::unique_ptr<Connection> connection);

  std::unique_ptr<Connection> connection_;
};

// Brings a new database file to the state of one in service: its WAL has
// grown to the checkpoint size (SQLite's default, 1000 pages) and been
// checkpointed, so that later commits overwrite it in place. Otherwise a
// fresh file's WAL grows on every commit, and on ext4 each fdatasync of a
// growing file is a journal commit too, so a round's cost would depend on
// how many bytes it had written. Holds a connection open while it lives:
// closing the last connection deletes the WAL.
class WalPrefill {
 public:
  static absl::StatusOr<std::unique_ptr<WalPrefill>> Open(
      const std::string& path);
  ~WalPrefill();

 private:
  explicit WalPrefill(std::unique_ptr<SqliteCommits> connection);

  std::unique_ptr<SqliteCommits> connection_;
};

// The baseline as a workload: every round commits to a fresh file in
// `dir`/sqlite (same file system as the subjects, which share `dir`).
Workload SqliteCommitWorkload(const std::string& dir,
                              std::vector<std::string> rows);

}  // namespace anju::bench

#endif  // ANJU_BENCH_SUBMISSION_SQLITE_COMMITS_H_
