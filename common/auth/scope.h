#ifndef ANJU_COMMON_AUTH_SCOPE_H_
#define ANJU_COMMON_AUTH_SCOPE_H_

// How far a role reaches on one RPC (the cells of the access matrix), and
// the one check handlers make once they know which org a request touches.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"
#include "common/orgs/org_tree.h"

namespace anju::auth {

enum class Scope {
  kNone,      // "none": the role may not call the method at all
  kOwnOrg,    // "own_org": only the principal's own org
  kOwnCity,   // "own_city": the principal's org and the orgs under it — for a
              // city coordinator, the city and its counties
  kRegion,    // "region": every org of the principal's region (the whole
              // tree in a one-region deployment)
  kAny,       // "any": no org is attached to the call (scoring facts,
              // rubrics); handlers need not call Authorize
  kChildren,  // "children": only the orgs directly under the principal's —
              // a city coordinator's counties (not its city), a region
              // role's cities (not their counties): who returns a report
              // to the level below
};

absl::string_view ScopeName(Scope scope);
std::optional<Scope> ParseScope(absl::string_view name);
// "none, own_org, own_city, children, region, any" for error messages.
std::string ScopeNames();

// Whether `principal`, holding `scope` on the method being served, may
// touch `target_org` (a code of `tree`):
//   PERMISSION_DENIED when the scope does not reach it, naming the rule;
//   INVALID_ARGUMENT when the target is empty or not an org of the tree
//   (the request is wrong whoever sends it);
//   OK otherwise. Scope kAny is OK for any target, empty included.
absl::Status Authorize(const Principal& principal, Scope scope,
                       absl::string_view target_org, const orgs::OrgTree& tree);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_SCOPE_H_
