#include "cli/view_output.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/render.h"

namespace anju::cli {
namespace {

bool ToStdout(const std::string& output) {
  return output.empty() || output == "-";
}

// libxlsxwriter writes to a named file only: for "-" the workbook goes to
// a temporary file first, then to the pipe.
absl::Status XlsxToStream(const ReportView& view, std::ostream& out) {
  char path[] = "/tmp/anjuctl-XXXXXX.xlsx";
  const int fd = mkstemps(path, 5);
  if (fd < 0) return absl::InternalError("cannot create a temporary file");
  close(fd);
  absl::Status status = WriteXlsx(view, path);
  if (status.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    status = WriteOutput("-", bytes.str(), out);
  }
  std::remove(path);
  return status;
}

}  // namespace

absl::Status CheckViewOutput(const ViewOutput& options) {
  if (options.format != "xlsx") return absl::OkStatus();
  if (options.output.empty()) {
    return UsageError("--format xlsx needs --output FILE.xlsx");
  }
  if (ToStdout(options.output) && options.stdout_is_terminal) {
    return UsageError(
        "refusing to write an xlsx workbook to a terminal; redirect it or "
        "give --output FILE.xlsx");
  }
  return absl::OkStatus();
}

absl::Status WriteView(const ReportView& view, const ViewOutput& options,
                       std::ostream& out) {
  if (options.format == "xlsx") {
    return ToStdout(options.output) ? XlsxToStream(view, out)
                                    : WriteXlsx(view, options.output);
  }
  std::string text;
  if (options.format == "csv") {
    text = RenderCsv(view);
  } else if (options.format == "html") {
    text = RenderHtml(view);
  } else {
    text = RenderTable(view, TableOptions{options.width});
  }
  return WriteOutput(options.output, text, out);
}

}  // namespace anju::cli
