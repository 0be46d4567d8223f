#include "bench/grpc/empty_service.h"

namespace anju::bench {

grpc::ServerUnaryReactor* EmptyServiceImpl::Ping(
    grpc::CallbackServerContext* context, const v1::PingRequest* /*request*/,
    v1::PingResponse* /*response*/) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace anju::bench
