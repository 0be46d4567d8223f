#ifndef ANJU_CLI_SUBMISSION_CLIENT_H_
#define ANJU_CLI_SUBMISSION_CLIENT_H_

// The submission service (填报与审核) as anjuctl calls it: one channel for
// the run; every unary RPC through Call, the evidence streams apart.

#include <iosfwd>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "anju/v1/submission.grpc.pb.h"
#include "cli/endpoint.h"

namespace anju::cli {

class SubmissionClient {
 public:
  using Stub = anju::v1::SubmissionService::StubInterface;
  template <typename Request, typename Response>
  using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&,
                                        Response*);

  explicit SubmissionClient(Endpoint endpoint);

  // client.Call(&SubmissionClient::Stub::GetReport, request)
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
  // SHA-256 the caller has set from the same bytes).
  absl::StatusOr<anju::v1::Evidence> Upload(
      const anju::v1::UploadEvidenceRequest::Header& header,
      const std::string& content) const;
  // Writes the file to `out`; returns its metadata.
  absl::StatusOr<anju::v1::Evidence> Download(
      const anju::v1::DownloadEvidenceRequest& request,
      std::ostream& out) const;

 private:
  Endpoint endpoint_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace anju::cli

#endif  // ANJU_CLI_SUBMISSION_CLIENT_H_
