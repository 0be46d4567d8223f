// CSV import of reserve projects (services/registry/tabular): the RFC 4180
// reader on any bytes, then the whole ReadProjects path (header matching,
// cell rules, row errors). Seeds: the 2024 reserve sample and test files.

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "services/registry/tabular/csv_sheet.h"
#include "tests/fuzz/tabular_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace anju;  // NOLINT: a fuzz entry point
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  auto sheet = registry::tabular::ReadCsvSheet(text, 2000);
  if (sheet.ok()) {
    int last = 0;
    for (const registry::tabular::SheetRow& row : sheet->rows) {
      fuzz::Check(row.number > last, "rows ascend");
      fuzz::Check(!registry::tabular::IsBlankRow(row.cells),
                  "blank rows are left out");
      fuzz::Check(row.cells.size() <=
                      static_cast<size_t>(registry::tabular::kMaxSheetColumns),
                  "cells beyond kMaxSheetColumns are dropped");
      last = row.number;
    }
  }
  fuzz::ReadAndCheck(v1::TABLE_FORMAT_CSV, text);
  return 0;
}
