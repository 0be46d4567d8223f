#ifndef ANJU_TESTS_SUBMISSION_TEST_STORE_H_
#define ANJU_TESTS_SUBMISSION_TEST_STORE_H_

// The submission store a test runs on: SQLite at `sqlite_path`, or a fresh
// PostgreSQL schema when the suite runs with ANJU_TEST_BACKEND=postgres
// (tests/support/test_database.h), so that one suite covers both backends.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/submission/store.h"
#include "tests/support/test_database.h"

namespace anju::testing {

inline absl::StatusOr<std::unique_ptr<submission::Store>> OpenTestStore(
    const std::string& sqlite_path) {
  absl::StatusOr<storage::DatabaseSettings> settings =
      test_support::TestDatabaseSettings(sqlite_path);
  if (!settings.ok()) return settings.status();
  return submission::Store::Open(*settings);
}

}  // namespace anju::testing

#endif  // ANJU_TESTS_SUBMISSION_TEST_STORE_H_
