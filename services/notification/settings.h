#ifndef ANJU_SERVICES_NOTIFICATION_SETTINGS_H_
#define ANJU_SERVICES_NOTIFICATION_SETTINGS_H_

// anju-notification's settings: built-in defaults, overridden by the
// --config file, overridden by command-line flags. The data folder and the
// submission service's address have no default: the service refuses to
// start without them rather than guess.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/notification.pb.h"
#include "common/auth/auth_settings.h"
#include "common/server.h"
#include "common/storage/open_database.h"
#include "services/notification/delivery/senders.h"
#include "services/notification/retry_policy.h"

namespace anju::notification {

inline constexpr char kDefaultListen[] = "127.0.0.1:50054";
inline constexpr char kDatabaseFile[] = "notification.db";

struct NotificationFlags {
  std::optional<std::string> listen;
  std::optional<std::string> config;
  std::optional<std::string> data;
  std::optional<std::string> submission;  // HOST:PORT of anju-submission
  std::optional<std::string> orgs;
  std::optional<std::string> clock_file;  // simulated time (tests)
};

struct NotificationSettings {
  common::ServerOptions server;
  std::string data_dir;  // holds notification.db unless `database:` says
  storage::DatabaseSettings database;  // default: data_dir/notification.db
  std::string replica_id;              // default: hostname-pid
  absl::Duration claim_lease = absl::Minutes(5);
  std::string orgs_file;
  auth::AuthSettings auth;
  std::string submission_address;
  std::string submission_token;  // role service; a secret, never logged
  absl::Duration submission_deadline = absl::Seconds(5);
  absl::Duration tick = absl::Seconds(30);
  absl::Duration initial_lookback = absl::Hours(24);
  int workers = 4;
  std::string default_policy_file;
  v1::ReminderPolicy default_policy;  // loaded and validated
  SmtpSettings smtp;  // delivery/senders.h; no url: no e-mail channel
  WebhookSettings webhook;
  RetryPolicy retry;
  std::string clock_file;  // empty: the system clock
};

// The configuration file's keys: the server's (common/server.h) plus
//   data_dir, database {…} (common/storage/README.md), replica_id,
//   claim_lease_ms (1000–3600000, at least twice the longer of smtp and
//   webhook timeout_ms), orgs_file, auth {credentials_file, policy_file},
//   submission_address, submission_token_file, submission_deadline_ms,
//   tick_ms (100–3600000), initial_lookback_hours (0–2400), workers (1–64),
//   default_policy_file, clock_file,
//   smtp {url, from, username, password_file, timeout_ms, require_tls},
//   webhook {timeout_ms},
//   retry {initial_backoff_ms, multiplier, max_backoff_ms, max_attempts}.
// Errors name the file, line and key, or the flag.
absl::StatusOr<NotificationSettings> ResolveSettings(
    const NotificationFlags& flags);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_SETTINGS_H_
