#include "common/auth/auth_settings.h"

#include <utility>

namespace anju::auth {

absl::StatusOr<AuthSettings> AuthSettingsFromConfig(
    const common::Config& config) {
  if (absl::Status s = config.CheckKeys(
          kAuthConfigKey, {"credentials_file", "policy_file", "rate_limits"});
      !s.ok()) {
    return s;
  }
  AuthSettings settings;
  absl::StatusOr<std::string> credentials =
      config.GetPath("auth.credentials_file", "");
  if (!credentials.ok()) return credentials.status();
  absl::StatusOr<std::string> policy =
      config.GetPath("auth.policy_file", settings.policy_file);
  if (!policy.ok()) return policy.status();
  absl::StatusOr<RoleRateLimits> rate_limits = RateLimitsFromConfig(config);
  if (!rate_limits.ok()) return rate_limits.status();
  settings.credentials_file = *std::move(credentials);
  settings.policy_file = *std::move(policy);
  settings.rate_limits = *std::move(rate_limits);
  return settings;
}

absl::StatusOr<std::unique_ptr<AccessGate>> LoadAccessGate(
    const AuthSettings& settings, const orgs::OrgTree* tree,
    const std::vector<std::string>& methods, AuditSink sink,
    const common::Logger* logger) {
  if (tree == nullptr) {
    return absl::InvalidArgumentError("LoadAccessGate needs an org tree");
  }
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy =
      AccessPolicy::LoadFile(settings.policy_file);
  if (!policy.ok()) return policy.status();
  if (absl::Status s = (*policy)->CheckCovers(methods); !s.ok()) return s;

  std::unique_ptr<CredentialStore> credentials;
  if (!settings.credentials_file.empty()) {
    absl::StatusOr<std::unique_ptr<CredentialStore>> loaded =
        CredentialStore::LoadFile(settings.credentials_file, *tree);
    if (!loaded.ok()) return loaded.status();
    credentials = *std::move(loaded);
  }
  if (!sink && logger != nullptr) sink = LoggingAuditSink(logger);
  if (logger != nullptr) {
    if (credentials == nullptr && settings.client_certificates) {
      logger->Info("authentication on: client certificates only",
                   {{"policy_file", settings.policy_file}});
    } else if (credentials == nullptr) {
      logger->Warning(
          "authentication off: 未配置凭据文件, 所有调用均不认证 (no "
          "auth.credentials_file configured: every call is let in as "
          "'anonymous'; for local development only)",
          {{"policy_file", settings.policy_file}});
    } else {
      logger->Info("authentication on",
                   {{"credentials_file", settings.credentials_file},
                    {"credentials", credentials->size()},
                    {"policy_file", settings.policy_file}});
    }
  }
  absl::StatusOr<std::unique_ptr<AccessGate>> gate =
      AccessGate::Create(std::move(credentials), *std::move(policy), tree,
                         std::move(sink), settings.client_certificates);
  if (gate.ok()) (*gate)->set_rate_limits(settings.rate_limits);
  return gate;
}

absl::StatusOr<std::unique_ptr<AccessGate>> LoadServerGate(
    const AuthSettings& settings, const orgs::OrgTree* tree,
    const std::vector<std::string>& services, const common::Logger* logger) {
  absl::StatusOr<std::vector<std::string>> methods =
      MethodsOfServices(services);
  if (!methods.ok()) return methods.status();
  const std::vector<std::string>& infrastructure = InfrastructureMethods();
  methods->insert(methods->end(), infrastructure.begin(), infrastructure.end());
  return LoadAccessGate(settings, tree, *methods, /*sink=*/nullptr, logger);
}

}  // namespace anju::auth
