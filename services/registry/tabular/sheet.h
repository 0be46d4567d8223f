#ifndef ANJU_SERVICES_REGISTRY_TABULAR_SHEET_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_SHEET_H_

// A worksheet as the readers hand it over: only the rows that hold a
// non-blank cell, each with the row number a spreadsheet program shows.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

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

// Where the readers hand each non-blank row as they reach it, so that a
// caller can turn rows into projects without holding the sheet: memory
// then follows what is kept, not the size of the file. A non-OK status
// stops the reading and is returned by the reader.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual absl::Status Row(SheetRow row) = 0;
};

// Keeps the rows in a Sheet, at most `max_rows` of them (RESOURCE_EXHAUSTED
// beyond).
class SheetCollector : public RowSink {
 public:
  explicit SheetCollector(int max_rows) : max_rows_(max_rows) {}
  absl::Status Row(SheetRow row) override;
  Sheet Take() { return std::move(sheet_); }

 private:
  const int max_rows_;
  Sheet sheet_;
};

// Whether a cell holds something other than spaces.
bool IsBlankCell(const std::string& cell);
bool IsBlankRow(const std::vector<std::string>& cells);

// "A", "B", … "AA": the spreadsheet's name of a 0-based column.
std::string ColumnLetters(int column);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_SHEET_H_
