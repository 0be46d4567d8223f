#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_RESERVE_FACTS_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_RESERVE_FACTS_H_

// The facts the reserve vouches for in an evaluation report (项目库相关指标),
// under the rubric fact names of docs/rubrics-2023.md; README.md says how
// each is computed.

#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"
#include "services/registry/priority/org_namer.h"
#include "services/registry/priority/priority_model.h"

namespace anju::registry {

// What the registry holds for the org: its projects (a county's, or a
// city's counties'), which of them have a complete archive, and the plans
// of the org and of its counties.
struct ReserveSnapshot {
  std::vector<v1::ReserveProject> projects;
  std::set<std::string> archive_complete;  // project ids
  std::vector<v1::AnnualPlan> plans;
  // The model in force, for projects_scored_and_ranked: every input it
  // reads must be present. Null: a project counts as scored when it carries
  // a priority (the service sets it under the model in force).
  const PriorityModel* model = nullptr;
  // Names counties in explanations ("松山区 (150404)"); optional.
  OrgNamer org_name;
};

// The registry programmes of a rubric programme: rental → affordable_rental,
// public_rental; shanty → shanty; oldcomm → oldcomm; else empty.
std::vector<std::string> RegistryProgrammes(absl::string_view rubric_programme);

v1::ReserveFacts ComputeReserveFacts(absl::string_view org,
                                     absl::string_view rubric_programme,
                                     int year, const ReserveSnapshot& snapshot);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_RESERVE_FACTS_H_
