#ifndef ANJU_CLI_VIEW_OUTPUT_H_
#define ANJU_CLI_VIEW_OUTPUT_H_

// Writing a 指标表 (ReportView) in the format a command was asked for:
// shared by `score` (a facts file) and `export` (a stored report).

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "cli/report_view.h"

namespace anju::cli {

struct ViewOutput {
  std::string format = "table";  // table | csv | xlsx | html
  std::string output;            // a path; empty or "-" for stdout
  int width = 44;                // the 评分理由 column of the table
  bool stdout_is_terminal = false;
};

// A usage error for xlsx without --output or to a terminal.
absl::Status CheckViewOutput(const ViewOutput& options);

// Writes `view` to options.output, or to `out`.
absl::Status WriteView(const ReportView& view, const ViewOutput& options,
                       std::ostream& out);

}  // namespace anju::cli

#endif  // ANJU_CLI_VIEW_OUTPUT_H_
