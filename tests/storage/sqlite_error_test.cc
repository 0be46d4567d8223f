#include "common/storage/sqlite_error.h"

#include <sqlite3.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::storage {
namespace {

using ::testing::HasSubstr;

TEST(SqliteErrorTest, CodesFollowTheTableOfTheInterface) {
  using absl::StatusCode;
  const auto in_tx = SqlitePhase::kInTransaction;
  EXPECT_EQ(SqliteStatusCode(SQLITE_BUSY, SqlitePhase::kBegin),
            StatusCode::kUnavailable);
  EXPECT_EQ(SqliteStatusCode(SQLITE_BUSY, in_tx), StatusCode::kAborted);
  EXPECT_EQ(SqliteStatusCode(SQLITE_BUSY_SNAPSHOT, in_tx),
            StatusCode::kAborted);
  EXPECT_EQ(SqliteStatusCode(SQLITE_LOCKED, in_tx), StatusCode::kAborted);
  EXPECT_EQ(SqliteStatusCode(SQLITE_CONSTRAINT_UNIQUE, in_tx),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(SqliteStatusCode(SQLITE_CONSTRAINT_PRIMARYKEY, in_tx),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(SqliteStatusCode(SQLITE_CONSTRAINT_FOREIGNKEY, in_tx),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(SqliteStatusCode(SQLITE_CONSTRAINT_NOTNULL, in_tx),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(SqliteStatusCode(SQLITE_FULL, in_tx),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(SqliteStatusCode(SQLITE_IOERR_FSYNC, in_tx), StatusCode::kInternal);
  EXPECT_EQ(SqliteStatusCode(SQLITE_CORRUPT, in_tx), StatusCode::kInternal);
  EXPECT_EQ(SqliteStatusCode(SQLITE_ERROR, in_tx), StatusCode::kInternal);
}

TEST(SqliteErrorTest, LongSqlIsShortenedAtACharacterBoundary) {
  std::string sql = "SELECT '";
  for (int i = 0; i < 100; ++i) sql += "旗";  // 3 bytes each
  sql += "'";
  absl::Status status = SqliteError(nullptr, SQLITE_ERROR, "sqlite:x", sql);
  EXPECT_THAT(std::string(status.message()), HasSubstr("sqlite:x: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("旗…"));
  EXPECT_LT(status.message().size(), 260u);
  // Every byte before the ellipsis belongs to whole characters.
  const std::string message(status.message());
  const std::size_t ellipsis = message.find("…");
  ASSERT_NE(ellipsis, std::string::npos);
  EXPECT_EQ((ellipsis - message.find("SELECT '") - 8) % 3, 0u);
}

}  // namespace
}  // namespace anju::storage
