#include "services/scoring/results/submission_reader.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/token_file.h"
#include "common/status.h"

namespace anju::scoring::results {
namespace {

using Stub = v1::SubmissionService::Stub;

class GrpcSubmissionReader : public SubmissionReader {
 public:
  explicit GrpcSubmissionReader(const GrpcReaderOptions& options)
      : stub_(v1::SubmissionService::NewStub(
            common::tls::MakeChannel(options.address, options.tls))),
        token_(options.token),
        deadline_(options.deadline) {}

  absl::StatusOr<int64_t> ResultsVersion(int year) override {
    v1::GetResultsVersionRequest request;
    request.set_year(year);
    absl::StatusOr<v1::ResultsVersion> version =
        Call<v1::ResultsVersion>(&Stub::GetResultsVersion, request);
    if (!version.ok()) return version.status();
    return version->version();
  }

  absl::StatusOr<v1::ListScoredReportsResponse> ListScoredReports(
      const v1::ListScoredReportsRequest& request) override {
    return Call<v1::ListScoredReportsResponse>(&Stub::ListScoredReports,
                                               request);
  }

  absl::StatusOr<v1::Campaign> GetCampaign(int year) override {
    v1::GetCampaignRequest request;
    request.set_year(year);
    return Call<v1::Campaign>(&Stub::GetCampaign, request);
  }

 private:
  template <typename Response, typename Request>
  absl::StatusOr<Response> Call(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      const Request& request) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
    if (!token_.empty()) {
      context.AddMetadata("authorization", absl::StrCat("Bearer ", token_));
    }
    Response response;
    grpc::Status status = (stub_.get()->*method)(&context, request, &response);
    if (!status.ok()) {
      absl::Status s = common::FromGrpcStatus(status);
      return absl::Status(s.code(),
                          absl::StrCat("submission service: ", s.message()));
    }
    return response;
  }

  std::unique_ptr<Stub> stub_;
  const std::string token_;
  const absl::Duration deadline_;
};

}  // namespace

std::unique_ptr<SubmissionReader> NewGrpcSubmissionReader(
    const GrpcReaderOptions& options) {
  return std::make_unique<GrpcSubmissionReader>(options);
}

absl::StatusOr<std::string> ReadServiceToken(const std::string& path) {
  absl::StatusOr<std::string> token = auth::ReadTokenFile(path);
  if (!token.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("submission_token_file: ", token.status().message()));
  }
  return token;
}

}  // namespace anju::scoring::results
