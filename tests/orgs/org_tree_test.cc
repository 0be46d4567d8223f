#include "common/orgs/org_tree.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::orgs {
namespace {

using ::testing::HasSubstr;

OrgRecord Record(std::string code, std::string name, OrgLevel level,
                 std::string parent, std::vector<std::string> aliases = {}) {
  OrgRecord record;
  record.origin = "row " + code;
  record.org = Org{std::move(code), std::move(name), level, std::move(parent),
                   std::move(aliases)};
  return record;
}

// Two provinces with a 朝阳区 each, one of them a 直辖市 whose districts have
// no city.
std::vector<OrgRecord> TwoProvinces() {
  return {
      Record("110000", "北京市", OrgLevel::kRegion, ""),
      Record("110105", "朝阳区", OrgLevel::kCounty, "110000"),
      Record("220000", "吉林省", OrgLevel::kRegion, ""),
      Record("220100", "长春市", OrgLevel::kCity, "220000", {"长春"}),
      Record("220104", "朝阳区", OrgLevel::kCounty, "220100"),
  };
}

TreeRules National() {
  TreeRules rules;
  rules.allow_counties_under_region = true;
  return rules;
}

TEST(OrgTreeTest, CountiesUnderARegionNeedTheNationalRule) {
  absl::Status strict = OrgTree::Build("t", TwoProvinces(), {}).status();
  EXPECT_EQ(strict.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(strict.message()),
              HasSubstr("row 110105 110105 朝阳区: parent 110000 北京市 is a "
                        "region; the parent must be one level up"));
  EXPECT_TRUE(OrgTree::Build("t", TwoProvinces(), National()).ok());
}

TEST(OrgTreeTest, ASharedNameIsAmbiguousAndListsTheCandidates) {
  auto tree = OrgTree::Build("t", TwoProvinces(), National());
  ASSERT_TRUE(tree.ok()) << tree.status();
  absl::StatusOr<const Org*> org = (*tree)->Resolve("朝阳区");
  EXPECT_EQ(org.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(org.status().message()),
            "\"朝阳区\" names several orgs (110105 北京市朝阳区, 220104 "
            "长春市朝阳区); give the code");
  ASSERT_TRUE((*tree)->Resolve("220104").ok());
  EXPECT_EQ((*(*tree)->Resolve("长春"))->code, "220100");
}

TEST(OrgTreeTest, ADirectlyAdministeredCountyHasNoCity) {
  auto tree = OrgTree::Build("t", TwoProvinces(), National());
  ASSERT_TRUE(tree.ok()) << tree.status();
  absl::StatusOr<const Org*> city = (*tree)->CityOf("110105");
  EXPECT_EQ(city.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(city.status().message()),
              HasSubstr("110105 朝阳区 has no city"));
  EXPECT_TRUE((*tree)->IsAncestor("110000", "110105"));
  EXPECT_TRUE((*tree)->IsAncestor("220000", "220104"));
  EXPECT_FALSE((*tree)->IsAncestor("110000", "220104"));
}

TEST(OrgTreeTest, OrdersOrgsByCodeWhateverTheInputOrder) {
  std::vector<OrgRecord> records = TwoProvinces();
  std::reverse(records.begin(), records.end());
  auto tree = OrgTree::Build("t", std::move(records), National());
  ASSERT_TRUE(tree.ok()) << tree.status();
  std::vector<std::string> codes;
  for (const Org& org : (*tree)->orgs()) codes.push_back(org.code);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_EQ((*tree)->ChildrenOf("220000").size(), 1u);
}

TEST(OrgTreeTest, AnEmptyTreeIsRefused) {
  absl::Status status = OrgTree::Build("empty.yaml", {}, {}).status();
  EXPECT_EQ(std::string(status.message()), "empty.yaml: there are no orgs");
}

TEST(OrgTreeTest, ExpectedCountsAreChecked) {
  TreeRules rules = National();
  rules.expected_counts = LevelCounts{2, 1, 2};
  EXPECT_TRUE(OrgTree::Build("t", TwoProvinces(), rules).ok());
  rules.expected_counts = LevelCounts{2, 2, 2};
  EXPECT_THAT(
      std::string(
          OrgTree::Build("t", TwoProvinces(), rules).status().message()),
      HasSubstr("declared 2 region(s), 2 cities, 2 counties but found "
                "2, 1, 2"));
}

TEST(OrgTreeTest, LongListsOfProblemsAreCut) {
  std::vector<OrgRecord> records;
  for (int i = 10; i < 25; ++i) {
    records.push_back(
        Record("1504" + std::to_string(i), "县", OrgLevel::kCounty, "150400"));
  }
  absl::Status status = OrgTree::Build("t", std::move(records), {}).status();
  EXPECT_THAT(std::string(status.message()), HasSubstr("t: 15 problems: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("; and 5 more"));
}

}  // namespace
}  // namespace anju::orgs
