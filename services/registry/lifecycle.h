#ifndef ANJU_SERVICES_REGISTRY_LIFECYCLE_H_
#define ANJU_SERVICES_REGISTRY_LIFECYCLE_H_

// The status lifecycle of a reserve project, one step at a time:
//   储备 → 计划 (plan_year) → 开工 (date) → 竣工 (date) → 交付 (date).
// A date is YYYY-MM-DD, a real day, and not before the previous step's
// date. Any other step is FAILED_PRECONDITION naming both states; a bad
// year or date INVALID_ARGUMENT naming the field.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"

namespace anju::registry {

// 储备, 计划, 开工, 竣工, 交付 (UNSPECIFIED: 未指定).
std::string StatusLabel(v1::ProjectStatus status);

// OK when `text` is a real YYYY-MM-DD day; INVALID_ARGUMENT naming `field`.
absl::Status CheckDate(absl::string_view text, absl::string_view field);

// `project` after the step of `request` (status, plan year or date set).
absl::StatusOr<v1::ReserveProject> ApplyTransition(
    const v1::ReserveProject& project,
    const v1::TransitionProjectRequest& request);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_LIFECYCLE_H_
