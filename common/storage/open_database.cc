#include "common/storage/open_database.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace anju::storage {
namespace {

// A secret mounted from Kubernetes often ends with a newline.
absl::StatusOr<std::string> ReadDsnFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("database.dsn_file: cannot read ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string dsn(absl::StripAsciiWhitespace(text.str()));
  if (dsn.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("database.dsn_file: ", path, " is empty"));
  }
  return dsn;
}

}  // namespace

absl::StatusOr<Backend> ParseBackend(absl::string_view name) {
  if (name == "sqlite") return Backend::kSqlite;
  if (name == "postgres" || name == "postgresql") return Backend::kPostgres;
  return absl::InvalidArgumentError(absl::StrCat(
      "database.backend: '", name, "' is neither sqlite nor postgres"));
}

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    const DatabaseSettings& settings) {
  if (settings.backend == Backend::kSqlite) {
    if (settings.path.empty()) {
      return absl::InvalidArgumentError(
          "database.path: the sqlite backend needs the database file");
    }
    if (!settings.dsn.empty() || !settings.dsn_file.empty()) {
      return absl::InvalidArgumentError(
          "database.dsn: set only for backend postgres");
    }
    return OpenSqlite(settings.path, settings.sqlite);
  }
  if (settings.dsn.empty() == settings.dsn_file.empty()) {
    return absl::InvalidArgumentError(
        "database.dsn: the postgres backend needs exactly one of dsn and "
        "dsn_file");
  }
  if (!settings.path.empty()) {
    return absl::InvalidArgumentError(
        "database.path: set only for backend sqlite");
  }
  std::string dsn = settings.dsn;
  if (dsn.empty()) {
    absl::StatusOr<std::string> read = ReadDsnFile(settings.dsn_file);
    if (!read.ok()) return read.status();
    dsn = *std::move(read);
  }
  return OpenPostgres(dsn, settings.postgres);
}

}  // namespace anju::storage
