#ifndef ANJU_SERVICES_SCORING_RESULTS_RESULTS_SETTINGS_H_
#define ANJU_SERVICES_SCORING_RESULTS_RESULTS_SETTINGS_H_

// The results API's part of anju-scoring's settings. All optional: without
// `submission` the API is off (its RPCs answer FAILED_PRECONDITION);
// without `redis` every call computes.
//
//   submission: 127.0.0.1:50052            # --submission
//   submission_token_file: service.token   # --submission-token-file
//   orgs_file: data/orgs/inner-mongolia.yaml   # --orgs
//   redis:                                 # --redis HOST:PORT
//     address: 127.0.0.1:6379
//     connect_timeout_ms: 500
//     command_timeout_ms: 200

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/config.h"
#include "common/redis/redis_options.h"
#include "common/tls/tls_settings.h"

namespace anju::scoring::results {

struct ResultsFlags {
  std::optional<std::string> submission;
  std::optional<std::string> submission_token_file;
  std::optional<std::string> orgs;
  std::optional<std::string> redis;  // HOST:PORT
};

struct ResultsSettings {
  std::string submission;             // empty: the results API is off
  std::string submission_token_file;  // empty: no token sent
  std::string orgs_file;
  std::optional<redis::RedisOptions> redis;  // nullopt: no cache
  absl::Duration submission_deadline = absl::Seconds(5);
  int workers = 4;
  // How the results API reaches the submission service: the server's own
  // tls.outbound (common/tls), set by main; disabled: plaintext.
  common::tls::ClientTls submission_tls;
};

// The top-level keys above, for the server's CheckKeys.
std::vector<std::string> ResultsConfigKeys();

// Flags over the file over defaults; INVALID_ARGUMENT naming the flag or
// the file's key.
absl::StatusOr<ResultsSettings> ResolveResultsSettings(
    const common::Config& config, const ResultsFlags& flags);

// "host:port" into options; INVALID_ARGUMENT naming `field`.
absl::Status ParseRedisAddress(const std::string& address,
                               absl::string_view field,
                               redis::RedisOptions* options);

}  // namespace anju::scoring::results

#endif  // ANJU_SERVICES_SCORING_RESULTS_RESULTS_SETTINGS_H_
