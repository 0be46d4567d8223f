#ifndef ANJU_SERVICES_REGISTRY_TABULAR_SHEET_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_SHEET_H_

// A worksheet as the readers hand it over: only the rows that hold a
// non-blank cell, each with the row number a spreadsheet program shows.

#include <string>
#include <vector>

namespace anju::registry::tabular {

// Cells beyond this column (BL) are dropped by the readers: a project table
// has 33 columns, and a hostile r="XFD1" or a line of commas must not
// allocate thousands of cells a row (memory is ~ max_rows × this).
inline constexpr int kMaxSheetColumns = 64;

struct SheetRow {
  int number = 0;                  // 1-based, as the spreadsheet shows it
  std::vector<std::string> cells;  // column A first; may be short
};

struct Sheet {
  std::vector<SheetRow> rows;  // ascending numbers, blank rows left out
};

// Whether a cell holds something other than spaces.
bool IsBlankCell(const std::string& cell);
bool IsBlankRow(const std::vector<std::string>& cells);

// "A", "B", … "AA": the spreadsheet's name of a 0-based column.
std::string ColumnLetters(int column);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_SHEET_H_
