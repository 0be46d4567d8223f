#ifndef ANJU_SERVICES_REGISTRY_TABULAR_XLSX_SHEET_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_XLSX_SHEET_H_

// The first worksheet of an xlsx workbook (Office Open XML), read with
// libzip and expat: the workbook's first <sheet> found through
// _rels/.rels, workbook.xml and its _rels; shared strings (rich text
// joined, phonetic runs left out), inline strings, numbers and booleans as
// their text, cached formula results; cells placed by their reference
// (r="C5"), so rows and columns may have gaps.
//
// Bounded: parts are streamed through the XML parser, never held whole;
// each is decompressed up to max_part_bytes, all together up to
// max_total_bytes (a zip bomb stops there: these bound the CPU time, the
// rows kept bound the memory), and DOCTYPEs are refused (no entity
// expansion). 100,000 projects make a sheet part of ~90 MiB.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/registry/tabular/csv_sheet.h"
#include "services/registry/tabular/sheet.h"

namespace anju::registry::tabular {

struct XlsxLimits {
  std::int64_t max_part_bytes = std::int64_t{256} << 20;
  std::int64_t max_total_bytes = std::int64_t{512} << 20;
};

// INVALID_ARGUMENT naming the part and the problem for a file that is not a
// zip, lacks a part, holds malformed XML or goes past a limit, or has more
// than `max_rows` non-blank rows.
absl::StatusOr<Sheet> ReadXlsxSheet(absl::string_view content, int max_rows,
                                    const XlsxLimits& limits = XlsxLimits());

struct XlsxColumn {
  std::string header;
  double width = 10;  // characters
};

// One worksheet named `sheet_name`: the header row bold and frozen, the
// columns as wide as given; number cells as numbers, text as text (never a
// formula). libxlsxwriter 1.1.4 writes only files, so this goes through a
// private temporary directory.
absl::StatusOr<std::string> WriteXlsx(
    absl::string_view sheet_name, const std::vector<XlsxColumn>& columns,
    const std::vector<std::vector<OutCell>>& rows);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_XLSX_SHEET_H_
