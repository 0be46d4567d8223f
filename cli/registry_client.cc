#include "cli/registry_client.h"

#include <ostream>
#include <utility>

#include "cli/file_streams.h"

namespace anju::cli {
RegistryClient::RegistryClient(Endpoint endpoint)
    : endpoint_(std::move(endpoint)),
      stub_(anju::v1::RegistryService::NewStub(endpoint_.NewChannel())) {}

RegistryClient::RegistryClient(std::unique_ptr<Stub> stub, Endpoint endpoint)
    : endpoint_(std::move(endpoint)), stub_(std::move(stub)) {}

absl::StatusOr<anju::v1::ArchiveRecord> RegistryClient::UploadArchive(
    const anju::v1::UploadArchiveRequest::Header& header,
    const std::string& content) const {
  return UploadInChunks<anju::v1::UploadArchiveRequest,
                        anju::v1::ArchiveRecord>(
      endpoint_, header, content,
      [this](grpc::ClientContext* context, anju::v1::ArchiveRecord* record) {
        return stub_->UploadArchive(context, record);
      });
}

absl::StatusOr<anju::v1::ArchiveRecord> RegistryClient::DownloadArchive(
    const anju::v1::DownloadArchiveRequest& request, std::ostream& out) const {
  return DownloadTo<anju::v1::ArchiveChunk, anju::v1::ArchiveRecord>(
      endpoint_, out,
      [&](grpc::ClientContext* context) {
        return stub_->DownloadArchive(context, request);
      },
      [](const anju::v1::ArchiveChunk& chunk) {
        return chunk.has_record() ? &chunk.record() : nullptr;
      });
}

absl::StatusOr<std::unique_ptr<RegistryClient>> ConnectRegistry(
    const GlobalOptions& global) {
  absl::StatusOr<Endpoint> endpoint =
      EndpointFor(global, "registry service", global.registry);
  if (!endpoint.ok()) return endpoint.status();
  return std::make_unique<RegistryClient>(*std::move(endpoint));
}

}  // namespace anju::cli
