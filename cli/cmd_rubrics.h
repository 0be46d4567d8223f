#ifndef ANJU_CLI_CMD_RUBRICS_H_
#define ANJU_CLI_CMD_RUBRICS_H_

// `anjuctl rubrics list` and `anjuctl rubrics show PROGRAMME YEAR`: the
// indicator systems (评价指标体系) the scoring service has loaded.

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "cli/scoring_client.h"

namespace anju::cli {

struct RubricsOptions {
  std::string programme;         // list: optional filter; show: required
  int year = 0;                  // list: optional filter; show: required
  std::string format = "table";  // table | json
};

absl::Status RunRubricsList(const RubricsOptions& options,
                            const ScoringClient& client, std::ostream& out);
absl::Status RunRubricsShow(const RubricsOptions& options,
                            const ScoringClient& client, std::ostream& out);

}  // namespace anju::cli

#endif  // ANJU_CLI_CMD_RUBRICS_H_
