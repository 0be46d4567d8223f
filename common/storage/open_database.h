#ifndef ANJU_COMMON_STORAGE_OPEN_DATABASE_H_
#define ANJU_COMMON_STORAGE_OPEN_DATABASE_H_

// Opens the backend that the configuration names, so that a service moves
// from its SQLite file to PostgreSQL by configuration alone. The YAML keys
// are in common/storage/README.md:
//
//   database:
//     backend: postgres            # or sqlite (the default)
//     dsn_file: /run/secrets/pg    # or dsn: "host=… dbname=…"; or path:

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/storage/database.h"
#include "common/storage/postgres_database.h"
#include "common/storage/sqlite_database.h"

namespace anju::storage {

enum class Backend { kSqlite, kPostgres };

struct DatabaseSettings {
  Backend backend = Backend::kSqlite;
  std::string path;      // sqlite: the database file
  std::string dsn;       // postgres: a conninfo string or URI…
  std::string dsn_file;  // …or a file holding one, to keep passwords out
  SqliteOptions sqlite;
  PostgresOptions postgres;
};

// "sqlite" or "postgres" (also "postgresql"); INVALID_ARGUMENT otherwise.
absl::StatusOr<Backend> ParseBackend(absl::string_view name);

// INVALID_ARGUMENT naming the key when the settings do not fit the backend
// (sqlite without path or with a dsn; postgres without exactly one of dsn
// and dsn_file, or with a path); FAILED_PRECONDITION when dsn_file cannot
// be read or is empty; then the backend's own errors.
absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    const DatabaseSettings& settings);

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_OPEN_DATABASE_H_
