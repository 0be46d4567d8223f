#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/render.h"
#include "cli/text_table.h"
#include "cli/text_width.h"

namespace anju::cli {
namespace {

std::vector<TextColumn> TableColumns(const ReportView& view,
                                     const TableOptions& options) {
  std::vector<TextColumn> columns;
  for (Column column : view.columns) {
    TextColumn text{ColumnHeader(column), 0, IsNumericColumn(column)};
    if (column == Column::kName) text.max_width = options.name_width;
    if (column == Column::kReason) text.max_width = options.reason_width;
    if (column == Column::kReviewReason) {
      text.max_width = options.reason_width / 2;
    }
    columns.push_back(text);
  }
  return columns;
}

// The 一级指标 is printed once, on the group's first row, as a merged
// cell would show it; a rule separates the groups.
TextRow Row(const ReportView& view, const ReportRow& row, bool first) {
  TextRow text;
  text.rule_before = first;
  for (Column column : view.columns) {
    const bool repeated_level1 = column == Column::kLevel1 && !first;
    text.cells.push_back(repeated_level1 ? "" : CellAt(row, column).text);
  }
  return text;
}

}  // namespace

std::string RenderTable(const ReportView& view, const TableOptions& options) {
  std::vector<TextRow> rows;
  for (const ReportGroup& group : view.groups) {
    for (size_t i = 0; i < group.rows.size(); ++i) {
      rows.push_back(Row(view, group.rows[i], i == 0));
    }
  }
  rows.push_back(Row(view, view.total, true));
  rows.push_back(Row(view, view.grade, true));

  const std::string table = RenderTextTable(TableColumns(view, options), rows);
  std::string out = absl::StrCat(view.title, "\n", view.subtitle, "\n", table);
  // Notes are wrapped to the table's width, not left to the terminal.
  const int width = DisplayWidth(table.substr(0, table.find('\n')));
  for (const std::string& note : view.notes) {
    for (const std::string& line : WrapText("注：" + note, width)) {
      absl::StrAppend(&out, line, "\n");
    }
  }
  return out;
}

}  // namespace anju::cli
