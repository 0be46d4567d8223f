// Migrations on every backend (backend.h), including two connections
// starting at once.

#include "common/storage/migrations.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/barrier.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/backend.h"
#include "tests/storage/test_db.h"

namespace anju::storage {
namespace {

using ::testing::HasSubstr;

class MigrationsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    sql_ = {Sql("CREATE TABLE reports (id {id}, org TEXT)"),
            "CREATE INDEX reports_by_org ON reports (org);"
            "INSERT INTO reports (org) VALUES ('150400')",
            "CREATE TABLE audit_log (seq BIGINT PRIMARY KEY, what TEXT NOT "
            "NULL)"};
    steps_ = {{1, "reports", sql_[0]},
              {2, "report index", sql_[1]},
              {3, "audit log", sql_[2]}};
  }

  absl::Span<const Migration> Steps(std::size_t n = 3) const {
    return absl::MakeConstSpan(steps_).first(n);
  }

  // Tables in the database (the main schema), to see that nothing was made.
  std::string TableCount() {
    return QueryText(*db_, postgres() ? "SELECT count(*) FROM "
                                        "information_schema.tables WHERE "
                                        "table_schema = current_schema()"
                                      : "SELECT count(*) FROM sqlite_schema "
                                        "WHERE type = 'table'");
  }

  std::vector<std::string> sql_;
  std::vector<Migration> steps_;
};

INSTANTIATE_ON_EVERY_BACKEND(MigrationsTest);

TEST_P(MigrationsTest, ApplyOnceAndAreIdempotentAcrossReopen) {
  absl::StatusOr<MigrationResult> first =
      ApplyMigrations(*db_, "submission", Steps());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, 3);
  absl::StatusOr<MigrationResult> again =
      ApplyMigrations(*db_, "submission", Steps());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->from_version, 3);
  db_.reset();
  db_ = Open();
  absl::StatusOr<MigrationResult> reopened =
      ApplyMigrations(*db_, "submission", Steps());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(reopened->from_version, 3);
  EXPECT_EQ(reopened->to_version, 3);
  // Step 2's row was inserted once, not once per start.
  EXPECT_EQ(CountRows(*db_, "reports"), 1);
  EXPECT_EQ(CountRows(*db_, "schema_migrations"), 3);
  EXPECT_EQ(
      QueryText(*db_, "SELECT name FROM schema_migrations WHERE version = 2"),
      "report index");
}

TEST_P(MigrationsTest, TwoConnectionsStartingAtOnceApplyTheStepsOnce) {
  // As two replicas starting together: without the migration lock both
  // would find the steps pending and one would fail on "already exists".
  for (bool serialize_writers : {true, false}) {
    SCOPED_TRACE(serialize_writers ? "writers serialized" : "parallel writers");
    const std::string component = serialize_writers ? "serialized" : "parallel";
    std::vector<std::unique_ptr<Database>> replicas;
    for (int i = 0; i < 4; ++i) {
      replicas.push_back(Open({.serialize_writers = serialize_writers}));
    }
    std::vector<absl::StatusOr<MigrationResult>> results(
        replicas.size(), absl::UnknownError("not run"));
    absl::Barrier* start = new absl::Barrier(replicas.size());
    std::vector<std::thread> threads;
    const std::string create = "CREATE TABLE " + component + " (id BIGINT)";
    const std::string insert = "INSERT INTO " + component + " VALUES (1)";
    const Migration steps[] = {{1, "table", create}, {2, "row", insert}};
    for (std::size_t r = 0; r < replicas.size(); ++r) {
      threads.emplace_back([&, r] {
        if (start->Block()) delete start;
        results[r] = ApplyMigrations(*replicas[r], component, steps);
      });
    }
    for (std::thread& thread : threads) thread.join();
    int applied = 0;
    for (const auto& result : results) {
      ASSERT_TRUE(result.ok()) << result.status();
      EXPECT_EQ(result->to_version, 2);
      if (result->from_version == 0) ++applied;
    }
    EXPECT_EQ(applied, 1);
    EXPECT_EQ(CountRows(*db_, component), 1);
  }
}

TEST_P(MigrationsTest, AnOlderDatabaseIsBroughtUpToDate) {
  ASSERT_TRUE(ApplyMigrations(*db_, "submission", Steps(1)).ok());
  absl::StatusOr<MigrationResult> result =
      ApplyMigrations(*db_, "submission", Steps());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->from_version, 1);
  EXPECT_EQ(result->to_version, 3);
  EXPECT_EQ(CountRows(*db_, "audit_log"), 0);
}

TEST_P(MigrationsTest, ANewerDatabaseIsRefused) {
  ASSERT_TRUE(ApplyMigrations(*db_, "submission", Steps()).ok());
  absl::Status older_code =
      ApplyMigrations(*db_, "submission", Steps(2)).status();
  EXPECT_EQ(older_code.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(older_code.message()),
              HasSubstr("schema of 'submission' is at version 3 but this "
                        "build knows only up to 2; refusing to start"));
}

TEST_P(MigrationsTest, AnEditedStepIsRefused) {
  ASSERT_TRUE(ApplyMigrations(*db_, "submission", Steps()).ok());
  const Migration renamed[] = {
      steps_[0], {2, "reports by org", "SELECT 1"}, steps_[2]};
  absl::Status status = ApplyMigrations(*db_, "submission", renamed).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("version 2 was applied as 'report index' but this "
                        "build names it 'reports by org'"));
}

TEST_P(MigrationsTest, AFailingStepLeavesNothingApplied) {
  const Migration broken[] = {steps_[0],
                              {2, "bad",
                               "INSERT INTO reports (org) VALUES ('1');"
                               "CREATE TABLE reports (x TEXT)"}};
  absl::Status status = ApplyMigrations(*db_, "submission", broken).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("migration 2 'bad' of 'submission' failed, nothing "
                        "applied: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("already exists"));
  // Step 1 was rolled back with step 2: the schema is still empty.
  EXPECT_EQ(TableCount(), "0");
  absl::StatusOr<MigrationResult> fixed =
      ApplyMigrations(*db_, "submission", Steps());
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  EXPECT_EQ(fixed->from_version, 0);
}

TEST_P(MigrationsTest, StepsMustBeNumberedWithoutGaps) {
  const Migration gap[] = {steps_[0], steps_[2]};
  absl::Status status = ApplyMigrations(*db_, "registry", gap).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(status.message()),
            "migrations of 'registry', step 2 has version 3; versions must run "
            "1, 2, 3… without gaps");
  const Migration empty[] = {{1, "nothing", ""}};
  EXPECT_EQ(ApplyMigrations(*db_, "registry", empty).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Nothing was created by the refused calls.
  EXPECT_EQ(TableCount(), "0");
}

TEST_P(MigrationsTest, ComponentsKeepSeparateHistories) {
  ASSERT_TRUE(ApplyMigrations(*db_, "submission", Steps()).ok());
  const std::string outbox = Sql("CREATE TABLE outbox (id {id})");
  const Migration other[] = {{1, "outbox", outbox}};
  absl::StatusOr<MigrationResult> result =
      ApplyMigrations(*db_, "notification", other);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->from_version, 0);
  EXPECT_EQ(result->to_version, 1);
}

}  // namespace
}  // namespace anju::storage
