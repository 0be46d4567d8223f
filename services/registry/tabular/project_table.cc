#include "services/registry/tabular/project_table.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/registry/tabular/cells.h"
#include "services/registry/tabular/columns.h"
#include "services/registry/tabular/csv_sheet.h"
#include "services/registry/tabular/text.h"
#include "services/registry/tabular/xlsx_sheet.h"

namespace anju::registry::tabular {
namespace {

constexpr std::size_t kMaxCellBytes = 32767;  // Excel's own cell limit
constexpr std::size_t kMaxIdBytes = 64;
// Sheets often open with a title ("赤峰市2024年项目储备库") or a note above
// the header: that many rows are looked past to find it.
constexpr std::size_t kMaxTitleRows = 5;
// Rounding in a county's sheet must not turn a row into an error.
constexpr double kFundingTolerance = 0.01;  // 万元

// A sheet column that the table knows.
struct Mapped {
  std::size_t sheet_column;
  const Column* column;
};

absl::Status CellRule(absl::string_view rule, absl::string_view cell) {
  return absl::InvalidArgumentError(
      absl::StrCat(rule, " (got ", Excerpt(cell), ")"));
}

absl::StatusOr<std::string> ParseId(absl::string_view cell) {
  const std::string unguarded = StripInjectionGuard(std::string(cell));
  const absl::string_view id = TrimCell(unguarded);
  bool plain = id.size() <= kMaxIdBytes;
  for (char c : id)
    plain = plain && (absl::ascii_isalnum(c) || c == '-' || c == '_');
  if (!plain) {
    return CellRule("须为不超过 64 个字符的字母、数字、- 或 _", cell);
  }
  return std::string(id);
}

absl::StatusOr<std::string> ParseLine(const Column& column,
                                      absl::string_view cell) {
  std::string text = StripInjectionGuard(std::string(TrimCell(cell)));
  if (column.kind == CellKind::kName && text.empty()) {
    return absl::InvalidArgumentError("不能为空");
  }
  if (CodePointCount(text) > column.max) {
    return absl::InvalidArgumentError(
        absl::StrCat("不能超过 ", column.max, " 个字 (got ",
                     CodePointCount(text), " 个字)"));
  }
  if (HasControlCharacter(text)) {
    return CellRule("不能含换行、制表符等控制字符", text);
  }
  return text;
}

template <typename T>
absl::StatusOr<CellValue> AsNumber(absl::StatusOr<T> value) {
  if (!value.ok()) return value.status();
  CellValue out;
  out.number = *value;
  return out;
}

absl::StatusOr<CellValue> AsText(absl::StatusOr<std::string> value) {
  if (!value.ok()) return value.status();
  CellValue out;
  out.text = *std::move(value);
  return out;
}

absl::StatusOr<CellValue> ParseCell(const Column& column,
                                    absl::string_view cell,
                                    const orgs::OrgTree& tree) {
  if (cell.size() > kMaxCellBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "单元格不能超过 ", kMaxCellBytes, " 字节 (got ", cell.size(), ")"));
  }
  switch (column.kind) {
    case CellKind::kId:
      return AsText(ParseId(cell));
    case CellKind::kCounty:
      return AsText(ParseCounty(cell, tree));
    case CellKind::kProgramme:
      return AsText(ParseProgramme(cell));
    case CellKind::kName:
    case CellKind::kText:
      return AsText(ParseLine(column, cell));
    case CellKind::kCount:
      return AsNumber(ParseCount(cell, static_cast<int>(column.max)));
    case CellKind::kAmount:
      return AsNumber(ParseAmount(cell, column.max));
    case CellKind::kPercent:
      return AsNumber(ParsePercent(cell));
    case CellKind::kYear:
      return AsNumber(ParseYear(cell));
    case CellKind::kFlag: {
      absl::StatusOr<bool> flag = ParseFlag(cell);
      if (!flag.ok()) return flag.status();
      CellValue out;
      out.flag = *flag;
      return out;
    }
    case CellKind::kReadOnly:
      break;
  }
  return CellValue();
}

v1::RowError MakeError(int row, absl::string_view column,
                       absl::string_view message) {
  v1::RowError error;
  error.set_row(row);
  error.set_column(std::string(column));
  error.set_message(std::string(message));
  return error;
}

// The header row → the known columns in sheet order; INVALID_ARGUMENT for
// duplicates or missing required columns.
absl::StatusOr<std::vector<Mapped>> MapHeader(const SheetRow& header) {
  std::vector<Mapped> mapped;
  absl::flat_hash_map<const Column*, std::size_t> seen;
  const std::vector<Column>& columns = ProjectColumns();
  for (std::size_t c = 0; c < header.cells.size(); ++c) {
    const std::optional<std::size_t> known = FindColumn(header.cells[c]);
    if (!known) continue;  // an extra column of the county's: ignored
    const Column* column = &columns[*known];
    if (auto [it, fresh] = seen.emplace(column, c); !fresh) {
      return absl::InvalidArgumentError(absl::StrCat(
          "表头第", header.number, "行: 列 ", column->header, " 重复 (",
          ColumnLetters(it->second), "列和", ColumnLetters(c), "列)"));
    }
    mapped.push_back(Mapped{c, column});
  }
  std::vector<absl::string_view> missing;
  for (const Column& column : columns) {
    if (column.required && !seen.contains(&column)) {
      missing.push_back(column.header);
    }
  }
  if (mapped.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("没有表头: 第", header.number, "行应为表头, 至少要有 ",
                     absl::StrJoin(missing, "、"), " 这几列"));
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("缺少必需的列: ", absl::StrJoin(missing, "、"),
                     " (表头在第", header.number, "行)"));
  }
  return mapped;
}

// The first row among the first few that names a known column; the first
// row when none does (MapHeader then says what is missing).
std::size_t FindHeaderRow(const Sheet& sheet) {
  const std::size_t scan = std::min(sheet.rows.size(), kMaxTitleRows + 1);
  for (std::size_t r = 0; r < scan; ++r) {
    for (const std::string& cell : sheet.rows[r].cells) {
      if (FindColumn(cell)) return r;
    }
  }
  return 0;
}

// Checks across cells of one row, once every cell parsed.
std::optional<v1::RowError> CheckRow(int row, const v1::ReserveProject& p) {
  const v1::FundingSources& f = p.funding();
  const double funded = f.central() + f.region() + f.city() + f.county() +
                        f.social() + f.loans_bonds();
  if (p.investment_10k_yuan() > 0 &&
      funded > p.investment_10k_yuan() + kFundingTolerance) {
    return MakeError(row, "估算总投资(万元)",
                     absl::StrCat("资金来源合计 ", FormatNumber(funded),
                                  " 不能超过估算总投资 (got ",
                                  FormatNumber(p.investment_10k_yuan()), ")"));
  }
  return std::nullopt;
}

void ReadRow(const SheetRow& row, const std::vector<Mapped>& mapped,
             const orgs::OrgTree& tree,
             absl::flat_hash_map<std::string, int>& id_rows,
             ParsedTable& table) {
  ParsedProject parsed{row.number, v1::ReserveProject()};
  const std::size_t errors_before = table.errors.size();
  static const std::string kEmpty;
  for (const Mapped& m : mapped) {
    if (m.column->set == nullptr) continue;
    const std::string& cell =
        m.sheet_column < row.cells.size() ? row.cells[m.sheet_column] : kEmpty;
    absl::StatusOr<CellValue> value = ParseCell(*m.column, cell, tree);
    if (!value.ok()) {
      table.errors.push_back(
          MakeError(row.number, m.column->header, value.status().message()));
      continue;
    }
    m.column->set(parsed.project, *value);
  }
  if (table.errors.size() == errors_before) {
    if (auto error = CheckRow(row.number, parsed.project)) {
      table.errors.push_back(*std::move(error));
    }
  }
  const std::string& id = parsed.project.id();
  if (!id.empty()) {
    if (auto [it, fresh] = id_rows.emplace(id, row.number); !fresh) {
      table.errors.push_back(
          MakeError(row.number, "项目编号",
                    absl::StrCat("与第", it->second, "行重复 (got ", id, ")")));
    }
  }
  if (table.errors.size() == errors_before) {
    table.projects.push_back(std::move(parsed));
  }
}

}  // namespace

absl::StatusOr<ParsedTable> ReadProjects(v1::TableFormat format,
                                         absl::string_view content,
                                         const orgs::OrgTree& orgs,
                                         int max_rows) {
  ReadLimits limits;
  limits.max_rows = max_rows;
  return ReadProjects(format, content, orgs, limits);
}

absl::StatusOr<ParsedTable> ReadProjects(v1::TableFormat format,
                                         absl::string_view content,
                                         const orgs::OrgTree& orgs,
                                         const ReadLimits& limits) {
  const int max_rows = limits.max_rows;
  if (max_rows < 0) return absl::InvalidArgumentError("max_rows: 须 >= 0");
  // Title rows and the header count against the readers' bound (memory);
  // the data rows are checked against max_rows below.
  const int bound = max_rows + 1 + static_cast<int>(kMaxTitleRows);
  absl::StatusOr<Sheet> sheet;
  if (format == v1::TABLE_FORMAT_CSV) {
    sheet = ReadCsvSheet(content, bound);
  } else if (format == v1::TABLE_FORMAT_XLSX) {
    XlsxLimits unzip;
    unzip.max_part_bytes = limits.max_unzipped_part_bytes;
    unzip.max_total_bytes = limits.max_unzipped_total_bytes;
    sheet = ReadXlsxSheet(content, bound, unzip);
  } else {
    return absl::InvalidArgumentError("format: 须为 CSV 或 XLSX");
  }
  if (!sheet.ok()) return sheet.status();
  if (sheet->rows.empty()) {
    return absl::InvalidArgumentError("表格为空: 没有表头");
  }
  const std::size_t header = FindHeaderRow(*sheet);
  absl::StatusOr<std::vector<Mapped>> mapped = MapHeader(sheet->rows[header]);
  if (!mapped.ok()) return mapped.status();
  const std::size_t data_rows = sheet->rows.size() - header - 1;
  if (data_rows > static_cast<std::size_t>(max_rows)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "数据行数 ", data_rows, " 超过上限 ", max_rows, ", 请分批导入"));
  }
  ParsedTable table;
  absl::flat_hash_map<std::string, int> id_rows;
  for (std::size_t r = header + 1; r < sheet->rows.size(); ++r) {
    ++table.data_rows;
    ReadRow(sheet->rows[r], *mapped, orgs, id_rows, table);
  }
  return table;
}

absl::StatusOr<std::string> WriteProjects(
    v1::TableFormat format, const std::vector<v1::ReserveProject>& projects,
    const orgs::OrgTree& orgs) {
  const std::vector<Column>& columns = ProjectColumns();
  std::vector<std::vector<OutCell>> rows;
  rows.reserve(projects.size() + 1);
  for (const v1::ReserveProject& project : projects) {
    std::vector<OutCell>& row = rows.emplace_back();
    for (const Column& column : columns)
      row.push_back(column.get(project, orgs));
  }
  if (format == v1::TABLE_FORMAT_XLSX) {
    std::vector<XlsxColumn> headers;
    for (const Column& c : columns) {
      headers.push_back(XlsxColumn{std::string(c.header), c.width});
    }
    return WriteXlsx("项目储备库", headers, rows);
  }
  if (format != v1::TABLE_FORMAT_CSV) {
    return absl::InvalidArgumentError("format: 须为 CSV 或 XLSX");
  }
  std::vector<OutCell> header;
  for (const Column& c : columns)
    header.push_back(OutCell{std::string(c.header)});
  rows.insert(rows.begin(), std::move(header));
  return WriteCsv(rows);
}

}  // namespace anju::registry::tabular
