#include "services/registry/tabular/csv_sheet.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/registry/tabular/text.h"

namespace anju::registry::tabular {
namespace {

constexpr absl::string_view kBom = "\xEF\xBB\xBF";

bool StartsFormula(absl::string_view text) {
  return !text.empty() &&
         absl::string_view("=+-@\t\r").find(text[0]) != absl::string_view::npos;
}

// The record-by-record state of ReadCsvSheet.
class CsvReader {
 public:
  explicit CsvReader(int max_rows) : max_rows_(max_rows) {}

  absl::StatusOr<Sheet> Read(absl::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (in_quotes_) {
        if (c != '"') {
          field_ += c;
        } else if (i + 1 < text.size() && text[i + 1] == '"') {
          field_ += '"';
          ++i;
        } else {
          in_quotes_ = false;
        }
      } else if (c == '"' && field_.empty() && !field_started_) {
        in_quotes_ = true;
        field_started_ = true;
        quote_row_ = record_;
      } else if (c == ',') {
        EndField();
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        if (absl::Status s = EndRecord(); !s.ok()) return s;
      } else {
        field_ += c;
        field_started_ = true;
      }
    }
    if (in_quotes_) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV 第", quote_row_, "行: 引号未闭合 (缺少结束的 \")"));
    }
    if (field_started_ || !cells_.empty()) {
      if (absl::Status s = EndRecord(); !s.ok()) return s;
    }
    return std::move(sheet_);
  }

 private:
  void EndField() {
    // Past the last kept column a field is dropped as it ends.
    if (cells_.size() < kMaxSheetColumns) cells_.push_back(std::move(field_));
    field_.clear();
    field_started_ = false;
  }

  absl::Status EndRecord() {
    EndField();
    if (!IsBlankRow(cells_)) {
      if (static_cast<int>(sheet_.rows.size()) >= max_rows_) {
        return absl::InvalidArgumentError(absl::StrCat(
            "表格行数超过上限 ", max_rows_, " (第", record_, "行)"));
      }
      sheet_.rows.push_back(SheetRow{record_, std::move(cells_)});
    }
    cells_.clear();
    ++record_;
    return absl::OkStatus();
  }

  const int max_rows_;
  Sheet sheet_;
  std::vector<std::string> cells_;
  std::string field_;
  bool field_started_ = false;
  bool in_quotes_ = false;
  int record_ = 1;
  int quote_row_ = 0;
};

// Quotes a cell when Excel would otherwise split or trim it.
std::string QuoteCell(std::string text) {
  const bool needs_quotes =
      text.find_first_of(",\"\r\n") != std::string::npos ||
      (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!needs_quotes) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace

absl::StatusOr<Sheet> ReadCsvSheet(absl::string_view text, int max_rows) {
  if (absl::StartsWith(text, kBom)) text.remove_prefix(kBom.size());
  if (const std::size_t bad = FirstInvalidUtf8(text); bad != text.size()) {
    int row = 1;
    for (std::size_t i = 0; i < bad; ++i) row += text[i] == '\n';
    return absl::InvalidArgumentError(absl::StrCat(
        "CSV 第", row,
        "行附近: 不是 UTF-8 编码 (Excel 请另存为 “CSV UTF-8(逗号分隔)”)"));
  }
  return CsvReader(max_rows).Read(text);
}

std::string WriteCsv(const std::vector<std::vector<OutCell>>& rows) {
  std::string out(kBom);
  for (const std::vector<OutCell>& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += ',';
      std::string text = row[c].text;
      if (row[c].is_text && StartsFormula(text)) text.insert(0, "'");
      out += QuoteCell(std::move(text));
    }
    out += "\r\n";
  }
  return out;
}

std::string StripInjectionGuard(std::string text) {
  if (text.size() >= 2 && text[0] == '\'' &&
      StartsFormula(absl::string_view(text).substr(1))) {
    text.erase(0, 1);
  }
  return text;
}

}  // namespace anju::registry::tabular
