#include "common/auth/server_identity.h"

#include <utility>

#include "common/auth/auth_interceptor.h"
#include "common/orgs/org_yaml.h"

namespace anju::auth {

absl::StatusOr<ServerIdentity> StartServerIdentity(
    const std::string& orgs_file, const AuthSettings& settings,
    const std::vector<std::string>& services, common::ServerOptions* server,
    const common::Logger& log) {
  ServerIdentity identity;
  absl::StatusOr<std::unique_ptr<orgs::OrgTree>> tree =
      orgs::LoadOrgTreeFile(orgs_file);
  if (!tree.ok()) {
    log.Error("cannot load the organisation hierarchy",
              {{"file", orgs_file}, {"error", tree.status().message()}});
    return tree.status();
  }
  identity.tree = *std::move(tree);
  AuthSettings with_tls = settings;
  with_tls.client_certificates = server->client_certificates;
  absl::StatusOr<std::unique_ptr<AccessGate>> gate =
      LoadServerGate(with_tls, identity.tree.get(), services, &log);
  if (!gate.ok()) {
    log.Error("cannot load identity (auth)",
              {{"error", gate.status().message()}});
    return gate.status();
  }
  identity.gate = *std::move(gate);
  const AccessGate* access = identity.gate.get();
  server->interceptors = [access] { return MakeInterceptorCreators(access); };
  return identity;
}

}  // namespace anju::auth
