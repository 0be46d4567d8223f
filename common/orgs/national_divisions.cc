#include "common/orgs/national_divisions.h"

#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/orgs/csv_table.h"

namespace anju::orgs {
namespace {

// Reads the named columns of each row of a table.
class Rows {
 public:
  static absl::StatusOr<Rows> Open(const std::string& path,
                                   std::vector<absl::string_view> columns) {
    absl::StatusOr<CsvTable> table = ReadCsvFile(path);
    if (!table.ok()) return table.status();
    std::vector<std::size_t> indices;
    for (absl::string_view column : columns) {
      std::optional<std::size_t> index = table->Column(column);
      if (!index.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": no column '", column, "' in the header"));
      }
      indices.push_back(*index);
    }
    return Rows(*std::move(table), std::move(indices));
  }

  const CsvTable& table() const { return table_; }
  // The n-th requested column of a row.
  const std::string& Get(const CsvRow& row, std::size_t n) const {
    return row.fields[indices_[n]];
  }
  std::string Where(const CsvRow& row) const {
    return absl::StrCat(table_.source, ":", row.line);
  }
  // INVALID_ARGUMENT unless the n-th column holds `digits` ASCII digits.
  absl::Status CheckDigits(const CsvRow& row, std::size_t n,
                           std::size_t digits) const {
    const std::string& value = Get(row, n);
    bool ok = value.size() == digits;
    for (char c : value) ok = ok && absl::ascii_isdigit(c);
    if (ok) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(
        Where(row), ": '", value, "' is not a code of ", digits, " digits"));
  }

 private:
  Rows(CsvTable table, std::vector<std::size_t> indices)
      : table_(std::move(table)), indices_(std::move(indices)) {}

  CsvTable table_;
  std::vector<std::size_t> indices_;
};

bool IsPlaceholderCity(absl::string_view name) {
  return name == "市辖区" || name == "县" ||
         absl::EndsWith(name, "直辖县级行政区划");
}

bool IsDevelopmentZone(absl::string_view area_code) {
  return area_code[4] == '7';
}

class NationalReader {
 public:
  explicit NationalReader(std::string dir) : dir_(std::move(dir)) {}

  absl::StatusOr<std::vector<OrgRecord>> Read() {
    if (absl::Status s = ReadProvinces(); !s.ok()) return s;
    if (absl::Status s = ReadCities(); !s.ok()) return s;
    if (absl::Status s = ReadAreas(); !s.ok()) return s;
    return std::move(records_);
  }

 private:
  absl::Status ReadProvinces() {
    absl::StatusOr<Rows> rows =
        Rows::Open(Path("provinces.csv"), {"code", "name"});
    if (!rows.ok()) return rows.status();
    for (const CsvRow& row : rows->table().rows) {
      if (absl::Status s = rows->CheckDigits(row, 0, 2); !s.ok()) return s;
      Add(*rows, row, absl::StrCat(rows->Get(row, 0), "0000"),
          OrgLevel::kRegion, "");
    }
    return absl::OkStatus();
  }

  absl::Status ReadCities() {
    absl::StatusOr<Rows> rows =
        Rows::Open(Path("cities.csv"), {"code", "name", "provinceCode"});
    if (!rows.ok()) return rows.status();
    for (const CsvRow& row : rows->table().rows) {
      if (absl::Status s = rows->CheckDigits(row, 0, 4); !s.ok()) return s;
      if (absl::Status s = rows->CheckDigits(row, 2, 2); !s.ok()) return s;
      const std::string& code = rows->Get(row, 0);
      const std::string province = absl::StrCat(rows->Get(row, 2), "0000");
      if (IsPlaceholderCity(rows->Get(row, 1))) {
        area_parent_[code] = province;
        continue;
      }
      const std::string city = absl::StrCat(code, "00");
      area_parent_[code] = city;
      Add(*rows, row, city, OrgLevel::kCity, province);
    }
    return absl::OkStatus();
  }

  absl::Status ReadAreas() {
    absl::StatusOr<Rows> rows = Rows::Open(
        Path("areas.csv"), {"code", "name", "cityCode", "provinceCode"});
    if (!rows.ok()) return rows.status();
    for (const CsvRow& row : rows->table().rows) {
      if (absl::Status s = rows->CheckDigits(row, 0, 6); !s.ok()) return s;
      if (absl::Status s = rows->CheckDigits(row, 2, 4); !s.ok()) return s;
      const std::string& code = rows->Get(row, 0);
      const std::string& city = rows->Get(row, 2);
      if (IsDevelopmentZone(code) || code == absl::StrCat(city, "00")) {
        continue;
      }
      auto parent = area_parent_.find(city);
      if (parent == area_parent_.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            rows->Where(row), ": city ", city, " is not in cities.csv"));
      }
      Add(*rows, row, code, OrgLevel::kCounty, parent->second);
    }
    return absl::OkStatus();
  }

  void Add(const Rows& rows, const CsvRow& row, std::string code,
           OrgLevel level, std::string parent) {
    OrgRecord record;
    record.origin = rows.Where(row);
    record.org.code = std::move(code);
    record.org.name = rows.Get(row, 1);
    record.org.level = level;
    record.org.parent = std::move(parent);
    records_.push_back(std::move(record));
  }

  std::string Path(absl::string_view file) const {
    return absl::StrCat(dir_, "/", file);
  }

  std::string dir_;
  std::vector<OrgRecord> records_;
  // 4-digit city code in areas.csv → code of the parent org of its areas.
  absl::flat_hash_map<std::string, std::string> area_parent_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<OrgTree>> LoadNationalDivisions(
    const std::string& dir) {
  absl::StatusOr<std::vector<OrgRecord>> records = NationalReader(dir).Read();
  if (!records.ok()) return records.status();
  TreeRules rules;
  rules.allow_counties_under_region = true;
  return OrgTree::Build(dir, *std::move(records), rules);
}

}  // namespace anju::orgs
