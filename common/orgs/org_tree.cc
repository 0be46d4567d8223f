#include "common/orgs/org_tree.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/orgs/org_check.h"

namespace anju::orgs {

absl::StatusOr<std::unique_ptr<OrgTree>> OrgTree::Build(
    absl::string_view source, std::vector<OrgRecord> records,
    const TreeRules& rules) {
  if (absl::Status status = CheckOrgRecords(source, records, rules);
      !status.ok()) {
    return status;
  }
  std::vector<Org> orgs;
  orgs.reserve(records.size());
  for (OrgRecord& record : records) orgs.push_back(std::move(record.org));
  return std::unique_ptr<OrgTree>(new OrgTree(std::move(orgs)));
}

OrgTree::OrgTree(std::vector<Org> orgs) : orgs_(std::move(orgs)) {
  std::sort(orgs_.begin(), orgs_.end(),
            [](const Org& a, const Org& b) { return a.code < b.code; });
  for (std::size_t i = 0; i < orgs_.size(); ++i) {
    const Org& org = orgs_[i];
    by_code_.emplace(org.code, i);
    by_label_[org.name].push_back(i);
    for (const std::string& alias : org.aliases) by_label_[alias].push_back(i);
    if (!org.parent.empty()) children_[org.parent].push_back(i);
  }
}

LevelCounts OrgTree::counts() const {
  LevelCounts counts;
  for (const Org& org : orgs_) {
    switch (org.level) {
      case OrgLevel::kRegion:
        ++counts.regions;
        break;
      case OrgLevel::kCity:
        ++counts.cities;
        break;
      case OrgLevel::kCounty:
        ++counts.counties;
        break;
    }
  }
  return counts;
}

const Org* OrgTree::FindByCode(absl::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &orgs_[it->second];
}

absl::StatusOr<const Org*> OrgTree::Resolve(absl::string_view text) const {
  const absl::string_view wanted = absl::StripAsciiWhitespace(text);
  if (IsDivisionCode(wanted)) {
    if (const Org* org = FindByCode(wanted)) return org;
    return absl::NotFoundError(absl::StrCat("no org has the code ", wanted));
  }
  auto it = by_label_.find(wanted);
  if (it == by_label_.end()) {
    return absl::NotFoundError(
        absl::StrCat("no org is named or aliased \"", wanted, "\""));
  }
  if (it->second.size() == 1) return &orgs_[it->second.front()];
  std::string candidates;
  for (std::size_t i : it->second) {
    const Org& org = orgs_[i];
    const Org* parent = ParentOf(org);
    absl::StrAppend(&candidates, candidates.empty() ? "" : ", ", org.code, " ",
                    parent == nullptr ? "" : parent->name, org.name);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", wanted, "\" names several orgs (", candidates, "); give the code"));
}

std::vector<const Org*> OrgTree::ChildrenOf(absl::string_view code) const {
  std::vector<const Org*> children;
  auto it = children_.find(code);
  if (it == children_.end()) return children;
  // Indices were appended in code order, so the children are ordered too.
  for (std::size_t i : it->second) children.push_back(&orgs_[i]);
  return children;
}

absl::StatusOr<const Org*> OrgTree::CityOf(
    absl::string_view county_code) const {
  const Org* org = FindByCode(county_code);
  if (org == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no org has the code ", county_code));
  }
  if (org->level != OrgLevel::kCounty) {
    return absl::InvalidArgumentError(
        absl::StrCat(org->code, " ", org->name, " is a ",
                     OrgLevelName(org->level), ", not a county"));
  }
  const Org* parent = ParentOf(*org);
  if (parent == nullptr || parent->level != OrgLevel::kCity) {
    return absl::NotFoundError(absl::StrCat(
        org->code, " ", org->name, " has no city: its region administers it"));
  }
  return parent;
}

bool OrgTree::IsAncestor(absl::string_view ancestor,
                         absl::string_view descendant) const {
  const Org* org = FindByCode(descendant);
  if (org == nullptr || FindByCode(ancestor) == nullptr) return false;
  // At most two steps: the levels guarantee a depth of three.
  for (const Org* up = ParentOf(*org); up != nullptr; up = ParentOf(*up)) {
    if (up->code == ancestor) return true;
  }
  return false;
}

const Org* OrgTree::ParentOf(const Org& org) const {
  return org.parent.empty() ? nullptr : FindByCode(org.parent);
}

}  // namespace anju::orgs
