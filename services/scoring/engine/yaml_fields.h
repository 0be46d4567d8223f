#ifndef ANJU_SERVICES_SCORING_ENGINE_YAML_FIELDS_H_
#define ANJU_SERVICES_SCORING_ENGINE_YAML_FIELDS_H_

// Reading rubric YAML without exceptions and with errors that name the file,
// the item and the field: every reader returns INVALID_ARGUMENT such as
//   rubrics/2023/rental.yaml: indicators[3] (rental.fund_use):
//   rule.per_item: 须大于0 (must be > 0), got 0

#include <initializer_list>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/scoring/engine/points.h"
#include "yaml-cpp/yaml.h"

namespace anju::scoring {

// Where the YAML being read sits: the file and the item (may be empty).
struct ErrorScope {
  std::string file;
  std::string item;  // indicators[3] (rental.fund_use)

  absl::Status Error(absl::string_view field, absl::string_view message) const;
};

// "rule" + "per_item" → "rule.per_item"; "" + "levels" → "levels".
std::string FieldPath(absl::string_view prefix, absl::string_view key);
// "rule.parts" + 1 → "rule.parts[1]".
std::string ItemPath(absl::string_view prefix, size_t index);

// Typo guard: a key the schema does not know is an error, not ignored.
absl::Status CheckKeys(const YAML::Node& map,
                       std::initializer_list<const char*> allowed,
                       const ErrorScope& scope, absl::string_view prefix);

absl::Status RequireMap(const YAML::Node& node, const ErrorScope& scope,
                        absl::string_view field);
absl::Status RequireList(const YAML::Node& node, const ErrorScope& scope,
                         absl::string_view field, bool allow_empty);

bool Has(const YAML::Node& map, const char* key);

// Readers of map[key]. Without a fallback the key is required.
absl::StatusOr<std::string> ReadString(
    const YAML::Node& map, const char* key, const ErrorScope& scope,
    absl::string_view prefix,
    std::optional<std::string> fallback = std::nullopt);
absl::StatusOr<double> ReadNumber(
    const YAML::Node& map, const char* key, const ErrorScope& scope,
    absl::string_view prefix, std::optional<double> fallback = std::nullopt);
absl::StatusOr<bool> ReadBool(const YAML::Node& map, const char* key,
                              const ErrorScope& scope, absl::string_view prefix,
                              std::optional<bool> fallback = std::nullopt);
// Points: ≥ 0 with at most 2 decimals (hundredths are exact).
absl::StatusOr<Points> ReadPoints(
    const YAML::Node& map, const char* key, const ErrorScope& scope,
    absl::string_view prefix, std::optional<Points> fallback = std::nullopt);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_YAML_FIELDS_H_
