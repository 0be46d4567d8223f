#include "services/submission/settings.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/token_file.h"
#include "common/config.h"
#include "common/orgs/org_yaml.h"
#include "common/storage/database_config.h"
#include "services/submission/consistency/rules.h"

namespace anju::submission {
namespace {

common::ServerOptions DefaultServerOptions() {
  common::ServerOptions options;
  options.listen = kDefaultListen;
  options.health_services = {v1::SubmissionService::service_full_name()};
  return options;
}

absl::StatusOr<common::Config> LoadConfig(const SubmissionFlags& flags) {
  if (!flags.config) return common::Config();
  return common::Config::LoadFile(*flags.config);
}

// The token in the file `key` names, or "" when the key is absent.
absl::StatusOr<std::string> TokenFromFile(const common::Config& config,
                                          const std::string& key) {
  absl::StatusOr<std::string> path = config.GetPath(key, "");
  if (!path.ok()) return path.status();
  if (path->empty()) return std::string();
  absl::StatusOr<std::string> token = auth::ReadTokenFile(*path);
  if (!token.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(key, ": ", token.status().message()));
  }
  return token;
}

// The registry (项目储备库): optional; its address checked when given.
absl::Status RegistryFromConfig(const common::Config& config,
                                const SubmissionFlags& flags,
                                SubmissionSettings* settings) {
  absl::StatusOr<std::string> address =
      config.GetString("registry_address", "");
  if (!address.ok()) return address.status();
  settings->registry_address = flags.registry ? *flags.registry : *address;
  if (!settings->registry_address.empty()) {
    if (absl::Status s = common::ValidateListenAddress(
            settings->registry_address,
            flags.registry ? "--registry" : "registry_address");
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<int64_t> deadline_ms =
      config.GetInt("registry_deadline_ms", 5000, 100, 60000);
  if (!deadline_ms.ok()) return deadline_ms.status();
  settings->registry_deadline = absl::Milliseconds(*deadline_ms);
  absl::StatusOr<std::string> token =
      TokenFromFile(config, "registry_token_file");
  if (!token.ok()) return token.status();
  settings->registry_token = *std::move(token);
  return absl::OkStatus();
}

// The `evidence:` section: limits on uploaded files (佐证材料).
absl::StatusOr<EvidenceLimits> EvidenceLimitsFromConfig(
    const common::Config& config) {
  if (absl::Status s =
          config.CheckKeys("evidence", {"max_bytes", "allowed_types"});
      !s.ok()) {
    return s;
  }
  EvidenceLimits limits;
  absl::StatusOr<int64_t> max_bytes = config.GetInt(
      "evidence.max_bytes", limits.max_bytes, 1, int64_t{1} << 30);
  if (!max_bytes.ok()) return max_bytes.status();
  limits.max_bytes = *max_bytes;
  // One string (Config reads scalars only); MIME types hold neither spaces
  // nor commas, so either separates them.
  absl::StatusOr<std::string> types =
      config.GetString("evidence.allowed_types", "");
  if (!types.ok()) return types.status();
  if (!types->empty()) {
    limits.allowed_types =
        absl::StrSplit(*types, absl::ByAnyChar(", \n"), absl::SkipWhitespace());
  }
  return limits;
}

}  // namespace

absl::StatusOr<SubmissionSettings> ResolveSettings(
    const SubmissionFlags& flags) {
  absl::StatusOr<common::Config> config = LoadConfig(flags);
  if (!config.ok()) return config.status();
  std::vector<std::string> keys = common::ServerConfigKeys();
  keys.insert(keys.end(), {"data_dir", "scoring_address", "scoring_deadline_ms",
                           "orgs_file", "workers", "consistency_rules"});
  keys.insert(keys.end(),
              {"scoring_token_file", auth::kAuthConfigKey, "evidence"});
  keys.insert(keys.end(), {"registry_address", "registry_deadline_ms",
                           "registry_token_file", "database"});
  if (absl::Status s = config->CheckKeys("", keys); !s.ok()) return s;

  SubmissionSettings settings;
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
        "the evidence files and of the SQLite file");
  }
  absl::StatusOr<storage::DatabaseSettings> database =
      storage::ReadDatabaseSettings(
          *config, absl::StrCat(settings.data_dir, "/", kDatabaseFile));
  if (!database.ok()) return database.status();
  settings.database = *std::move(database);

  absl::StatusOr<std::string> scoring =
      config->GetString("scoring_address", "");
  if (!scoring.ok()) return scoring.status();
  settings.scoring_address = flags.scoring ? *flags.scoring : *scoring;
  if (settings.scoring_address.empty()) {
    return absl::InvalidArgumentError(
        "--scoring: required (or scoring_address in the config file): "
        "HOST:PORT of the scoring service");
  }
  if (absl::Status s = common::ValidateListenAddress(
          settings.scoring_address,
          flags.scoring ? "--scoring" : "scoring_address");
      !s.ok()) {
    return s;
  }

  absl::StatusOr<int64_t> deadline_ms =
      config->GetInt("scoring_deadline_ms", 5000, 100, 60000);
  if (!deadline_ms.ok()) return deadline_ms.status();
  settings.scoring_deadline = absl::Milliseconds(*deadline_ms);

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
  absl::StatusOr<std::string> token =
      TokenFromFile(*config, "scoring_token_file");
  if (!token.ok()) return token.status();
  settings.scoring_token = *std::move(token);
  absl::StatusOr<EvidenceLimits> evidence = EvidenceLimitsFromConfig(*config);
  if (!evidence.ok()) return evidence.status();
  settings.evidence = *std::move(evidence);
  settings.evidence_dir = absl::StrCat(settings.data_dir, "/", kEvidenceDir);
  absl::StatusOr<std::string> rules = config->GetPath(
      "consistency_rules", consistency::DefaultRulesDirectory());
  if (!rules.ok()) return rules.status();
  settings.consistency_rules =
      flags.consistency_rules ? *flags.consistency_rules : *rules;
  if (absl::Status s = RegistryFromConfig(*config, flags, &settings); !s.ok()) {
    return s;
  }
  return settings;
}

}  // namespace anju::submission
