#include "common/auth/access_gate.h"

#include <grpcpp/server_context.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/auth/certificate_principal.h"
#include "common/auth/token.h"

namespace anju::auth {

Principal AnonymousPrincipal(const orgs::OrgTree& tree) {
  Principal anonymous{"anonymous", Role::kService, ""};
  for (const orgs::Org& org : tree.orgs()) {
    if (org.level == orgs::OrgLevel::kRegion) {
      anonymous.org = org.code;
      break;
    }
  }
  return anonymous;
}

absl::StatusOr<std::unique_ptr<AccessGate>> AccessGate::Create(
    std::unique_ptr<CredentialStore> credentials,
    std::unique_ptr<AccessPolicy> policy, const orgs::OrgTree* tree,
    AuditSink sink, bool client_certificates) {
  if (policy == nullptr || tree == nullptr) {
    return absl::InvalidArgumentError(
        "AccessGate needs an access policy and an org tree");
  }
  Principal anonymous = AnonymousPrincipal(*tree);
  return std::unique_ptr<AccessGate>(new AccessGate(
      std::move(credentials), std::move(policy), tree, std::move(sink),
      std::move(anonymous), client_certificates));
}

AccessGate::AccessGate(std::unique_ptr<CredentialStore> credentials,
                       std::unique_ptr<AccessPolicy> policy,
                       const orgs::OrgTree* tree, AuditSink sink,
                       Principal anonymous, bool client_certificates)
    : credentials_(std::move(credentials)),
      policy_(std::move(policy)),
      tree_(tree),
      sink_(std::move(sink)),
      anonymous_(std::move(anonymous)),
      client_certificates_(client_certificates),
      calls_(std::make_unique<CallTable>()) {}

absl::Status AccessGate::Deny(Denial denial, absl::Status status) const {
  denial.code = status.code();
  denial.reason = std::string(status.message());
  if (sink_) sink_(denial);
  return status;
}

absl::StatusOr<Principal> AccessGate::Identify(
    const std::vector<absl::string_view>& authorization,
    const common::tls::PeerCertificate* certificate, Denial* denial) const {
  if (authorization.empty() && client_certificates_ && certificate != nullptr) {
    return PrincipalFromCertificate(*certificate, *tree_);
  }
  if (authorization.empty()) {
    return absl::UnauthenticatedError(
        client_certificates_
            ? "未认证: 缺少凭据 (no credential: connect with a client "
              "certificate or send the metadata authorization: Bearer <token>)"
            : "未认证: 缺少凭据 (no credential: send the metadata "
              "authorization: Bearer <token>)");
  }
  if (authorization.size() > 1) {
    return absl::UnauthenticatedError(
        "未认证: authorization 出现多次 (more than one authorization value: "
        "send exactly one)");
  }
  absl::StatusOr<absl::string_view> token = ParseBearer(authorization[0]);
  if (!token.ok()) return token.status();
  const Digest digest = Sha256(*token);
  denial->token_digest_prefix = HexOf(digest).substr(0, 8);
  std::optional<Principal> principal = credentials_ != nullptr
                                           ? credentials_->LookupDigest(digest)
                                           : std::nullopt;
  if (!principal.has_value()) {
    return absl::UnauthenticatedError(
        "未认证: 凭据无效 (unknown or revoked bearer token)");
  }
  return *std::move(principal);
}

absl::StatusOr<Caller> AccessGate::Admit(
    absl::string_view method,
    const std::vector<absl::string_view>& authorization, absl::string_view peer,
    const common::tls::PeerCertificate* certificate) const {
  Caller caller;
  caller.method = std::string(method);
  caller.peer = std::string(peer);
  if (!enabled()) {
    caller.principal = anonymous_;
    caller.scope = Scope::kRegion;
    caller.authenticated = false;
    return caller;
  }
  Denial denial;
  denial.method = caller.method;
  denial.peer = caller.peer;
  absl::StatusOr<Principal> principal =
      Identify(authorization, certificate, &denial);
  if (!principal.ok()) return Deny(std::move(denial), principal.status());
  denial.principal = *principal;
  caller.principal = *std::move(principal);
  caller.scope = policy_->ScopeFor(method, caller.principal.role);
  if (caller.scope == Scope::kNone) {
    // The client is told the rule, not where the policy file lives.
    const std::string why =
        policy_->Lists(method)
            ? absl::StrCat("role ", RoleName(caller.principal.role),
                           " may not call ", method,
                           " (scope none in the access policy)")
            : absl::StrCat(method,
                           " is not in the access policy (default deny)");
    return Deny(std::move(denial),
                absl::PermissionDeniedError(absl::StrCat("无权访问: ", why)));
  }
  // A throttled call is no denial: it is not audited, only refused.
  if (rate_limiter_ != nullptr) {
    if (absl::Status s = rate_limiter_->Admit(caller.principal); !s.ok()) {
      return s;
    }
  }
  return caller;
}

void AccessGate::set_rate_limits(RoleRateLimits limits) {
  rate_limiter_ = limits.empty()
                      ? nullptr
                      : std::make_unique<CallerRateLimiter>(std::move(limits));
}

absl::StatusOr<Caller> AccessGate::Authenticate(
    const grpc::ServerContextBase* context) const {
  std::optional<absl::StatusOr<Caller>> decision = calls_->Find(context);
  if (!decision.has_value()) {
    return absl::InternalError(
        "no caller recorded for this call: the AccessGate interceptor is not "
        "installed on the server, or the method is public");
  }
  return *std::move(decision);
}

absl::Status AccessGate::Authorize(const Caller& caller,
                                   absl::string_view target_org) const {
  if (!enabled()) {
    if (target_org.empty() || tree_->FindByCode(target_org) != nullptr) {
      return absl::OkStatus();
    }
    return auth::Authorize(caller.principal, Scope::kRegion, target_org,
                           *tree_);
  }
  absl::Status status =
      auth::Authorize(caller.principal, caller.scope, target_org, *tree_);
  if (status.code() != absl::StatusCode::kPermissionDenied) return status;
  Denial denial;
  denial.method = caller.method;
  denial.peer = caller.peer;
  denial.principal = caller.principal;
  denial.target_org = std::string(target_org);
  return Deny(std::move(denial), std::move(status));
}

}  // namespace anju::auth
