#include "common/auth/principal.h"

#include "absl/strings/str_join.h"

namespace anju::auth {

const std::vector<Role>& AllRoles() {
  static const auto* roles = new std::vector<Role>{
      Role::kCountyFiler, Role::kCityCoordinator, Role::kRegionReviewer,
      Role::kRegionAdmin, Role::kExternalSystem,  Role::kService};
  return *roles;
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kCountyFiler:
      return "county_filer";
    case Role::kCityCoordinator:
      return "city_coordinator";
    case Role::kRegionReviewer:
      return "region_reviewer";
    case Role::kRegionAdmin:
      return "region_admin";
    case Role::kExternalSystem:
      return "external_system";
    case Role::kService:
      return "service";
  }
  return "unknown";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (Role role : AllRoles()) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string RoleNames() {
  return absl::StrJoin(AllRoles(), ", ", [](std::string* out, Role role) {
    out->append(RoleName(role).data(), RoleName(role).size());
  });
}

std::optional<orgs::OrgLevel> RequiredOrgLevel(Role role) {
  switch (role) {
    case Role::kCountyFiler:
      return orgs::OrgLevel::kCounty;
    case Role::kCityCoordinator:
      return orgs::OrgLevel::kCity;
    case Role::kRegionReviewer:
    case Role::kRegionAdmin:
    case Role::kService:
      return orgs::OrgLevel::kRegion;
    case Role::kExternalSystem:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace anju::auth
