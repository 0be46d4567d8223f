#ifndef ANJU_COMMON_AUTH_ACCESS_POLICY_H_
#define ANJU_COMMON_AUTH_ACCESS_POLICY_H_

// The access matrix as data (config/access-policy.yaml): for every RPC, by
// its full gRPC method name, either `public: true` (health checks,
// reflection: no credential needed) or a scope for each of the six roles:
//
//   methods:
//     /grpc.health.v1.Health/Check: {public: true}
//     /anju.v1.ScoringService/Evaluate:
//       county_filer: any
//       city_coordinator: any
//       region_reviewer: any
//       region_admin: any
//       external_system: any
//       service: any
//
// Every role must be written out, so that a new role or a new method is a
// decision in the file rather than a silent default. A method the file does
// not list is denied to everyone (default deny); CheckCovers finds such
// methods at start-up.

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"
#include "common/auth/scope.h"

namespace anju::auth {

class AccessPolicy {
 public:
  // INVALID_ARGUMENT naming `source`, the method, its line and the rule:
  // a malformed method name, a duplicate method, an unknown field, role or
  // scope, a missing role, `own_city` for a role whose org is a county or
  // the region (there it would mean own_org or region: write that), or no
  // methods at all.
  static absl::StatusOr<std::unique_ptr<AccessPolicy>> Parse(
      absl::string_view yaml, absl::string_view source);
  // The same from a file; NOT_FOUND when it cannot be read.
  static absl::StatusOr<std::unique_ptr<AccessPolicy>> LoadFile(
      const std::string& path);

  AccessPolicy(const AccessPolicy&) = delete;
  AccessPolicy& operator=(const AccessPolicy&) = delete;

  // Whether calls of `method` skip authentication.
  bool IsPublic(absl::string_view method) const;
  // The scope of `role` on `method`; kNone when the method is not listed
  // (default deny) or public (public methods have no roles).
  Scope ScopeFor(absl::string_view method, Role role) const;
  bool Lists(absl::string_view method) const;
  // Every listed method, sorted: what a generated access-matrix test walks.
  std::vector<std::string> Methods() const;

  // OK when every method of `methods` is listed; otherwise
  // INVALID_ARGUMENT naming the policy file and every missing method.
  absl::Status CheckCovers(const std::vector<std::string>& methods) const;

  const std::string& source() const { return source_; }

 private:
  friend class PolicyReader;

  struct Rule {
    bool is_public = false;
    std::array<Scope, kRoleCount> scopes{};  // by static_cast<int>(Role)
  };

  AccessPolicy(std::string source,
               absl::flat_hash_map<std::string, Rule> rules);

  std::string source_;
  absl::flat_hash_map<std::string, Rule> rules_;
};

// "/anju.v1.ScoringService/Evaluate" and the like for every method of the
// named services ("anju.v1.ScoringService", as the generated classes'
// service_full_name() gives it), from the descriptors linked into this
// binary (a server that registers a service links them). grpc::Service does
// not expose its methods, so the descriptors are the source. NOT_FOUND
// naming a service that is not linked in.
absl::StatusOr<std::vector<std::string>> MethodsOfServices(
    const std::vector<std::string>& service_full_names);

// The methods gRPC itself registers on every Anju server (health checking,
// reflection); the policy must list them, normally as public.
const std::vector<std::string>& InfrastructureMethods();

// config/access-policy.yaml of this source tree.
std::string DefaultPolicyPath();

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_ACCESS_POLICY_H_
