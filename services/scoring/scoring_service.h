#ifndef ANJU_SERVICES_SCORING_SCORING_SERVICE_H_
#define ANJU_SERVICES_SCORING_SCORING_SERVICE_H_

// anju.v1.ScoringService on gRPC's callback API. The engine is pure CPU and
// takes microseconds, so each unary call is computed inline in its reaction
// and finished at once: no thread hand-off, no blocking. Evaluate's request
// and response live on one protobuf arena per call.

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/status/status.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "common/auth/access_gate.h"
#include "services/scoring/arena_allocator.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/limits.h"
#include "services/scoring/results/results_endpoint.h"

namespace anju::scoring {

class ScoringServiceImpl : public v1::ScoringService::CallbackService {
 public:
  // `rubrics` are loaded and validated already (RubricSet::LoadDirectory);
  // they are shared read-only across calls and threads.
  explicit ScoringServiceImpl(std::shared_ptr<const RubricSet> rubrics,
                              ScoringLimits limits = {});

  grpc::ServerUnaryReactor* Evaluate(grpc::CallbackServerContext* context,
                                     const v1::EvaluateRequest* request,
                                     v1::EvaluateResponse* response) override;
  grpc::ServerUnaryReactor* EvaluateBatch(
      grpc::CallbackServerContext* context,
      const v1::EvaluateBatchRequest* request,
      v1::EvaluateBatchResponse* response) override;
  grpc::ServerUnaryReactor* ListRubrics(
      grpc::CallbackServerContext* context,
      const v1::ListRubricsRequest* request,
      v1::ListRubricsResponse* response) override;
  grpc::ServerUnaryReactor* GetRubric(grpc::CallbackServerContext* context,
                                      const v1::GetRubricRequest* request,
                                      v1::Rubric* response) override;

  // The work of each RPC without a server, for tests and benchmarks.
  absl::Status DoEvaluate(const v1::EvaluateRequest& request,
                          v1::EvaluateResponse* response) const;
  absl::Status DoEvaluateBatch(const v1::EvaluateBatchRequest& request,
                               v1::EvaluateBatchResponse* response) const;
  absl::Status DoListRubrics(const v1::ListRubricsRequest& request,
                             v1::ListRubricsResponse* response) const;
  absl::Status DoGetRubric(const v1::GetRubricRequest& request,
                           v1::Rubric* response) const;

  const ScoringLimits& limits() const { return limits_; }

  // The results API (GetCityTotals, RankCities) on stored reports,
  // services/scoring/results/. Set before the server starts; without it
  // both RPCs answer FAILED_PRECONDITION. `results` outlives the service.
  grpc::ServerUnaryReactor* GetCityTotals(
      grpc::CallbackServerContext* context,
      const v1::GetCityTotalsRequest* request,
      v1::CityTotals* response) override;
  grpc::ServerUnaryReactor* RankCities(
      grpc::CallbackServerContext* context,
      const v1::RankCitiesRequest* request,
      v1::RankCitiesResponse* response) override;
  void set_results(results::ResultsEndpoint* results) { results_ = results; }
  // The server's identity: GetCityTotals then reads only a city within the
  // caller's scope (a city coordinator its own city). Null (tests without
  // a gate): no check. Set before the server starts; outlives the service.
  void set_gate(const auth::AccessGate* gate) { gate_ = gate; }

 private:
  const std::shared_ptr<const RubricSet> rubrics_;
  const ScoringLimits limits_;
  ArenaMessageAllocator<v1::EvaluateRequest, v1::EvaluateResponse>
      evaluate_allocator_;
  // PERMISSION_DENIED (audited) when `city`, a code or a name, is beyond
  // the caller's scope on this call.
  absl::Status AuthorizeCity(const grpc::CallbackServerContext* context,
                             const std::string& city) const;

  results::ResultsEndpoint* results_ = nullptr;
  const auth::AccessGate* gate_ = nullptr;
};

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_SCORING_SERVICE_H_
