#ifndef ANJU_SERVICES_REGISTRY_SETTINGS_H_
#define ANJU_SERVICES_REGISTRY_SETTINGS_H_

// anju-registry's settings: built-in defaults, overridden by the --config
// file, overridden by command-line flags. The data folder has no default:
// the service refuses to start without it rather than guess.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/auth_settings.h"
#include "common/blobs/file_checks.h"
#include "common/server.h"
#include "common/storage/open_database.h"

namespace anju::registry {

inline constexpr char kDefaultListen[] = "127.0.0.1:50053";
inline constexpr char kDatabaseFile[] = "registry.db";  // SQLite default
inline constexpr char kArchiveDir[] = "archives";       // under the data dir

// What the command line gave; nullopt where a flag was not given.
struct RegistryFlags {
  std::optional<std::string> listen;
  std::optional<std::string> config;  // a YAML file
  std::optional<std::string> data;    // folder of registry.db and archives/
  std::optional<std::string> orgs;    // the hierarchy's YAML file
};

struct RegistrySettings {
  common::ServerOptions server;
  std::string data_dir;
  // The `database:` block; without one, SQLite at data_dir/registry.db.
  storage::DatabaseSettings database;
  std::string archive_dir;  // data_dir/archives: the archive files
  std::string orgs_file;
  int workers = 4;
  auth::AuthSettings auth;  // no credentials_file: off
  blobs::BlobLimits archive_limits;
  std::string archives_file;    // required archive types per programme
  std::string priority_models;  // folder of the priority models
  int64_t max_import_bytes = 16 << 20;
};

// The configuration file's keys: the server's (common/server.h) plus
//   data_dir: PATH             # relative to the file's folder
//   database: {backend, path | dsn | dsn_file, lock_timeout_ms,
//              serialize_writers}  # common/storage/README.md
//   orgs_file: PATH            # default data/orgs/inner-mongolia.yaml
//   workers: 4                 # 1–64
//   auth: {credentials_file, policy_file}   # common/auth/auth_settings.h
//   archives:
//     max_bytes: 20971520      # per file, 1 byte – 1 GiB
//     allowed_types: image/jpeg image/png application/pdf …
//   archives_file: PATH        # default config/registry/archives.yaml
//   priority_models: DIR       # default config/registry/priority
//   max_import_bytes: 16777216 # 1 KiB – 256 MiB
// The largest gRPC message accepted is raised to fit an import.
// Errors name the file, line and key, or the flag.
absl::StatusOr<RegistrySettings> ResolveSettings(const RegistryFlags& flags);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_SETTINGS_H_
