#ifndef ANJU_COMMON_AUTH_SERVER_IDENTITY_H_
#define ANJU_COMMON_AUTH_SERVER_IDENTITY_H_

// What a server's main needs for identity, in one call: the org tree (whose
// orgs credentials act for), the access gate over the services it serves,
// and the interceptor installed in its ServerOptions.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/access_gate.h"
#include "common/auth/auth_settings.h"
#include "common/log.h"
#include "common/orgs/org_tree.h"
#include "common/server.h"

namespace anju::auth {

struct ServerIdentity {
  std::unique_ptr<orgs::OrgTree> tree;
  std::unique_ptr<AccessGate> gate;  // uses `tree`
};

// Loads `orgs_file` and the gate over every method of `services` (plus
// health and reflection), and sets `server->interceptors`. Logs what fails
// through `log`; the result must outlive the server.
absl::StatusOr<ServerIdentity> StartServerIdentity(
    const std::string& orgs_file, const AuthSettings& settings,
    const std::vector<std::string>& services, common::ServerOptions* server,
    const common::Logger& log);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_SERVER_IDENTITY_H_
