// The `database:` block of a configuration file.

#include "common/storage/database_config.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::storage {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<DatabaseSettings> Read(const std::string& yaml) {
  absl::StatusOr<common::Config> config =
      common::Config::Parse(yaml, "/etc/anju/submission.yaml");
  if (!config.ok()) return config.status();
  return ReadDatabaseSettings(*config, "/var/lib/anju/submission.db");
}

TEST(DatabaseConfigTest, WithoutABlockTheServiceKeepsItsSqliteFile) {
  absl::StatusOr<DatabaseSettings> settings = Read("listen: ':50052'\n");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->backend, Backend::kSqlite);
  EXPECT_EQ(settings->path, "/var/lib/anju/submission.db");
  EXPECT_EQ(settings->sqlite.busy_timeout_ms, 5000);
}

TEST(DatabaseConfigTest, PostgresFromADsnFile) {
  absl::StatusOr<DatabaseSettings> settings = Read(
      "database:\n  backend: postgres\n  dsn_file: /run/secrets/dsn\n"
      "  lock_timeout_ms: 800\n  serialize_writers: false\n");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->backend, Backend::kPostgres);
  EXPECT_EQ(settings->path, "");  // no SQLite default for postgres
  EXPECT_EQ(settings->dsn_file, "/run/secrets/dsn");
  EXPECT_EQ(settings->postgres.lock_timeout_ms, 800);
  EXPECT_FALSE(settings->postgres.serialize_writers);
}

TEST(DatabaseConfigTest, UnknownKeysAndBackendsAreRefused) {
  absl::Status typo =
      Read("database:\n  backend: postgres\n  dns: x\n").status();
  EXPECT_EQ(typo.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(typo.message()), HasSubstr("database.dns"));
  absl::Status backend = Read("database:\n  backend: oracle\n").status();
  EXPECT_EQ(backend.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(backend.message()), HasSubstr("database.backend"));
}

}  // namespace
}  // namespace anju::storage
