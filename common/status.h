#ifndef ANJU_COMMON_STATUS_H_
#define ANJU_COMMON_STATUS_H_

// The one conversion at the RPC edge: below it everything is absl::Status
// (the codes are the same numbers as gRPC's), above it grpc::Status.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace anju::common {

// Same code, same message. Payloads are dropped: the API carries none.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients that call another service and pass its error on.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace anju::common

#endif  // ANJU_COMMON_STATUS_H_
