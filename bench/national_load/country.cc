#include "bench/national_load/country.h"

#include <fstream>
#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/orgs/national_divisions.h"
#include "common/orgs/org_yaml.h"

namespace anju::bench {
namespace {

using orgs::Org;
using orgs::OrgLevel;
using orgs::OrgRecord;

// The city a region's directly administered county files under: XXYY00 of
// its code, made once per group.
std::string GroupName(const Org& region, const std::string& city_code) {
  // 直辖市 (北京市…): 市辖区 and 县; a province: 省直辖县级行政区划.
  if (absl::EndsWith(region.name, "市")) {
    return absl::StrCat(region.name, city_code[3] == '1' ? "市辖区" : "县");
  }
  return absl::StrCat(region.name, "直辖县级行政区划");
}

// The national tree with every county under a city, as a region's file
// must have it.
absl::StatusOr<std::unique_ptr<orgs::OrgTree>> GroupCounties(
    const orgs::OrgTree& national, int* grouped) {
  std::vector<OrgRecord> records;
  std::map<std::string, Org> made;  // synthetic cities by code
  for (const Org& org : national.orgs()) {
    OrgRecord record{org, absl::StrCat("national ", org.code)};
    const Org* parent = national.FindByCode(org.parent);
    if (org.level == OrgLevel::kCounty && parent != nullptr &&
        parent->level == OrgLevel::kRegion) {
      const std::string city = absl::StrCat(org.code.substr(0, 4), "00");
      if (national.FindByCode(city) != nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat(org.code, ": city ", city, " exists elsewhere"));
      }
      made.emplace(city, Org{city,
                             GroupName(*parent, city),
                             OrgLevel::kCity,
                             parent->code,
                             {}});
      record.org.parent = city;
    }
    records.push_back(std::move(record));
  }
  for (auto& [code, org] : made) {
    records.push_back({std::move(org), absl::StrCat("grouped ", code)});
  }
  *grouped = static_cast<int>(made.size());
  return orgs::OrgTree::Build("national divisions, grouped", std::move(records),
                              orgs::TreeRules{});
}

void IndexFilers(Country& country) {
  for (const Org& org : country.tree->orgs()) {
    if (org.level == OrgLevel::kRegion && country.region.empty()) {
      country.region = org.code;
    }
    if (org.level != OrgLevel::kCity) continue;
    FilingCity city{org.code, {}};
    for (const Org* child : country.tree->ChildrenOf(org.code)) {
      city.counties.push_back(child->code);
    }
    country.counties += static_cast<int>(city.counties.size());
    country.cities.push_back(std::move(city));
  }
}

}  // namespace

std::string DefaultDivisionsDir() {
  return ANJU_SOURCE_DIR "/../shared/data/china-divisions";
}

absl::StatusOr<Country> LoadCountry(Scale scale,
                                    const std::string& divisions_dir) {
  Country country;
  if (scale == Scale::kProvince) {
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    if (!tree.ok()) return tree.status();
    country.tree = *std::move(tree);
  } else {
    auto national = orgs::LoadNationalDivisions(divisions_dir);
    if (!national.ok()) return national.status();
    auto tree = GroupCounties(**national, &country.grouped_cities);
    if (!tree.ok()) return tree.status();
    country.tree = *std::move(tree);
  }
  IndexFilers(country);
  if (country.region.empty() || country.cities.empty()) {
    return absl::FailedPreconditionError("the org tree has no city to file");
  }
  return country;
}

absl::Status WriteOrgYaml(const orgs::OrgTree& tree, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  const orgs::LevelCounts counts = tree.counts();
  out << "counts: {region: " << counts.regions << ", city: " << counts.cities
      << ", county: " << counts.counties << "}\norgs:\n";
  for (const Org& org : tree.orgs()) {
    out << "  - {code: \"" << org.code << "\", name: \"" << org.name
        << "\", level: " << orgs::OrgLevelName(org.level);
    if (!org.parent.empty()) out << ", parent: \"" << org.parent << "\"";
    out << "}\n";
  }
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace anju::bench
