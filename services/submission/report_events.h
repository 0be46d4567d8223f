#ifndef ANJU_SERVICES_SUBMISSION_REPORT_EVENTS_H_
#define ANJU_SERVICES_SUBMISSION_REPORT_EVENTS_H_

// The workflow events (报送、退回、审核) the notification service polls
// with ListReportEvents, read from the hash-chained audit log: its entries
// already carry what an event needs (the actor, the time, the report after
// the change with its state, version and return reason), so the log needs
// no new column and old entries give events too.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "anju/v1/submission.pb.h"
#include "services/submission/audit_chain.h"

namespace anju::submission {

inline constexpr int kDefaultEventLimit = 100;
inline constexpr int kMaxEventLimit = 1000;

// The audit actions that are events: "submit", "return", "review". Saving
// a draft (or a correction) is not.
std::vector<std::string> EventActions();

// The event an audit entry of one of EventActions() records. INTERNAL when
// the entry's report cannot be read (the log is the service's own).
absl::StatusOr<v1::ReportEvent> EventFromAudit(const AuditEntry& entry);

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_REPORT_EVENTS_H_
