// The SQLSTATE table of database.h, without a server.

#include "common/storage/postgres_error.h"

#include "gtest/gtest.h"

namespace anju::storage {
namespace {

TEST(SqlstateTest, CodesFollowTheTableOfTheInterface) {
  using absl::StatusCode;
  EXPECT_EQ(PostgresStatusCode("40001"), StatusCode::kAborted);
  EXPECT_EQ(PostgresStatusCode("40P01"), StatusCode::kAborted);
  EXPECT_EQ(PostgresStatusCode("23505"), StatusCode::kAlreadyExists);
  EXPECT_EQ(PostgresStatusCode("23503"), StatusCode::kFailedPrecondition);
  EXPECT_EQ(PostgresStatusCode("23502"), StatusCode::kFailedPrecondition);
  EXPECT_EQ(PostgresStatusCode("23514"), StatusCode::kFailedPrecondition);
  EXPECT_EQ(PostgresStatusCode("23P01"), StatusCode::kFailedPrecondition);
  EXPECT_EQ(PostgresStatusCode("53100"), StatusCode::kResourceExhausted);
  EXPECT_EQ(PostgresStatusCode("55P03"), StatusCode::kUnavailable);
  EXPECT_EQ(PostgresStatusCode("08006"), StatusCode::kUnavailable);
  EXPECT_EQ(PostgresStatusCode("57P01"), StatusCode::kUnavailable);
  EXPECT_EQ(PostgresStatusCode("53300"), StatusCode::kUnavailable);
  EXPECT_EQ(PostgresStatusCode(""), StatusCode::kUnavailable);
  EXPECT_EQ(PostgresStatusCode("42P01"), StatusCode::kInternal);
  EXPECT_EQ(PostgresStatusCode("25006"), StatusCode::kInternal);
}

TEST(SqlstateTest, ALostConnectionIsUnavailableWhateverTheCode) {
  absl::Status status = PostgresError(nullptr, nullptr, "postgres:x", "BEGIN");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace anju::storage
