#ifndef ANJU_TESTS_SCORING_SERVICE_GRPC_PROBES_H_
#define ANJU_TESTS_SCORING_SERVICE_GRPC_PROBES_H_

// What an operator's tools ask any Anju server: its health (the gRPC health
// checking protocol, as Kubernetes' grpc probe does) and its services
// (server reflection, as grpcurl does). Stubs are generated in the test
// build from Debian's grpc-proto package.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/status.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace anju::testing {

using HealthStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

inline absl::StatusOr<HealthStatus> CheckHealth(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return common::FromGrpcStatus(status);
  return response.status();
}

inline absl::StatusOr<std::vector<std::string>> ListServices(
    const std::shared_ptr<grpc::Channel>& channel) {
  namespace reflection = grpc::reflection::v1alpha;
  auto stub = reflection::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto stream = stub->ServerReflectionInfo(&context);
  reflection::ServerReflectionRequest request;
  request.set_list_services("");
  stream->Write(request);
  stream->WritesDone();
  std::vector<std::string> names;
  reflection::ServerReflectionResponse response;
  while (stream->Read(&response)) {
    for (const auto& s : response.list_services_response().service()) {
      names.push_back(s.name());
    }
  }
  grpc::Status status = stream->Finish();
  if (!status.ok()) return common::FromGrpcStatus(status);
  return names;
}

}  // namespace anju::testing

#endif  // ANJU_TESTS_SCORING_SERVICE_GRPC_PROBES_H_
