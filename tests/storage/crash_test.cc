// Durability under a crash: a child process commits rows one transaction at
// a time and acknowledges each on a pipe after Commit returns, as a service
// answers its client; the test kills it with SIGKILL mid-way. After
// reopening, every acknowledged row must be there.
//
// SIGKILL loses the process, not the machine: it proves that an
// acknowledgement never precedes its commit and that recovery from a WAL
// left mid-write is clean. Surviving a power cut also needs the fsync that
// synchronous=FULL asks for, which sqlite_database_test checks is set.

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/storage/migrations.h"
#include "gtest/gtest.h"
#include "tests/storage/test_db.h"

namespace anju::storage {
namespace {

constexpr Migration kSchema[] = {
    {1, "acknowledged rows",
     "CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)"}};

// The child never finishes on its own: it is always killed mid-way.
constexpr int64_t kRowsAttempted = 100'000'000;

absl::Status CommitRow(Database& db, int64_t id) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db.Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement*> insert =
      (*tx)->Prepare("INSERT INTO rows (id, payload) VALUES ($1, $2)");
  if (!insert.ok()) return insert.status();
  absl::Status s = (*insert)->BindInt64(1, id);
  if (s.ok()) s = (*insert)->BindText(2, absl::StrCat("第", id, "份自评报告"));
  if (s.ok()) s = (*insert)->Run().status();
  if (s.ok()) s = (*tx)->Commit();
  return s;
}

// Runs in the forked child: no gtest, only exit codes.
[[noreturn]] void Writer(const std::string& path, int64_t first_id,
                         int ack_fd) {
  absl::StatusOr<std::unique_ptr<Database>> db = OpenSqlite(path);
  if (!db.ok()) _exit(2);
  for (int64_t id = first_id; id < first_id + kRowsAttempted; ++id) {
    if (!CommitRow(**db, id).ok()) _exit(3);
    if (write(ack_fd, &id, sizeof id) != sizeof id) _exit(4);
  }
  _exit(0);
}

// Reads one acknowledgement; false at end of file or after 30 s of silence.
bool ReadAck(int fd, int64_t& id) {
  char* out = reinterpret_cast<char*>(&id);
  std::size_t got = 0;
  while (got < sizeof id) {
    pollfd ready = {fd, POLLIN, 0};
    if (poll(&ready, 1, 30'000) != 1) return false;
    const ssize_t n = read(fd, out + got, sizeof id - got);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return true;
}

// Starts a writer at `first_id`, kills it after `kill_after` acknowledgements
// and returns every id it acknowledged, including those still in the pipe.
std::vector<int64_t> RunAndKill(const std::string& path, int64_t first_id,
                                int kill_after) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Writer(path, first_id, fds[1]);
  }
  close(fds[1]);
  std::vector<int64_t> acked;
  int64_t id = 0;
  while (static_cast<int>(acked.size()) < kill_after && ReadAck(fds[0], id)) {
    acked.push_back(id);
  }
  kill(pid, SIGKILL);
  int wait_status = 0;
  EXPECT_EQ(waitpid(pid, &wait_status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL)
      << "the writer was not killed mid-way (exit status " << wait_status
      << ")";
  while (ReadAck(fds[0], id)) acked.push_back(id);
  close(fds[0]);
  EXPECT_GE(static_cast<int>(acked.size()), kill_after);
  return acked;
}

TEST(CrashTest, EveryAcknowledgedRowSurvivesSigkill) {
  TestDir dir;
  const std::string path = dir.File("crash.db");
  {
    std::unique_ptr<Database> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(ApplyMigrations(*db, "crash", kSchema).ok());
  }
  std::set<int64_t> acked;
  int64_t next_id = 1;
  // Three crashes in a row: each run also recovers the previous one's WAL.
  for (int kill_after : {50, 300, 120}) {
    for (int64_t id : RunAndKill(path, next_id, kill_after)) acked.insert(id);
    std::unique_ptr<Database> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(ApplyMigrations(*db, "crash", kSchema).ok());
    auto tx = db->Begin(TransactionMode::kRead);
    ASSERT_TRUE(tx.ok()) << tx.status();
    auto select = (*tx)->Prepare("SELECT id FROM rows ORDER BY id");
    ASSERT_TRUE(select.ok()) << select.status();
    std::set<int64_t> stored;
    while (*(*select)->Step()) stored.insert((*select)->ColumnInt64(0));
    ASSERT_TRUE((*tx)->Commit().ok());
    for (int64_t id : acked) {
      ASSERT_EQ(stored.count(id), 1u) << "acknowledged row " << id << " lost";
    }
    // At most one row committed whose acknowledgement the kill cut off.
    EXPECT_LE(stored.size(), acked.size() + 1);
    EXPECT_EQ(*stored.rbegin(), static_cast<int64_t>(stored.size()));
    EXPECT_EQ(QueryText(*db, "PRAGMA integrity_check", TransactionMode::kWrite),
              "ok");
    next_id = *stored.rbegin() + 1;
  }
  EXPECT_GE(acked.size(), 470u);
}

}  // namespace
}  // namespace anju::storage
