#ifndef ANJU_COMMON_AUTH_AUTH_SETTINGS_H_
#define ANJU_COMMON_AUTH_AUTH_SETTINGS_H_

// A server's `auth:` configuration and the gate built from it:
//
//   auth:
//     credentials_file: /etc/anju/credentials.yaml   # absent: auth off
//     policy_file: /etc/anju/access-policy.yaml      # default: the tree's
//     rate_limits:                                   # per role (rate_limits.h)
//       external_system: {per_second: 50, burst: 100}
//
// Authentication is on exactly when a credentials file is configured or the
// server verifies client certificates (common/tls); there is no flag or
// environment variable that turns it off.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/access_gate.h"
#include "common/auth/audit.h"
#include "common/auth/rate_limits.h"
#include "common/config.h"
#include "common/log.h"
#include "common/orgs/org_tree.h"

namespace anju::auth {

struct AuthSettings {
  // Empty: authentication off, for local development only.
  std::string credentials_file;
  std::string policy_file = DefaultPolicyPath();
  // Roles not listed are not limited; with authentication off nothing is.
  RoleRateLimits rate_limits;
  // The server verifies client certificates (tls.client_auth request or
  // require): they name callers too, so authentication is on even without
  // a credentials file. Set from the server's options, not from `auth:`.
  bool client_certificates = false;
};

// The top-level key this adds to a server's Config::CheckKeys("") list.
inline constexpr char kAuthConfigKey[] = "auth";

// Reads auth.credentials_file and auth.policy_file (paths relative to the
// config file); INVALID_ARGUMENT on an unknown key under auth.
absl::StatusOr<AuthSettings> AuthSettingsFromConfig(
    const common::Config& config);

// Loads the policy and, when configured, the credentials (checked against
// `tree`), and checks that the policy lists every method of `methods` (see
// MethodsOfServices and InfrastructureMethods). Logs a warning when
// authentication is off. `sink` empty: denials are logged through `logger`.
// `tree` and `logger` must outlive the gate; `logger` may be null.
absl::StatusOr<std::unique_ptr<AccessGate>> LoadAccessGate(
    const AuthSettings& settings, const orgs::OrgTree* tree,
    const std::vector<std::string>& methods, AuditSink sink,
    const common::Logger* logger);

// A server's gate: LoadAccessGate over every method of the gRPC services
// named (e.g. anju::v1::ScoringService::service_full_name()) plus health
// and reflection, denials logged through `logger`.
absl::StatusOr<std::unique_ptr<AccessGate>> LoadServerGate(
    const AuthSettings& settings, const orgs::OrgTree* tree,
    const std::vector<std::string>& services, const common::Logger* logger);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_AUTH_SETTINGS_H_
