#ifndef ANJU_COMMON_ORGS_CITY_LOOKUP_H_
#define ANJU_COMMON_ORGS_CITY_LOOKUP_H_

// The city (盟市) a request names by code, official name or alias, for the
// RPCs that take a `city` field (results, county status lists). One lookup
// so that every service gives the same errors for the same input.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/orgs/org_tree.h"

namespace anju::orgs {

// INVALID_ARGUMENT "<field>: …" when empty or not a city (naming the org
// found); the tree's NOT_FOUND / INVALID_ARGUMENT prefixed with the field
// otherwise.
absl::StatusOr<const Org*> ResolveCity(const OrgTree& tree,
                                       absl::string_view text,
                                       absl::string_view field = "city");

}  // namespace anju::orgs

#endif  // ANJU_COMMON_ORGS_CITY_LOOKUP_H_
