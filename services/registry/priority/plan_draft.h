#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_PLAN_DRAFT_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_PLAN_DRAFT_H_

// Drafting the year-N plan (年度计划草案) from a ranked reserve:
// - a county target (units or households) is that county's task: its
//   projects are taken in rank order until the target is met, the rest of
//   its projects skipped; with targets, counties without one take no part;
// - a budget cap bounds the summed investment: a project that would exceed
//   what is left is skipped (noted) and the walk goes on with the next;
// - without targets, the budget is filled in rank order (no cap: all).
// Only projects in 储备, or in 计划 for the plan's year, are eligible.
// Notes (Chinese) name every county whose target is not met, with the
// shortfall, and every project the cap left out.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "anju/v1/registry.pb.h"
#include "services/registry/priority/org_namer.h"

namespace anju::registry {

struct PlanDraft {
  std::vector<v1::PlanEntry> entries;  // in rank order
  v1::PlanTotals totals;
  std::vector<std::string> notes;
};

// year 0: projects in 计划 of any year are eligible (pass the plan's year).
// Notes name counties "松山区 (150404)" with org_name, else "旗县 150404".
PlanDraft DraftPlan(const std::vector<v1::RankedProject>& ranked,
                    const v1::PlanConstraints& constraints, int year = 0,
                    const OrgNamer& org_name = nullptr);

// Counts and sums over the projects (units, households, buildings, area,
// communities, investment); int sums saturate at INT32_MAX.
v1::PlanTotals SumPlan(const std::vector<v1::ReserveProject>& projects);

// INVALID_ARGUMENT naming the field and the rule: a cap negative, not finite
// or above 1e9 万元; a target key not a 6-digit code, a target negative or
// above 10^7, or both zero; more than 1000 targets.
absl::Status ValidatePlanConstraints(const v1::PlanConstraints& constraints);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_PLAN_DRAFT_H_
