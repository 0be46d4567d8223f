#ifndef ANJU_BENCH_NATIONAL_LOAD_COUNTRY_H_
#define ANJU_BENCH_NATIONAL_LOAD_COUNTRY_H_

// The orgs that file in the load test, and the org tree the services are
// given. At country scale the divisions come from common/orgs'
// LoadNationalDivisions (../shared/data/china-divisions), at province scale
// from data/orgs/inner-mongolia.yaml.
//
// The services read a region's YAML file (org_yaml.h), where every county
// has a city. Nationally the districts of the 直辖市 and the 省直辖县级行政区划
// hang directly under their province, so for the services each such group
// gets the city its statistical code already implies: 110100 北京市市辖区,
// 429000 湖北省省直辖县级行政区划. That is how the country is filed here: the
// group's coordinator files the city-level report.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/orgs/org_tree.h"

namespace anju::bench {

enum class Scale { kCountry, kProvince };

struct FilingCity {
  std::string code;
  std::vector<std::string> counties;  // codes, in code order
};

struct Country {
  std::unique_ptr<orgs::OrgTree> tree;  // as the services load it
  std::string region;                   // the first region's code
  std::vector<FilingCity> cities;       // in code order
  int counties = 0;
  int grouped_cities = 0;  // cities made for counties under a region
};

// `divisions_dir` is used at country scale only.
absl::StatusOr<Country> LoadCountry(Scale scale,
                                    const std::string& divisions_dir);

// The tree in the format of data/orgs/*.yaml, for the services' orgs_file.
absl::Status WriteOrgYaml(const orgs::OrgTree& tree, const std::string& path);

// ../shared/data/china-divisions beside the source tree.
std::string DefaultDivisionsDir();

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_COUNTRY_H_
