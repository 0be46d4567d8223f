#ifndef ANJU_SERVICES_SUBMISSION_SETTINGS_H_
#define ANJU_SERVICES_SUBMISSION_SETTINGS_H_

// anju-submission's settings: built-in defaults, overridden by the --config
// file, overridden by command-line flags. The scoring service's address and
// the data folder have no default: the service refuses to start without
// them rather than guess.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/auth_settings.h"
#include "common/server.h"
#include "common/storage/open_database.h"
#include "services/submission/evidence_checks.h"

namespace anju::submission {

inline constexpr char kDefaultListen[] = "127.0.0.1:50052";
inline constexpr char kDatabaseFile[] = "submission.db";

// What the command line gave; nullopt where a flag was not given.
struct SubmissionFlags {
  std::optional<std::string> listen;
  std::optional<std::string> config;    // a YAML file
  std::optional<std::string> data;      // folder of evidence and SQLite
  std::optional<std::string> scoring;   // HOST:PORT of anju-scoring
  std::optional<std::string> registry;  // HOST:PORT of anju-registry
  std::optional<std::string> orgs;      // the hierarchy's YAML file
  // The folder of the consistency rules (<year>/consistency.yaml).
  std::optional<std::string> consistency_rules;
};

struct SubmissionSettings {
  common::ServerOptions server;
  std::string data_dir;
  // The `database:` block; without one, SQLite at data_dir/submission.db.
  storage::DatabaseSettings database;
  std::string scoring_address;
  absl::Duration scoring_deadline = absl::Seconds(5);
  std::string orgs_file;
  int workers = 4;  // threads that run handlers (storage and scoring calls)
  // Identity of callers (common/auth); no credentials_file: off.
  auth::AuthSettings auth;
  // The bearer token (role service) sent to the scoring service, read from
  // scoring_token_file at start; empty when none is configured. A secret:
  // never logged.
  std::string scoring_token;
  std::string evidence_dir;  // data_dir/evidence: the evidence blobs
  EvidenceLimits evidence;
  // 一致性检查规则: DIR/<year>/consistency.yaml.
  std::string consistency_rules;
  // The project reserve (项目储备库) whose facts pre-fill drafts; empty:
  // none, drafts are saved as filed.
  std::string registry_address;
  absl::Duration registry_deadline = absl::Seconds(5);
  // From registry_token_file (role service); a secret, never logged.
  std::string registry_token;
};

// The configuration file's keys: the server's (common/server.h) plus
//   data_dir: PATH              # relative to the file's folder
//   database: {backend, path, dsn, dsn_file, …}   # common/storage/README.md;
//                               # default: SQLite at data_dir/submission.db
//   scoring_address: HOST:PORT
//   scoring_deadline_ms: 5000   # 100–60000
//   orgs_file: PATH             # default data/orgs/inner-mongolia.yaml
//   workers: 4                  # 1–64
//   scoring_token_file: PATH    # the token for scoring, when it has auth on
//   auth: {credentials_file, policy_file}   # common/auth/auth_settings.h
// A scoring_token_file that cannot be read or holds no token stops the
// start.
//   evidence:
//     max_bytes: 20971520       # per file, 1 byte – 1 GiB
//     allowed_types: application/pdf image/png …   # MIME types, separated
//                                                  # by spaces or commas
//   consistency_rules: DIR      # default: the source tree's rules/
//   registry_address: HOST:PORT # optional (or --registry): 项目储备库
//   registry_deadline_ms: 5000  # 100–60000
//   registry_token_file: PATH   # the token for the registry, when it has
//                               # auth on
// Errors name the file, line and key, or the flag.
absl::StatusOr<SubmissionSettings> ResolveSettings(
    const SubmissionFlags& flags);

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_SETTINGS_H_
