#include "common/storage/sqlite_database.h"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/test_db.h"

namespace anju::storage {
namespace {

using ::testing::HasSubstr;

constexpr char kSchema[] = R"sql(
  CREATE TABLE cities (code TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    city TEXT NOT NULL REFERENCES cities (code),
    households INTEGER CHECK (households >= 0)
  );
  CREATE TABLE cells (i INTEGER, d REAL, t TEXT, b BLOB, n TEXT);
  INSERT INTO cities VALUES ('150400', '赤峰市');
)sql";

class SqliteDatabaseTest : public testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenOrDie(dir_.File("test.db"));
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(ExecuteWrite(*db_, kSchema).ok());
  }

  // Runs one statement with a text parameter in a write transaction.
  absl::Status InsertCity(absl::string_view code, absl::string_view name) {
    absl::StatusOr<std::unique_ptr<Transaction>> tx =
        db_->Begin(TransactionMode::kWrite);
    if (!tx.ok()) return tx.status();
    absl::StatusOr<Statement*> insert =
        (*tx)->Prepare("INSERT INTO cities (code, name) VALUES ($1, $2)");
    if (!insert.ok()) return insert.status();
    if (absl::Status s = (*insert)->BindText(1, code); !s.ok()) return s;
    if (absl::Status s = (*insert)->BindText(2, name); !s.ok()) return s;
    if (absl::Status s = (*insert)->Run().status(); !s.ok()) return s;
    return (*tx)->Commit();
  }

  TestDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteDatabaseTest, OpensInWalWithFullSyncAndForeignKeys) {
  EXPECT_EQ(QueryText(*db_, "PRAGMA journal_mode", TransactionMode::kWrite),
            "wal");
  EXPECT_EQ(QueryText(*db_, "PRAGMA synchronous", TransactionMode::kWrite),
            "2");  // FULL
  EXPECT_EQ(QueryText(*db_, "PRAGMA foreign_keys", TransactionMode::kWrite),
            "1");
  EXPECT_EQ(QueryText(*db_, "PRAGMA busy_timeout", TransactionMode::kWrite),
            "5000");
  EXPECT_TRUE(std::filesystem::exists(dir_.File("test.db-wal")));
  EXPECT_EQ(db_->Name(), "sqlite:" + dir_.File("test.db"));
}

TEST_F(SqliteDatabaseTest, AnInMemoryDatabaseIsRefusedForLackOfWal) {
  absl::Status status = OpenSqlite(":memory:").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("not WAL"));
}

TEST_F(SqliteDatabaseTest, AFileThatIsNotADatabaseIsRefused) {
  const std::string path = dir_.File("notes.db");
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(
      "这不是数据库 — not a database, just some text that is long "
      "enough to fill a header of one hundred bytes or so.",
      f);
  std::fclose(f);
  absl::Status status = OpenSqlite(path).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), HasSubstr(path));
}

TEST_F(SqliteDatabaseTest, TypedValuesRoundTrip) {
  const std::string blob("\0\x01\xFF zero inside", 15);
  {
    auto tx = db_->Begin(TransactionMode::kWrite);
    ASSERT_TRUE(tx.ok()) << tx.status();
    auto insert =
        (*tx)->Prepare("INSERT INTO cells VALUES ($1, $2, $3, $4, $5)");
    ASSERT_TRUE(insert.ok()) << insert.status();
    ASSERT_TRUE(
        (*insert)->BindInt64(1, std::numeric_limits<int64_t>::min()).ok());
    ASSERT_TRUE((*insert)->BindDouble(2, 481.796).ok());
    ASSERT_TRUE((*insert)->BindText(3, "克什克腾旗").ok());
    ASSERT_TRUE((*insert)->BindBlob(4, blob).ok());
    ASSERT_TRUE((*insert)->BindNull(5).ok());
    EXPECT_EQ(*(*insert)->Run(), 1);
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok()) << tx.status();
  auto select = (*tx)->Prepare("SELECT i, d, t, b, n FROM cells");
  ASSERT_TRUE(select.ok()) << select.status();
  ASSERT_TRUE(*(*select)->Step());
  Statement& row = **select;
  EXPECT_EQ(row.ColumnCount(), 5);
  EXPECT_EQ(row.ColumnName(2), "t");
  EXPECT_EQ(row.Type(0), ColumnType::kInt64);
  EXPECT_EQ(row.Type(1), ColumnType::kDouble);
  EXPECT_EQ(row.Type(2), ColumnType::kText);
  EXPECT_EQ(row.Type(3), ColumnType::kBlob);
  EXPECT_EQ(row.Type(4), ColumnType::kNull);
  EXPECT_EQ(row.ColumnInt64(0), std::numeric_limits<int64_t>::min());
  EXPECT_DOUBLE_EQ(row.ColumnDouble(1), 481.796);
  EXPECT_EQ(row.ColumnText(2), "克什克腾旗");
  EXPECT_EQ(row.ColumnBlob(3), blob);
  EXPECT_TRUE(row.IsNull(4));
  EXPECT_FALSE(row.IsNull(0));
  EXPECT_FALSE(*row.Step());
}

TEST_F(SqliteDatabaseTest, AnEmptyBlobStaysABlob) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto insert = (*tx)->Prepare("INSERT INTO cells (b) VALUES ($1)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE((*insert)->BindBlob(1, absl::string_view()).ok());
  ASSERT_TRUE((*insert)->Run().ok());
  auto select = (*tx)->Prepare("SELECT typeof(b) FROM cells");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*(*select)->Step());
  EXPECT_EQ((*select)->ColumnText(0), "blob");
}

TEST_F(SqliteDatabaseTest, PlainQuestionMarksBindByPosition) {
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto select = (*tx)->Prepare("SELECT ? || '-' || ?");
  ASSERT_TRUE(select.ok()) << select.status();
  ASSERT_TRUE((*select)->BindText(1, "左旗").ok());
  ASSERT_TRUE((*select)->BindText(2, "右旗").ok());
  ASSERT_TRUE(*(*select)->Step());
  EXPECT_EQ((*select)->ColumnText(0), "左旗-右旗");
  EXPECT_EQ((*select)->BindText(3, "x").code(), absl::StatusCode::kInternal);
}

TEST_F(SqliteDatabaseTest, DollarParametersMayAppearInAnyOrder) {
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto select = (*tx)->Prepare("SELECT $2 || '-' || $1 || '-' || $2");
  ASSERT_TRUE(select.ok()) << select.status();
  ASSERT_TRUE((*select)->BindText(1, "一").ok());
  ASSERT_TRUE((*select)->BindText(2, "二").ok());
  ASSERT_TRUE(*(*select)->Step());
  EXPECT_EQ((*select)->ColumnText(0), "二-一-二");
  absl::Status missing = (*select)->BindInt64(3, 0);
  EXPECT_EQ(missing.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(missing.message()), HasSubstr("no parameter $3"));
}

TEST_F(SqliteDatabaseTest, AStatementRunsAgainAfterReset) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto insert = (*tx)->Prepare(
      "INSERT INTO reports (city, households) "
      "VALUES ('150400', $1) RETURNING id");
  ASSERT_TRUE(insert.ok()) << insert.status();
  std::vector<int64_t> ids;
  for (int64_t households : {165, 72, 433}) {
    ASSERT_TRUE((*insert)->Reset().ok());
    ASSERT_TRUE((*insert)->BindInt64(1, households).ok());
    ASSERT_TRUE(*(*insert)->Step());
    ids.push_back((*insert)->ColumnInt64(0));
  }
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3}));
  ASSERT_TRUE((*tx)->Commit().ok());
  EXPECT_EQ(QueryText(*db_, "SELECT sum(households) FROM reports"), "670");
}

TEST_F(SqliteDatabaseTest, RunCountsChangedRows) {
  ASSERT_TRUE(ExecuteWrite(*db_,
                           "INSERT INTO reports (city, households) "
                           "VALUES ('150400', 1), ('150400', 2)")
                  .ok());
  auto tx = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto update = (*tx)->Prepare(
      "UPDATE reports SET households = households + 1 WHERE id >= $1");
  ASSERT_TRUE(update.ok());
  ASSERT_TRUE((*update)->BindInt64(1, 1).ok());
  EXPECT_EQ(*(*update)->Run(), 2);
  ASSERT_TRUE((*update)->Reset().ok());
  ASSERT_TRUE((*update)->BindInt64(1, 99).ok());
  EXPECT_EQ(*(*update)->Run(), 0);  // e.g. a stale etag
}

TEST_F(SqliteDatabaseTest, ARolledBackTransactionLeavesNothing) {
  {
    auto tx = db_->Begin(TransactionMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)
                    ->Execute("INSERT INTO reports (city, households) "
                              "VALUES ('150400', 1), ('150400', 2)")
                    .ok());
    ASSERT_TRUE((*tx)->Execute("DELETE FROM cities WHERE 0").ok());
    ASSERT_TRUE((*tx)->Rollback().ok());
    EXPECT_EQ((*tx)->Commit().code(), absl::StatusCode::kInternal);
  }
  EXPECT_EQ(CountRows(*db_, "reports"), 0);
  {
    // Abandoned without Commit: the destructor rolls back.
    auto tx = db_->Begin(TransactionMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)
                    ->Execute("INSERT INTO reports (city, households) "
                              "VALUES ('150400', 3)")
                    .ok());
  }
  EXPECT_EQ(CountRows(*db_, "reports"), 0);
  EXPECT_EQ(CountRows(*db_, "cities"), 1);
}

TEST_F(SqliteDatabaseTest, UniqueAndPrimaryKeyViolationsAreAlreadyExists) {
  absl::Status same_name = InsertCity("150500", "赤峰市");
  EXPECT_EQ(same_name.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(same_name.message()),
              HasSubstr("UNIQUE constraint failed: cities.name"));
  EXPECT_THAT(std::string(same_name.message()),
              HasSubstr("INSERT INTO cities"));
  EXPECT_EQ(InsertCity("150400", "通辽市").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(InsertCity("150500", "通辽市").ok());
}

TEST_F(SqliteDatabaseTest, OtherConstraintViolationsAreFailedPrecondition) {
  absl::Status status = ExecuteWrite(
      *db_, "INSERT INTO reports (city, households) VALUES ('999900', 1)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("FOREIGN KEY constraint failed"));
  status = ExecuteWrite(
      *db_, "INSERT INTO reports (city, households) VALUES ('150400', -1)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("CHECK constraint failed"));
  status = ExecuteWrite(*db_, "INSERT INTO reports (households) VALUES (1)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CountRows(*db_, "reports"), 0);
}

TEST_F(SqliteDatabaseTest, BadSqlIsInternalAndQuotesTheSql) {
  absl::Status status = ExecuteWrite(*db_, "INSERT INTO nowhere VALUES (1)");
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("no such table: nowhere"));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("in: INSERT INTO nowhere"));
}

TEST_F(SqliteDatabaseTest, AWriterBlockedByAnotherConnectionIsUnavailable) {
  SqliteOptions impatient;
  impatient.busy_timeout_ms = 50;
  std::unique_ptr<Database> other = OpenOrDie(dir_.File("test.db"), impatient);
  ASSERT_NE(other, nullptr);
  auto holding = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(holding.ok());
  auto blocked = other->Begin(TransactionMode::kWrite);
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(blocked.status().message()),
              HasSubstr("database is locked"));
  // WAL: a reader on the other connection is not blocked by the writer.
  EXPECT_EQ(CountRows(*other, "cities"), 1);
  ASSERT_TRUE((*holding)->Commit().ok());
  EXPECT_TRUE(other->Begin(TransactionMode::kWrite).ok());
}

TEST_F(SqliteDatabaseTest, AReadTransactionRefusesWrites) {
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto insert = (*tx)->Prepare("DELETE FROM cities");
  EXPECT_EQ(insert.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(insert.status().message()),
              HasSubstr("a read transaction cannot run: DELETE FROM cities"));
  EXPECT_EQ((*tx)->Execute("SELECT 1; DELETE FROM cities").code(),
            absl::StatusCode::kInternal);
  ASSERT_TRUE((*tx)->Commit().ok());
  EXPECT_EQ(CountRows(*db_, "cities"), 1);
}

TEST_F(SqliteDatabaseTest, MisuseIsRefusedRatherThanDeadlocking) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto nested = db_->Begin(TransactionMode::kRead);
  EXPECT_EQ(nested.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(nested.status().message()), HasSubstr("do not nest"));
  EXPECT_THAT((*tx)->Prepare("SELECT 1; SELECT 2").status().message(),
              HasSubstr("Prepare takes one statement"));
  EXPECT_TRUE((*tx)->Prepare("SELECT 1;").ok());
  absl::Status ended = (*tx)->Execute(
      "INSERT INTO cities VALUES ('1', 'x');"
      "COMMIT; DELETE FROM cities");
  EXPECT_THAT(std::string(ended.message()),
              HasSubstr("the SQL ended the transaction"));
  EXPECT_EQ((*tx)->Commit().code(), absl::StatusCode::kInternal);
  EXPECT_EQ((*tx)->Execute("SELECT 1").code(), absl::StatusCode::kInternal);
  EXPECT_EQ(CountRows(*db_, "cities"), 2);  // the COMMIT did happen
}

TEST_F(SqliteDatabaseTest, ThreadsSharingOneDatabaseTakeTurns) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::vector<absl::Status> errors(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread && errors[t].ok(); ++i) {
        // Read-modify-write: lost updates would show in the final sum.
        auto tx = db_->Begin(TransactionMode::kWrite);
        if (!tx.ok()) {
          errors[t] = tx.status();
          break;
        }
        errors[t] = (*tx)->Execute(
            "INSERT INTO reports (city, households) SELECT '150400', "
            "coalesce(max(households), 0) + 1 FROM reports");
        if (errors[t].ok()) errors[t] = (*tx)->Commit();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& error : errors) EXPECT_TRUE(error.ok()) << error;
  EXPECT_EQ(QueryText(*db_, "SELECT max(households) FROM reports"),
            absl::StrCat(kThreads * kPerThread));
  EXPECT_EQ(CountRows(*db_, "reports"), kThreads * kPerThread);
}

}  // namespace
}  // namespace anju::storage
