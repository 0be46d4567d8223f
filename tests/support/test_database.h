#ifndef ANJU_TESTS_SUPPORT_TEST_DATABASE_H_
#define ANJU_TESTS_SUPPORT_TEST_DATABASE_H_

// The database a service's test runs on, so that one suite covers both
// backends: SQLite at the path the test gives, or — when the environment
// says ANJU_TEST_BACKEND=postgres — a fresh schema on the binary's shared
// test PostgreSQL server (postgres_server.h). CMake registers the suite a
// second time with that variable set (anju_add_postgres_run in
// tests/support/CMakeLists.txt), so the store and service tests of
// submission, registry and notification run unchanged on PostgreSQL.
//
//   absl::StatusOr<storage::DatabaseSettings> db =
//       test_support::TestDatabaseSettings(dir + "/submission.db");
//   auto store = Store::Open(*db);
//   // a real server binary gets the same database through its config file:
//   config << test_support::DatabaseYaml(*db);

#include <string>

#include "absl/status/statusor.h"
#include "common/storage/open_database.h"

namespace anju::test_support {

// Whether ANJU_TEST_BACKEND=postgres.
bool TestOnPostgres();

// SQLite at `sqlite_path`, or a new PostgreSQL database (its own schema)
// when TestOnPostgres(). Each call on PostgreSQL is a new, empty database;
// to reopen the same one, keep the settings.
absl::StatusOr<storage::DatabaseSettings> TestDatabaseSettings(
    const std::string& sqlite_path);

// The settings as a `database:` block of a server's YAML config (no
// trailing keys of the other backend), ending with a newline.
std::string DatabaseYaml(const storage::DatabaseSettings& settings);

}  // namespace anju::test_support

#endif  // ANJU_TESTS_SUPPORT_TEST_DATABASE_H_
