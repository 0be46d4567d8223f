#ifndef ANJU_COMMON_AUTH_ACCESS_GATE_H_
#define ANJU_COMMON_AUTH_ACCESS_GATE_H_

// Identity for one server: the credentials, the access policy, the org tree
// and the audit sink, with the interceptor that applies them to every call
// and the two calls a handler makes.
//
// Wiring (a main; see README.md):
//   auto gate = LoadAccessGate(settings, tree.get(), methods, sink, &logger);
//   builder.experimental().SetInterceptorCreators(
//       MakeInterceptorCreators((*gate).get()));
// A handler (callback API):
//   absl::StatusOr<Caller> caller = gate->Authenticate(context);
//   if (!caller.ok()) return Finish(caller.status());
//   if (absl::Status s = gate->Authorize(*caller, request->org()); !s.ok())
//     return Finish(s);
//
// The interceptor refuses a call before the handler sees it when the
// credential is missing or unknown (UNAUTHENTICATED) or the role's scope on
// the method is none (PERMISSION_DENIED). Which org a call touches is in
// the request, so that part is the handler's Authorize.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/access_policy.h"
#include "common/auth/audit.h"
#include "common/auth/call_table.h"
#include "common/auth/caller.h"
#include "common/auth/credential_store.h"
#include "common/auth/rate_limits.h"
#include "common/orgs/org_tree.h"
#include "common/tls/peer_certificate.h"

namespace grpc {
class ServerContextBase;
}  // namespace grpc

namespace anju::auth {

class AccessGate {
 public:
  // `credentials` null and `client_certificates` false switch
  // authentication off: every call is let in as AnonymousPrincipal (local
  // development). `client_certificates`: a call without a bearer token is
  // admitted as the principal of its verified client certificate (mutual
  // TLS, certificate_principal.h). `tree` must outlive the gate; `sink` may
  // be empty (denials are then not recorded).
  static absl::StatusOr<std::unique_ptr<AccessGate>> Create(
      std::unique_ptr<CredentialStore> credentials,
      std::unique_ptr<AccessPolicy> policy, const orgs::OrgTree* tree,
      AuditSink sink, bool client_certificates = false);

  AccessGate(const AccessGate&) = delete;
  AccessGate& operator=(const AccessGate&) = delete;

  bool enabled() const {
    return credentials_ != nullptr || client_certificates_;
  }
  const AccessPolicy& policy() const { return *policy_; }
  const orgs::OrgTree& tree() const { return *tree_; }

  // The decision for one call of a non-public `method`, from the values of
  // its `authorization` metadata (normally one) or, when there are none and
  // client certificates are on, from its verified client `certificate`
  // (null: none). A bearer token wins over a certificate. Denials go to the
  // sink. Used by the interceptor; public so that it can be tested without
  // gRPC.
  absl::StatusOr<Caller> Admit(
      absl::string_view method,
      const std::vector<absl::string_view>& authorization,
      absl::string_view peer,
      const common::tls::PeerCertificate* certificate = nullptr) const;

  // For a handler: its call's caller, or the status the call was refused
  // with (the client has already received it; finish with it too).
  // INTERNAL when the interceptor did not see the call: it is not installed
  // or the method is public.
  absl::StatusOr<Caller> Authenticate(
      const grpc::ServerContextBase* context) const;

  // For a handler, once it knows which org the request touches: Authorize
  // (scope.h) with the caller's scope on its method. Denials go to the sink.
  // With authentication off, only an unknown org is refused.
  absl::Status Authorize(const Caller& caller,
                         absl::string_view target_org) const;

  // Per-principal rate limits, checked by Admit once a call is otherwise
  // let in (RESOURCE_EXHAUSTED over the limit). Set before serving.
  void set_rate_limits(RoleRateLimits limits);

  // The interceptor's table of calls in flight.
  CallTable& calls() const { return *calls_; }

 private:
  AccessGate(std::unique_ptr<CredentialStore> credentials,
             std::unique_ptr<AccessPolicy> policy, const orgs::OrgTree* tree,
             AuditSink sink, Principal anonymous, bool client_certificates);

  absl::Status Deny(Denial denial, absl::Status status) const;
  // Who presents the call's credential: the token's holder or the
  // certificate's principal; the denial is filled in for the caller.
  absl::StatusOr<Principal> Identify(
      const std::vector<absl::string_view>& authorization,
      const common::tls::PeerCertificate* certificate, Denial* denial) const;

  const std::unique_ptr<CredentialStore> credentials_;  // null: off
  const std::unique_ptr<AccessPolicy> policy_;
  const orgs::OrgTree* const tree_;
  const AuditSink sink_;
  const Principal anonymous_;
  const bool client_certificates_;
  const std::unique_ptr<CallTable> calls_;
  std::unique_ptr<CallerRateLimiter> rate_limiter_;  // null: no limits
};

// Who calls when authentication is off: id "anonymous", role service, org
// the first region of the tree.
Principal AnonymousPrincipal(const orgs::OrgTree& tree);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_ACCESS_GATE_H_
