// The storage interface (database.h) as every backend must honour it: each
// test runs on SQLite and on PostgreSQL (backend.h).

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/storage/database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/backend.h"
#include "tests/storage/test_db.h"

namespace anju::storage {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

// BIGINT, DOUBLE PRECISION and BYTEA: the spellings both backends read the
// same way (PostgreSQL's INTEGER is 32 bits, REAL is float4, and it has no
// BLOB; SQLite stores a blob as is in a BYTEA column).
constexpr char kSchema[] = R"sql(
  CREATE TABLE cities (code TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE reports (
    id {id},
    city TEXT NOT NULL REFERENCES cities (code),
    households BIGINT CHECK (households >= 0)
  );
  CREATE TABLE cells (i BIGINT, d DOUBLE PRECISION, t TEXT, b BYTEA, n TEXT);
  INSERT INTO cities VALUES ('150400', '赤峰市');
)sql";

class DatabaseTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(ExecuteWrite(*db_, Sql(kSchema)).ok());
  }

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

  // Writes one cell row and reads it back in another transaction.
  void RoundTrip(absl::string_view text, absl::string_view blob, double d) {
    {
      auto tx = db_->Begin(TransactionMode::kWrite);
      ASSERT_TRUE(tx.ok()) << tx.status();
      auto insert =
          (*tx)->Prepare("INSERT INTO cells (t, b, d) VALUES ($1, $2, $3)");
      ASSERT_TRUE(insert.ok()) << insert.status();
      ASSERT_TRUE((*insert)->BindText(1, text).ok());
      ASSERT_TRUE((*insert)->BindBlob(2, blob).ok());
      ASSERT_TRUE((*insert)->BindDouble(3, d).ok());
      ASSERT_TRUE((*insert)->Run().ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    auto tx = db_->Begin(TransactionMode::kRead);
    ASSERT_TRUE(tx.ok()) << tx.status();
    auto select = (*tx)->Prepare("SELECT t, b, d FROM cells");
    ASSERT_TRUE(select.ok()) << select.status();
    ASSERT_TRUE(*(*select)->Step());
    EXPECT_EQ((*select)->Type(1), ColumnType::kBlob);
    EXPECT_EQ((*select)->ColumnText(0), text);
    EXPECT_EQ((*select)->ColumnBlob(1), blob);
    EXPECT_EQ((*select)->ColumnDouble(2), d);
  }
};

INSTANTIATE_ON_EVERY_BACKEND(DatabaseTest);

TEST_P(DatabaseTest, TypedValuesRoundTrip) {
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

TEST_P(DatabaseTest, AnEmptyBlobStaysABlob) {
  RoundTrip("", absl::string_view(), 0.0);
}

TEST_P(DatabaseTest, BigTextAndBlobsWithEveryByteRoundTrip) {
  std::string text;
  while (text.size() < (8 << 20)) text += "城镇保障性安居工程绩效评价自评 ";
  std::string blob;
  for (int i = 0; blob.size() < (4 << 20); ++i) blob.push_back(char(i % 256));
  RoundTrip(text, blob, 0.1 + 0.2);  // every bit of the double kept
}

TEST_P(DatabaseTest, InfinitiesRoundTripAndNanIsRefused) {
  RoundTrip("inf", "", std::numeric_limits<double>::infinity());
  ASSERT_TRUE(ExecuteWrite(*db_, "DELETE FROM cells").ok());
  RoundTrip("-inf", "", -std::numeric_limits<double>::infinity());
  auto tx = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto insert = (*tx)->Prepare("INSERT INTO cells (d) VALUES ($1)");
  ASSERT_TRUE(insert.ok());
  absl::Status nan =
      (*insert)->BindDouble(1, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(nan.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(nan.message()), HasSubstr("NaN cannot be stored"));
}

TEST_P(DatabaseTest, DollarParametersMayAppearInAnyOrder) {
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto select = (*tx)->Prepare(
      "SELECT CAST($2 AS TEXT) || '-' || CAST($1 AS TEXT) || '-' || "
      "CAST($2 AS TEXT)");
  ASSERT_TRUE(select.ok()) << select.status();
  ASSERT_TRUE((*select)->BindText(1, "一").ok());
  ASSERT_TRUE((*select)->BindText(2, "二").ok());
  ASSERT_TRUE(*(*select)->Step());
  EXPECT_EQ((*select)->ColumnText(0), "二-一-二");
  absl::Status missing = (*select)->BindInt64(3, 0);
  EXPECT_EQ(missing.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(missing.message()), HasSubstr("no parameter $3"));
}

TEST_P(DatabaseTest, AStatementRunsAgainAfterResetAndReturnsIds) {
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

TEST_P(DatabaseTest, RunCountsChangedRows) {
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

TEST_P(DatabaseTest, ARolledBackTransactionLeavesNothing) {
  {
    auto tx = db_->Begin(TransactionMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)
                    ->Execute("INSERT INTO reports (city, households) "
                              "VALUES ('150400', 1), ('150400', 2)")
                    .ok());
    ASSERT_TRUE((*tx)->Execute("DELETE FROM cities WHERE false").ok());
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

TEST_P(DatabaseTest, UniqueAndPrimaryKeyViolationsAreAlreadyExists) {
  absl::Status same_name = InsertCity("150500", "赤峰市");
  EXPECT_EQ(same_name.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(same_name.message()), HasSubstr("cities"));
  EXPECT_THAT(std::string(same_name.message()),
              HasSubstr("in: INSERT INTO cities"));
  EXPECT_EQ(InsertCity("150400", "通辽市").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(InsertCity("150500", "通辽市").ok());
}

TEST_P(DatabaseTest, OtherConstraintViolationsAreFailedPrecondition) {
  absl::Status status = ExecuteWrite(
      *db_, "INSERT INTO reports (city, households) VALUES ('999900', 1)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()),
              AnyOf(HasSubstr("FOREIGN KEY"), HasSubstr("foreign key")));
  status = ExecuteWrite(
      *db_, "INSERT INTO reports (city, households) VALUES ('150400', -1)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()),
              AnyOf(HasSubstr("CHECK"), HasSubstr("check")));
  status = ExecuteWrite(*db_, "INSERT INTO reports (households) VALUES (1)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_EQ(CountRows(*db_, "reports"), 0);
}

TEST_P(DatabaseTest, BadSqlIsInternalAndQuotesTheSql) {
  absl::Status status = ExecuteWrite(*db_, "INSERT INTO nowhere VALUES (1)");
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), HasSubstr("nowhere"));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("in: INSERT INTO nowhere"));
}

TEST_P(DatabaseTest, AWriterBlockedByAnotherConnectionIsUnavailable) {
  std::unique_ptr<Database> other = Open({.impatient = true});
  ASSERT_NE(other, nullptr);
  auto holding = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(holding.ok());
  auto blocked = other->Begin(TransactionMode::kWrite);
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kUnavailable)
      << blocked.status();
  // A reader on the other connection is not blocked by the writer.
  EXPECT_EQ(CountRows(*other, "cities"), 1);
  ASSERT_TRUE((*holding)->Commit().ok());
  EXPECT_TRUE(other->Begin(TransactionMode::kWrite).ok());
}

TEST_P(DatabaseTest, AReadTransactionSeesOneSnapshot) {
  std::unique_ptr<Database> writer = Open();
  ASSERT_NE(writer, nullptr);
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto count = (*tx)->Prepare("SELECT count(*) FROM cities");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*(*count)->Step());
  EXPECT_EQ((*count)->ColumnInt64(0), 1);
  ASSERT_TRUE(
      ExecuteWrite(*writer, "INSERT INTO cities VALUES ('150500', '通辽市')")
          .ok());
  ASSERT_TRUE((*count)->Reset().ok());
  ASSERT_TRUE(*(*count)->Step());
  EXPECT_EQ((*count)->ColumnInt64(0), 1);
  ASSERT_TRUE((*tx)->Commit().ok());
  EXPECT_EQ(CountRows(*db_, "cities"), 2);
}

TEST_P(DatabaseTest, AReadTransactionRefusesWrites) {
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  // SQLite refuses at Prepare, PostgreSQL when the statement runs.
  absl::StatusOr<Statement*> remove = (*tx)->Prepare("DELETE FROM cities");
  absl::Status status =
      remove.ok() ? (*remove)->Run().status() : remove.status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  ASSERT_TRUE((*tx)->Rollback().ok());
  tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ((*tx)->Execute("SELECT 1; DELETE FROM cities").code(),
            absl::StatusCode::kInternal);
  ASSERT_TRUE((*tx)->Rollback().ok());
  EXPECT_EQ(CountRows(*db_, "cities"), 1);
}

TEST_P(DatabaseTest, CommitAfterAFailedStatementRollsBackOrKeepsTheRest) {
  // SQLite undoes only the failed statement; PostgreSQL aborts the whole
  // transaction, and its Commit must say so rather than report success.
  auto tx = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(
      (*tx)->Execute("INSERT INTO cities VALUES ('150500', '通辽市')").ok());
  EXPECT_EQ((*tx)->Execute("INSERT INTO cities VALUES ('150400', 'x')").code(),
            absl::StatusCode::kAlreadyExists);
  absl::Status commit = (*tx)->Commit();
  if (postgres()) {
    EXPECT_EQ(commit.code(), absl::StatusCode::kAlreadyExists);
    EXPECT_THAT(std::string(commit.message()), HasSubstr("rolled back"));
    EXPECT_EQ(CountRows(*db_, "cities"), 1);
  } else {
    EXPECT_TRUE(commit.ok()) << commit;
    EXPECT_EQ(CountRows(*db_, "cities"), 2);
  }
}

TEST_P(DatabaseTest, MisuseIsRefusedRatherThanDeadlocking) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto nested = db_->Begin(TransactionMode::kRead);
  EXPECT_EQ(nested.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(nested.status().message()), HasSubstr("do not nest"));
  EXPECT_TRUE((*tx)->Prepare("SELECT 1;").ok());
  absl::Status ended =
      (*tx)->Execute("INSERT INTO cities VALUES ('1', 'x'); COMMIT");
  EXPECT_THAT(std::string(ended.message()),
              HasSubstr("the SQL ended the transaction"));
  EXPECT_EQ((*tx)->Commit().code(), absl::StatusCode::kInternal);
  EXPECT_EQ((*tx)->Execute("SELECT 1").code(), absl::StatusCode::kInternal);
  EXPECT_EQ(CountRows(*db_, "cities"), 2);  // the COMMIT did happen
}

TEST_P(DatabaseTest, PrepareTakesOneStatement) {
  auto tx = db_->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ((*tx)->Prepare("SELECT 1; SELECT 2").status().code(),
            absl::StatusCode::kInternal);
}

TEST_P(DatabaseTest, ThreadsSharingOneDatabaseTakeTurns) {
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

TEST_P(DatabaseTest, TwoDatabasesWritingAtOnceLoseNoUpdate) {
  // Two replicas on one database: each Begin(kWrite) waits for the other's
  // writer (SQLite's lock, PostgreSQL's writer lock) and never aborts.
  constexpr int kPerReplica = 40;
  std::vector<std::unique_ptr<Database>> replicas;
  replicas.push_back(Open());
  replicas.push_back(Open());
  std::vector<absl::Status> errors(replicas.size());
  std::vector<std::thread> threads;
  for (std::size_t r = 0; r < replicas.size(); ++r) {
    threads.emplace_back([&, r] {
      for (int i = 0; i < kPerReplica && errors[r].ok(); ++i) {
        auto tx = replicas[r]->Begin(TransactionMode::kWrite);
        if (!tx.ok()) {
          errors[r] = tx.status();
          break;
        }
        errors[r] = (*tx)->Execute(
            "INSERT INTO reports (city, households) SELECT '150400', "
            "coalesce(max(households), 0) + 1 FROM reports");
        if (errors[r].ok()) errors[r] = (*tx)->Commit();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& error : errors) EXPECT_TRUE(error.ok()) << error;
  EXPECT_EQ(QueryText(*db_, "SELECT max(households) FROM reports"),
            absl::StrCat(2 * kPerReplica));
}

}  // namespace
}  // namespace anju::storage
