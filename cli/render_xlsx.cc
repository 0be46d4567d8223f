#include <xlsxwriter.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cli/render.h"

namespace anju::cli {
namespace {

constexpr lxw_row_t kTitleRow = 0;
constexpr lxw_row_t kSubtitleRow = 1;
constexpr lxw_row_t kHeaderRow = 2;
constexpr lxw_row_t kFirstDataRow = 3;
constexpr uint8_t kPaperA4 = 9;

struct Formats {
  lxw_format* title;
  lxw_format* header;
  lxw_format* level1;  // the merged 一级指标 cells
  lxw_format* text;
  lxw_format* number;
  lxw_format* bold_text;  // 小计, 合计, 评级
  lxw_format* bold_number;
};

lxw_format* CellFormat(lxw_workbook* book, bool bold, bool wrap) {
  lxw_format* format = workbook_add_format(book);
  format_set_border(format, LXW_BORDER_THIN);
  format_set_align(format, LXW_ALIGN_VERTICAL_CENTER);
  if (bold) format_set_bold(format);
  if (wrap) format_set_text_wrap(format);
  return format;
}

Formats MakeFormats(lxw_workbook* book) {
  Formats f;
  f.title = workbook_add_format(book);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  f.header = CellFormat(book, true, true);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_bg_color(f.header, 0xEEEEEE);
  f.level1 = CellFormat(book, false, true);
  format_set_align(f.level1, LXW_ALIGN_CENTER);
  f.text = CellFormat(book, false, true);
  f.number = CellFormat(book, false, false);
  f.bold_text = CellFormat(book, true, true);
  f.bold_number = CellFormat(book, true, false);
  return f;
}

// Widths in Excel's character units; a Chinese character takes about two.
double ColumnWidth(Column column) {
  switch (column) {
    case Column::kLevel1:
      return 10;
    case Column::kName:
      return 30;
    case Column::kSelfScore:
    case Column::kReviewScore:
      return 10;
    case Column::kReason:
      return 60;
    case Column::kReviewReason:
      return 40;
    default:
      return 8;
  }
}

void WriteCell(lxw_worksheet* sheet, lxw_row_t r, lxw_col_t c, const Cell& cell,
               bool bold, const Formats& f) {
  if (cell.number.has_value()) {
    worksheet_write_number(sheet, r, c, *cell.number,
                           bold ? f.bold_number : f.number);
  } else {
    worksheet_write_string(sheet, r, c, cell.text.c_str(),
                           bold ? f.bold_text : f.text);
  }
}

// Every column but the 一级指标, which the caller writes (merged or not).
void WriteRow(lxw_worksheet* sheet, lxw_row_t r, const ReportView& view,
              const ReportRow& row, const Formats& f) {
  const bool bold = row.kind != RowKind::kIndicator;
  for (lxw_col_t c = 0; c < view.columns.size(); ++c) {
    if (view.columns[c] == Column::kLevel1) continue;
    WriteCell(sheet, r, c, CellAt(row, view.columns[c]), bold, f);
  }
}

void WriteHeading(lxw_worksheet* sheet, const ReportView& view,
                  const Formats& f) {
  const lxw_col_t last = view.columns.size() - 1;
  worksheet_merge_range(sheet, kTitleRow, 0, kTitleRow, last,
                        view.title.c_str(), f.title);
  worksheet_merge_range(sheet, kSubtitleRow, 0, kSubtitleRow, last,
                        view.subtitle.c_str(), nullptr);
  for (lxw_col_t c = 0; c < view.columns.size(); ++c) {
    worksheet_write_string(sheet, kHeaderRow, c, ColumnHeader(view.columns[c]),
                           f.header);
    worksheet_set_column(sheet, c, c, ColumnWidth(view.columns[c]), nullptr);
  }
}

// Returns the row after the last one written.
lxw_row_t WriteGroups(lxw_worksheet* sheet, const ReportView& view,
                      const Formats& f) {
  lxw_row_t r = kFirstDataRow;
  for (const ReportGroup& group : view.groups) {
    const lxw_row_t first = r;
    for (const ReportRow& row : group.rows) WriteRow(sheet, r++, view, row, f);
    // A group always has its 小计 row, so the range spans two rows or more
    // (libxlsxwriter refuses a one-cell merge).
    worksheet_merge_range(sheet, first, 0, r - 1, 0, group.level1.c_str(),
                          f.level1);
  }
  for (const ReportRow* row : {&view.total, &view.grade}) {
    worksheet_write_string(sheet, r, 0, row->level1.c_str(), f.bold_text);
    WriteRow(sheet, r++, view, *row, f);
  }
  return r;
}

void SetUpPrinting(lxw_worksheet* sheet) {
  worksheet_set_paper(sheet, kPaperA4);
  worksheet_fit_to_pages(sheet, 1, 0);  // one page wide, as tall as needed
  worksheet_repeat_rows(sheet, kHeaderRow, kHeaderRow);
  worksheet_freeze_panes(sheet, kFirstDataRow, 0);
}

}  // namespace

absl::Status WriteXlsx(const ReportView& view, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": cannot create the workbook"));
  }
  const Formats formats = MakeFormats(book);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "指标表");
  WriteHeading(sheet, view, formats);
  lxw_row_t r = WriteGroups(sheet, view, formats) + 1;
  for (const std::string& note : view.notes) {
    worksheet_write_string(sheet, r++, 0, ("注：" + note).c_str(), nullptr);
  }
  SetUpPrinting(sheet);
  // The file is only written here; errors of the calls above surface too.
  const lxw_error error = workbook_close(book);
  if (error != LXW_NO_ERROR) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": ", lxw_strerror(error)));
  }
  return absl::OkStatus();
}

}  // namespace anju::cli
