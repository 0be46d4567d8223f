// WriteXlsx: libxlsxwriter into a private temporary directory, read back.

#include <stdlib.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/registry/tabular/xlsx_sheet.h"

namespace anju::registry::tabular {
namespace {

// A directory of our own under TMPDIR, removed with everything in it.
class TempDir {
 public:
  static absl::StatusOr<TempDir> Create() {
    std::error_code error;
    std::string pattern =
        (std::filesystem::temp_directory_path(error) / "anju-xlsx-XXXXXX")
            .string();
    if (error || mkdtemp(pattern.data()) == nullptr) {
      return absl::InternalError("xlsx: 无法创建临时目录");
    }
    return TempDir(pattern);
  }
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TempDir(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

void WriteRows(lxw_worksheet* sheet, const std::vector<XlsxColumn>& columns,
               const std::vector<std::vector<OutCell>>& rows,
               lxw_format* bold) {
  for (lxw_col_t c = 0; c < columns.size(); ++c) {
    worksheet_write_string(sheet, 0, c, columns[c].header.c_str(), bold);
    worksheet_set_column(sheet, c, c, columns[c].width, nullptr);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (lxw_col_t c = 0; c < rows[r].size(); ++c) {
      const OutCell& cell = rows[r][c];
      if (!cell.is_text) {
        worksheet_write_number(sheet, row, c, cell.number, nullptr);
      } else if (!cell.text.empty()) {
        // A string cell, never a formula, whatever it starts with.
        worksheet_write_string(sheet, row, c, cell.text.c_str(), nullptr);
      }
    }
  }
  worksheet_freeze_panes(sheet, 1, 0);
}

}  // namespace

absl::StatusOr<std::string> WriteXlsx(
    absl::string_view sheet_name, const std::vector<XlsxColumn>& columns,
    const std::vector<std::vector<OutCell>>& rows) {
  if (rows.size() + 1 > LXW_ROW_MAX) {
    return absl::InvalidArgumentError(
        absl::StrCat("xlsx: 行数超过 Excel 上限 ", LXW_ROW_MAX));
  }
  absl::StatusOr<TempDir> dir = TempDir::Create();
  if (!dir.ok()) return dir.status();
  const std::string path = dir->path() + "/table.xlsx";
  lxw_workbook_options options = {};
  options.tmpdir = const_cast<char*>(dir->path().c_str());
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (book == nullptr) return absl::InternalError("xlsx: 无法创建工作簿");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_worksheet* sheet =
      workbook_add_worksheet(book, std::string(sheet_name).c_str());
  if (sheet != nullptr) WriteRows(sheet, columns, rows, bold);
  const lxw_error error = workbook_close(book);  // writes the file
  if (sheet == nullptr || error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat(
        "xlsx: 写入失败: ", sheet == nullptr ? "工作表" : lxw_strerror(error)));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return absl::InternalError("xlsx: 无法读回生成的文件");
  return bytes.str();
}

}  // namespace anju::registry::tabular
