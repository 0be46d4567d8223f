#include "services/notification/submission_view.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/auth/token_file.h"
#include "common/status.h"

namespace anju::notification {
namespace {

class GrpcSubmissionView : public SubmissionView {
 public:
  GrpcSubmissionView(std::shared_ptr<grpc::Channel> channel,
                     absl::Duration deadline, std::string token)
      : stub_(v1::SubmissionService::NewStub(std::move(channel))),
        deadline_(deadline),
        token_(std::move(token)) {}

  absl::StatusOr<v1::Campaign> GetCampaign(int year) override {
    v1::GetCampaignRequest request;
    request.set_year(year);
    v1::Campaign campaign;
    return Call(&v1::SubmissionService::Stub::GetCampaign, request, campaign);
  }

  absl::StatusOr<v1::ListReportsResponse> ListReports(
      const v1::ListReportsRequest& request) override {
    v1::ListReportsResponse response;
    return Call(&v1::SubmissionService::Stub::ListReports, request, response);
  }

  absl::StatusOr<v1::ListReportEventsResponse> ListReportEvents(
      int64_t after_sequence, int limit) override {
    v1::ListReportEventsRequest request;
    request.set_after_sequence(after_sequence);
    request.set_limit(limit);
    v1::ListReportEventsResponse response;
    return Call(&v1::SubmissionService::Stub::ListReportEvents, request,
                response);
  }

 private:
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (v1::SubmissionService::Stub::*method)(grpc::ClientContext*,
                                                          const Request&,
                                                          Response*),
      const Request& request, Response& response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
    if (!token_.empty()) {
      context.AddMetadata(auth::kAuthorizationKey, auth::BearerValue(token_));
    }
    grpc::Status status = (stub_.get()->*method)(&context, request, &response);
    if (!status.ok()) {
      return absl::Status(
          static_cast<absl::StatusCode>(status.error_code()),
          absl::StrCat("submission service: ", status.error_message()));
    }
    return std::move(response);
  }

  std::unique_ptr<v1::SubmissionService::Stub> stub_;
  const absl::Duration deadline_;
  const std::string token_;
};

}  // namespace

std::unique_ptr<SubmissionView> NewGrpcSubmissionView(
    std::shared_ptr<grpc::Channel> channel, absl::Duration deadline,
    std::string token) {
  return std::make_unique<GrpcSubmissionView>(std::move(channel), deadline,
                                              std::move(token));
}

absl::StatusOr<ReportStates> FetchReportStates(
    SubmissionView& view, const orgs::OrgTree& tree,
    const CampaignCalendar& calendar) {
  ReportStates states;
  for (const orgs::Org& org : tree.orgs()) {
    if (org.level != orgs::OrgLevel::kCity) continue;
    for (const std::string& programme : calendar.programmes) {
      v1::ListReportsRequest request;
      request.set_city(org.code);
      request.set_programme(programme);
      request.set_year(calendar.year);
      request.set_include_city(true);
      auto response = view.ListReports(request);
      if (!response.ok()) return response.status();
      for (const auto& entry : response->reports()) {
        states[entry.org()][programme] = entry.state();
      }
    }
  }
  return states;
}

}  // namespace anju::notification
