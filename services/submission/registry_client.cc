#include "services/submission/registry_client.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/auth/token_file.h"
#include "common/status.h"

namespace anju::submission {
namespace {

class GrpcRegistryClient : public RegistryClient {
 public:
  GrpcRegistryClient(std::shared_ptr<grpc::Channel> channel,
                     absl::Duration deadline, std::string bearer_token)
      : stub_(v1::RegistryService::NewStub(std::move(channel))),
        deadline_(deadline),
        authorization_(bearer_token.empty() ? ""
                                            : auth::BearerValue(bearer_token)) {
  }

  absl::StatusOr<v1::ReserveFacts> GetReserveFacts(const std::string& org,
                                                   const std::string& programme,
                                                   int year) override {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
    if (!authorization_.empty()) {
      context.AddMetadata(auth::kAuthorizationKey, authorization_);
    }
    v1::GetReserveFactsRequest request;
    request.set_org(org);
    request.set_programme(programme);
    request.set_year(year);
    v1::ReserveFacts response;
    grpc::Status status = stub_->GetReserveFacts(&context, request, &response);
    if (!status.ok()) {
      absl::Status s = common::FromGrpcStatus(status);
      return absl::Status(s.code(),
                          absl::StrCat("registry service: ", s.message()));
    }
    return response;
  }

 private:
  std::unique_ptr<v1::RegistryService::Stub> stub_;
  const absl::Duration deadline_;
  const std::string authorization_;  // "Bearer <token>" or empty
};

}  // namespace

std::unique_ptr<RegistryClient> NewGrpcRegistryClient(
    std::shared_ptr<grpc::Channel> channel, absl::Duration deadline,
    std::string bearer_token) {
  return std::make_unique<GrpcRegistryClient>(std::move(channel), deadline,
                                              std::move(bearer_token));
}

}  // namespace anju::submission
