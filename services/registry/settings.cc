#include "services/registry/settings.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "anju/v1/registry.grpc.pb.h"
#include "common/config.h"
#include "common/orgs/org_yaml.h"
#include "common/storage/database_config.h"

namespace anju::registry {
namespace {

common::ServerOptions DefaultServerOptions() {
  common::ServerOptions options;
  options.listen = kDefaultListen;
  options.health_services = {v1::RegistryService::service_full_name()};
  return options;
}

absl::StatusOr<common::Config> LoadConfig(const RegistryFlags& flags) {
  if (!flags.config) return common::Config();
  return common::Config::LoadFile(*flags.config);
}

// The `archives:` section: limits on archive files (photos, documents).
absl::StatusOr<blobs::BlobLimits> ArchiveLimitsFromConfig(
    const common::Config& config) {
  if (absl::Status s =
          config.CheckKeys("archives", {"max_bytes", "allowed_types"});
      !s.ok()) {
    return s;
  }
  blobs::BlobLimits limits;
  limits.noun = "档案文件";
  absl::StatusOr<int64_t> max_bytes = config.GetInt(
      "archives.max_bytes", limits.max_bytes, 1, int64_t{1} << 30);
  if (!max_bytes.ok()) return max_bytes.status();
  limits.max_bytes = *max_bytes;
  absl::StatusOr<std::string> types =
      config.GetString("archives.allowed_types", "");
  if (!types.ok()) return types.status();
  if (!types->empty()) {
    limits.allowed_types =
        absl::StrSplit(*types, absl::ByAnyChar(", \n"), absl::SkipWhitespace());
  }
  return limits;
}

}  // namespace

absl::StatusOr<RegistrySettings> ResolveSettings(const RegistryFlags& flags) {
  absl::StatusOr<common::Config> config = LoadConfig(flags);
  if (!config.ok()) return config.status();
  std::vector<std::string> keys = common::ServerConfigKeys();
  keys.insert(keys.end(), {"data_dir", "database", "orgs_file", "workers",
                           auth::kAuthConfigKey, "archives", "archives_file",
                           "priority_models", "max_import_bytes"});
  if (absl::Status s = config->CheckKeys("", keys); !s.ok()) return s;

  RegistrySettings settings;
  absl::StatusOr<common::ServerOptions> server =
      common::ServerOptionsFromConfig(*config, DefaultServerOptions(),
                                      flags.listen);
  if (!server.ok()) return server.status();
  settings.server = *std::move(server);

  absl::StatusOr<std::string> data = config->GetPath("data_dir", "");
  if (!data.ok()) return data.status();
  settings.data_dir = flags.data ? *flags.data : *data;
  if (settings.data_dir.empty()) {
    return absl::InvalidArgumentError(
        "--data: required (or data_dir in the config file): the folder of "
        "the SQLite file and the archive files");
  }
  absl::StatusOr<storage::DatabaseSettings> database =
      storage::ReadDatabaseSettings(
          *config, absl::StrCat(settings.data_dir, "/", kDatabaseFile));
  if (!database.ok()) return database.status();
  settings.database = *std::move(database);
  settings.archive_dir = absl::StrCat(settings.data_dir, "/", kArchiveDir);

  absl::StatusOr<std::string> orgs =
      config->GetPath("orgs_file", orgs::DefaultOrgTreePath());
  if (!orgs.ok()) return orgs.status();
  settings.orgs_file = flags.orgs ? *flags.orgs : *orgs;

  absl::StatusOr<int64_t> workers = config->GetInt("workers", 4, 1, 64);
  if (!workers.ok()) return workers.status();
  settings.workers = static_cast<int>(*workers);

  absl::StatusOr<auth::AuthSettings> auth =
      auth::AuthSettingsFromConfig(*config);
  if (!auth.ok()) return auth.status();
  settings.auth = *std::move(auth);

  absl::StatusOr<blobs::BlobLimits> limits = ArchiveLimitsFromConfig(*config);
  if (!limits.ok()) return limits.status();
  settings.archive_limits = *std::move(limits);

  absl::StatusOr<std::string> archives = config->GetPath(
      "archives_file",
      absl::StrCat(ANJU_SOURCE_DIR, "/config/registry/archives.yaml"));
  if (!archives.ok()) return archives.status();
  settings.archives_file = *std::move(archives);
  absl::StatusOr<std::string> models = config->GetPath(
      "priority_models",
      absl::StrCat(ANJU_SOURCE_DIR, "/config/registry/priority"));
  if (!models.ok()) return models.status();
  settings.priority_models = *std::move(models);

  absl::StatusOr<int64_t> import_bytes = config->GetInt(
      "max_import_bytes", settings.max_import_bytes, 1024, int64_t{256} << 20);
  if (!import_bytes.ok()) return import_bytes.status();
  settings.max_import_bytes = *import_bytes;
  // An import is one message: room for its content and the other fields.
  settings.server.max_receive_message_bytes =
      std::max<int64_t>(settings.server.max_receive_message_bytes,
                        settings.max_import_bytes + (64 << 10));
  return settings;
}

}  // namespace anju::registry
