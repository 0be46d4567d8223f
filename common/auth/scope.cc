#include "common/auth/scope.h"

#include "absl/strings/str_cat.h"

namespace anju::auth {
namespace {

constexpr Scope kAllScopes[] = {Scope::kNone,    Scope::kOwnOrg,
                                Scope::kOwnCity, Scope::kChildren,
                                Scope::kRegion,  Scope::kAny};

// The region an org belongs to: the top of its chain of parents.
const orgs::Org* RegionOf(const orgs::OrgTree& tree, const orgs::Org* org) {
  while (org != nullptr && !org->parent.empty()) {
    org = tree.FindByCode(org->parent);
  }
  return org;
}

std::string Who(const Principal& principal) {
  return absl::StrCat(RoleName(principal.role), " ", principal.id, " (",
                      principal.org, ")");
}

std::string Label(const orgs::Org& org) {
  return absl::StrCat(org.code, " ", org.name);
}

}  // namespace

absl::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kNone:
      return "none";
    case Scope::kOwnOrg:
      return "own_org";
    case Scope::kOwnCity:
      return "own_city";
    case Scope::kChildren:
      return "children";
    case Scope::kRegion:
      return "region";
    case Scope::kAny:
      return "any";
  }
  return "none";
}

std::optional<Scope> ParseScope(absl::string_view name) {
  for (Scope scope : kAllScopes) {
    if (ScopeName(scope) == name) return scope;
  }
  return std::nullopt;
}

std::string ScopeNames() {
  std::string names;
  for (Scope scope : kAllScopes) {
    absl::StrAppend(&names, names.empty() ? "" : ", ", ScopeName(scope));
  }
  return names;
}

absl::Status Authorize(const Principal& principal, Scope scope,
                       absl::string_view target_org,
                       const orgs::OrgTree& tree) {
  if (scope == Scope::kAny) return absl::OkStatus();
  if (scope == Scope::kNone) {
    return absl::PermissionDeniedError(
        absl::StrCat("无权访问: ", Who(principal),
                     " may not call this method (scope none)"));
  }
  if (target_org.empty()) {
    return absl::InvalidArgumentError(
        "org: 须填写组织代码 (the request names no org)");
  }
  const orgs::Org* target = tree.FindByCode(target_org);
  if (target == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "org: 未知组织代码 (\"", target_org, "\" is not an org code)"));
  }
  const orgs::Org* home = tree.FindByCode(principal.org);
  if (home == nullptr) {
    // Credentials are checked against the tree at load; this means the
    // store and the tree came from different files.
    return absl::PermissionDeniedError(absl::StrCat(
        "无权访问: the org of ", Who(principal), " is not in the org tree"));
  }
  bool allowed = false;
  absl::string_view rule;
  switch (scope) {
    case Scope::kOwnOrg:
      allowed = target == home;
      rule = "only its own org (scope own_org)";
      break;
    case Scope::kOwnCity:
      allowed = target == home || tree.IsAncestor(home->code, target->code);
      rule = "only its own org and the orgs under it (scope own_city)";
      break;
    case Scope::kChildren:
      allowed = target->parent == home->code;
      rule = "only the orgs directly under its own (scope children)";
      break;
    case Scope::kRegion:
      allowed = RegionOf(tree, target) == RegionOf(tree, home);
      rule = "only the orgs of its own region (scope region)";
      break;
    case Scope::kNone:
    case Scope::kAny:
      break;
  }
  if (allowed) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("无权访问: ", Who(principal),
                                                  " may touch ", rule, ", not ",
                                                  Label(*target)));
}

}  // namespace anju::auth
