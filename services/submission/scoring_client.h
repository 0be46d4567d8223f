#ifndef ANJU_SERVICES_SUBMISSION_SCORING_CLIENT_H_
#define ANJU_SERVICES_SUBMISSION_SCORING_CLIENT_H_

// What the submission service asks of the scoring service, behind an
// interface so that handlers can be tested against a fake.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/scoring.grpc.pb.h"

namespace anju::submission {

class ScoringClient {
 public:
  virtual ~ScoringClient() = default;
  virtual absl::StatusOr<v1::EvaluateResponse> Evaluate(
      const v1::EvaluateRequest& request) = 0;
  virtual absl::StatusOr<v1::ListRubricsResponse> ListRubrics(
      const v1::ListRubricsRequest& request) = 0;
  // The rubric (indicator ids, maximum points, rule kinds, declared facts):
  // evidence checks the indicator, consistency rules the maxima.
  virtual absl::StatusOr<v1::Rubric> GetRubric(
      const v1::GetRubricRequest& request) = 0;
};

// Over a real channel (reused by every call); each call carries `deadline`.
// The scoring service's errors come back with its code and message, a
// deadline exceeded as DEADLINE_EXCEEDED, an unreachable service as
// UNAVAILABLE, each prefixed "scoring service: ". A non-empty
// `bearer_token` (role service, when scoring has authentication on) goes
// with every call as `authorization: Bearer <token>`.
std::unique_ptr<ScoringClient> NewGrpcScoringClient(
    std::shared_ptr<grpc::Channel> channel,
    absl::Duration deadline = absl::Seconds(5), std::string bearer_token = "");

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_SCORING_CLIENT_H_
