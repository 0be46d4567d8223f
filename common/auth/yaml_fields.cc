#include "common/auth/yaml_fields.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace anju::auth::yaml {

absl::Status Malformed(const YAML::Node& node, absl::string_view where,
                       absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(where, " (line ", node.Mark().line + 1, "): ", problem));
}

absl::Status CheckKeys(const YAML::Node& map, absl::string_view where,
                       std::initializer_list<absl::string_view> allowed) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    bool known = false;
    for (absl::string_view name : allowed) known = known || key == name;
    if (!known) {
      return Malformed(entry.first, where,
                       absl::StrCat("unknown field '", key, "' (allowed: ",
                                    absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RequiredScalar(const YAML::Node& map,
                                           absl::string_view where,
                                           const std::string& field) {
  const YAML::Node node = map[field];
  if (!node.IsDefined() || node.IsNull()) {
    return Malformed(map, where,
                     absl::StrCat("field '", field, "' is required"));
  }
  if (!node.IsScalar() || node.Scalar().empty()) {
    return Malformed(
        node, where,
        absl::StrCat("field '", field, "' must be a non-empty scalar"));
  }
  return node.Scalar();
}

absl::Status Parse(absl::string_view text, absl::string_view source,
                   const std::function<absl::Status(const YAML::Node&)>& walk) {
  absl::Status status;
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    // Node access can throw too (e.g. on a bad alias): the boundary is the
    // whole walk, not only the load.
    status = walk(root);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, " (line ", e.mark.line + 1, "): not valid YAML: ", e.msg));
  }
  if (status.ok()) return status;
  return absl::Status(status.code(),
                      absl::StrCat(source, ": ", status.message()));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace anju::auth::yaml
