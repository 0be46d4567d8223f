#ifndef ANJU_COMMON_ORGS_NATIONAL_DIVISIONS_H_
#define ANJU_COMMON_ORGS_NATIONAL_DIVISIONS_H_

// The whole country as one OrgTree, for national-scale simulations and load
// tests (~330 prefecture-level, ~2,850 county-level units). Reads the three
// CSVs of modood/Administrative-divisions-of-China (统计用区划代码), which
// are not shipped in data/:
//   provinces.csv  code,name                          (2 digits)
//   cities.csv     code,name,provinceCode             (4 digits)
//   areas.csv      code,name,cityCode,provinceCode    (6 digits)
//
// What is not an org:
//  - the placeholder rows of cities.csv: 市辖区 and 县 (a 直辖市's districts
//    and counties) and 省/自治区直辖县级行政区划; their areas hang directly
//    under the province (TreeRules::allow_counties_under_region);
//  - areas whose fifth digit is 7: statistical-only development zones;
//  - an area whose code is its city's (441900 东莞市 under 4419): a city
//    without counties (不设区的地级市) listed again as its own area.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/orgs/org_tree.h"

namespace anju::orgs {

// `dir` holds the three files. NOT_FOUND when one cannot be read;
// INVALID_ARGUMENT naming file and line for a bad row.
absl::StatusOr<std::unique_ptr<OrgTree>> LoadNationalDivisions(
    const std::string& dir);

}  // namespace anju::orgs

#endif  // ANJU_COMMON_ORGS_NATIONAL_DIVISIONS_H_
