#ifndef ANJU_SERVICES_NOTIFICATION_SUBMISSION_VIEW_H_
#define ANJU_SERVICES_NOTIFICATION_SUBMISSION_VIEW_H_

// What the notification service reads from the submission service: the
// campaign's deadlines, the state of every report, and the workflow events
// (submitted, returned, reviewed) after a sequence. Behind an interface so
// that the dispatcher's logic is testable; the gRPC implementation is the
// one used by the binary and by the tests over a real socket.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/orgs/org_tree.h"
#include "services/notification/planner.h"

namespace anju::notification {

class SubmissionView {
 public:
  virtual ~SubmissionView() = default;
  // NOT_FOUND when there is no campaign of `year`.
  virtual absl::StatusOr<v1::Campaign> GetCampaign(int year) = 0;
  virtual absl::StatusOr<v1::ListReportsResponse> ListReports(
      const v1::ListReportsRequest& request) = 0;
  virtual absl::StatusOr<v1::ListReportEventsResponse> ListReportEvents(
      int64_t after_sequence, int limit) = 0;
};

// Over a channel to anju-submission: every call with `deadline`, and the
// bearer `token` (role service) when not empty.
std::unique_ptr<SubmissionView> NewGrpcSubmissionView(
    std::shared_ptr<grpc::Channel> channel, absl::Duration deadline,
    std::string token);

// The state of every report of the campaign: ListReports with include_city
// for every city of the tree and every programme.
absl::StatusOr<ReportStates> FetchReportStates(
    SubmissionView& view, const orgs::OrgTree& tree,
    const CampaignCalendar& calendar);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_SUBMISSION_VIEW_H_
