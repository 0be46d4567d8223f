#include "common/orgs/org_check.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace anju::orgs {
namespace {

// A broken file usually has one mistake repeated; ten say enough.
constexpr int kMaxListed = 10;

std::string Label(const OrgRecord& record) {
  const Org& org = record.org;
  return absl::StrCat(record.origin, " ", org.code.empty() ? "(no code)" : "",
                      org.code, org.name.empty() ? "" : " ", org.name);
}

class Problems {
 public:
  void Add(const OrgRecord& record, absl::string_view rule) {
    Add(absl::StrCat(Label(record), ": ", rule));
  }
  void Add(std::string problem) {
    if (++count_ <= kMaxListed) listed_.push_back(std::move(problem));
  }

  absl::Status ToStatus(absl::string_view source) const {
    if (count_ == 0) return absl::OkStatus();
    std::string message = absl::StrCat(source, ": ");
    if (count_ > 1) absl::StrAppend(&message, count_, " problems: ");
    absl::StrAppend(&message, absl::StrJoin(listed_, "; "));
    if (count_ > kMaxListed) {
      absl::StrAppend(&message, "; and ", count_ - kMaxListed, " more");
    }
    return absl::InvalidArgumentError(message);
  }

 private:
  int count_ = 0;
  std::vector<std::string> listed_;
};

// GB/T 2260: two digits of region, two of city, two of county.
bool HasLevelShape(absl::string_view code, OrgLevel level) {
  switch (level) {
    case OrgLevel::kRegion:
      return absl::EndsWith(code, "0000");
    case OrgLevel::kCity:
      return absl::EndsWith(code, "00") && !absl::EndsWith(code, "0000");
    case OrgLevel::kCounty:
      return !absl::EndsWith(code, "00");
  }
  return false;
}

absl::string_view ShapeRule(OrgLevel level) {
  switch (level) {
    case OrgLevel::kRegion:
      return "a region's code ends in 0000";
    case OrgLevel::kCity:
      return "a city's code ends in 00 but not in 0000";
    case OrgLevel::kCounty:
      return "a county's code does not end in 00";
  }
  return "";
}

bool ParentLevelAllowed(OrgLevel child, OrgLevel parent,
                        const TreeRules& rules) {
  if (child == OrgLevel::kCity) return parent == OrgLevel::kRegion;
  if (parent == OrgLevel::kCity) return true;
  return rules.allow_counties_under_region && parent == OrgLevel::kRegion;
}

class Checker {
 public:
  Checker(const std::vector<OrgRecord>& records, const TreeRules& rules)
      : records_(records), rules_(rules) {}

  absl::Status Run(absl::string_view source) {
    if (records_.empty()) problems_.Add("there are no orgs");
    for (const OrgRecord& record : records_) CheckOwnFields(record);
    for (const OrgRecord& record : records_) CheckParent(record);
    for (const OrgRecord& record : records_) CheckAliases(record);
    CheckCounts();
    return problems_.ToStatus(source);
  }

 private:
  void CheckOwnFields(const OrgRecord& record) {
    const Org& org = record.org;
    if (org.name.empty()) problems_.Add(record, "name is empty");
    if (!org.name.empty()) names_.try_emplace(org.name, &record);
    if (!IsDivisionCode(org.code)) {
      problems_.Add(record, "code must be six digits (GB/T 2260)");
      return;
    }
    if (!HasLevelShape(org.code, org.level)) {
      problems_.Add(record, absl::StrCat("level ", OrgLevelName(org.level),
                                         " does not fit the code: ",
                                         ShapeRule(org.level)));
    }
    auto [it, inserted] = by_code_.try_emplace(org.code, &record);
    if (!inserted) {
      problems_.Add(record,
                    absl::StrCat("code ", org.code, " is already used by ",
                                 it->second->origin, "; codes must be unique"));
    }
  }

  void CheckParent(const OrgRecord& record) {
    const Org& org = record.org;
    if (org.level == OrgLevel::kRegion) {
      if (!org.parent.empty()) {
        problems_.Add(
            record, absl::StrCat("a region has no parent, found ", org.parent));
      }
      return;
    }
    if (org.parent.empty()) {
      problems_.Add(record, absl::StrCat("a ", OrgLevelName(org.level),
                                         " needs a parent"));
      return;
    }
    auto it = by_code_.find(org.parent);
    if (it == by_code_.end()) {
      problems_.Add(record,
                    absl::StrCat("parent ", org.parent, " is not in the tree"));
      return;
    }
    CheckParentFits(record, it->second->org);
  }

  void CheckParentFits(const OrgRecord& record, const Org& parent) {
    const Org& org = record.org;
    if (!ParentLevelAllowed(org.level, parent.level, rules_)) {
      problems_.Add(record,
                    absl::StrCat("parent ", parent.code, " ", parent.name,
                                 " is a ", OrgLevelName(parent.level),
                                 "; the parent must be one level up"));
      return;
    }
    const std::size_t shared = parent.level == OrgLevel::kRegion ? 2 : 4;
    if (org.code.compare(0, shared, parent.code, 0, shared) != 0) {
      problems_.Add(record, absl::StrCat("code does not begin with the ",
                                         shared, " digits of its parent ",
                                         parent.code, " ", parent.name));
    }
  }

  void CheckAliases(const OrgRecord& record) {
    for (const std::string& alias : record.org.aliases) {
      if (alias.empty()) {
        problems_.Add(record, "an alias is empty");
      } else if (IsDivisionCode(alias)) {
        problems_.Add(record, absl::StrCat("alias ", alias, " is a code"));
      } else if (auto name = names_.find(alias); name != names_.end()) {
        problems_.Add(record,
                      absl::StrCat("alias ", alias, " is the name of ",
                                   Label(*name->second),
                                   "; an alias must not repeat a name"));
      } else if (auto [it, inserted] = aliases_.try_emplace(alias, &record);
                 !inserted) {
        problems_.Add(
            record,
            absl::StrCat("alias ", alias, " is already an alias of ",
                         Label(*it->second), "; aliases must be unique"));
      }
    }
  }

  void CheckCounts() {
    if (!rules_.expected_counts.has_value()) return;
    LevelCounts actual;
    for (const OrgRecord& record : records_) {
      switch (record.org.level) {
        case OrgLevel::kRegion:
          ++actual.regions;
          break;
        case OrgLevel::kCity:
          ++actual.cities;
          break;
        case OrgLevel::kCounty:
          ++actual.counties;
          break;
      }
    }
    const LevelCounts& want = *rules_.expected_counts;
    if (actual == want) return;
    problems_.Add(absl::StrCat(
        "counts: declared ", want.regions, " region(s), ", want.cities,
        " cities, ", want.counties, " counties but found ", actual.regions,
        ", ", actual.cities, ", ", actual.counties));
  }

  const std::vector<OrgRecord>& records_;
  const TreeRules& rules_;
  Problems problems_;
  // First record for each code and each name.
  absl::flat_hash_map<std::string, const OrgRecord*> by_code_;
  absl::flat_hash_map<std::string, const OrgRecord*> names_;
  absl::flat_hash_map<std::string, const OrgRecord*> aliases_;
};

}  // namespace

bool IsDivisionCode(absl::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status CheckOrgRecords(absl::string_view source,
                             const std::vector<OrgRecord>& records,
                             const TreeRules& rules) {
  return Checker(records, rules).Run(source);
}

}  // namespace anju::orgs
