#include "services/submission/workflow.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace anju::submission {
namespace {

using orgs::OrgLevel;

struct Row {
  OrgLevel level;
  v1::ReportState from;
  Action action;
  v1::ReportState to;
  bool new_version;
};

// The whole workflow. A pair not listed is illegal.
constexpr Row kTable[] = {
    // 旗县区: 填报 → 报送盟市; 盟市可退回.
    {OrgLevel::kCounty, v1::REPORT_STATE_UNSPECIFIED, Action::kSaveDraft,
     v1::REPORT_STATE_DRAFT, false},
    {OrgLevel::kCounty, v1::REPORT_STATE_DRAFT, Action::kSaveDraft,
     v1::REPORT_STATE_DRAFT, false},
    {OrgLevel::kCounty, v1::REPORT_STATE_DRAFT, Action::kSubmit,
     v1::REPORT_STATE_SUBMITTED_TO_CITY, false},
    {OrgLevel::kCounty, v1::REPORT_STATE_SUBMITTED_TO_CITY, Action::kReturn,
     v1::REPORT_STATE_RETURNED, false},
    {OrgLevel::kCounty, v1::REPORT_STATE_RETURNED, Action::kSaveDraft,
     v1::REPORT_STATE_CORRECTION, true},
    {OrgLevel::kCounty, v1::REPORT_STATE_CORRECTION, Action::kSaveDraft,
     v1::REPORT_STATE_CORRECTION, false},
    {OrgLevel::kCounty, v1::REPORT_STATE_CORRECTION, Action::kSubmit,
     v1::REPORT_STATE_SUBMITTED_TO_CITY, false},
    // 盟市: 填报 → 报送自治区 → 审核 | 退回 → 更正 → 重新报送.
    {OrgLevel::kCity, v1::REPORT_STATE_UNSPECIFIED, Action::kSaveDraft,
     v1::REPORT_STATE_DRAFT, false},
    {OrgLevel::kCity, v1::REPORT_STATE_DRAFT, Action::kSaveDraft,
     v1::REPORT_STATE_DRAFT, false},
    {OrgLevel::kCity, v1::REPORT_STATE_DRAFT, Action::kSubmit,
     v1::REPORT_STATE_SUBMITTED_TO_REGION, false},
    {OrgLevel::kCity, v1::REPORT_STATE_SUBMITTED_TO_REGION, Action::kReview,
     v1::REPORT_STATE_REVIEWED, false},
    {OrgLevel::kCity, v1::REPORT_STATE_SUBMITTED_TO_REGION, Action::kReturn,
     v1::REPORT_STATE_RETURNED, false},
    {OrgLevel::kCity, v1::REPORT_STATE_RETURNED, Action::kSaveDraft,
     v1::REPORT_STATE_CORRECTION, true},
    {OrgLevel::kCity, v1::REPORT_STATE_CORRECTION, Action::kSaveDraft,
     v1::REPORT_STATE_CORRECTION, false},
    {OrgLevel::kCity, v1::REPORT_STATE_CORRECTION, Action::kSubmit,
     v1::REPORT_STATE_RESUBMITTED, false},
    {OrgLevel::kCity, v1::REPORT_STATE_RESUBMITTED, Action::kReview,
     v1::REPORT_STATE_REVIEWED, false},
    {OrgLevel::kCity, v1::REPORT_STATE_RESUBMITTED, Action::kReturn,
     v1::REPORT_STATE_RETURNED, false},
};

}  // namespace

absl::string_view ActionName(Action action) {
  switch (action) {
    case Action::kSaveDraft:
      return "save_draft";
    case Action::kSubmit:
      return "submit";
    case Action::kReturn:
      return "return";
    case Action::kReview:
      return "review";
  }
  return "unknown";
}

absl::string_view StateName(v1::ReportState state) {
  switch (state) {
    case v1::REPORT_STATE_DRAFT:
      return "draft";
    case v1::REPORT_STATE_SUBMITTED_TO_CITY:
      return "submitted_to_city";
    case v1::REPORT_STATE_SUBMITTED_TO_REGION:
      return "submitted_to_region";
    case v1::REPORT_STATE_RETURNED:
      return "returned";
    case v1::REPORT_STATE_CORRECTION:
      return "correction";
    case v1::REPORT_STATE_RESUBMITTED:
      return "resubmitted";
    case v1::REPORT_STATE_REVIEWED:
      return "reviewed";
    default:
      return "none";
  }
}

absl::StatusOr<Transition> Next(OrgLevel level, v1::ReportState from,
                                Action action) {
  for (const Row& row : kTable) {
    if (row.level == level && row.from == from && row.action == action) {
      return Transition{row.to, row.new_version};
    }
  }
  if (level == OrgLevel::kRegion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "org: a region files no report (action ", ActionName(action), ")"));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "state: cannot ", ActionName(action), " a ", orgs::OrgLevelName(level),
      " report in state ", StateName(from)));
}

bool IsEditable(v1::ReportState state) {
  return state == v1::REPORT_STATE_DRAFT ||
         state == v1::REPORT_STATE_CORRECTION;
}

bool IsSubmitted(v1::ReportState state) {
  return state != v1::REPORT_STATE_UNSPECIFIED && !IsEditable(state);
}

}  // namespace anju::submission
