#include "services/registry/tabular/sheet.h"

#include "absl/strings/ascii.h"

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

std::string ColumnLetters(int column) {
  std::string letters;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

}  // namespace anju::registry::tabular
