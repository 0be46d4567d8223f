#include "cli/stored_view.h"

#include "absl/strings/str_cat.h"
#include "cli/org_names.h"

namespace anju::cli {

absl::StatusOr<ReportView> StoredReportView(const anju::v1::Report& report,
                                            const ScoringClient& scoring,
                                            bool all_score_columns) {
  if (!report.has_scored()) {
    return absl::FailedPreconditionError(
        absl::StrCat(report.org(), " ", report.programme(), " ", report.year(),
                     " 第", report.version(), "版尚未报送，没有评分结果"));
  }
  absl::StatusOr<anju::v1::Rubric> rubric =
      scoring.GetRubric(report.programme(), report.year());
  if (!rubric.ok()) return rubric.status();
  ReportContext context;
  context.org = report.org();
  context.org_name = OrgName(report.org());
  context.rubric = &*rubric;
  context.review = &report.review_scores();
  context.all_score_columns = all_score_columns;
  for (const anju::v1::Finding& finding : report.findings()) {
    context.extra_notes.push_back(absl::StrCat("一致性检查（", finding.rule(),
                                               "）：", finding.message()));
  }
  if (!report.return_reason().empty()) {
    context.extra_notes.push_back(
        absl::StrCat("退回原因：", report.return_reason()));
  }
  // The rubric's pointer is only read while building the view.
  return BuildReportView(report.scored(), context);
}

}  // namespace anju::cli
