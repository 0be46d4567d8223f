#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "cli/render.h"

namespace anju::cli {
namespace {

// Printable on A4 as it is: no scripts, no external fonts or sheets.
constexpr char kStyle[] = R"css(
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", SimSun, sans-serif; font-size: 10.5pt; color: #000; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 4pt; }
p.subtitle { text-align: center; margin: 0 0 8pt; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: middle; }
th { background: #eee; print-color-adjust: exact;
     -webkit-print-color-adjust: exact; }
td.num { text-align: right; white-space: nowrap; }
td.level1 { text-align: center; }
tr.subtotal td, tr.total td, tr.grade td { font-weight: bold; }
td.not-scorable { color: #b00000; }
ul.notes { margin-top: 8pt; padding-left: 1.5em; }
)css";

std::string Escape(const std::string& text) {
  return absl::StrReplaceAll(text, {{"&", "&amp;"},
                                    {"<", "&lt;"},
                                    {">", "&gt;"},
                                    {"\"", "&quot;"},
                                    {"'", "&#39;"},
                                    {"\n", "<br>"}});
}

const char* RowClass(RowKind kind) {
  switch (kind) {
    case RowKind::kIndicator:
      return "indicator";
    case RowKind::kSubtotal:
      return "subtotal";
    case RowKind::kTotal:
      return "total";
    case RowKind::kGrade:
      return "grade";
  }
  return "";
}

std::string Td(const ReportRow& row, Column column) {
  const Cell cell = CellAt(row, column);
  std::string cls = IsNumericColumn(column) ? "num" : "";
  if (column == Column::kScore && !cell.number.has_value() &&
      row.kind == RowKind::kIndicator) {
    cls = "num not-scorable";
  }
  const std::string attr =
      cls.empty() ? "" : absl::StrCat(" class=\"", cls, "\"");
  return absl::StrCat("<td", attr, ">", Escape(cell.text), "</td>");
}

// `level1_span`: rows the 一级指标 cell spans, starting at this row; 0 when
// an earlier row's cell covers it.
std::string Tr(const ReportView& view, const ReportRow& row, int level1_span) {
  std::string tr = absl::StrCat("<tr class=\"", RowClass(row.kind), "\">");
  for (Column column : view.columns) {
    if (column != Column::kLevel1) {
      tr += Td(row, column);
    } else if (level1_span > 0) {
      absl::StrAppend(&tr, "<td class=\"level1\" rowspan=\"", level1_span,
                      "\">", Escape(row.level1), "</td>");
    }
  }
  return tr + "</tr>\n";
}

std::string Head(const ReportView& view) {
  std::string head = "<thead><tr>";
  for (Column column : view.columns) {
    absl::StrAppend(&head, "<th>", ColumnHeader(column), "</th>");
  }
  return head + "</tr></thead>\n";
}

std::string Notes(const ReportView& view) {
  if (view.notes.empty()) return "";
  std::string notes = "<ul class=\"notes\">\n";
  for (const std::string& note : view.notes) {
    absl::StrAppend(&notes, "<li>注：", Escape(note), "</li>\n");
  }
  return notes + "</ul>\n";
}

}  // namespace

std::string RenderHtml(const ReportView& view) {
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">"
      "\n<title>",
      Escape(view.title), "</title>\n<style>", kStyle,
      "</style>\n</head>\n<body>\n<h1>", Escape(view.title),
      "</h1>\n<p class=\"subtitle\">", Escape(view.subtitle), "</p>\n<table>\n",
      Head(view), "<tbody>\n");
  for (const ReportGroup& group : view.groups) {
    for (size_t i = 0; i < group.rows.size(); ++i) {
      const int span = i == 0 ? static_cast<int>(group.rows.size()) : 0;
      html += Tr(view, group.rows[i], span);
    }
  }
  html += Tr(view, view.total, 1);
  html += Tr(view, view.grade, 1);
  return html + "</tbody>\n</table>\n" + Notes(view) + "</body>\n</html>\n";
}

}  // namespace anju::cli
