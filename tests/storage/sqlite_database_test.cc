// What only the SQLite backend does: its settings, files it refuses, `?`
// parameters, its own messages. The interface itself is tested on both
// backends in database_interface_test.cc.

#include "common/storage/sqlite_database.h"

#include <filesystem>
#include <string>

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

TEST_F(SqliteDatabaseTest, MessagesAreSqlitesOwn) {
  absl::Status same_name =
      ExecuteWrite(*db_, "INSERT INTO cities VALUES ('150500', '赤峰市')");
  EXPECT_THAT(std::string(same_name.message()),
              HasSubstr("UNIQUE constraint failed: cities.name"));
  SqliteOptions impatient;
  impatient.busy_timeout_ms = 50;
  std::unique_ptr<Database> other = OpenOrDie(dir_.File("test.db"), impatient);
  ASSERT_NE(other, nullptr);
  auto holding = db_->Begin(TransactionMode::kWrite);
  ASSERT_TRUE(holding.ok());
  EXPECT_THAT(
      std::string(other->Begin(TransactionMode::kWrite).status().message()),
      HasSubstr("database is locked"));
}

}  // namespace
}  // namespace anju::storage
