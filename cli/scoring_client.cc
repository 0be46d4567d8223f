#include "cli/scoring_client.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace anju::cli {

using anju::v1::ScoringService;

std::unique_ptr<ScoringClient> ScoringClient::Connect(
    const std::string& address, absl::Duration timeout) {
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  return std::make_unique<ScoringClient>(ScoringService::NewStub(channel),
                                         address, timeout);
}

ScoringClient::ScoringClient(
    std::unique_ptr<ScoringService::StubInterface> stub, std::string address,
    absl::Duration timeout)
    : stub_(std::move(stub)), address_(std::move(address)), timeout_(timeout) {}

std::unique_ptr<grpc::ClientContext> ScoringClient::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  return context;
}

// The codes are gRPC's and absl's alike. Where the fault is reaching the
// service rather than the request, the message says which address.
absl::Status ScoringClient::ToStatus(const grpc::Status& status) const {
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  if (code == absl::StatusCode::kUnavailable ||
      code == absl::StatusCode::kDeadlineExceeded) {
    return absl::Status(code, absl::StrCat("scoring service at ", address_,
                                           ": ", status.error_message()));
  }
  return absl::Status(code, status.error_message());
}

absl::StatusOr<anju::v1::EvaluateResponse> ScoringClient::Evaluate(
    const anju::v1::EvaluateRequest& request) const {
  anju::v1::EvaluateResponse response;
  const grpc::Status status =
      stub_->Evaluate(NewContext().get(), request, &response);
  if (!status.ok()) return ToStatus(status);
  return response;
}

absl::StatusOr<anju::v1::Rubric> ScoringClient::GetRubric(
    const std::string& programme, int year) const {
  anju::v1::GetRubricRequest request;
  request.set_programme(programme);
  request.set_year(year);
  anju::v1::Rubric rubric;
  const grpc::Status status =
      stub_->GetRubric(NewContext().get(), request, &rubric);
  if (!status.ok()) return ToStatus(status);
  return rubric;
}

absl::StatusOr<anju::v1::ListRubricsResponse> ScoringClient::ListRubrics(
    const anju::v1::ListRubricsRequest& request) const {
  anju::v1::ListRubricsResponse response;
  const grpc::Status status =
      stub_->ListRubrics(NewContext().get(), request, &response);
  if (!status.ok()) return ToStatus(status);
  return response;
}

}  // namespace anju::cli
