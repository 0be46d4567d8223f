#ifndef ANJU_COMMON_ORGS_ORG_CHECK_H_
#define ANJU_COMMON_ORGS_ORG_CHECK_H_

// The rules every organisation tree obeys, checked before it is indexed:
//  - a code is six ASCII digits shaped by GB/T 2260 for its level: a region
//    XX0000, a city XXYY00, a county not ending in 00; codes are unique;
//  - a name is not empty;
//  - a region has no parent; a city's parent is a region, a county's a city
//    (or a region when TreeRules allow it); the parent exists and its code
//    is a prefix of the child's (2 digits for a region, 4 for a city);
//  - an alias is not empty, not a code, not its org's own name, not any
//    org's name and not another org's alias, so that Resolve never guesses;
//  - the counts per level match TreeRules::expected_counts when set.

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/orgs/org_tree.h"

namespace anju::orgs {

// OK, or INVALID_ARGUMENT listing the first problems (up to ten), each
// naming the source, the record's origin, its code and name, and the rule.
absl::Status CheckOrgRecords(absl::string_view source,
                             const std::vector<OrgRecord>& records,
                             const TreeRules& rules);

// Six ASCII digits.
bool IsDivisionCode(absl::string_view code);

}  // namespace anju::orgs

#endif  // ANJU_COMMON_ORGS_ORG_CHECK_H_
