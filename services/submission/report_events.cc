#include "services/submission/report_events.h"

#include <google/protobuf/util/json_util.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/submission/submission_service.h"
#include "services/submission/workflow.h"

namespace anju::submission {
namespace {

v1::ReportEvent::Kind KindOf(const std::string& action) {
  if (action == ActionName(Action::kSubmit))
    return v1::ReportEvent::KIND_SUBMITTED;
  if (action == ActionName(Action::kReturn))
    return v1::ReportEvent::KIND_RETURNED;
  if (action == ActionName(Action::kReview))
    return v1::ReportEvent::KIND_REVIEWED;
  return v1::ReportEvent::KIND_UNSPECIFIED;
}

}  // namespace

std::vector<std::string> EventActions() {
  return {std::string(ActionName(Action::kSubmit)),
          std::string(ActionName(Action::kReturn)),
          std::string(ActionName(Action::kReview))};
}

absl::StatusOr<v1::ReportEvent> EventFromAudit(const AuditEntry& entry) {
  const v1::ReportEvent::Kind kind = KindOf(entry.action);
  if (kind == v1::ReportEvent::KIND_UNSPECIFIED) {
    return absl::InternalError(absl::StrCat("audit_log: entry ", entry.seq,
                                            " (", entry.action,
                                            ") is not a workflow event"));
  }
  v1::Report report;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // entries of a newer release
  if (auto s = google::protobuf::util::JsonStringToMessage(entry.after, &report,
                                                           options);
      !s.ok()) {
    return absl::InternalError(
        absl::StrCat("audit_log: entry ", entry.seq,
                     " holds no readable report: ", s.ToString()));
  }
  v1::ReportEvent event;
  event.set_sequence(entry.seq);
  event.set_kind(kind);
  event.set_org(report.org());
  event.set_programme(report.programme());
  event.set_year(report.year());
  event.set_version(report.version());
  event.set_state(report.state());
  event.set_actor(entry.actor);
  event.set_time(entry.at);  // written in +08:00 (FormatShanghai)
  if (kind == v1::ReportEvent::KIND_RETURNED) {
    event.set_reason(report.return_reason());
  }
  return event;
}

// For the notification service: authorized against the region (roles
// service and region_admin in the policy), since events span every org.
absl::Status SubmissionServiceImpl::DoListReportEvents(
    const auth::Caller& caller, const v1::ListReportEventsRequest& request,
    v1::ListReportEventsResponse* response) {
  const std::string region = AnonymousRegionPrincipal(*deps_.orgs).org;
  if (auto s = Authorize(caller, region); !s.ok()) return s;
  if (request.after_sequence() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "after_sequence: 须 ≥ 0 (got ", request.after_sequence(), ")"));
  }
  if (request.limit() < 0 || request.limit() > kMaxEventLimit) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit: 须在 0–", kMaxEventLimit, " 之间 (got ",
                     request.limit(), "; 0 means ", kDefaultEventLimit, ")"));
  }
  const int limit = request.limit() == 0 ? kDefaultEventLimit : request.limit();
  absl::StatusOr<std::vector<AuditEntry>> entries =
      deps_.store->AuditEntriesAfter(request.after_sequence(), EventActions(),
                                     limit);
  if (!entries.ok()) return entries.status();
  response->set_last_sequence(request.after_sequence());
  for (const AuditEntry& entry : *entries) {
    absl::StatusOr<v1::ReportEvent> event = EventFromAudit(entry);
    if (!event.ok()) return event.status();
    *response->add_events() = *std::move(event);
    response->set_last_sequence(entry.seq);
  }
  return absl::OkStatus();
}

}  // namespace anju::submission
