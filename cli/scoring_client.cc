#include "cli/scoring_client.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace anju::cli {

using anju::v1::ScoringService;

std::unique_ptr<ScoringClient> ScoringClient::Connect(
    const std::string& address, absl::Duration timeout,
    const std::string& token) {
  return Connect(Endpoint{"scoring service", address, timeout, token});
}

std::unique_ptr<ScoringClient> ScoringClient::Connect(Endpoint endpoint) {
  auto channel = endpoint.NewChannel();
  return std::make_unique<ScoringClient>(ScoringService::NewStub(channel),
                                         std::move(endpoint));
}

ScoringClient::ScoringClient(
    std::unique_ptr<ScoringService::StubInterface> stub, std::string address,
    absl::Duration timeout, std::string token)
    : ScoringClient(std::move(stub),
                    Endpoint{"scoring service", std::move(address), timeout,
                             std::move(token)}) {}

ScoringClient::ScoringClient(
    std::unique_ptr<ScoringService::StubInterface> stub, Endpoint endpoint)
    : stub_(std::move(stub)), endpoint_(std::move(endpoint)) {}

absl::StatusOr<anju::v1::EvaluateResponse> ScoringClient::Evaluate(
    const anju::v1::EvaluateRequest& request) const {
  anju::v1::EvaluateResponse response;
  const grpc::Status status =
      stub_->Evaluate(endpoint_.NewContext().get(), request, &response);
  if (!status.ok()) return endpoint_.ToStatus(status);
  return response;
}

absl::StatusOr<anju::v1::Rubric> ScoringClient::GetRubric(
    const std::string& programme, int year) const {
  anju::v1::GetRubricRequest request;
  request.set_programme(programme);
  request.set_year(year);
  anju::v1::Rubric rubric;
  const grpc::Status status =
      stub_->GetRubric(endpoint_.NewContext().get(), request, &rubric);
  if (!status.ok()) return endpoint_.ToStatus(status);
  return rubric;
}

absl::StatusOr<anju::v1::ListRubricsResponse> ScoringClient::ListRubrics(
    const anju::v1::ListRubricsRequest& request) const {
  anju::v1::ListRubricsResponse response;
  const grpc::Status status =
      stub_->ListRubrics(endpoint_.NewContext().get(), request, &response);
  if (!status.ok()) return endpoint_.ToStatus(status);
  return response;
}

absl::StatusOr<anju::v1::CityTotals> ScoringClient::GetCityTotals(
    const anju::v1::GetCityTotalsRequest& request) const {
  anju::v1::CityTotals response;
  const grpc::Status status =
      stub_->GetCityTotals(endpoint_.NewContext().get(), request, &response);
  if (!status.ok()) return endpoint_.ToStatus(status);
  return response;
}

absl::StatusOr<anju::v1::RankCitiesResponse> ScoringClient::RankCities(
    const anju::v1::RankCitiesRequest& request) const {
  anju::v1::RankCitiesResponse response;
  const grpc::Status status =
      stub_->RankCities(endpoint_.NewContext().get(), request, &response);
  if (!status.ok()) return endpoint_.ToStatus(status);
  return response;
}

}  // namespace anju::cli
