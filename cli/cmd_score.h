#ifndef ANJU_CLI_CMD_SCORE_H_
#define ANJU_CLI_CMD_SCORE_H_

// `anjuctl score --file F`: scores a facts file on the scoring service and
// prints the 指标表.

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "cli/scoring_client.h"

namespace anju::cli {

struct ScoreOptions {
  std::string file;
  std::string format = "table";  // table | json | csv | xlsx | html
  std::string output;            // a path; empty or "-" for stdout
  int width = 44;                // the 评分理由 column of the table
  bool stdout_is_terminal = false;
};

// Writes the report to options.output, or to `out`.
absl::Status RunScore(const ScoreOptions& options, const ScoringClient& client,
                      std::ostream& out);

}  // namespace anju::cli

#endif  // ANJU_CLI_CMD_SCORE_H_
