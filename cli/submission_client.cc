#include "cli/submission_client.h"

#include <algorithm>
#include <ostream>
#include <utility>

#include "cli/file_streams.h"

namespace anju::cli {

SubmissionClient::SubmissionClient(Endpoint endpoint)
    : endpoint_(std::move(endpoint)),
      stub_(anju::v1::SubmissionService::NewStub(endpoint_.NewChannel())) {}

absl::StatusOr<anju::v1::Evidence> SubmissionClient::Upload(
    const anju::v1::UploadEvidenceRequest::Header& header,
    const std::string& content) const {
  return UploadInChunks<anju::v1::UploadEvidenceRequest, anju::v1::Evidence>(
      endpoint_, header, content,
      [this](grpc::ClientContext* context, anju::v1::Evidence* evidence) {
        return stub_->UploadEvidence(context, evidence);
      });
}

absl::StatusOr<anju::v1::Evidence> SubmissionClient::Download(
    const anju::v1::DownloadEvidenceRequest& request, std::ostream& out) const {
  return DownloadTo<anju::v1::EvidenceChunk, anju::v1::Evidence>(
      endpoint_, out,
      [&](grpc::ClientContext* context) {
        return stub_->DownloadEvidence(context, request);
      },
      [](const anju::v1::EvidenceChunk& chunk) {
        return chunk.has_evidence() ? &chunk.evidence() : nullptr;
      });
}

}  // namespace anju::cli
