#ifndef ANJU_CLI_STORED_VIEW_H_
#define ANJU_CLI_STORED_VIEW_H_

// A stored report's 指标表: the scored snapshot with its self-scores and,
// once reviewed, the review scores, titled from the rubric.

#include <string>

#include "absl/status/statusor.h"
#include "anju/v1/submission.pb.h"
#include "cli/report_view.h"
#include "cli/scoring_client.h"

namespace anju::cli {

// FAILED_PRECONDITION when the report has not been scored (a draft).
// `all_score_columns`: show 自评得分, 得分 and 审核得分 even when empty.
absl::StatusOr<ReportView> StoredReportView(const anju::v1::Report& report,
                                            const ScoringClient& scoring,
                                            bool all_score_columns);

}  // namespace anju::cli

#endif  // ANJU_CLI_STORED_VIEW_H_
