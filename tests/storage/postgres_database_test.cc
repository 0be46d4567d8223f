// What only the PostgreSQL backend does: parallel writers under
// SERIALIZABLE, the SQLSTATE mapping on a live server, reconnecting after a
// restart, opening from a DSN. Runs on the binary's test server
// (backend.h); CTest labels it "integration".

#include "common/storage/postgres_database.h"

#include <chrono>
#include <string>
#include <thread>

#include "common/storage/open_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/backend.h"
#include "tests/storage/test_db.h"

namespace anju::storage {
namespace {

using ::testing::HasSubstr;

class PostgresDatabaseTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(ExecuteWrite(*db_,
                             "CREATE TABLE counters (id BIGINT PRIMARY KEY, "
                             "n BIGINT NOT NULL);"
                             "INSERT INTO counters VALUES (1, 0), (2, 0)")
                    .ok());
  }

  // Reads counter `id` in `tx` and writes it back plus one.
  static absl::Status Increment(Transaction& tx, int64_t id) {
    absl::StatusOr<Statement*> read =
        tx.Prepare("SELECT n FROM counters WHERE id = $1");
    if (!read.ok()) return read.status();
    if (absl::Status s = (*read)->BindInt64(1, id); !s.ok()) return s;
    absl::StatusOr<bool> row = (*read)->Step();
    if (!row.ok()) return row.status();
    const int64_t n = (*read)->ColumnInt64(0);
    absl::StatusOr<Statement*> write =
        tx.Prepare("UPDATE counters SET n = $2 WHERE id = $1");
    if (!write.ok()) return write.status();
    if (absl::Status s = (*write)->BindInt64(1, id); !s.ok()) return s;
    if (absl::Status s = (*write)->BindInt64(2, n + 1); !s.ok()) return s;
    return (*write)->Run().status();
  }
};

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresDatabaseTest,
                         ::testing::Values(TestBackend::kPostgres),
                         BackendName);

TEST_P(PostgresDatabaseTest, ParallelWritersConflictAsAbortedAndRetry) {
  std::unique_ptr<Database> a = Open({.serialize_writers = false});
  std::unique_ptr<Database> b = Open({.serialize_writers = false});
  auto tx_a = a->Begin(TransactionMode::kWrite);
  auto tx_b = b->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx_a.ok() && tx_b.ok());  // no writer lock: both begin
  auto seen_by_b = (*tx_b)->Prepare("SELECT n FROM counters WHERE id = 1");
  ASSERT_TRUE(seen_by_b.ok() && *(*seen_by_b)->Step());  // b's snapshot
  ASSERT_TRUE(Increment(**tx_a, 1).ok());
  ASSERT_TRUE((*tx_a)->Commit().ok());
  absl::Status lost = Increment(**tx_b, 1);  // would overwrite a's update
  EXPECT_EQ(lost.code(), absl::StatusCode::kAborted) << lost;
  EXPECT_THAT(std::string(lost.message()), HasSubstr("40001"));
  EXPECT_EQ((*tx_b)->Commit().code(), absl::StatusCode::kAborted);
  auto retry = b->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(retry.ok());
  ASSERT_TRUE(Increment(**retry, 1).ok());
  ASSERT_TRUE((*retry)->Commit().ok());
  EXPECT_EQ(QueryText(*db_, "SELECT n FROM counters WHERE id = 1"), "2");
}

TEST_P(PostgresDatabaseTest, ADeadlockIsAborted) {
  std::unique_ptr<Database> a = Open({.serialize_writers = false});
  std::unique_ptr<Database> b = Open({.serialize_writers = false});
  auto tx_a = a->Begin(TransactionMode::kWrite);
  auto tx_b = b->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx_a.ok() && tx_b.ok());
  ASSERT_TRUE((*tx_a)->Execute("UPDATE counters SET n = 1 WHERE id = 1").ok());
  ASSERT_TRUE((*tx_b)->Execute("UPDATE counters SET n = 1 WHERE id = 2").ok());
  absl::Status in_thread;
  std::thread waiter([&] {
    in_thread = (*tx_a)->Execute("UPDATE counters SET n = 2 WHERE id = 2");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  absl::Status here =
      (*tx_b)->Execute("UPDATE counters SET n = 2 WHERE id = 1");
  // One of the two is chosen as the victim (after deadlock_timeout, 1 s);
  // the other proceeds once the victim rolls back.
  if (!here.ok()) (*tx_b)->Rollback().IgnoreError();
  waiter.join();
  const absl::Status& victim = here.ok() ? in_thread : here;
  EXPECT_EQ(victim.code(), absl::StatusCode::kAborted) << victim;
  EXPECT_THAT(std::string(victim.message()), HasSubstr("40P01"));
  EXPECT_TRUE(here.ok() != in_thread.ok());
}

TEST_P(PostgresDatabaseTest, ALockNotAvailableIsUnavailable) {
  std::unique_ptr<Database> other = Open({.serialize_writers = false});
  auto tx = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE((*tx)->Execute("UPDATE counters SET n = 5 WHERE id = 1").ok());
  auto tx2 = other->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx2.ok());
  absl::Status status =
      (*tx2)->Execute("SELECT n FROM counters WHERE id = 1 FOR UPDATE NOWAIT");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("55P03"));
}

TEST_P(PostgresDatabaseTest, TextWithANulByteIsRefusedNotCut) {
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto select = (*tx)->Prepare("SELECT CAST($1 AS TEXT)");
  ASSERT_TRUE(select.ok());
  EXPECT_EQ((*select)->BindText(1, std::string("a\0b", 3)).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(PostgresDatabaseTest, ReconnectsAfterTheServerRestarts) {
  if (!server_->owns_cluster()) {
    GTEST_SKIP() << "the server is external (ANJU_TEST_POSTGRES_DSN): this "
                    "test cannot restart it";
  }
  std::unique_ptr<Database> impatient = Open({.impatient = true});
  std::unique_ptr<Database> idle = Open();  // not used during the outage
  auto open_tx = impatient->Begin(TransactionMode::kRead);
  ASSERT_TRUE(open_tx.ok());
  ASSERT_TRUE(server_->StopCluster().ok());
  // A transaction open across the outage fails UNAVAILABLE…
  auto during = (*open_tx)->Prepare("SELECT n FROM counters");
  EXPECT_EQ(during.status().code(), absl::StatusCode::kUnavailable)
      << during.status();
  EXPECT_FALSE((*open_tx)->Commit().ok());
  // …and so does a Begin while the server is down.
  auto down = db_->Begin(TransactionMode::kWrite);
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable)
      << down.status();
  ASSERT_TRUE(server_->StartCluster().ok());
  // The next Begin reconnects: both the connection that saw the outage and
  // one whose death is found only now.
  EXPECT_EQ(QueryText(*db_, "SELECT n FROM counters WHERE id = 1"), "0");
  EXPECT_EQ(CountRows(*impatient, "counters"), 2);
  EXPECT_EQ(CountRows(*idle, "counters"), 2);
  ASSERT_TRUE(ExecuteWrite(*db_, "UPDATE counters SET n = 3").ok());
}

TEST_P(PostgresDatabaseTest, NamesTheServerWithoutThePassword) {
  // The test server trusts local connections and ignores the password.
  absl::StatusOr<std::unique_ptr<Database>> db =
      OpenPostgres(dsn_ + " password=s3cret-口令");
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_THAT((*db)->Name(), ::testing::StartsWith("postgres:"));
  EXPECT_THAT((*db)->Name(), ::testing::Not(HasSubstr("s3cret")));
}

TEST_P(PostgresDatabaseTest, OpenDatabaseReadsTheDsnFromAFile) {
  const std::string file = dir_.File("dsn");
  std::FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fprintf(f, "%s\n", dsn_.c_str());
  std::fclose(f);
  DatabaseSettings settings;
  settings.backend = Backend::kPostgres;
  settings.dsn_file = file;
  absl::StatusOr<std::unique_ptr<Database>> db = OpenDatabase(settings);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(CountRows(**db, "counters"), 2);
}

TEST(PostgresOpenTest, AnUnreachableServerIsUnavailable) {
  TestDir dir;  // no server listens on a socket there
  PostgresOptions options;
  options.connect_timeout_s = 2;
  absl::Status status =
      OpenPostgres("host=" + dir.File("") + " dbname=x", options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
}

TEST(PostgresOpenTest, ADsnThatDoesNotParseIsInvalid) {
  absl::Status status = OpenPostgres("host=a nonsense_key=1").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
}

}  // namespace
}  // namespace anju::storage
