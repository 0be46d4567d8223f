#include "common/orgs/csv_table.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace anju::orgs {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Splits text into records of fields. A state machine over bytes: UTF-8
// multi-byte sequences never contain ',', '"', '\r' or '\n'.
class CsvSplitter {
 public:
  CsvSplitter(absl::string_view text, absl::string_view source)
      : text_(text), source_(source) {}

  absl::StatusOr<std::vector<CsvRow>> Split() {
    while (pos_ < text_.size()) {
      if (absl::Status s = NextRecord(); !s.ok()) return s;
    }
    return std::move(rows_);
  }

 private:
  absl::Status NextRecord() {
    CsvRow row;
    row.line = line_;
    for (;;) {
      std::string field;
      if (absl::Status s = NextField(field); !s.ok()) return s;
      row.fields.push_back(std::move(field));
      if (pos_ >= text_.size() || text_[pos_] != ',') break;
      ++pos_;
    }
    EndOfLine();
    // Blank lines (a trailing newline, say) are not rows.
    if (row.fields.size() > 1 || !row.fields.front().empty()) {
      rows_.push_back(std::move(row));
    }
    return absl::OkStatus();
  }

  absl::Status NextField(std::string& field) {
    if (pos_ < text_.size() && text_[pos_] == '"') return QuotedField(field);
    while (pos_ < text_.size() && !AtSeparator()) {
      if (text_[pos_] == '"') return Error("a quote inside an unquoted field");
      field.push_back(text_[pos_++]);
    }
    return absl::OkStatus();
  }

  absl::Status QuotedField(std::string& field) {
    const int start = line_;
    ++pos_;
    for (;;) {
      if (pos_ >= text_.size()) {
        return absl::InvalidArgumentError(absl::StrCat(
            source_, ":", start, ": a quoted field is not closed"));
      }
      const char c = text_[pos_++];
      if (c == '\n') ++line_;
      if (c != '"') {
        field.push_back(c);
      } else if (pos_ < text_.size() && text_[pos_] == '"') {
        field.push_back('"');
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ < text_.size() && !AtSeparator()) {
      return Error("text after a closing quote");
    }
    return absl::OkStatus();
  }

  bool AtSeparator() const {
    const char c = text_[pos_];
    return c == ',' || c == '\r' || c == '\n';
  }

  void EndOfLine() {
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
  }

  absl::Status Error(absl::string_view problem) const {
    return absl::InvalidArgumentError(
        absl::StrCat(source_, ":", line_, ": ", problem));
  }

  absl::string_view text_;
  absl::string_view source_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::vector<CsvRow> rows_;
};

}  // namespace

std::optional<std::size_t> CsvTable::Column(absl::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

absl::StatusOr<CsvTable> ParseCsv(absl::string_view text,
                                  absl::string_view source) {
  if (absl::StartsWith(text, kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  absl::StatusOr<std::vector<CsvRow>> rows = CsvSplitter(text, source).Split();
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": no header line"));
  }
  CsvTable table;
  table.source = std::string(source);
  table.header = std::move(rows->front().fields);
  for (std::size_t i = 1; i < rows->size(); ++i) {
    CsvRow& row = (*rows)[i];
    if (row.fields.size() != table.header.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ":", row.line, ": ", row.fields.size(),
                       " fields where the header has ", table.header.size()));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

absl::StatusOr<CsvTable> ReadCsvFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseCsv(text.str(), path);
}

}  // namespace anju::orgs
