#ifndef ANJU_COMMON_AUTH_YAML_FIELDS_H_
#define ANJU_COMMON_AUTH_YAML_FIELDS_H_

// What the two auth files (credentials, access policy) share when they are
// read: errors that name the file, the item, the line and the rule, and one
// parse boundary where yaml-cpp's exceptions become a Status.

#include <yaml-cpp/yaml.h>

#include <functional>
#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace anju::auth::yaml {

// INVALID_ARGUMENT "<where> (line N): <problem>"; the file is added once,
// by Parse.
absl::Status Malformed(const YAML::Node& node, absl::string_view where,
                       absl::string_view problem);

// Fails on a key of `map` not in `allowed`: a typo must fail the load,
// not silently drop a field.
absl::Status CheckKeys(const YAML::Node& map, absl::string_view where,
                       std::initializer_list<absl::string_view> allowed);

// A required, non-empty scalar.
absl::StatusOr<std::string> RequiredScalar(const YAML::Node& map,
                                           absl::string_view where,
                                           const std::string& field);

// Loads `text` and runs `walk` over the root; any error, yaml-cpp's
// exceptions included, comes back as INVALID_ARGUMENT prefixed with
// `source`.
absl::Status Parse(absl::string_view text, absl::string_view source,
                   const std::function<absl::Status(const YAML::Node&)>& walk);

// The whole file; NOT_FOUND naming it when it cannot be read.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace anju::auth::yaml

#endif  // ANJU_COMMON_AUTH_YAML_FIELDS_H_
