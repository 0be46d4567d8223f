#include "services/registry/project_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "common/orgs/org_yaml.h"
#include "tests/registry/sample_projects.h"

namespace anju::registry {
namespace {

using ::testing::HasSubstr;
using testing::SampleProject;

class ProjectRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = tree->release();
  }

  // The fields the violations name, in order.
  static std::vector<std::string> Fields(const v1::ReserveProject& p) {
    std::vector<std::string> fields;
    for (const FieldViolation& v : CheckProject(p, *tree_, 2024)) {
      fields.push_back(v.field);
    }
    return fields;
  }

  static orgs::OrgTree* tree_;
};

orgs::OrgTree* ProjectRulesTest::tree_ = nullptr;

TEST_F(ProjectRulesTest, SampleIsValid) {
  EXPECT_TRUE(CheckProject(SampleProject(), *tree_, 2024).empty());
  EXPECT_TRUE(
      CheckProject(SampleProject("150402", "oldcomm"), *tree_, 2024).empty());
}

TEST_F(ProjectRulesTest, OrgMustBeACounty) {
  v1::ReserveProject p = SampleProject();
  p.set_org("150400");  // 赤峰市, a city
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("org"));
  p.set_org("999999");
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("org"));
  p.clear_org();
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("org"));
}

TEST_F(ProjectRulesTest, ProgrammeAndName) {
  v1::ReserveProject p = SampleProject();
  p.set_programme("rental");  // a rubric programme, not a registry one
  p.set_name(std::string(1 << 20, 'x'));
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("programme", "name"));
  p = SampleProject();
  p.clear_name();
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("name"));
  p.set_name("a\nb");
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("name"));
  p.set_name("\xff\xfe");
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("name"));
}

TEST_F(ProjectRulesTest, CountsAndAmounts) {
  v1::ReserveProject p = SampleProject();
  p.set_units(-1);
  p.set_households(kMaxUnits + 1);
  p.set_floor_area_10k_m2(std::nan(""));
  p.set_resident_consent_pct(120);
  p.mutable_shortfalls()->set_upgrade(-3);
  EXPECT_THAT(Fields(p), ::testing::ElementsAre(
                             "units", "households", "floor_area_10k_m2",
                             "resident_consent_pct", "shortfalls.upgrade"));
  const auto violations = CheckProject(p, *tree_, 2024);
  EXPECT_THAT(violations[3].rule, HasSubstr("got 120"));
  EXPECT_THAT(violations[2].rule, HasSubstr("NaN"));
}

TEST_F(ProjectRulesTest, InfinityAndNegativeFunding) {
  v1::ReserveProject p = SampleProject();
  p.set_investment_10k_yuan(std::numeric_limits<double>::infinity());
  p.mutable_funding()->set_social(-5);
  EXPECT_THAT(Fields(p),
              ::testing::ElementsAre("investment_10k_yuan", "funding.social"));
}

TEST_F(ProjectRulesTest, FundingMayNotExceedInvestment) {
  v1::ReserveProject p = SampleProject();
  p.mutable_funding()->set_loans_bonds(1500.005);  // sum 5000.005: rounding
  EXPECT_TRUE(Fields(p).empty());
  p.mutable_funding()->set_loans_bonds(1600);
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("funding"));
}

TEST_F(ProjectRulesTest, BuildingYear) {
  v1::ReserveProject p = SampleProject();
  p.set_building_year(0);
  EXPECT_TRUE(Fields(p).empty());
  p.set_building_year(2025);  // next year: under construction
  EXPECT_TRUE(Fields(p).empty());
  p.set_building_year(2026);
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("building_year"));
  p.set_building_year(1899);
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("building_year"));
}

TEST_F(ProjectRulesTest, CommunitiesOnlyForOldCommunities) {
  v1::ReserveProject p = SampleProject();
  p.set_communities(1);
  EXPECT_THAT(Fields(p), ::testing::ElementsAre("communities"));
}

TEST_F(ProjectRulesTest, StatusNamesEveryViolation) {
  v1::ReserveProject p = SampleProject();
  p.set_resident_consent_pct(120);
  absl::Status s = ViolationsStatus(CheckProject(p, *tree_, 2024), "project.");
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_THAT(s.message(),
              HasSubstr("project.resident_consent_pct: 须在 0–100 之间"));
  EXPECT_TRUE(ViolationsStatus({}, "project.").ok());
}

}  // namespace
}  // namespace anju::registry
