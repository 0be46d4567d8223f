// OpenDatabase picks the backend from configuration and refuses settings
// that do not fit it, naming the key. PostgreSQL from a dsn_file is tested
// in postgres_database_test.cc, against a server.

#include "common/storage/open_database.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/test_db.h"

namespace anju::storage {
namespace {

using ::testing::HasSubstr;

TEST(OpenDatabaseTest, SqliteIsTheDefaultAndNeedsAPath) {
  TestDir dir;
  DatabaseSettings settings;
  settings.path = dir.File("sub.db");
  absl::StatusOr<std::unique_ptr<Database>> db = OpenDatabase(settings);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ((*db)->Name(), "sqlite:" + settings.path);
  settings.path.clear();
  absl::Status status = OpenDatabase(settings).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("database.path"));
}

TEST(OpenDatabaseTest, SettingsOfTheOtherBackendAreRefused) {
  DatabaseSettings sqlite;
  sqlite.path = "/tmp/x.db";
  sqlite.dsn = "host=db";
  EXPECT_EQ(OpenDatabase(sqlite).status().code(),
            absl::StatusCode::kInvalidArgument);
  DatabaseSettings postgres;
  postgres.backend = Backend::kPostgres;
  absl::Status neither = OpenDatabase(postgres).status();
  EXPECT_EQ(neither.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(neither.message()),
              HasSubstr("exactly one of dsn and dsn_file"));
  postgres.dsn = "host=db";
  postgres.dsn_file = "/run/secrets/pg";
  EXPECT_EQ(OpenDatabase(postgres).status().code(),
            absl::StatusCode::kInvalidArgument);
  postgres.dsn_file.clear();
  postgres.path = "/tmp/x.db";
  EXPECT_EQ(OpenDatabase(postgres).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(OpenDatabaseTest, AMissingOrEmptyDsnFileIsAFailedPrecondition) {
  TestDir dir;
  DatabaseSettings settings;
  settings.backend = Backend::kPostgres;
  settings.dsn_file = dir.File("missing");
  absl::Status status = OpenDatabase(settings).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("database.dsn_file"));
  std::FILE* f = std::fopen(dir.File("empty").c_str(), "w");
  std::fputs(" \n", f);
  std::fclose(f);
  settings.dsn_file = dir.File("empty");
  EXPECT_EQ(OpenDatabase(settings).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OpenDatabaseTest, BackendNames) {
  EXPECT_EQ(*ParseBackend("sqlite"), Backend::kSqlite);
  EXPECT_EQ(*ParseBackend("postgres"), Backend::kPostgres);
  EXPECT_EQ(*ParseBackend("postgresql"), Backend::kPostgres);
  EXPECT_EQ(ParseBackend("mysql").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace anju::storage
