#include "common/storage/migrations.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/test_db.h"

namespace anju::storage {
namespace {

using ::testing::HasSubstr;

constexpr Migration kSteps[] = {
    {1, "reports", "CREATE TABLE reports (id INTEGER PRIMARY KEY, org TEXT)"},
    {2, "report index",
     "CREATE INDEX reports_by_org ON reports (org);"
     "INSERT INTO reports (org) VALUES ('150400')"},
    {3, "audit log",
     "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, what TEXT NOT NULL)"},
};

class MigrationsTest : public testing::Test {
 protected:
  std::unique_ptr<Database> Open() { return OpenOrDie(dir_.File("m.db")); }

  TestDir dir_;
};

TEST_F(MigrationsTest, ApplyOnceAndAreIdempotentAcrossReopen) {
  {
    std::unique_ptr<Database> db = Open();
    absl::StatusOr<MigrationResult> first =
        ApplyMigrations(*db, "submission", kSteps);
    ASSERT_TRUE(first.ok()) << first.status();
    EXPECT_EQ(first->from_version, 0);
    EXPECT_EQ(first->to_version, 3);
    absl::StatusOr<MigrationResult> again =
        ApplyMigrations(*db, "submission", kSteps);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(again->from_version, 3);
  }
  std::unique_ptr<Database> db = Open();
  absl::StatusOr<MigrationResult> reopened =
      ApplyMigrations(*db, "submission", kSteps);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(reopened->from_version, 3);
  EXPECT_EQ(reopened->to_version, 3);
  // Step 2's row was inserted once, not once per start.
  EXPECT_EQ(CountRows(*db, "reports"), 1);
  EXPECT_EQ(CountRows(*db, "schema_migrations"), 3);
  EXPECT_EQ(QueryText(*db,
                      "SELECT group_concat(name, '|') FROM (SELECT name FROM "
                      "schema_migrations ORDER BY version)"),
            "reports|report index|audit log");
}

TEST_F(MigrationsTest, AnOlderDatabaseIsBroughtUpToDate) {
  std::unique_ptr<Database> db = Open();
  ASSERT_TRUE(
      ApplyMigrations(*db, "submission", absl::MakeConstSpan(kSteps).first(1))
          .ok());
  absl::StatusOr<MigrationResult> result =
      ApplyMigrations(*db, "submission", kSteps);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->from_version, 1);
  EXPECT_EQ(result->to_version, 3);
  EXPECT_EQ(CountRows(*db, "audit_log"), 0);
}

TEST_F(MigrationsTest, ANewerDatabaseIsRefused) {
  std::unique_ptr<Database> db = Open();
  ASSERT_TRUE(ApplyMigrations(*db, "submission", kSteps).ok());
  absl::Status older_code =
      ApplyMigrations(*db, "submission", absl::MakeConstSpan(kSteps).first(2))
          .status();
  EXPECT_EQ(older_code.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(older_code.message()),
              HasSubstr("schema of 'submission' is at version 3 but this "
                        "build knows only up to 2; refusing to start"));
}

TEST_F(MigrationsTest, AnEditedStepIsRefused) {
  std::unique_ptr<Database> db = Open();
  ASSERT_TRUE(ApplyMigrations(*db, "submission", kSteps).ok());
  const Migration renamed[] = {
      kSteps[0], {2, "reports by org", "SELECT 1"}, kSteps[2]};
  absl::Status status = ApplyMigrations(*db, "submission", renamed).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("version 2 was applied as 'report index' but this "
                        "build names it 'reports by org'"));
}

TEST_F(MigrationsTest, AFailingStepLeavesNothingApplied) {
  std::unique_ptr<Database> db = Open();
  const Migration broken[] = {kSteps[0],
                              {2, "bad",
                               "INSERT INTO reports (org) VALUES ('1');"
                               "CREATE TABLE reports (x)"}};
  absl::Status status = ApplyMigrations(*db, "submission", broken).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("migration 2 'bad' of 'submission' failed, nothing "
                        "applied: "));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("table reports already exists"));
  // Step 1 was rolled back with step 2: the schema is still empty.
  EXPECT_EQ(QueryText(*db,
                      "SELECT count(*) FROM sqlite_schema WHERE name = "
                      "'reports'"),
            "0");
  absl::StatusOr<MigrationResult> fixed =
      ApplyMigrations(*db, "submission", kSteps);
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  EXPECT_EQ(fixed->from_version, 0);
}

TEST_F(MigrationsTest, StepsMustBeNumberedWithoutGaps) {
  std::unique_ptr<Database> db = Open();
  const Migration gap[] = {kSteps[0], kSteps[2]};
  absl::Status status = ApplyMigrations(*db, "registry", gap).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(status.message()),
            "migrations of 'registry', step 2 has version 3; versions must run "
            "1, 2, 3… without gaps");
  const Migration empty[] = {{1, "nothing", ""}};
  EXPECT_EQ(ApplyMigrations(*db, "registry", empty).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Nothing was created by the refused calls.
  EXPECT_EQ(QueryText(*db, "SELECT count(*) FROM sqlite_schema"), "0");
}

TEST_F(MigrationsTest, ComponentsKeepSeparateHistories) {
  std::unique_ptr<Database> db = Open();
  ASSERT_TRUE(ApplyMigrations(*db, "submission", kSteps).ok());
  const Migration other[] = {
      {1, "outbox", "CREATE TABLE outbox (id INTEGER PRIMARY KEY)"}};
  absl::StatusOr<MigrationResult> result =
      ApplyMigrations(*db, "notification", other);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->from_version, 0);
  EXPECT_EQ(result->to_version, 1);
}

}  // namespace
}  // namespace anju::storage
