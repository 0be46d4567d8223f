#ifndef ANJU_SERVICES_REGISTRY_PROJECT_RULES_H_
#define ANJU_SERVICES_REGISTRY_PROJECT_RULES_H_

// What a reserve project (入库项目) must satisfy to be stored, whether it
// comes from CreateProject, UpdateProject or a spreadsheet row of
// ImportProjects. Each violation names the field path and the rule in
// Chinese with the English gist, e.g.
//   {"resident_consent_pct", "须在 0–100 之间 (got 120)"}.
// Output-only fields (status, dates, etag, times, priority, archive types)
// are not checked: the handlers ignore what a caller sends there.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"
#include "common/orgs/org_tree.h"

namespace anju::registry {

struct FieldViolation {
  std::string field;  // e.g. "funding.central"
  std::string rule;   // e.g. "须 ≥ 0 (got -5)"
};

// Bounds on a project's values: generous for a county's largest project,
// tight enough that a typo of several orders of magnitude is refused.
inline constexpr int kMaxNameBytes = 200;
inline constexpr int kMaxAddressBytes = 500;
inline constexpr int kMaxUnits = 100000;                      // 套, 户
inline constexpr int kMaxBuildings = 10000;                   // 栋
inline constexpr int kMaxCommunities = 1000;                  // 小区
inline constexpr int kMaxShortfalls = 1000;                   // per class
inline constexpr double kMaxAreaTenThousandM2 = 10000;        // 1 亿 m²
inline constexpr double kMaxInvestmentTenThousandYuan = 1e7;  // 1000 亿元
inline constexpr int kMinBuildingYear = 1900;

// The programmes of the registry (see registry.proto).
const std::vector<std::string>& RegistryProgrammeIds();
bool IsRegistryProgramme(absl::string_view programme);

// Every rule `project` breaks; empty when it may be stored. `this_year`
// bounds building_year (at most next year).
std::vector<FieldViolation> CheckProject(const v1::ReserveProject& project,
                                         const orgs::OrgTree& tree,
                                         int this_year);
// The same against the current year in China Standard Time.
std::vector<FieldViolation> CheckProject(const v1::ReserveProject& project,
                                         const orgs::OrgTree& tree);

// INVALID_ARGUMENT listing the violations, each prefixed with `prefix`
// ("project."); OK when there are none.
absl::Status ViolationsStatus(const std::vector<FieldViolation>& violations,
                              absl::string_view prefix);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PROJECT_RULES_H_
