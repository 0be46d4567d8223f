#ifndef ANJU_SERVICES_REGISTRY_TABULAR_PROJECT_TABLE_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_PROJECT_TABLE_H_

// Reserve projects (入库项目) as a spreadsheet: the counties keep their
// reserve in Excel, so the registry imports and exports CSV and xlsx with
// Chinese column headers (columns.h lists them).
//
// Reading never fails on one bad cell: each bad cell becomes a RowError
// (row = the sheet's row number, the header being row 1; column = the
// header text; message in Chinese naming the rule and the value) and its
// row is left out of `projects`. Only a file that cannot be a project table
// at all (no header, a required column missing, a malformed zip, more than
// max_rows data rows, a format not CSV or xlsx) fails as a whole, with
// INVALID_ARGUMENT.
//
// What the reader fills in: org (the county's code), programme, the figures,
// readiness, consent, building year, shortfalls, and id when the 项目编号
// cell is not empty (the caller decides whether that means an update). The
// read-only export columns (状态, 计划年度, dates, 优先得分) are ignored.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"
#include "common/orgs/org_tree.h"

namespace anju::registry::tabular {

struct ParsedProject {
  int row;  // the sheet's row number (header = 1)
  v1::ReserveProject project;
};

struct ParsedTable {
  int data_rows = 0;                    // non-empty data rows read, good or bad
  std::vector<ParsedProject> projects;  // the rows without errors, in order
  std::vector<v1::RowError> errors;     // in row order, then column order
};

absl::StatusOr<ParsedTable> ReadProjects(v1::TableFormat format,
                                         absl::string_view content,
                                         const orgs::OrgTree& orgs,
                                         int max_rows = 200000);

// The bounds of a read. The xlsx ones bound the bytes decompressed (a zip
// bomb stops there); parts are streamed, so memory is bounded by the rows.
struct ReadLimits {
  int max_rows = 200000;  // data rows
  std::int64_t max_unzipped_part_bytes = std::int64_t{256} << 20;
  std::int64_t max_unzipped_total_bytes = std::int64_t{512} << 20;
};

absl::StatusOr<ParsedTable> ReadProjects(v1::TableFormat format,
                                         absl::string_view content,
                                         const orgs::OrgTree& orgs,
                                         const ReadLimits& limits);

// Every column, including the read-only ones; CSV with a UTF-8 BOM and CRLF,
// cells that Excel would take for a formula prefixed with '. Whatever
// WriteProjects writes, ReadProjects reads back to the same projects (for
// the fields the reader fills in).
absl::StatusOr<std::string> WriteProjects(
    v1::TableFormat format, const std::vector<v1::ReserveProject>& projects,
    const orgs::OrgTree& orgs);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_PROJECT_TABLE_H_
