#ifndef ANJU_COMMON_ORGS_ORG_H_
#define ANJU_COMMON_ORGS_ORG_H_

// One organisation of the hierarchy that files, coordinates and reviews
// reports: a region (省级, e.g. 内蒙古自治区), a city (盟市, prefecture
// level) or a county-level unit (旗县市区).

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace anju::orgs {

enum class OrgLevel {
  kRegion,  // 省级: 自治区, 省, 直辖市
  kCity,    // 地级: 盟, 地级市, 自治州
  kCounty,  // 县级: 旗, 县, 县级市, 市辖区
};

// "region", "city", "county": the spelling used in data files.
absl::string_view OrgLevelName(OrgLevel level);
std::optional<OrgLevel> ParseOrgLevel(absl::string_view name);

struct Org {
  std::string code;  // GB/T 2260 six digits, e.g. "150425"
  std::string name;  // official name, e.g. "克什克腾旗"
  OrgLevel level = OrgLevel::kCounty;
  std::string parent;                // code of the parent; empty for a region
  std::vector<std::string> aliases;  // short names in use, e.g. "克旗"
};

}  // namespace anju::orgs

#endif  // ANJU_COMMON_ORGS_ORG_H_
