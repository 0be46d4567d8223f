#include <string>

#include "absl/strings/str_replace.h"
#include "cli/render.h"

namespace anju::cli {
namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, and its
// quotes doubled.
std::string Field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  return "\"" + absl::StrReplaceAll(text, {{"\"", "\"\""}}) + "\"";
}

std::string Line(const ReportView& view, const ReportRow& row) {
  std::string line;
  for (size_t c = 0; c < view.columns.size(); ++c) {
    if (c > 0) line += ",";
    line += Field(CellAt(row, view.columns[c]).text);
  }
  return line + "\r\n";
}

}  // namespace

std::string RenderCsv(const ReportView& view) {
  // Without the BOM, Excel on a Chinese Windows reads UTF-8 as GBK.
  std::string out = "\xEF\xBB\xBF";
  for (size_t c = 0; c < view.columns.size(); ++c) {
    if (c > 0) out += ",";
    out += Field(ColumnHeader(view.columns[c]));
  }
  out += "\r\n";
  for (const ReportGroup& group : view.groups) {
    for (const ReportRow& row : group.rows) out += Line(view, row);
  }
  out += Line(view, view.total);
  out += Line(view, view.grade);
  return out;
}

}  // namespace anju::cli
