#include "cli/org_names.h"

#include <cstdlib>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/orgs/org_yaml.h"

namespace anju::cli {
namespace {

// Loaded once per run; null when the file cannot be read.
const orgs::OrgTree* Tree() {
  static const orgs::OrgTree* const tree = [] {
    const char* path = std::getenv("ANJU_ORGS");
    auto loaded = orgs::LoadOrgTreeFile(
        path != nullptr ? path : orgs::DefaultOrgTreePath());
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return tree;
}

}  // namespace

std::string OrgName(const std::string& code) {
  const orgs::OrgTree* tree = Tree();
  if (tree == nullptr) return "";
  const orgs::Org* org = tree->FindByCode(code);
  return org == nullptr ? "" : org->name;
}

std::string OrgLabels(const std::vector<std::string>& codes) {
  std::vector<std::string> labels;
  for (const std::string& code : codes) {
    const std::string name = OrgName(code);
    labels.push_back(name.empty() ? code
                                  : absl::StrCat(name, "（", code, "）"));
  }
  return absl::StrJoin(labels, "、");
}

}  // namespace anju::cli
