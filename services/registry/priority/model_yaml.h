#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_MODEL_YAML_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_MODEL_YAML_H_

// Reading a model file without yaml-cpp's exceptions, with errors that name
// the file and the field path:
//   config/registry/priority/2024.1.yaml: factors[2].bands[1].share:
//   须在 0–1 之间 (got 1.5)
// (The scoring engine and auth have readers of their own, in libraries this
// pure one should not pull in.)

#include <initializer_list>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "yaml-cpp/yaml.h"

namespace anju::registry::model_yaml {

// Where a node sits: the file and its path in the file.
struct Where {
  const std::string* file;
  std::string path;  // "factors[2].bands"

  Where Key(absl::string_view key) const;
  Where Index(size_t i) const;
  absl::Status Error(absl::string_view message) const;
};

// map[key] without the throwing paths (a const lookup never throws).
YAML::Node Child(const YAML::Node& map, absl::string_view key);
bool Has(const YAML::Node& map, absl::string_view key);

// A key the format does not know is an error: a typo must not be ignored.
absl::Status CheckKeys(const YAML::Node& map, const Where& where,
                       std::initializer_list<absl::string_view> allowed);
absl::Status RequireMap(const YAML::Node& node, const Where& where);
absl::Status RequireList(const YAML::Node& node, const Where& where);

// Required unless a fallback is given; strings must be non-empty.
absl::StatusOr<std::string> ReadString(
    const YAML::Node& map, absl::string_view key, const Where& where,
    std::optional<std::string> fallback = std::nullopt);
// Finite numbers only.
absl::StatusOr<double> ReadNumber(
    const YAML::Node& map, absl::string_view key, const Where& where,
    std::optional<double> fallback = std::nullopt);
absl::StatusOr<std::optional<double>> ReadOptionalNumber(const YAML::Node& map,
                                                         absl::string_view key,
                                                         const Where& where);
absl::StatusOr<bool> ReadBool(const YAML::Node& map, absl::string_view key,
                              const Where& where, bool fallback);

// The whole text parsed; a syntax error is INVALID_ARGUMENT naming the file
// and the line.
absl::StatusOr<YAML::Node> Load(absl::string_view text,
                                const std::string& file);

}  // namespace anju::registry::model_yaml

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_MODEL_YAML_H_
