#include "cli/registry_client.h"

#include <ostream>
#include <utility>

namespace anju::cli {
namespace {
constexpr size_t kChunkBytes = 256 * 1024;
}  // namespace

RegistryClient::RegistryClient(Endpoint endpoint)
    : endpoint_(std::move(endpoint)),
      stub_(anju::v1::RegistryService::NewStub(endpoint_.NewChannel())) {}

RegistryClient::RegistryClient(std::unique_ptr<Stub> stub, Endpoint endpoint)
    : endpoint_(std::move(endpoint)), stub_(std::move(stub)) {}

absl::StatusOr<anju::v1::ArchiveRecord> RegistryClient::UploadArchive(
    const anju::v1::UploadArchiveRequest::Header& header,
    const std::string& content) const {
  // As for evidence: one timeout per started 4 MiB.
  Endpoint endpoint = endpoint_;
  endpoint.timeout *= 1 + static_cast<int64_t>(content.size() >> 22);
  auto context = endpoint.NewContext();
  anju::v1::ArchiveRecord record;
  auto writer = stub_->UploadArchive(context.get(), &record);
  anju::v1::UploadArchiveRequest message;
  *message.mutable_header() = header;
  bool open = writer->Write(message);
  for (size_t at = 0; open && at < content.size(); at += kChunkBytes) {
    message.set_chunk(content.substr(at, kChunkBytes));
    open = writer->Write(message);
  }
  if (open) writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) return endpoint.ToStatus(status);
  return record;
}

absl::StatusOr<anju::v1::ArchiveRecord> RegistryClient::DownloadArchive(
    const anju::v1::DownloadArchiveRequest& request, std::ostream& out) const {
  auto context = endpoint_.NewContext();
  auto reader = stub_->DownloadArchive(context.get(), request);
  anju::v1::ArchiveChunk chunk;
  anju::v1::ArchiveRecord record;
  while (reader->Read(&chunk)) {
    if (chunk.has_record()) record = chunk.record();
    out.write(chunk.data().data(),
              static_cast<std::streamsize>(chunk.data().size()));
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return endpoint_.ToStatus(status);
  if (!out) return absl::DataLossError("writing the downloaded file failed");
  return record;
}

absl::StatusOr<std::unique_ptr<RegistryClient>> ConnectRegistry(
    const GlobalOptions& global) {
  absl::StatusOr<std::string> token = ReadTokenFile(global.token_file);
  if (!token.ok()) return token.status();
  return std::make_unique<RegistryClient>(
      Endpoint{"registry service", global.registry, global.timeout(), *token});
}

}  // namespace anju::cli
