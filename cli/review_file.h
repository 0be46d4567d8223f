#ifndef ANJU_CLI_REVIEW_FILE_H_
#define ANJU_CLI_REVIEW_FILE_H_

// The review file (审核文件) of `anjuctl report review`:
//
//   review_scores:
//     rental.fund_raising: {score: 4, reason: 佐证材料不完整，扣1分}
//
// Indicators it does not name keep what the request already holds (e.g.
// the computed scores accepted with --accept-computed).

#include <string>

#include "absl/status/status.h"
#include "anju/v1/submission.pb.h"

namespace anju::cli {

// Sets request->review_scores from the file. INVALID_ARGUMENT naming the
// file and the key for anything else than the format above.
absl::Status ReadReviewFile(const std::string& path,
                            anju::v1::ReviewReportRequest* request);

// A review score equal to the computed score, with `reason`, for every
// scorable indicator of the report's scored snapshot.
void AcceptComputedScores(const anju::v1::Report& report,
                          const std::string& reason,
                          anju::v1::ReviewReportRequest* request);

}  // namespace anju::cli

#endif  // ANJU_CLI_REVIEW_FILE_H_
