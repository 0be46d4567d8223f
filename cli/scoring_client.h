#ifndef ANJU_CLI_SCORING_CLIENT_H_
#define ANJU_CLI_SCORING_CLIENT_H_

// The scoring service as anjuctl calls it: one channel for the whole run,
// a deadline on every call, gRPC errors turned into absl::Status.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "cli/endpoint.h"

namespace anju::cli {

class ScoringClient {
 public:
  // Connects lazily: an unreachable address shows as UNAVAILABLE on the
  // first call, naming the address.
  static std::unique_ptr<ScoringClient> Connect(const std::string& address,
                                                absl::Duration timeout,
                                                const std::string& token = "");
  // The same over the endpoint's channel (TLS when it says so).
  static std::unique_ptr<ScoringClient> Connect(Endpoint endpoint);

  // Tests pass a MockScoringServiceStub here.
  ScoringClient(std::unique_ptr<anju::v1::ScoringService::StubInterface> stub,
                std::string address, absl::Duration timeout,
                std::string token = "");
  ScoringClient(std::unique_ptr<anju::v1::ScoringService::StubInterface> stub,
                Endpoint endpoint);

  absl::StatusOr<anju::v1::EvaluateResponse> Evaluate(
      const anju::v1::EvaluateRequest& request) const;
  absl::StatusOr<anju::v1::Rubric> GetRubric(const std::string& programme,
                                             int year) const;
  absl::StatusOr<anju::v1::ListRubricsResponse> ListRubrics(
      const anju::v1::ListRubricsRequest& request) const;
  absl::StatusOr<anju::v1::CityTotals> GetCityTotals(
      const anju::v1::GetCityTotalsRequest& request) const;
  absl::StatusOr<anju::v1::RankCitiesResponse> RankCities(
      const anju::v1::RankCitiesRequest& request) const;

 private:
  std::unique_ptr<anju::v1::ScoringService::StubInterface> stub_;
  Endpoint endpoint_;
};

}  // namespace anju::cli

#endif  // ANJU_CLI_SCORING_CLIENT_H_
