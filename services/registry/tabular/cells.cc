#include "services/registry/tabular/cells.h"

#include <charconv>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "services/registry/tabular/text.h"

namespace anju::registry::tabular {
namespace {

struct Programme {
  absl::string_view id;
  absl::string_view name;
  absl::string_view short_name;
};

// The registry's programmes (registry.proto) and what counties call them.
constexpr Programme kProgrammes[] = {
    {"shanty", "棚户区改造", "棚改"},
    {"affordable_rental", "保障性租赁住房", "保租房"},
    {"public_rental", "公租房", "公共租赁住房"},
    {"oldcomm", "老旧小区改造", "老旧小区"},
};

absl::Status Refuse(absl::string_view rule, absl::string_view cell) {
  return absl::InvalidArgumentError(
      absl::StrCat(rule, " (got ", Excerpt(cell), ")"));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "1,234,567" → "1234567"; false when the commas are not thousands.
bool RemoveThousands(absl::string_view text, std::string* plain) {
  const std::size_t end = text.find_first_of(".eE");
  const absl::string_view whole = text.substr(0, end);
  if (absl::StrContains(text.substr(whole.size()), ",")) return false;
  std::size_t digits_since_comma = 0;
  bool seen_comma = false;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (whole[i] != ',') {
      ++digits_since_comma;
      continue;
    }
    if (digits_since_comma == 0 || digits_since_comma > 3 ||
        (seen_comma && digits_since_comma != 3)) {
      return false;
    }
    seen_comma = true;
    digits_since_comma = 0;
  }
  if (seen_comma && digits_since_comma != 3) return false;
  *plain = absl::StrReplaceAll(text, {{",", ""}});
  return true;
}

// digits [. digits] [e [+-] digits], or . digits: what a number cell holds.
bool IsDecimal(absl::string_view s) {
  std::size_t i = 0, mantissa_digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++mantissa_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t exponent_start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == exponent_start) return false;
  }
  return i == s.size();
}

}  // namespace

absl::StatusOr<double> ParseAmount(absl::string_view cell, double max) {
  absl::string_view text = TrimCell(cell);
  if (text.empty()) return 0.0;
  if (absl::StartsWith(text, "-")) return Refuse("须为非负数", cell);
  absl::ConsumePrefix(&text, "+");
  std::string plain;
  if (!RemoveThousands(text, &plain)) {
    return Refuse("须为数字, 千位分隔符须每三位一个", cell);
  }
  double value = 0;
  if (!IsDecimal(plain) || !absl::SimpleAtod(plain, &value)) {
    return Refuse("须为数字", cell);
  }
  if (!std::isfinite(value)) return Refuse("数值超出范围", cell);
  if (value > max) {
    return Refuse(absl::StrCat("不能超过 ", FormatNumber(max)), cell);
  }
  return value;
}

absl::StatusOr<int> ParseCount(absl::string_view cell, int max) {
  absl::StatusOr<double> value = ParseAmount(cell, max);
  if (!value.ok()) return value.status();
  if (*value != std::floor(*value)) return Refuse("须为整数", cell);
  return static_cast<int>(*value);
}

absl::StatusOr<double> ParsePercent(absl::string_view cell) {
  absl::string_view text = TrimCell(cell);
  if (!absl::ConsumeSuffix(&text, "%")) absl::ConsumeSuffix(&text, "％");
  absl::StatusOr<double> value = ParseAmount(text, 1e300);
  if (!value.ok() || *value > 100) return Refuse("须在 0–100 之间", cell);
  return value;
}

absl::StatusOr<int> ParseYear(absl::string_view cell) {
  absl::string_view text = TrimCell(cell);
  if (text.empty()) return 0;
  absl::ConsumeSuffix(&text, "年");
  absl::StatusOr<double> value = ParseAmount(text, 1e300);
  if (!value.ok() || *value != std::floor(*value) || *value < 1900 ||
      *value > 2100) {
    return Refuse("须为 1900–2100 之间的年份", cell);
  }
  return static_cast<int>(*value);
}

absl::StatusOr<bool> ParseFlag(absl::string_view cell) {
  const std::string text = absl::AsciiStrToLower(TrimCell(cell));
  for (absl::string_view yes : {"是", "√", "✓", "✔", "true", "yes", "y", "1"}) {
    if (text == yes) return true;
  }
  for (absl::string_view no :
       {"", "否", "×", "✗", "✘", "x", "false", "no", "n", "0"}) {
    if (text == no) return false;
  }
  return Refuse("须为 是/否 (也可写 √/×、true/false、1/0)", cell);
}

absl::StatusOr<std::string> ParseProgramme(absl::string_view cell) {
  const absl::string_view text = TrimCell(cell);
  for (const Programme& p : kProgrammes) {
    if (text == p.id || text == p.name || text == p.short_name) {
      return std::string(p.id);
    }
  }
  if (text.empty()) return Refuse("不能为空", cell);
  return Refuse("须为 棚户区改造、保障性租赁住房、公租房、老旧小区改造 之一",
                cell);
}

std::string ProgrammeName(absl::string_view id) {
  for (const Programme& p : kProgrammes) {
    if (id == p.id) return std::string(p.name);
  }
  return std::string(id);
}

absl::StatusOr<std::string> ParseCounty(absl::string_view cell,
                                        const orgs::OrgTree& tree) {
  const absl::string_view text = TrimCell(cell);
  if (text.empty()) return Refuse("不能为空", cell);
  absl::StatusOr<const orgs::Org*> org = tree.Resolve(text);
  if (absl::IsNotFound(org.status())) {
    return Refuse("不是已知的旗县区代码、名称或简称", cell);
  }
  if (!org.ok()) {
    return Refuse("名称不唯一, 请填写 6 位区划代码", cell);
  }
  if ((*org)->level != orgs::OrgLevel::kCounty) {
    return Refuse(absl::StrCat("须为旗县区, ", (*org)->name, " 不是旗县区"),
                  cell);
  }
  return (*org)->code;
}

std::string FormatNumber(double value) {
  // Fixed notation: "1000000", not "1e+06", in a sheet people read.
  char buffer[400];
  const std::to_chars_result result = std::to_chars(
      buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
  return std::string(buffer, result.ptr);
}

}  // namespace anju::registry::tabular
