#ifndef ANJU_TESTS_CLI_SAMPLE_RESPONSE_H_
#define ANJU_TESTS_CLI_SAMPLE_RESPONSE_H_

// A hand-built EvaluateResponse for the renderer tests: three 一级指标 (2, 1
// and 1 indicators), two 加分项, one indicator not scorable, self-scores on
// every row, and a reason with the characters CSV and HTML must escape.

#include "anju/v1/rubric.pb.h"
#include "anju/v1/scoring.pb.h"
#include "cli/report_view.h"

namespace anju::cli::testing {

// The reason of oldcomm.budget_execution: an ASCII comma, quotes, <&>.
inline constexpr char kTrickyReason[] =
    "预算执行率88.0%，\"偏低\", 得8分 <b>&</b>";

anju::v1::EvaluateResponse SampleResponse();
anju::v1::Rubric SampleRubric();
// The view the renderers get: 赤峰市, the rubric above, one illustrative fact.
ReportView SampleView();

}  // namespace anju::cli::testing

#endif  // ANJU_TESTS_CLI_SAMPLE_RESPONSE_H_
