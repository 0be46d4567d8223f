#include "services/scoring/engine/yaml_fields.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/scoring/engine/format.h"

namespace anju::scoring {
namespace {

// The node at map[key] without yaml-cpp's throwing paths: a const lookup
// on a map never throws, and callers check IsMap() first.
YAML::Node Child(const YAML::Node& map, const char* key) {
  const YAML::Node& const_map = map;
  return const_map[key];
}

// A scalar's text; a list or map where a scalar belongs is an error.
// `what` names the expected value, e.g. "数值 (must be a number)".
absl::StatusOr<std::string> Scalar(const YAML::Node& node,
                                   const ErrorScope& scope,
                                   absl::string_view field,
                                   absl::string_view what) {
  if (!node.IsScalar()) {
    return scope.Error(field,
                       absl::StrCat("应为", what, ", got a list or map"));
  }
  return node.Scalar();
}

}  // namespace

absl::Status ErrorScope::Error(absl::string_view field,
                               absl::string_view message) const {
  std::string text = file;
  if (!item.empty()) absl::StrAppend(&text, ": ", item);
  if (!field.empty()) absl::StrAppend(&text, ": ", field);
  absl::StrAppend(&text, ": ", message);
  return absl::InvalidArgumentError(text);
}

std::string FieldPath(absl::string_view prefix, absl::string_view key) {
  if (prefix.empty()) return std::string(key);
  return absl::StrCat(prefix, ".", key);
}

std::string ItemPath(absl::string_view prefix, size_t index) {
  return absl::StrCat(prefix, "[", index, "]");
}

bool Has(const YAML::Node& map, const char* key) {
  if (!map.IsDefined() || !map.IsMap()) return false;
  const YAML::Node child = Child(map, key);
  return child.IsDefined() && !child.IsNull();
}

absl::Status RequireMap(const YAML::Node& node, const ErrorScope& scope,
                        absl::string_view field) {
  // A missing key yields an invalid node whose Type() throws: ask
  // IsDefined() first, always.
  if (node.IsDefined() && node.IsMap()) return absl::OkStatus();
  return scope.Error(field, node.IsDefined() && !node.IsNull()
                                ? "应为映射 (must be a map of key: value)"
                                : "缺少必填项 (required)");
}

absl::Status RequireList(const YAML::Node& node, const ErrorScope& scope,
                         absl::string_view field, bool allow_empty) {
  if (!node.IsDefined() || node.IsNull()) {
    return scope.Error(field, "缺少必填项 (required)");
  }
  if (!node.IsSequence())
    return scope.Error(field, "应为列表 (must be a list)");
  if (!allow_empty && node.size() == 0) {
    return scope.Error(field, "不能为空 (must not be empty)");
  }
  return absl::OkStatus();
}

absl::Status CheckKeys(const YAML::Node& map,
                       std::initializer_list<const char*> allowed,
                       const ErrorScope& scope, absl::string_view prefix) {
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) {
      return scope.Error(prefix, "键应为文本 (keys must be plain text)");
    }
    const std::string& key = entry.first.Scalar();
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (!known) {
      return scope.Error(FieldPath(prefix, key),
                         absl::StrCat("未知的键 (unknown key; allowed here: ",
                                      absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadString(const YAML::Node& map, const char* key,
                                       const ErrorScope& scope,
                                       absl::string_view prefix,
                                       std::optional<std::string> fallback) {
  const std::string field = FieldPath(prefix, key);
  if (!Has(map, key)) {
    if (fallback) return *fallback;
    return scope.Error(field, "缺少必填项 (required)");
  }
  absl::StatusOr<std::string> text =
      Scalar(Child(map, key), scope, field, "文本 (must be text)");
  if (!text.ok()) return text.status();
  if (text->empty()) return scope.Error(field, "不能为空 (must not be empty)");
  return text;
}

absl::StatusOr<double> ReadNumber(const YAML::Node& map, const char* key,
                                  const ErrorScope& scope,
                                  absl::string_view prefix,
                                  std::optional<double> fallback) {
  const std::string field = FieldPath(prefix, key);
  if (!Has(map, key)) {
    if (fallback) return *fallback;
    return scope.Error(field, "缺少必填项 (required)");
  }
  absl::StatusOr<std::string> text =
      Scalar(Child(map, key), scope, field, "数值 (must be a number)");
  if (!text.ok()) return text.status();
  double value = 0;
  if (!absl::SimpleAtod(*text, &value) || !std::isfinite(value)) {
    return scope.Error(field, absl::StrCat("应为有限数值 (must be a finite "
                                           "number), got \"",
                                           *text, "\""));
  }
  return value;
}

absl::StatusOr<bool> ReadBool(const YAML::Node& map, const char* key,
                              const ErrorScope& scope, absl::string_view prefix,
                              std::optional<bool> fallback) {
  const std::string field = FieldPath(prefix, key);
  if (!Has(map, key)) {
    if (fallback) return *fallback;
    return scope.Error(field, "缺少必填项 (required)");
  }
  absl::StatusOr<std::string> text = Scalar(
      Child(map, key), scope, field, "true 或 false (must be a boolean)");
  if (!text.ok()) return text.status();
  if (*text == "true") return true;
  if (*text == "false") return false;
  return scope.Error(field, absl::StrCat("应为 true 或 false (must be true or "
                                         "false), got \"",
                                         *text, "\""));
}

absl::StatusOr<Points> ReadPoints(const YAML::Node& map, const char* key,
                                  const ErrorScope& scope,
                                  absl::string_view prefix,
                                  std::optional<Points> fallback) {
  std::optional<double> as_number;
  if (fallback) as_number = static_cast<double>(*fallback) / 100.0;
  absl::StatusOr<double> value = ReadNumber(map, key, scope, prefix, as_number);
  if (!value.ok()) return value.status();
  const std::string field = FieldPath(prefix, key);
  if (*value < 0) {
    return scope.Error(field, absl::StrCat("分值不能为负数 (points must be >= "
                                           "0), got ",
                                           FormatNumber(*value)));
  }
  const Points points = RoundHalfUp(*value);
  if (std::fabs(static_cast<double>(points) - *value * 100.0) > 1e-6) {
    return scope.Error(field, absl::StrCat("分值最多两位小数 (points have at "
                                           "most 2 decimals), got ",
                                           FormatNumber(*value)));
  }
  return points;
}

}  // namespace anju::scoring
