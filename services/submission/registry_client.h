#ifndef ANJU_SERVICES_SUBMISSION_REGISTRY_CLIENT_H_
#define ANJU_SERVICES_SUBMISSION_REGISTRY_CLIENT_H_

// What the submission service asks of the project reserve (项目储备库, the
// registry service): the facts it vouches for, to pre-fill a report's
// draft. Behind an interface so that handlers can be tested against a fake.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/registry.grpc.pb.h"

namespace anju::submission {

class RegistryClient {
 public:
  virtual ~RegistryClient() = default;
  // The reserve facts of `org` (a county, or a city: its counties summed by
  // the registry) for a rubric programme and evaluation year.
  virtual absl::StatusOr<v1::ReserveFacts> GetReserveFacts(
      const std::string& org, const std::string& programme, int year) = 0;
};

// Over a real channel (reused by every call); each call carries `deadline`
// and, when `bearer_token` is not empty (role service), the credential.
// Errors keep the registry's code, prefixed "registry service: ".
std::unique_ptr<RegistryClient> NewGrpcRegistryClient(
    std::shared_ptr<grpc::Channel> channel,
    absl::Duration deadline = absl::Seconds(5), std::string bearer_token = "");

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_REGISTRY_CLIENT_H_
