#include "services/notification/settings.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "anju/v1/notification.grpc.pb.h"
#include "common/auth/token_file.h"
#include "common/config.h"
#include "common/orgs/org_yaml.h"
#include "common/storage/database_config.h"
#include "services/notification/policy.h"

namespace anju::notification {
namespace {

absl::StatusOr<std::string> ReadSecretFile(const std::string& path,
                                           absl::string_view key) {
  std::ifstream in(path);
  std::stringstream text;
  if (in) text << in.rdbuf();
  std::string secret(absl::StripTrailingAsciiWhitespace(text.str()));
  if (!in || secret.empty() || secret.size() > 4096) {
    return absl::InvalidArgumentError(
        absl::StrCat(key, ": ", path, " 无法读取或为空"));
  }
  return secret;
}

absl::Status ReadSmtp(const common::Config& config, SmtpSettings* smtp) {
  if (auto s =
          config.CheckKeys("smtp", {"url", "from", "username", "password_file",
                                    "timeout_ms", "require_tls"});
      !s.ok()) {
    return s;
  }
  auto url = config.GetString("smtp.url", "");
  auto from = config.GetString("smtp.from", "");
  auto user = config.GetString("smtp.username", "");
  auto password = config.GetPath("smtp.password_file", "");
  auto timeout = config.GetInt("smtp.timeout_ms", 20000, 100, 120000);
  auto tls = config.GetBool("smtp.require_tls", false);
  for (const absl::Status& s :
       {url.status(), from.status(), user.status(), password.status(),
        timeout.status(), tls.status()}) {
    if (!s.ok()) return s;
  }
  smtp->require_tls = *tls;
  smtp->url = *url;
  smtp->from = *from;
  smtp->username = *user;
  smtp->timeout = absl::Milliseconds(*timeout);
  if (!smtp->url.empty() && smtp->from.empty()) {
    return absl::InvalidArgumentError("smtp.from: 配置了 smtp.url 时必填");
  }
  if (!password->empty()) {
    auto secret = ReadSecretFile(*password, "smtp.password_file");
    if (!secret.ok()) return secret.status();
    smtp->password = *std::move(secret);
  }
  return absl::OkStatus();
}

absl::Status ReadRetry(const common::Config& config, RetryPolicy* retry) {
  if (auto s = config.CheckKeys("retry", {"initial_backoff_ms", "multiplier",
                                          "max_backoff_ms", "max_attempts"});
      !s.ok()) {
    return s;
  }
  auto initial = config.GetInt("retry.initial_backoff_ms", 30000, 1, 3600000);
  auto multiplier = config.GetInt("retry.multiplier", 2, 1, 10);
  auto max = config.GetInt("retry.max_backoff_ms", 1800000, 1, 86400000);
  auto attempts = config.GetInt("retry.max_attempts", 8, 1, 100);
  for (const absl::Status& s : {initial.status(), multiplier.status(),
                                max.status(), attempts.status()}) {
    if (!s.ok()) return s;
  }
  retry->initial_backoff = absl::Milliseconds(*initial);
  retry->multiplier = static_cast<double>(*multiplier);
  retry->max_backoff = absl::Milliseconds(*max);
  retry->max_attempts = static_cast<int>(*attempts);
  return retry->Validate();
}

absl::Status ReadSubmission(const common::Config& config,
                            const NotificationFlags& flags,
                            NotificationSettings* settings) {
  auto address = config.GetString("submission_address", "");
  if (!address.ok()) return address.status();
  settings->submission_address =
      flags.submission ? *flags.submission : *address;
  if (settings->submission_address.empty()) {
    return absl::InvalidArgumentError(
        "--submission: required (or submission_address in the config file): "
        "HOST:PORT of the submission service");
  }
  if (auto s = common::ValidateListenAddress(
          settings->submission_address,
          flags.submission ? "--submission" : "submission_address");
      !s.ok()) {
    return s;
  }
  auto deadline = config.GetInt("submission_deadline_ms", 5000, 100, 60000);
  if (!deadline.ok()) return deadline.status();
  settings->submission_deadline = absl::Milliseconds(*deadline);
  auto token_file = config.GetPath("submission_token_file", "");
  if (!token_file.ok()) return token_file.status();
  if (!token_file->empty()) {
    auto token = auth::ReadTokenFile(*token_file);
    if (!token.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("submission_token_file: ", token.status().message()));
    }
    settings->submission_token = *std::move(token);
  }
  return absl::OkStatus();
}

absl::Status ReadTiming(const common::Config& config,
                        NotificationSettings* settings) {
  auto tick = config.GetInt("tick_ms", 30000, 100, 3600000);
  auto lookback = config.GetInt("initial_lookback_hours", 24, 0, 2400);
  auto workers = config.GetInt("workers", 4, 1, 64);
  auto webhook = config.GetInt("webhook.timeout_ms", 10000, 100, 120000);
  for (const absl::Status& s :
       {tick.status(), lookback.status(), workers.status(), webhook.status()}) {
    if (!s.ok()) return s;
  }
  settings->tick = absl::Milliseconds(*tick);
  settings->initial_lookback = absl::Hours(*lookback);
  settings->workers = static_cast<int>(*workers);
  settings->webhook.timeout = absl::Milliseconds(*webhook);
  return config.CheckKeys("webhook", {"timeout_ms"});
}

// The database: SQLite in the data folder unless a `database:` block names
// another file or PostgreSQL (then no data folder is needed).
absl::Status ReadDatabase(const common::Config& config,
                          const NotificationFlags& flags,
                          NotificationSettings* settings) {
  auto data = config.GetPath("data_dir", "");
  if (!data.ok()) return data.status();
  settings->data_dir = flags.data ? *flags.data : *data;
  auto database = storage::ReadDatabaseSettings(
      config, settings->data_dir.empty()
                  ? ""
                  : absl::StrCat(settings->data_dir, "/", kDatabaseFile));
  if (!database.ok()) return database.status();
  settings->database = *std::move(database);
  if (settings->database.backend == storage::Backend::kSqlite &&
      settings->database.path.empty()) {
    return absl::InvalidArgumentError(
        "--data: required (or data_dir, or database in the config file): "
        "the folder of notification.db");
  }
  return absl::OkStatus();
}

std::string DefaultReplicaId() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return absl::StrCat(host[0] != '\0' ? host : "anju-notification", "-",
                      getpid());
}

// The replica's name in delivery claims and how long a claim lasts; the
// lease must outlast an attempt, or a slow send would be taken over and
// sent twice.
absl::Status ReadReplica(const common::Config& config,
                         NotificationSettings* settings) {
  auto id = config.GetString("replica_id", "");
  auto lease = config.GetInt("claim_lease_ms", 300000, 1000, 3600000);
  for (const absl::Status& s : {id.status(), lease.status()}) {
    if (!s.ok()) return s;
  }
  settings->replica_id = id->empty() ? DefaultReplicaId() : *id;
  if (settings->replica_id.size() > 200) {
    return absl::InvalidArgumentError("replica_id: 最长 200 字节");
  }
  settings->claim_lease = absl::Milliseconds(*lease);
  const absl::Duration attempt =
      std::max(settings->smtp.timeout, settings->webhook.timeout);
  if (settings->claim_lease < 2 * attempt) {
    return absl::InvalidArgumentError(absl::StrCat(
        "claim_lease_ms: 须至少为 smtp.timeout_ms 与 webhook.timeout_ms "
        "较大者的两倍 (must be at least twice the longer send timeout, ",
        absl::ToInt64Milliseconds(2 * attempt), " ms)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NotificationSettings> ResolveSettings(
    const NotificationFlags& flags) {
  auto config = flags.config ? common::Config::LoadFile(*flags.config)
                             : absl::StatusOr<common::Config>(common::Config());
  if (!config.ok()) return config.status();
  std::vector<std::string> keys = common::ServerConfigKeys();
  keys.insert(
      keys.end(),
      {"data_dir", "orgs_file", auth::kAuthConfigKey, "submission_address",
       "submission_token_file", "submission_deadline_ms", "tick_ms",
       "initial_lookback_hours", "workers", "default_policy_file", "clock_file",
       "smtp", "webhook", "retry", "database", "replica_id", "claim_lease_ms"});
  if (auto s = config->CheckKeys("", keys); !s.ok()) return s;

  NotificationSettings settings;
  common::ServerOptions defaults;
  defaults.listen = kDefaultListen;
  defaults.health_services = {v1::NotificationService::service_full_name()};
  auto server =
      common::ServerOptionsFromConfig(*config, defaults, flags.listen);
  if (!server.ok()) return server.status();
  settings.server = *std::move(server);

  if (auto s = ReadDatabase(*config, flags, &settings); !s.ok()) return s;
  auto orgs = config->GetPath("orgs_file", orgs::DefaultOrgTreePath());
  if (!orgs.ok()) return orgs.status();
  settings.orgs_file = flags.orgs ? *flags.orgs : *orgs;
  auto auth = auth::AuthSettingsFromConfig(*config);
  if (!auth.ok()) return auth.status();
  settings.auth = *std::move(auth);
  if (auto s = ReadSubmission(*config, flags, &settings); !s.ok()) return s;
  if (auto s = ReadTiming(*config, &settings); !s.ok()) return s;
  if (auto s = ReadSmtp(*config, &settings.smtp); !s.ok()) return s;
  if (auto s = ReadRetry(*config, &settings.retry); !s.ok()) return s;
  if (auto s = ReadReplica(*config, &settings); !s.ok()) return s;

  auto policy_file =
      config->GetPath("default_policy_file", DefaultPolicyPath());
  if (!policy_file.ok()) return policy_file.status();
  settings.default_policy_file = *policy_file;
  auto policy = LoadPolicyFile(settings.default_policy_file);
  if (!policy.ok()) return policy.status();
  settings.default_policy = *std::move(policy);
  auto clock = config->GetPath("clock_file", "");
  if (!clock.ok()) return clock.status();
  settings.clock_file = flags.clock_file ? *flags.clock_file : *clock;
  return settings;
}

}  // namespace anju::notification
