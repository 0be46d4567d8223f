#ifndef ANJU_COMMON_AUTH_PRINCIPAL_H_
#define ANJU_COMMON_AUTH_PRINCIPAL_H_

// Who is calling: a credential's holder, with the role it acts in and the
// org it acts for. Every authenticated call has exactly one principal.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/orgs/org.h"

namespace anju::auth {

enum class Role {
  kCountyFiler,      // 县级填报: enters a county's facts and self-scores
  kCityCoordinator,  // 盟市: its counties' status, the city report
  kRegionReviewer,   // 自治区审核: review scores, returns, results
  kRegionAdmin,      // 自治区: creates campaigns
  kExternalSystem,   // other government systems: read-only scoring API
  kService,          // another Anju service calling on the suite's behalf
};

inline constexpr std::size_t kRoleCount = 6;

// Every role, in the order above: policy files list them all per method.
const std::vector<Role>& AllRoles();

// "county_filer", "city_coordinator", "region_reviewer", "region_admin",
// "external_system", "service": the spelling of configuration files.
absl::string_view RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);
// "county_filer, city_coordinator, …" for error messages.
std::string RoleNames();

// The level a role's org must have; nullopt when any level will do. An
// external system belongs to whichever government runs it (the region's
// finance department, a city's own platform), so it has no fixed level;
// a service acts for the whole suite, so it is the region's.
std::optional<orgs::OrgLevel> RequiredOrgLevel(Role role);

struct Principal {
  std::string id;  // the credential's id, e.g. "chifeng-hongshan-filer"
  Role role = Role::kCountyFiler;
  std::string org;  // GB/T 2260 code of the org it acts for, e.g. "150402"

  friend bool operator==(const Principal& a, const Principal& b) {
    return a.id == b.id && a.role == b.role && a.org == b.org;
  }
  friend bool operator!=(const Principal& a, const Principal& b) {
    return !(a == b);
  }
};

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_PRINCIPAL_H_
