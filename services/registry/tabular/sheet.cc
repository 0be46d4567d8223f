#include "services/registry/tabular/sheet.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace anju::registry::tabular {

bool IsBlankCell(const std::string& cell) {
  return absl::StripAsciiWhitespace(cell).empty();
}

bool IsBlankRow(const std::vector<std::string>& cells) {
  for (const std::string& cell : cells) {
    if (!IsBlankCell(cell)) return false;
  }
  return true;
}

absl::Status SheetCollector::Row(SheetRow row) {
  if (static_cast<int>(sheet_.rows.size()) >= max_rows_) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "表格行数超过上限 ", max_rows_, " (第", row.number, "行)"));
  }
  sheet_.rows.push_back(std::move(row));
  return absl::OkStatus();
}

std::string ColumnLetters(int column) {
  std::string letters;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

}  // namespace anju::registry::tabular
