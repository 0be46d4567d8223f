#include "common/storage/database_config.h"

namespace anju::storage {

absl::StatusOr<DatabaseSettings> ReadDatabaseSettings(
    const common::Config& config, const std::string& default_path) {
  DatabaseSettings settings;
  if (absl::Status s = config.CheckKeys(
          "database", {"backend", "path", "dsn", "dsn_file", "lock_timeout_ms",
                       "serialize_writers"});
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> backend =
      config.GetString("database.backend", "sqlite");
  if (!backend.ok()) return backend.status();
  absl::StatusOr<Backend> parsed = ParseBackend(*backend);
  if (!parsed.ok()) return parsed.status();
  settings.backend = *parsed;
  const bool sqlite = settings.backend == Backend::kSqlite;
  absl::StatusOr<std::string> path =
      config.GetPath("database.path", sqlite ? default_path : "");
  absl::StatusOr<std::string> dsn = config.GetString("database.dsn", "");
  absl::StatusOr<std::string> dsn_file =
      config.GetPath("database.dsn_file", "");
  absl::StatusOr<int64_t> lock_timeout_ms =
      config.GetInt("database.lock_timeout_ms", 5000, 0, 600000);
  absl::StatusOr<bool> serialize_writers =
      config.GetBool("database.serialize_writers", true);
  for (const absl::Status& s :
       {path.status(), dsn.status(), dsn_file.status(),
        lock_timeout_ms.status(), serialize_writers.status()}) {
    if (!s.ok()) return s;
  }
  settings.path = *path;
  settings.dsn = *dsn;
  settings.dsn_file = *dsn_file;
  settings.sqlite.busy_timeout_ms = static_cast<int>(*lock_timeout_ms);
  settings.postgres.lock_timeout_ms = static_cast<int>(*lock_timeout_ms);
  settings.postgres.serialize_writers = *serialize_writers;
  return settings;
}

}  // namespace anju::storage
