// anju.v1.ScoringService's handlers (Evaluate, EvaluateBatch, GetRubric,
// ListRubrics) on any request bytes: ScoringServiceImpl's Do* methods with
// the shipped rubrics, as the server runs them after gRPC parsed the call.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "anju/v1/scoring.pb.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/scoring_service.h"
#include "tests/fuzz/rpc_fuzz.h"

namespace anju::fuzz {
namespace {

const scoring::ScoringServiceImpl& Service() {
  static const scoring::ScoringServiceImpl* const service = [] {
    auto rubrics = scoring::RubricSet::LoadDirectory(SourcePath("rubrics"));
    if (!rubrics.ok()) SetupFailed(rubrics.status().ToString());
    return new scoring::ScoringServiceImpl(
        std::shared_ptr<const scoring::RubricSet>(*std::move(rubrics)));
  }();
  return *service;
}

// One entry per RPC: its request type and the handler it reaches.
template <typename Request, typename Response, typename Handler>
RpcMethod Method(const char* name, Handler handler) {
  return {name, [] { return std::make_unique<Request>(); },
          [handler](const google::protobuf::Message& request) {
            Response response;
            return (Service().*handler)(static_cast<const Request&>(request),
                                        &response);
          }};
}

const std::vector<RpcMethod>& Methods() {
  using scoring::ScoringServiceImpl;
  static const auto* const methods = new std::vector<RpcMethod>{
      Method<v1::EvaluateRequest, v1::EvaluateResponse>(
          "evaluate", &ScoringServiceImpl::DoEvaluate),
      Method<v1::EvaluateBatchRequest, v1::EvaluateBatchResponse>(
          "evaluate_batch", &ScoringServiceImpl::DoEvaluateBatch),
      Method<v1::GetRubricRequest, v1::Rubric>(
          "get_rubric", &ScoringServiceImpl::DoGetRubric),
      Method<v1::ListRubricsRequest, v1::ListRubricsResponse>(
          "list_rubrics", &ScoringServiceImpl::DoListRubrics),
  };
  return *methods;
}

}  // namespace
}  // namespace anju::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  anju::fuzz::MaybeWriteSeeds(anju::fuzz::Methods());
  anju::fuzz::Service();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return anju::fuzz::RunRpcInput(anju::fuzz::Methods(), data, size);
}
