#ifndef ANJU_COMMON_AUTH_AUTH_INTERCEPTOR_H_
#define ANJU_COMMON_AUTH_AUTH_INTERCEPTOR_H_

// The server interceptor that applies an AccessGate to every call:
//   builder.experimental().SetInterceptorCreators(
//       MakeInterceptorCreators(gate));
//
// On each call's initial metadata it skips public methods, otherwise asks
// the gate to Admit the call and records the decision for the handler's
// Authenticate. A refused call is ended at once with the refusal's status
// (UNAUTHENTICATED or PERMISSION_DENIED), through the core call's
// cancel-with-status: a gRPC 1.51 server interceptor cannot hijack a call,
// and TryCancel would only say CANCELLED. The handler still runs on the
// ended call — nothing it writes reaches the client — and its Authenticate
// returns the same refusal, so handlers must call it before doing anything.

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <vector>

#include "common/auth/access_gate.h"

namespace anju::auth {

// `gate` must outlive the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewAuthInterceptorFactory(const AccessGate* gate);

// The vector SetInterceptorCreators takes, holding only the factory above.
std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MakeInterceptorCreators(const AccessGate* gate);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_AUTH_INTERCEPTOR_H_
