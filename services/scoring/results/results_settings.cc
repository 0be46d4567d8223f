#include "services/scoring/results/results_settings.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/orgs/org_yaml.h"

namespace anju::scoring::results {

std::vector<std::string> ResultsConfigKeys() {
  return {"submission", "submission_token_file", "orgs_file", "redis"};
}

absl::Status ParseRedisAddress(const std::string& address,
                               absl::string_view field,
                               redis::RedisOptions* options) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 1 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", address,
                     "\" 不是 HOST:PORT (expected e.g. 127.0.0.1:6379)"));
  }
  options->host = address.substr(0, colon);
  options->port = port;
  return absl::OkStatus();
}

namespace {

// The `redis` section, or the --redis flag over it.
absl::StatusOr<std::optional<redis::RedisOptions>> RedisFrom(
    const common::Config& config, const ResultsFlags& flags) {
  if (!flags.redis && !config.Has("redis")) {
    return std::optional<redis::RedisOptions>();
  }
  if (auto s = config.CheckKeys(
          "redis", {"address", "connect_timeout_ms", "command_timeout_ms"});
      !s.ok()) {
    return s;
  }
  redis::RedisOptions options;
  auto address = config.GetString("redis.address", "127.0.0.1:6379");
  if (!address.ok()) return address.status();
  const std::string field = flags.redis ? "--redis" : "redis.address";
  if (auto s = ParseRedisAddress(flags.redis ? *flags.redis : *address, field,
                                 &options);
      !s.ok()) {
    return s;
  }
  auto connect = config.GetInt("redis.connect_timeout_ms", 500, 1, 60000);
  if (!connect.ok()) return connect.status();
  auto command = config.GetInt("redis.command_timeout_ms", 200, 1, 60000);
  if (!command.ok()) return command.status();
  options.connect_timeout = absl::Milliseconds(*connect);
  options.command_timeout = absl::Milliseconds(*command);
  return std::optional<redis::RedisOptions>(options);
}

}  // namespace

absl::StatusOr<ResultsSettings> ResolveResultsSettings(
    const common::Config& config, const ResultsFlags& flags) {
  ResultsSettings settings;
  auto submission = config.GetString("submission", "");
  if (!submission.ok()) return submission.status();
  settings.submission = flags.submission.value_or(*submission);
  auto token = config.GetPath("submission_token_file", "");
  if (!token.ok()) return token.status();
  settings.submission_token_file = flags.submission_token_file.value_or(*token);
  auto orgs = config.GetPath("orgs_file", orgs::DefaultOrgTreePath());
  if (!orgs.ok()) return orgs.status();
  settings.orgs_file = flags.orgs.value_or(*orgs);
  auto redis = RedisFrom(config, flags);
  if (!redis.ok()) return redis.status();
  settings.redis = *redis;
  return settings;
}

}  // namespace anju::scoring::results
