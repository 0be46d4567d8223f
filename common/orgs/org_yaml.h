#ifndef ANJU_COMMON_ORGS_ORG_YAML_H_
#define ANJU_COMMON_ORGS_ORG_YAML_H_

// A region's hierarchy as YAML, the format of data/orgs/inner-mongolia.yaml:
//
//   counts: {region: 1, city: 12, county: 103}
//   orgs:
//     - {code: "150000", name: 内蒙古自治区, level: region}
//     - {code: "150425", name: 克什克腾旗, level: county, parent: "150400",
//        aliases: [克旗]}
//
// `counts` is required and checked. Unknown keys are refused: a typo such
// as `alias:` must fail the load, not silently drop the aliases.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/orgs/org_tree.h"

namespace anju::orgs {

// `source` names the text in error messages (usually its file).
absl::StatusOr<std::unique_ptr<OrgTree>> LoadOrgTreeYaml(
    absl::string_view yaml, absl::string_view source);

// NOT_FOUND when the file cannot be read; INVALID_ARGUMENT when it is
// malformed or breaks a rule of org_check.h, naming the line and the rule.
absl::StatusOr<std::unique_ptr<OrgTree>> LoadOrgTreeFile(
    const std::string& path);

// The shipped hierarchy in this source tree: data/orgs/inner-mongolia.yaml.
std::string DefaultOrgTreePath();

}  // namespace anju::orgs

#endif  // ANJU_COMMON_ORGS_ORG_YAML_H_
