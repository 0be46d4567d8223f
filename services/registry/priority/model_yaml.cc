#include "services/registry/priority/model_yaml.h"

#include <cmath>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace anju::registry::model_yaml {

Where Where::Key(absl::string_view key) const {
  return {file, path.empty() ? std::string(key) : absl::StrCat(path, ".", key)};
}

Where Where::Index(size_t i) const {
  return {file, absl::StrCat(path, "[", i, "]")};
}

absl::Status Where::Error(absl::string_view message) const {
  std::string text = *file;
  if (!path.empty()) absl::StrAppend(&text, ": ", path);
  return absl::InvalidArgumentError(absl::StrCat(text, ": ", message));
}

YAML::Node Child(const YAML::Node& map, absl::string_view key) {
  const YAML::Node& const_map = map;
  return const_map[std::string(key)];
}

bool Has(const YAML::Node& map, absl::string_view key) {
  if (!map.IsDefined() || !map.IsMap()) return false;
  const YAML::Node child = Child(map, key);
  return child.IsDefined() && !child.IsNull();
}

absl::Status CheckKeys(const YAML::Node& map, const Where& where,
                       std::initializer_list<absl::string_view> allowed) {
  for (const auto& item : map) {
    if (!item.first.IsScalar())
      return where.Error("键须为文本 (keys are text)");
    const std::string& key = item.first.Scalar();
    bool known = false;
    for (absl::string_view a : allowed) known = known || a == key;
    if (!known) {
      return where.Key(key).Error(absl::StrCat(
          "未知字段 (unknown field); allowed: ", absl::StrJoin(allowed, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::Status RequireMap(const YAML::Node& node, const Where& where) {
  if (!node.IsDefined() || node.IsNull()) return where.Error("缺少 (missing)");
  if (!node.IsMap()) return where.Error("应为映射 (must be a map)");
  return absl::OkStatus();
}

absl::Status RequireList(const YAML::Node& node, const Where& where) {
  if (!node.IsDefined() || node.IsNull()) return where.Error("缺少 (missing)");
  if (!node.IsSequence() || node.size() == 0) {
    return where.Error("应为非空列表 (must be a non-empty list)");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadString(const YAML::Node& map,
                                       absl::string_view key,
                                       const Where& where,
                                       std::optional<std::string> fallback) {
  const Where at = where.Key(key);
  if (!Has(map, key)) {
    if (fallback.has_value()) return *fallback;
    return at.Error("缺少 (missing)");
  }
  const YAML::Node node = Child(map, key);
  if (!node.IsScalar()) return at.Error("应为文本 (must be text)");
  std::string text = node.Scalar();
  if (absl::StripAsciiWhitespace(text).empty()) {
    return at.Error("不能为空 (must not be empty)");
  }
  if (text.size() > 2000) return at.Error("过长 (at most 2000 bytes)");
  return text;
}

absl::StatusOr<std::optional<double>> ReadOptionalNumber(const YAML::Node& map,
                                                         absl::string_view key,
                                                         const Where& where) {
  if (!Has(map, key)) return std::optional<double>();
  const Where at = where.Key(key);
  const YAML::Node node = Child(map, key);
  double value = 0;
  if (!node.IsScalar() || !absl::SimpleAtod(node.Scalar(), &value) ||
      !std::isfinite(value)) {
    return at.Error(absl::StrCat("应为有限数值 (must be a finite number), got ",
                                 node.IsScalar() ? node.Scalar() : "a list"));
  }
  return std::optional<double>(value);
}

absl::StatusOr<double> ReadNumber(const YAML::Node& map, absl::string_view key,
                                  const Where& where,
                                  std::optional<double> fallback) {
  absl::StatusOr<std::optional<double>> value =
      ReadOptionalNumber(map, key, where);
  if (!value.ok()) return value.status();
  if (value->has_value()) return **value;
  if (fallback.has_value()) return *fallback;
  return where.Key(key).Error("缺少 (missing)");
}

absl::StatusOr<bool> ReadBool(const YAML::Node& map, absl::string_view key,
                              const Where& where, bool fallback) {
  if (!Has(map, key)) return fallback;
  const YAML::Node node = Child(map, key);
  if (node.IsScalar() && node.Scalar() == "true") return true;
  if (node.IsScalar() && node.Scalar() == "false") return false;
  return where.Key(key).Error("应为 true 或 false (must be a bool)");
}

absl::StatusOr<YAML::Node> Load(absl::string_view text,
                                const std::string& file) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(
        file, ": YAML 语法错误 (line ", e.mark.line + 1, "): ", e.msg));
  }
}

}  // namespace anju::registry::model_yaml
