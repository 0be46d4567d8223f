// xlsx import of reserve projects (services/registry/tabular): a zip read
// with libzip, its parts streamed through expat, under small limits. Seeds:
// the 2024 reserve sample as the registry's own export writes it
// (scripts/fuzz makes it with the export_xlsx_seed tool).

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "services/registry/tabular/xlsx_sheet.h"
#include "tests/fuzz/tabular_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace anju;  // NOLINT: a fuzz entry point
  const absl::string_view content(reinterpret_cast<const char*>(data), size);
  registry::tabular::XlsxLimits limits;
  limits.max_part_bytes = fuzz::FuzzLimits().max_unzipped_part_bytes;
  limits.max_total_bytes = fuzz::FuzzLimits().max_unzipped_total_bytes;
  auto sheet = registry::tabular::ReadXlsxSheet(content, 2000, limits);
  if (sheet.ok()) {
    int last = 0;
    for (const registry::tabular::SheetRow& row : sheet->rows) {
      fuzz::Check(row.number > last, "rows ascend");
      last = row.number;
    }
  }
  fuzz::ReadAndCheck(v1::TABLE_FORMAT_XLSX, content);
  return 0;
}
