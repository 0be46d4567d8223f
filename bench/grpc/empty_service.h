#ifndef ANJU_BENCH_GRPC_EMPTY_SERVICE_H_
#define ANJU_BENCH_GRPC_EMPTY_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "bench/grpc/empty.grpc.pb.h"

namespace anju::bench {

// The empty RPC: the floor under every unary call on this server (framing,
// HTTP/2, threads, allocation), measured on the same callback API as
// ScoringService so the ratio isolates Evaluate's own cost.
class EmptyServiceImpl final : public v1::EmptyService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Ping(grpc::CallbackServerContext* context,
                                 const v1::PingRequest* request,
                                 v1::PingResponse* response) override;
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_GRPC_EMPTY_SERVICE_H_
