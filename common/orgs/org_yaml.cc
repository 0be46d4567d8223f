#include "common/orgs/org_yaml.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace anju::orgs {
namespace {

// Parse errors carry where they happened; the source is added once, at the
// boundary.
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

// A scalar field; `required` fields must be present and non-empty.
absl::StatusOr<std::string> ScalarField(const YAML::Node& map,
                                        absl::string_view where,
                                        const std::string& field,
                                        bool required) {
  const YAML::Node node = map[field];
  if (!node.IsDefined() || node.IsNull()) {
    if (!required) return std::string();
    return Malformed(map, where,
                     absl::StrCat("field '", field, "' is required"));
  }
  if (!node.IsScalar()) {
    return Malformed(node, where,
                     absl::StrCat("field '", field, "' must be a scalar"));
  }
  return node.Scalar();
}

absl::StatusOr<std::vector<std::string>> AliasesField(const YAML::Node& map,
                                                      absl::string_view where) {
  std::vector<std::string> aliases;
  const YAML::Node node = map["aliases"];
  if (!node.IsDefined() || node.IsNull()) return aliases;
  if (!node.IsSequence()) {
    return Malformed(node, where, "field 'aliases' must be a list");
  }
  for (const YAML::Node& alias : node) {
    if (!alias.IsScalar()) {
      return Malformed(alias, where, "each alias must be a scalar");
    }
    aliases.push_back(alias.Scalar());
  }
  return aliases;
}

absl::StatusOr<OrgRecord> ParseOrg(const YAML::Node& node, std::size_t index) {
  OrgRecord record;
  record.origin =
      absl::StrCat("orgs[", index, "] (line ", node.Mark().line + 1, ")");
  const std::string where = absl::StrCat("orgs[", index, "]");
  if (!node.IsMap()) return Malformed(node, where, "an org must be a map");
  if (absl::Status s = CheckKeys(
          node, where, {"code", "name", "level", "parent", "aliases"});
      !s.ok()) {
    return s;
  }
  Org& org = record.org;
  absl::StatusOr<std::string> code = ScalarField(node, where, "code", true);
  if (!code.ok()) return code.status();
  org.code = *std::move(code);
  absl::StatusOr<std::string> name = ScalarField(node, where, "name", true);
  if (!name.ok()) return name.status();
  org.name = *std::move(name);
  absl::StatusOr<std::string> level = ScalarField(node, where, "level", true);
  if (!level.ok()) return level.status();
  std::optional<OrgLevel> parsed = ParseOrgLevel(*level);
  if (!parsed.has_value()) {
    return Malformed(node["level"], where,
                     absl::StrCat("field 'level' must be region, city or "
                                  "county, found '",
                                  *level, "'"));
  }
  org.level = *parsed;
  absl::StatusOr<std::string> parent =
      ScalarField(node, where, "parent", false);
  if (!parent.ok()) return parent.status();
  org.parent = *std::move(parent);
  absl::StatusOr<std::vector<std::string>> aliases = AliasesField(node, where);
  if (!aliases.ok()) return aliases.status();
  org.aliases = *std::move(aliases);
  return record;
}

absl::StatusOr<LevelCounts> ParseCounts(const YAML::Node& root) {
  const YAML::Node node = root["counts"];
  if (!node.IsDefined()) {
    return Malformed(root, "counts", "field 'counts' is required");
  }
  if (!node.IsMap()) return Malformed(node, "counts", "must be a map");
  if (absl::Status s = CheckKeys(node, "counts", {"region", "city", "county"});
      !s.ok()) {
    return s;
  }
  LevelCounts counts;
  for (auto [field, target] :
       {std::pair{"region", &counts.regions}, std::pair{"city", &counts.cities},
        std::pair{"county", &counts.counties}}) {
    const YAML::Node value = node[field];
    if (!value.IsScalar() || !absl::SimpleAtoi(value.Scalar(), target) ||
        *target < 0) {
      return Malformed(
          node, "counts",
          absl::StrCat("field '", field, "' must be a number of orgs"));
    }
  }
  return counts;
}

absl::StatusOr<std::vector<OrgRecord>> ParseOrgs(const YAML::Node& root) {
  const YAML::Node node = root["orgs"];
  if (!node.IsDefined() || !node.IsSequence()) {
    return Malformed(root, "orgs", "field 'orgs' must be a list of orgs");
  }
  std::vector<OrgRecord> records;
  records.reserve(node.size());
  for (std::size_t i = 0; i < node.size(); ++i) {
    absl::StatusOr<OrgRecord> record = ParseOrg(node[i], i);
    if (!record.ok()) return record.status();
    records.push_back(*std::move(record));
  }
  return records;
}

absl::Status WithSource(const absl::Status& status, absl::string_view source) {
  return absl::Status(status.code(),
                      absl::StrCat(source, ": ", status.message()));
}

absl::StatusOr<std::unique_ptr<OrgTree>> BuildFromRoot(
    const YAML::Node& root, absl::string_view source) {
  if (!root.IsMap()) {
    return WithSource(Malformed(root, "document", "must be a map"), source);
  }
  if (absl::Status s = CheckKeys(root, "document", {"counts", "orgs"});
      !s.ok()) {
    return WithSource(s, source);
  }
  absl::StatusOr<LevelCounts> counts = ParseCounts(root);
  if (!counts.ok()) return WithSource(counts.status(), source);
  absl::StatusOr<std::vector<OrgRecord>> records = ParseOrgs(root);
  if (!records.ok()) return WithSource(records.status(), source);
  TreeRules rules;
  rules.expected_counts = *counts;
  return OrgTree::Build(source, *std::move(records), rules);
}

}  // namespace

absl::StatusOr<std::unique_ptr<OrgTree>> LoadOrgTreeYaml(
    absl::string_view yaml, absl::string_view source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, " (line ", e.mark.line + 1, "): not valid YAML: ", e.msg));
  }
  // Node access can throw too (e.g. on a malformed alias); the parse
  // boundary is the whole walk over the document.
  try {
    return BuildFromRoot(root, source);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, " (line ", e.mark.line + 1, "): ", e.msg));
  }
}

absl::StatusOr<std::unique_ptr<OrgTree>> LoadOrgTreeFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return LoadOrgTreeYaml(text.str(), path);
}

std::string DefaultOrgTreePath() {
  return absl::StrCat(ANJU_SOURCE_DIR, "/data/orgs/inner-mongolia.yaml");
}

}  // namespace anju::orgs
