#ifndef ANJU_COMMON_METRICS_GRPC_INTERCEPTOR_H_
#define ANJU_COMMON_METRICS_GRPC_INTERCEPTOR_H_

// The server interceptor that measures every call, with the names and
// labels of go-grpc-prometheus (grpc-ecosystem) so that existing dashboards
// work, prefixed with anju_:
//   anju_grpc_server_started_total{grpc_type,grpc_service,grpc_method}
//   anju_grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}
//   anju_grpc_server_handling_seconds{grpc_type,grpc_service,grpc_method}
// grpc_code is spelled as Go spells it (OK, InvalidArgument, NotFound, …),
// grpc_type is unary, client_stream, server_stream or bidi_stream.
// Installed by ServerRunner (common/server.h) before any other interceptor,
// so that calls refused by authentication are counted too.

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

#include "common/metrics/registry.h"

namespace anju::metrics {

// Go's name of a gRPC status code; "Unknown" for a number out of range.
const char* GrpcCodeName(int code);

// The series go to `registry`, which must outlive the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewGrpcMetricsInterceptorFactory(Registry* registry);

}  // namespace anju::metrics

#endif  // ANJU_COMMON_METRICS_GRPC_INTERCEPTOR_H_
