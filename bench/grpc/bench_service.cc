#include "bench/grpc/bench_service.h"

#include "bench/grpc/process_cpu.h"
#include "common/status.h"

namespace anju::bench {

grpc::ServerUnaryReactor* BenchServiceImpl::EvaluateCanned(
    grpc::CallbackServerContext* context,
    const anju::v1::EvaluateRequest* request,
    anju::v1::EvaluateResponse* response) {
  // Scored once, from the first request: the load generator sends the
  // same facts every time, and what is measured is the copy and the wire.
  std::call_once(canned_once_, [this, request] {
    canned_status_ = scoring_->DoEvaluate(*request, &canned_);
  });
  if (canned_status_.ok()) *response = canned_;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(common::ToGrpcStatus(canned_status_));
  return reactor;
}

grpc::ServerUnaryReactor* BenchServiceImpl::GetUsage(
    grpc::CallbackServerContext* context,
    const v1::GetUsageRequest* /*request*/, v1::Usage* response) {
  const ProcessCpu cpu = ReadProcessCpu();
  response->set_user_cpu_nanos(cpu.user_nanos);
  response->set_system_cpu_nanos(cpu.system_nanos);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace anju::bench
