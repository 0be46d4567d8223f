#ifndef ANJU_BENCH_GRPC_BENCH_SERVICE_H_
#define ANJU_BENCH_GRPC_BENCH_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <mutex>

#include "anju/v1/scoring.pb.h"
#include "bench/grpc/empty.grpc.pb.h"
#include "services/scoring/scoring_service.h"

namespace anju::bench {

// The load generator's helpers: a canned Evaluate (the payload's cost
// without the scoring) and the server's CPU usage.
class BenchServiceImpl final : public v1::BenchService::CallbackService {
 public:
  // `scoring` computes the canned response; it must outlive this service.
  explicit BenchServiceImpl(const scoring::ScoringServiceImpl* scoring)
      : scoring_(scoring) {}

  grpc::ServerUnaryReactor* EvaluateCanned(
      grpc::CallbackServerContext* context,
      const anju::v1::EvaluateRequest* request,
      anju::v1::EvaluateResponse* response) override;
  grpc::ServerUnaryReactor* GetUsage(grpc::CallbackServerContext* context,
                                     const v1::GetUsageRequest* request,
                                     v1::Usage* response) override;

 private:
  const scoring::ScoringServiceImpl* const scoring_;
  std::once_flag canned_once_;
  absl::Status canned_status_;  // written once, under canned_once_
  anju::v1::EvaluateResponse canned_;
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_GRPC_BENCH_SERVICE_H_
