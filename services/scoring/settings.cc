#include "services/scoring/settings.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "common/config.h"

namespace anju::scoring {
namespace {

common::ServerOptions DefaultServerOptions() {
  common::ServerOptions options;
  options.listen = kDefaultListen;
  options.health_services = {v1::ScoringService::service_full_name()};
  return options;
}

std::string DefaultRubricsDir() { return ANJU_SOURCE_DIR "/rubrics"; }

absl::StatusOr<common::Config> LoadConfig(const ScoringFlags& flags) {
  if (!flags.config) return common::Config();
  return common::Config::LoadFile(*flags.config);
}

}  // namespace

absl::StatusOr<ScoringSettings> ResolveSettings(const ScoringFlags& flags) {
  absl::StatusOr<common::Config> config = LoadConfig(flags);
  if (!config.ok()) return config.status();
  std::vector<std::string> keys = common::ServerConfigKeys();
  keys.insert(keys.end(), {"rubrics_dir", "limits", auth::kAuthConfigKey});
  for (std::string& key : results::ResultsConfigKeys()) keys.push_back(key);
  if (absl::Status s = config->CheckKeys("", keys); !s.ok()) return s;

  ScoringSettings settings;
  absl::StatusOr<common::ServerOptions> server =
      common::ServerOptionsFromConfig(*config, DefaultServerOptions(),
                                      flags.listen);
  if (!server.ok()) return server.status();
  settings.server = *std::move(server);

  absl::StatusOr<std::string> rubrics =
      config->GetPath("rubrics_dir", DefaultRubricsDir());
  if (!rubrics.ok()) return rubrics.status();
  settings.rubrics_dir = flags.rubrics ? *flags.rubrics : *rubrics;

  absl::StatusOr<ScoringLimits> limits = LimitsFromConfig(*config);
  if (!limits.ok()) return limits.status();
  settings.limits = *limits;

  auto results = results::ResolveResultsSettings(*config, flags.results);
  if (!results.ok()) return results.status();
  settings.results = *std::move(results);
  absl::StatusOr<auth::AuthSettings> auth =
      auth::AuthSettingsFromConfig(*config);
  if (!auth.ok()) return auth.status();
  settings.auth = *std::move(auth);
  return settings;
}

}  // namespace anju::scoring
