#ifndef ANJU_CLI_REGISTRY_CLIENT_H_
#define ANJU_CLI_REGISTRY_CLIENT_H_

// The registry service (项目储备库) as anjuctl calls it: one channel for the
// run; every unary RPC through Call, the archive streams apart.

#include <iosfwd>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "anju/v1/registry.grpc.pb.h"
#include "cli/command.h"
#include "cli/endpoint.h"

namespace anju::cli {

class RegistryClient {
 public:
  using Stub = anju::v1::RegistryService::StubInterface;
  template <typename Request, typename Response>
  using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&,
                                        Response*);

  explicit RegistryClient(Endpoint endpoint);
  // For tests: a mocked stub.
  RegistryClient(std::unique_ptr<Stub> stub, Endpoint endpoint);

  // client.Call(&RegistryClient::Stub::GetProject, request)
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(Method<Request, Response> method,
                                const Request& request) const {
    Response response;
    grpc::Status status = (stub_.get()->*method)(endpoint_.NewContext().get(),
                                                 request, &response);
    if (!status.ok()) return endpoint_.ToStatus(status);
    return response;
  }

  // Streams `content` in 256 KiB chunks after the header (whose size and
  // SHA-256 the caller has set from the same bytes); none for a data-only
  // record.
  absl::StatusOr<anju::v1::ArchiveRecord> UploadArchive(
      const anju::v1::UploadArchiveRequest::Header& header,
      const std::string& content) const;
  // Writes the file to `out`; returns its record.
  absl::StatusOr<anju::v1::ArchiveRecord> DownloadArchive(
      const anju::v1::DownloadArchiveRequest& request, std::ostream& out) const;

 private:
  Endpoint endpoint_;
  std::unique_ptr<Stub> stub_;
};

// The client for --registry / ANJU_REGISTRY with --token-file's credential.
absl::StatusOr<std::unique_ptr<RegistryClient>> ConnectRegistry(
    const GlobalOptions& global);

// Connects and runs `run(client)`; a connection error is the outcome.
template <typename Run>
absl::Status WithRegistry(const GlobalOptions& global, Run run) {
  absl::StatusOr<std::unique_ptr<RegistryClient>> client =
      ConnectRegistry(global);
  if (!client.ok()) return client.status();
  return run(**client);
}

}  // namespace anju::cli

#endif  // ANJU_CLI_REGISTRY_CLIENT_H_
