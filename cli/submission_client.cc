#include "cli/submission_client.h"

#include <algorithm>
#include <ostream>
#include <utility>

namespace anju::cli {

namespace {
constexpr size_t kChunkBytes = 256 * 1024;
}  // namespace

SubmissionClient::SubmissionClient(Endpoint endpoint)
    : endpoint_(std::move(endpoint)),
      stub_(anju::v1::SubmissionService::NewStub(endpoint_.NewChannel())) {}

absl::StatusOr<anju::v1::Evidence> SubmissionClient::Upload(
    const anju::v1::UploadEvidenceRequest::Header& header,
    const std::string& content) const {
  // Uploads take longer than one call: the deadline grows with the size,
  // one timeout per started 4 MiB.
  Endpoint endpoint = endpoint_;
  endpoint.timeout *= 1 + static_cast<int64_t>(content.size() >> 22);
  auto context = endpoint.NewContext();
  anju::v1::Evidence evidence;
  auto writer = stub_->UploadEvidence(context.get(), &evidence);
  anju::v1::UploadEvidenceRequest message;
  *message.mutable_header() = header;
  bool open = writer->Write(message);
  for (size_t at = 0; open && at < content.size(); at += kChunkBytes) {
    message.set_chunk(content.substr(at, kChunkBytes));
    open = writer->Write(message);
  }
  if (open) writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) return endpoint.ToStatus(status);
  return evidence;
}

absl::StatusOr<anju::v1::Evidence> SubmissionClient::Download(
    const anju::v1::DownloadEvidenceRequest& request, std::ostream& out) const {
  auto context = endpoint_.NewContext();
  auto reader = stub_->DownloadEvidence(context.get(), request);
  anju::v1::EvidenceChunk chunk;
  anju::v1::Evidence evidence;
  while (reader->Read(&chunk)) {
    if (chunk.has_evidence()) evidence = chunk.evidence();
    out.write(chunk.data().data(),
              static_cast<std::streamsize>(chunk.data().size()));
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return endpoint_.ToStatus(status);
  if (!out) return absl::DataLossError("writing the downloaded file failed");
  return evidence;
}

}  // namespace anju::cli
