#ifndef ANJU_CLI_RENDER_H_
#define ANJU_CLI_RENDER_H_

// The output formats of `anjuctl score`, one file each (render_*.cc), all
// over the same ReportView except JSON, which is the message itself.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/report_view.h"
#include "google/protobuf/message.h"

namespace anju::cli {

struct TableOptions {
  int reason_width = 44;  // columns of the 评分理由 column before wrapping
  int name_width = 24;    // the 二级指标 column
};

// Aligned plain text for a terminal: title, the table, notes.
std::string RenderTable(const ReportView& view, const TableOptions& options);

// UTF-8 with a BOM (so that Excel reads the Chinese right), RFC 4180
// quoting, CRLF line ends; the 一级指标 is repeated on every row.
std::string RenderCsv(const ReportView& view);

// A message (the EvaluateResponse, a Rubric) as protobuf JSON: the proto's
// field names, every field also when zero, UTF-8 as is, one object.
absl::StatusOr<std::string> RenderJson(
    const google::protobuf::Message& message);

// A self-contained printable page (A4), the 一级指标 cells spanning rows.
std::string RenderHtml(const ReportView& view);

// An Excel workbook at `path`, the 一级指标 cells merged vertically.
absl::Status WriteXlsx(const ReportView& view, const std::string& path);

}  // namespace anju::cli

#endif  // ANJU_CLI_RENDER_H_
