#include "tests/support/test_database.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tests/support/postgres_server.h"

namespace anju::test_support {

bool TestOnPostgres() {
  const char* backend = std::getenv("ANJU_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgres";
}

absl::StatusOr<storage::DatabaseSettings> TestDatabaseSettings(
    const std::string& sqlite_path) {
  storage::DatabaseSettings settings;
  if (!TestOnPostgres()) {
    settings.backend = storage::Backend::kSqlite;
    settings.path = sqlite_path;
    return settings;
  }
  absl::StatusOr<PostgresServer*> server = SharedPostgresServer();
  if (!server.ok()) return server.status();
  absl::StatusOr<std::string> dsn = (*server)->CreateDatabase();
  if (!dsn.ok()) return dsn.status();
  settings.backend = storage::Backend::kPostgres;
  settings.dsn = *dsn;
  return settings;
}

namespace {
// A YAML double-quoted scalar: the DSN holds spaces, '=' and quotes.
std::string Quoted(const std::string& text) {
  return absl::StrCat(
      "\"", absl::StrReplaceAll(text, {{"\\", "\\\\"}, {"\"", "\\\""}}), "\"");
}
}  // namespace

std::string DatabaseYaml(const storage::DatabaseSettings& settings) {
  if (settings.backend == storage::Backend::kPostgres) {
    return absl::StrCat(
        "database:\n  backend: postgres\n  dsn: ", Quoted(settings.dsn), "\n");
  }
  return absl::StrCat(
      "database:\n  backend: sqlite\n  path: ", Quoted(settings.path), "\n");
}

}  // namespace anju::test_support
