#ifndef ANJU_COMMON_ORGS_CSV_TABLE_H_
#define ANJU_COMMON_ORGS_CSV_TABLE_H_

// Just enough CSV (RFC 4180: quoted fields, doubled quotes, CRLF, a UTF-8
// BOM) to read the published division lists; no dependency for it.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace anju::orgs {

struct CsvRow {
  int line = 0;  // 1-based line where the row starts, for error messages
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string source;  // the file, for error messages
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // every row has as many fields as the header

  // Index of a header column, if present.
  std::optional<std::size_t> Column(absl::string_view name) const;
};

// INVALID_ARGUMENT naming source and line for an unterminated quote, a
// stray quote or a row whose field count differs from the header's.
absl::StatusOr<CsvTable> ParseCsv(absl::string_view text,
                                  absl::string_view source);

// NOT_FOUND when the file cannot be read.
absl::StatusOr<CsvTable> ReadCsvFile(const std::string& path);

}  // namespace anju::orgs

#endif  // ANJU_COMMON_ORGS_CSV_TABLE_H_
