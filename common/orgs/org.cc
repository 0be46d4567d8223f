#include "common/orgs/org.h"

namespace anju::orgs {

absl::string_view OrgLevelName(OrgLevel level) {
  switch (level) {
    case OrgLevel::kRegion:
      return "region";
    case OrgLevel::kCity:
      return "city";
    case OrgLevel::kCounty:
      return "county";
  }
  return "unknown";
}

std::optional<OrgLevel> ParseOrgLevel(absl::string_view name) {
  for (OrgLevel level :
       {OrgLevel::kRegion, OrgLevel::kCity, OrgLevel::kCounty}) {
    if (name == OrgLevelName(level)) return level;
  }
  return std::nullopt;
}

}  // namespace anju::orgs
