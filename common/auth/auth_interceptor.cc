#include "common/auth/auth_interceptor.h"

#include <grpc/grpc.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/interceptor.h>

#include <optional>
#include <string>
#include <utility>

#include "common/tls/peer_certificate.h"

namespace anju::auth {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

class AuthInterceptor final : public grpc::experimental::Interceptor {
 public:
  AuthInterceptor(const AccessGate* gate,
                  grpc::experimental::ServerRpcInfo* info)
      : gate_(gate),
        context_(info->server_context()),
        method_(info->method() != nullptr ? info->method() : "") {}

  // gRPC destroys interceptors with the call's ServerContext, after the
  // handler is done with it.
  ~AuthInterceptor() override {
    if (remembered_) gate_->calls().Forget(context_, this);
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Decide(methods);
    }
    methods->Proceed();
  }

 private:
  void Decide(InterceptorBatchMethods* methods) {
    if (gate_->policy().IsPublic(method_)) return;
    std::vector<absl::string_view> authorization;
    if (auto* metadata = methods->GetRecvInitialMetadata()) {
      auto [begin, end] = metadata->equal_range("authorization");
      for (auto it = begin; it != end; ++it) {
        authorization.emplace_back(it->second.data(), it->second.size());
      }
    }
    // Only a TLS connection with a client certificate has one; the gate
    // uses it when no bearer token is sent.
    std::optional<common::tls::PeerCertificate> certificate;
    if (authorization.empty()) {
      if (std::shared_ptr<const grpc::AuthContext> auth =
              context_->auth_context()) {
        certificate = common::tls::PeerCertificateOf(*auth);
      }
    }
    absl::StatusOr<Caller> decision =
        gate_->Admit(method_, authorization, context_->peer(),
                     certificate.has_value() ? &*certificate : nullptr);
    const absl::Status refusal = decision.status();
    gate_->calls().Remember(context_, this, std::move(decision));
    remembered_ = true;
    if (!refusal.ok()) {
      const std::string message(refusal.message());
      grpc_call_cancel_with_status(
          context_->c_call(), static_cast<grpc_status_code>(refusal.code()),
          message.c_str(), nullptr);
    }
  }

  const AccessGate* const gate_;
  grpc::ServerContextBase* const context_;
  const std::string method_;
  bool remembered_ = false;
};

class AuthInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit AuthInterceptorFactory(const AccessGate* gate) : gate_(gate) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new AuthInterceptor(gate_, info);
  }

 private:
  const AccessGate* const gate_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewAuthInterceptorFactory(const AccessGate* gate) {
  return std::make_unique<AuthInterceptorFactory>(gate);
}

std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MakeInterceptorCreators(const AccessGate* gate) {
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      creators;
  creators.push_back(NewAuthInterceptorFactory(gate));
  return creators;
}

}  // namespace anju::auth
