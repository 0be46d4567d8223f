#ifndef ANJU_COMMON_STORAGE_DATABASE_CONFIG_H_
#define ANJU_COMMON_STORAGE_DATABASE_CONFIG_H_

// The `database:` block of a server's configuration file (keys in
// README.md), read into DatabaseSettings for OpenDatabase. Kept apart from
// anju_storage so that the storage library does not pull in the server
// bootstrap.

#include <string>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/storage/open_database.h"

namespace anju::storage {

// Without a `database:` block: SQLite at `default_path` (the service's
// file in its data folder). Relative paths resolve against the config
// file's folder. INVALID_ARGUMENT naming file, line and key for a bad value
// or an unknown key; whether the keys fit the backend is checked by
// OpenDatabase.
absl::StatusOr<DatabaseSettings> ReadDatabaseSettings(
    const common::Config& config, const std::string& default_path);

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_DATABASE_CONFIG_H_
