#ifndef ANJU_SERVICES_SUBMISSION_WORKFLOW_H_
#define ANJU_SERVICES_SUBMISSION_WORKFLOW_H_

// The report workflow (报送流程) as one table of legal transitions, pure:
// no storage, no clock, no identity.
//
//   county: (none) ─save→ DRAFT ─save→ DRAFT ─submit→ SUBMITTED_TO_CITY
//           SUBMITTED_TO_CITY ─return→ RETURNED (the city sends it back)
//   city:   (none) ─save→ DRAFT ─submit→ SUBMITTED_TO_REGION
//           SUBMITTED_TO_REGION | RESUBMITTED ─review→ REVIEWED
//                                             ─return→ RETURNED
//   both:   RETURNED ─save→ CORRECTION (a new version) ─save→ CORRECTION
//           CORRECTION ─submit→ SUBMITTED_TO_CITY (county) | RESUBMITTED
//
// Anything else is FAILED_PRECONDITION naming the state and the action.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/submission.pb.h"
#include "common/orgs/org.h"

namespace anju::submission {

enum class Action {
  kSaveDraft,  // 保存草稿
  kSubmit,     // 报送
  kReturn,     // 退回
  kReview,     // 审核
};

inline constexpr Action kAllActions[] = {Action::kSaveDraft, Action::kSubmit,
                                         Action::kReturn, Action::kReview};

// Every state a stored report can be in; UNSPECIFIED stands for "no report
// yet" as the input of a first save.
inline constexpr v1::ReportState kAllStates[] = {
    v1::REPORT_STATE_UNSPECIFIED,       v1::REPORT_STATE_DRAFT,
    v1::REPORT_STATE_SUBMITTED_TO_CITY, v1::REPORT_STATE_SUBMITTED_TO_REGION,
    v1::REPORT_STATE_RETURNED,          v1::REPORT_STATE_CORRECTION,
    v1::REPORT_STATE_RESUBMITTED,       v1::REPORT_STATE_REVIEWED};

// "save_draft", "submit", "return", "review".
absl::string_view ActionName(Action action);
// "draft", "submitted_to_city", …, "none" for UNSPECIFIED.
absl::string_view StateName(v1::ReportState state);

struct Transition {
  v1::ReportState to = v1::REPORT_STATE_UNSPECIFIED;
  // The change starts a new version (a correction after a return).
  bool new_version = false;
};

// The state after `action` on a report of an org of `level` in `from`.
// FAILED_PRECONDITION for an illegal transition, and for any action on a
// region's report (the region files none).
absl::StatusOr<Transition> Next(orgs::OrgLevel level, v1::ReportState from,
                                Action action);

// Whether the content (facts, self-scores) of a version in `state` may
// still change: drafts and corrections only.
bool IsEditable(v1::ReportState state);
// Whether the version has been submitted (scored snapshot present).
bool IsSubmitted(v1::ReportState state);

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_WORKFLOW_H_
