#ifndef ANJU_SERVICES_SCORING_SETTINGS_H_
#define ANJU_SERVICES_SCORING_SETTINGS_H_

// anju-scoring's settings: built-in defaults, overridden by the --config
// file, overridden by command-line flags. Kept apart from main.cc so that
// the precedence and the errors are testable.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/auth_settings.h"
#include "common/server.h"
#include "services/scoring/limits.h"
#include "services/scoring/results/results_settings.h"

namespace anju::scoring {

inline constexpr char kDefaultListen[] = "127.0.0.1:50051";

// What the command line gave; nullopt where a flag was not given.
struct ScoringFlags {
  std::optional<std::string> listen;
  std::optional<std::string> config;   // a YAML file
  std::optional<std::string> rubrics;  // rubrics/<year>/<programme>.yaml
  results::ResultsFlags results;       // --submission, --redis, …
};

struct ScoringSettings {
  common::ServerOptions server;
  std::string rubrics_dir;
  ScoringLimits limits;
  results::ResultsSettings results;  // GetCityTotals, RankCities
  // Identity of callers (common/auth, the `auth:` section); no
  // credentials_file: authentication off.
  auth::AuthSettings auth;
};

// The configuration file's keys: the server's (common/server.h) plus
//   rubrics_dir: PATH     # relative to the file's folder
//   limits: {max_facts: 256, ...}   # see ScoringLimits
//   submission, submission_token_file, orgs_file, redis: the results API,
//     see services/scoring/results/results_settings.h
// Errors name the file, the line and the key; a bad --listen names the
// flag.
absl::StatusOr<ScoringSettings> ResolveSettings(const ScoringFlags& flags);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_SETTINGS_H_
