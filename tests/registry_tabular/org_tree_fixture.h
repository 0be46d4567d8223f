#ifndef ANJU_TESTS_REGISTRY_TABULAR_ORG_TREE_FIXTURE_H_
#define ANJU_TESTS_REGISTRY_TABULAR_ORG_TREE_FIXTURE_H_

// The shipped Inner Mongolia hierarchy, loaded once per test binary.

#include <memory>
#include <string>

#include "common/orgs/org_tree.h"
#include "common/orgs/org_yaml.h"
#include "gtest/gtest.h"

namespace anju::registry::tabular {

inline const orgs::OrgTree& InnerMongolia() {
  static const orgs::OrgTree* const tree = [] {
    auto loaded = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      std::abort();
    }
    return loaded->release();
  }();
  return *tree;
}

inline std::string SourcePath(const std::string& relative) {
  return std::string(ANJU_SOURCE_DIR) + "/" + relative;
}

}  // namespace anju::registry::tabular

#endif  // ANJU_TESTS_REGISTRY_TABULAR_ORG_TREE_FIXTURE_H_
