#include "services/submission/scoring_client.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/auth/token_file.h"
#include "common/status.h"

namespace anju::submission {
namespace {

class GrpcScoringClient : public ScoringClient {
 public:
  GrpcScoringClient(std::shared_ptr<grpc::Channel> channel,
                    absl::Duration deadline, std::string bearer_token)
      : stub_(v1::ScoringService::NewStub(std::move(channel))),
        deadline_(deadline),
        authorization_(bearer_token.empty() ? ""
                                            : auth::BearerValue(bearer_token)) {
  }

  absl::StatusOr<v1::EvaluateResponse> Evaluate(
      const v1::EvaluateRequest& request) override {
    grpc::ClientContext context;
    PrepareCall(&context);
    v1::EvaluateResponse response;
    grpc::Status status = stub_->Evaluate(&context, request, &response);
    if (!status.ok()) return Wrap(status);
    return response;
  }

  absl::StatusOr<v1::ListRubricsResponse> ListRubrics(
      const v1::ListRubricsRequest& request) override {
    grpc::ClientContext context;
    PrepareCall(&context);
    v1::ListRubricsResponse response;
    grpc::Status status = stub_->ListRubrics(&context, request, &response);
    if (!status.ok()) return Wrap(status);
    return response;
  }

  absl::StatusOr<v1::Rubric> GetRubric(
      const v1::GetRubricRequest& request) override {
    grpc::ClientContext context;
    PrepareCall(&context);
    v1::Rubric response;
    grpc::Status status = stub_->GetRubric(&context, request, &response);
    if (!status.ok()) return Wrap(status);
    return response;
  }

 private:
  // Every call: its deadline and, with a token, the credential.
  void PrepareCall(grpc::ClientContext* context) const {
    context->set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
    if (!authorization_.empty()) {
      context->AddMetadata(auth::kAuthorizationKey, authorization_);
    }
  }

  static absl::Status Wrap(const grpc::Status& status) {
    absl::Status s = common::FromGrpcStatus(status);
    return absl::Status(s.code(),
                        absl::StrCat("scoring service: ", s.message()));
  }

  std::unique_ptr<v1::ScoringService::Stub> stub_;
  const absl::Duration deadline_;
  const std::string authorization_;  // "Bearer <token>" or empty
};

}  // namespace

std::unique_ptr<ScoringClient> NewGrpcScoringClient(
    std::shared_ptr<grpc::Channel> channel, absl::Duration deadline,
    std::string bearer_token) {
  return std::make_unique<GrpcScoringClient>(std::move(channel), deadline,
                                             std::move(bearer_token));
}

}  // namespace anju::submission
