// ReadXlsxSheet: libzip for the package, expat for its XML parts.

#include <zip.h>

#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/registry/tabular/xlsx_sheet.h"
#include "services/registry/tabular/xml_events.h"

namespace anju::registry::tabular {
namespace {

constexpr int kMaxSheetRow = 1048576;  // Excel's last row
constexpr std::size_t kReadChunk = 256 * 1024;
// Each <si/> costs a string even when empty: bound the count, not only the
// bytes of the part.
constexpr std::size_t kMaxSharedStrings = 1000000;

absl::Status Bad(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("xlsx: ", what));
}

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// The package, and what has been decompressed from it so far.
class Package {
 public:
  static absl::StatusOr<std::unique_ptr<Package>> Open(
      absl::string_view content, const XlsxLimits& limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source =
        zip_source_buffer_create(content.data(), content.size(), 0, &error);
    zip_t* zip = source == nullptr
                     ? nullptr
                     : zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip == nullptr) {
      if (source != nullptr) zip_source_free(source);
      const std::string reason = zip_error_strerror(&error);
      zip_error_fini(&error);
      return Bad(absl::StrCat("不是有效的 xlsx (zip) 文件: ", reason));
    }
    zip_error_fini(&error);
    return std::unique_ptr<Package>(new Package(zip, limits));
  }

  bool Has(const std::string& name) const {
    return zip_name_locate(zip_.get(), name.c_str(), 0) >= 0;
  }

  // Decompresses the part into `sink` piece by piece, within the limits
  // whatever its header claims.
  template <typename Sink>
  absl::Status Stream(const std::string& name, Sink sink) {
    const zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), 0);
    if (index < 0) return Bad(absl::StrCat("缺少 ", name));
    const std::int64_t allowed =
        std::min(limits_.max_part_bytes, limits_.max_total_bytes - total_);
    zip_stat_t stat;
    if (zip_stat_index(zip_.get(), index, 0, &stat) == 0 &&
        (stat.valid & ZIP_STAT_SIZE) != 0 &&
        stat.size >
            static_cast<zip_uint64_t>(std::max<std::int64_t>(allowed, 0))) {
      return TooLarge(name);
    }
    std::unique_ptr<zip_file_t, ZipFileClose> file(
        zip_fopen_index(zip_.get(), index, 0));
    if (file == nullptr) return Bad(absl::StrCat(name, ": 无法解压"));
    std::int64_t read = 0;
    std::string buffer(kReadChunk, '\0');
    for (;;) {
      const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
      if (n < 0) return Bad(absl::StrCat(name, ": 解压出错 (文件已损坏)"));
      if (n == 0) break;
      read += n;
      if (read > allowed) return TooLarge(name);
      if (absl::Status s = sink(absl::string_view(buffer.data(), n)); !s.ok()) {
        return s;
      }
    }
    total_ += read;
    return absl::OkStatus();
  }

 private:
  Package(zip_t* zip, const XlsxLimits& limits) : zip_(zip), limits_(limits) {}

  absl::Status TooLarge(const std::string& name) const {
    return Bad(absl::StrCat(name, ": 解压后超过上限 (单个部件 ",
                            limits_.max_part_bytes, " 字节, 合计 ",
                            limits_.max_total_bytes, " 字节)"));
  }

  std::unique_ptr<zip_t, ZipDiscard> zip_;
  const XlsxLimits limits_;
  std::int64_t total_ = 0;
};

// Relationship id → target, from a .rels part; also by type suffix.
class RelsHandler : public XmlHandler {
 public:
  struct Rel {
    std::string id, type, target;
  };
  void Start(absl::string_view element, const XmlAttributes& a) override {
    if (element != "Relationship") return;
    rels.push_back(Rel{std::string(Attribute(a, "Id")),
                       std::string(Attribute(a, "Type")),
                       std::string(Attribute(a, "Target"))});
  }
  void End(absl::string_view) override {}
  void Text(absl::string_view) override {}

  const Rel* ById(absl::string_view id) const {
    for (const Rel& r : rels) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }
  const Rel* ByType(absl::string_view suffix) const {
    for (const Rel& r : rels) {
      if (absl::EndsWith(r.type, suffix)) return &r;
    }
    return nullptr;
  }
  std::vector<Rel> rels;
};

// The r:id of the workbook's first <sheet>.
class WorkbookHandler : public XmlHandler {
 public:
  void Start(absl::string_view element, const XmlAttributes& a) override {
    if (element == "sheet" && !first_sheet_rel) {
      first_sheet_rel = std::string(Attribute(a, "id"));
    }
  }
  void End(absl::string_view) override {}
  void Text(absl::string_view) override {}
  std::optional<std::string> first_sheet_rel;
};

// <si> items: the text of <t> elements, not those inside <rPh> (ruby).
class SharedStringsHandler : public XmlHandler {
 public:
  void Start(absl::string_view element, const XmlAttributes&) override {
    if (element == "si") current_.clear();
    if (element == "rPh") in_phonetic_ = true;
    if (element == "t") in_text_ = !in_phonetic_;
  }
  void End(absl::string_view element) override {
    if (element == "si") {
      if (strings.size() >= kMaxSharedStrings) {
        problem_ = Bad("共享字符串过多");
        return;
      }
      strings.push_back(std::move(current_));
    }
    if (element == "rPh") in_phonetic_ = false;
    if (element == "t") in_text_ = false;
  }
  void Text(absl::string_view text) override {
    if (in_text_) current_.append(text.data(), text.size());
  }
  absl::Status problem() const override { return problem_; }
  std::vector<std::string> strings;

 private:
  absl::Status problem_;
  std::string current_;
  bool in_phonetic_ = false;
  bool in_text_ = false;
};

// "C5" → column 2 (0-based), row 5. False for anything else.
bool ParseCellRef(absl::string_view ref, int* column, int* row) {
  std::size_t i = 0;
  int col = 0;
  while (i < ref.size() && absl::ascii_isupper(ref[i]) && i < 3) {
    col = col * 26 + (ref[i] - 'A' + 1);
    ++i;
  }
  if (i == 0 || col > 16384) return false;
  int r = 0;
  if (!absl::SimpleAtoi(ref.substr(i), &r) || r < 1 || r > kMaxSheetRow ||
      !absl::ascii_isdigit(ref[i])) {
    return false;
  }
  *column = col - 1;
  *row = r;
  return true;
}

// The worksheet's <row>s and <c>ells into a Sheet.
class WorksheetHandler : public XmlHandler {
 public:
  WorksheetHandler(const std::vector<std::string>& shared, int max_rows)
      : shared_(shared), max_rows_(max_rows) {}

  void Start(absl::string_view element, const XmlAttributes& a) override {
    if (element == "row") {
      StartRow(Attribute(a, "r"));
    } else if (element == "c") {
      StartCell(Attribute(a, "r"), Attribute(a, "t"));
    } else if (element == "v" || (element == "t" && in_inline_)) {
      in_value_ = in_cell_ && !in_phonetic_;
    } else if (element == "is") {
      in_inline_ = true;
    } else if (element == "rPh") {
      in_phonetic_ = true;
    }
  }

  void End(absl::string_view element) override {
    if (element == "row") {
      EndRow();
    } else if (element == "c") {
      EndCell();
    } else if (element == "v" || element == "t") {
      in_value_ = false;
    } else if (element == "is") {
      in_inline_ = false;
    } else if (element == "rPh") {
      in_phonetic_ = false;
    }
  }

  void Text(absl::string_view text) override {
    if (in_value_) value_.append(text.data(), text.size());
  }

  absl::Status problem() const override { return problem_; }
  Sheet TakeSheet() { return std::move(sheet_); }

 private:
  void StartRow(absl::string_view r) {
    int number = row_number_ + 1;
    if (!r.empty() && (!absl::SimpleAtoi(r, &number) || number < 1 ||
                       number > kMaxSheetRow || number <= row_number_)) {
      problem_ = Bad(absl::StrCat("工作表行号无效或乱序: r=\"", r, "\""));
      return;
    }
    row_number_ = number;
    cells_.clear();
    next_column_ = 0;
  }

  void StartCell(absl::string_view r, absl::string_view type) {
    int column = next_column_, row = row_number_;
    if (!r.empty() && (!ParseCellRef(r, &column, &row) || row != row_number_)) {
      problem_ = Bad(absl::StrCat("单元格引用无效: r=\"", r.substr(0, 20),
                                  "\" (在第", row_number_, "行)"));
      return;
    }
    in_cell_ = true;
    column_ = column;
    next_column_ = column + 1;
    type_ = std::string(type);
    value_.clear();
  }

  void EndCell() {
    in_cell_ = false;
    if (column_ >= kMaxSheetColumns) return;
    std::string text = std::move(value_);
    if (type_ == "s") {
      std::size_t index = 0;
      if (!absl::SimpleAtoi(text, &index) || index >= shared_.size()) {
        problem_ = Bad(absl::StrCat("共享字符串序号无效: ", text.substr(0, 20),
                                    " (第", row_number_, "行)"));
        return;
      }
      text = shared_[index];
    }
    if (cells_.size() <= static_cast<std::size_t>(column_)) {
      cells_.resize(column_ + 1);
    }
    cells_[column_] = std::move(text);
  }

  void EndRow() {
    if (IsBlankRow(cells_)) return;
    if (static_cast<int>(sheet_.rows.size()) >= max_rows_) {
      problem_ = Bad(absl::StrCat("表格行数超过上限 ", max_rows_, " (第",
                                  row_number_, "行)"));
      return;
    }
    sheet_.rows.push_back(SheetRow{row_number_, std::move(cells_)});
    cells_.clear();
  }

  const std::vector<std::string>& shared_;
  const int max_rows_;
  Sheet sheet_;
  absl::Status problem_;
  std::vector<std::string> cells_;
  std::string value_, type_;
  int row_number_ = 0, next_column_ = 0, column_ = 0;
  bool in_cell_ = false, in_value_ = false, in_inline_ = false,
       in_phonetic_ = false;
};

// Streams the part through expat: the sheet is never in memory whole.
absl::Status ParsePart(Package& package, const std::string& name,
                       XmlHandler& handler) {
  XmlStream stream(absl::StrCat("xlsx: ", name), handler);
  absl::Status streamed = package.Stream(
      name, [&](absl::string_view piece) { return stream.Feed(piece); });
  if (!streamed.ok()) return streamed;
  return stream.Finish();
}

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
std::string RelsPathOf(absl::string_view part) {
  const std::size_t slash = part.rfind('/');
  const absl::string_view dir =
      slash == absl::string_view::npos ? "" : part.substr(0, slash + 1);
  return absl::StrCat(dir, "_rels/", part.substr(dir.size()), ".rels");
}

// A relationship target relative to its source part ("worksheets/s1.xml"
// from "xl/workbook.xml"), or absolute ("/xl/worksheets/s1.xml").
std::string ResolveTarget(absl::string_view source, absl::string_view target) {
  if (absl::ConsumePrefix(&target, "/")) return std::string(target);
  const std::size_t slash = source.rfind('/');
  std::vector<std::string> parts;
  if (slash != absl::string_view::npos) {
    parts = absl::StrSplit(source.substr(0, slash), '/');
  }
  for (absl::string_view piece : absl::StrSplit(target, '/')) {
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (piece != "." && !piece.empty()) {
      parts.emplace_back(piece);
    }
  }
  return absl::StrJoin(parts, "/");
}

absl::StatusOr<std::string> WorkbookPath(Package& package) {
  if (!package.Has("_rels/.rels")) return std::string("xl/workbook.xml");
  RelsHandler root;
  if (absl::Status s = ParsePart(package, "_rels/.rels", root); !s.ok()) {
    return s;
  }
  const RelsHandler::Rel* office = root.ByType("/officeDocument");
  if (office == nullptr)
    return Bad("_rels/.rels 中没有工作簿 (officeDocument)");
  return ResolveTarget("", office->target);
}

}  // namespace

absl::StatusOr<Sheet> ReadXlsxSheet(absl::string_view content, int max_rows,
                                    const XlsxLimits& limits) {
  absl::StatusOr<std::unique_ptr<Package>> package =
      Package::Open(content, limits);
  if (!package.ok()) return package.status();
  Package& zip = **package;
  absl::StatusOr<std::string> workbook = WorkbookPath(zip);
  if (!workbook.ok()) return workbook.status();
  WorkbookHandler book;
  RelsHandler rels;
  if (absl::Status s = ParsePart(zip, *workbook, book); !s.ok()) return s;
  if (!book.first_sheet_rel) return Bad("工作簿中没有工作表");
  if (absl::Status s = ParsePart(zip, RelsPathOf(*workbook), rels); !s.ok()) {
    return s;
  }
  const RelsHandler::Rel* sheet_rel = rels.ById(*book.first_sheet_rel);
  if (sheet_rel == nullptr) {
    return Bad(
        absl::StrCat("找不到第一个工作表的关系 ", *book.first_sheet_rel));
  }
  SharedStringsHandler shared;
  if (const RelsHandler::Rel* strings = rels.ByType("/sharedStrings")) {
    const std::string path = ResolveTarget(*workbook, strings->target);
    if (absl::Status s = ParsePart(zip, path, shared); !s.ok()) return s;
  }
  WorksheetHandler sheet(shared.strings, max_rows);
  const std::string sheet_path = ResolveTarget(*workbook, sheet_rel->target);
  if (absl::Status s = ParsePart(zip, sheet_path, sheet); !s.ok()) return s;
  return sheet.TakeSheet();
}

}  // namespace anju::registry::tabular
