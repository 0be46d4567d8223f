#ifndef ANJU_SERVICES_REGISTRY_TABULAR_CSV_SHEET_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_CSV_SHEET_H_

// CSV as Excel reads and writes it (RFC 4180): comma-separated, fields in
// double quotes may hold commas, line breaks and doubled quotes; records end
// in CRLF, LF or CR; UTF-8 with or without a BOM. Lenient where Excel is: a
// quote inside an unquoted field is a character, rows may be short.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/registry/tabular/sheet.h"

namespace anju::registry::tabular {

// Row numbers count records (a quoted line break stays in its row), as
// Excel numbers the rows it opens. INVALID_ARGUMENT for text that is not
// UTF-8 (naming the row: Excel's plain "CSV" is GBK), an unterminated quote,
// or more than `max_rows` non-blank rows.
absl::StatusOr<Sheet> ReadCsvSheet(absl::string_view text, int max_rows);

struct OutCell {
  std::string text;
  bool is_text = true;  // numbers are written as they are
  double number = 0;    // the value of a number cell (is_text false)
};

// UTF-8 with a BOM and CRLF, so that Excel opens Chinese text intact. A
// text cell starting with = + - @ tab or CR gets a leading ' (OWASP, CSV
// injection) so that Excel shows it instead of evaluating it.
std::string WriteCsv(const std::vector<std::vector<OutCell>>& rows);

// The reader's side of that prefix: "'=1+2" → "=1+2"; anything else as is.
std::string StripInjectionGuard(std::string text);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_CSV_SHEET_H_
