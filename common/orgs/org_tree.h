#ifndef ANJU_COMMON_ORGS_ORG_TREE_H_
#define ANJU_COMMON_ORGS_ORG_TREE_H_

// The organisation hierarchy (组织层级): who files for whom. Immutable once
// built, so one tree is shared by every thread of a service without locks.
//
// Loaders: LoadOrgTreeFile (data/orgs/*.yaml, org_yaml.h) for a region, and
// LoadNationalDivisions (national_divisions.h) for national simulations.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/orgs/org.h"

namespace anju::orgs {

struct LevelCounts {
  int regions = 0;
  int cities = 0;
  int counties = 0;

  friend bool operator==(const LevelCounts& a, const LevelCounts& b) {
    return a.regions == b.regions && a.cities == b.cities &&
           a.counties == b.counties;
  }
};

// An org as read from a data file, with where it was read, so that an error
// can point at the line to fix.
struct OrgRecord {
  Org org;
  std::string origin;  // e.g. "orgs[35] (line 43)" or "areas.csv:17"
};

// The structural rules beyond the ones every tree obeys (see org_check.h).
struct TreeRules {
  // Whether a county may hang directly under a region. True nationally: the
  // districts of the 直辖市 and the 省直辖县级行政区划 (济源, 仙桃, 石河子…)
  // have no city. False for a region's file, where every county has a city.
  bool allow_counties_under_region = false;
  // When set, the tree must have exactly these counts: a data file declares
  // them, so that a truncated or padded file fails instead of loading.
  std::optional<LevelCounts> expected_counts;
};

class OrgTree {
 public:
  // Checks the records (CheckOrgRecords) and indexes them. `source` (a file
  // or directory) starts every error message. INVALID_ARGUMENT on bad data.
  static absl::StatusOr<std::unique_ptr<OrgTree>> Build(
      absl::string_view source, std::vector<OrgRecord> records,
      const TreeRules& rules);

  OrgTree(const OrgTree&) = delete;
  OrgTree& operator=(const OrgTree&) = delete;

  // Every org, ordered by code.
  const std::vector<Org>& orgs() const { return orgs_; }
  LevelCounts counts() const;

  // nullptr when no org has this code.
  const Org* FindByCode(absl::string_view code) const;

  // The org meant by a code, an official name or an alias ("150425",
  // "克什克腾旗", "克旗"), as the CLI and imports accept them; spaces around
  // the text are ignored. NOT_FOUND when nothing matches; INVALID_ARGUMENT
  // listing the candidates when a name is shared (nationally, 朝阳区 is in
  // both 北京市 and 长春市): the caller must then give the code.
  absl::StatusOr<const Org*> Resolve(absl::string_view text) const;

  // The orgs directly under `code`, ordered by code; empty for a county or
  // an unknown code.
  std::vector<const Org*> ChildrenOf(absl::string_view code) const;

  // The city (盟市) of a county. INVALID_ARGUMENT for a region or a city;
  // NOT_FOUND for an unknown code or a county that its region administers
  // directly (直辖, national trees only).
  absl::StatusOr<const Org*> CityOf(absl::string_view county_code) const;

  // Whether `ancestor` is above `descendant`. Strict: an org is not its own
  // ancestor, so an access check reads `a == b || IsAncestor(a, b)`. False
  // when either code is unknown.
  bool IsAncestor(absl::string_view ancestor,
                  absl::string_view descendant) const;

 private:
  explicit OrgTree(std::vector<Org> orgs);

  const Org* ParentOf(const Org& org) const;

  std::vector<Org> orgs_;  // ordered by code
  absl::flat_hash_map<std::string, std::size_t> by_code_;
  // Official names and aliases; a name may be shared, an alias may not.
  absl::flat_hash_map<std::string, std::vector<std::size_t>> by_label_;
  absl::flat_hash_map<std::string, std::vector<std::size_t>> children_;
};

}  // namespace anju::orgs

#endif  // ANJU_COMMON_ORGS_ORG_TREE_H_
