#include "common/auth/scope.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/auth/auth_fixture.h"

namespace anju::auth {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::ShippedTree;

// Targets seen from a Chifeng principal; the county filer is 红山区.
constexpr char kHongshan[] = "150402";  // the filer's own county
constexpr char kKeqi[] = "150425";      // another county of 赤峰市
constexpr char kHorqin[] = "150502";    // a county of 通辽市
constexpr char kChifeng[] = "150400";   // the city
constexpr char kRegion[] = "150000";    // 内蒙古自治区
const std::vector<std::string> kTargets = {kHongshan, kKeqi, kHorqin, kChifeng,
                                           kRegion};

// What a role is expected to reach: one row of the matrix, in the order of
// kTargets.
struct Row {
  Principal principal;
  Scope scope;
  std::vector<bool> allowed;
};

std::vector<Row> Rows() {
  const Principal filer{"hongshan-filer", Role::kCountyFiler, kHongshan};
  const Principal coordinator{"chifeng", Role::kCityCoordinator, kChifeng};
  const Principal reviewer{"reviewer", Role::kRegionReviewer, kRegion};
  const Principal admin{"admin", Role::kRegionAdmin, kRegion};
  const Principal external{"fund-system", Role::kExternalSystem, kRegion};
  const Principal city_system{"chifeng-platform", Role::kExternalSystem,
                              kChifeng};
  const Principal service{"submission", Role::kService, kRegion};
  const std::vector<bool> all(5, true);
  const std::vector<bool> nothing(5, false);
  return {
      // A county filer touches only its own reports.
      {filer, Scope::kOwnOrg, {true, false, false, false, false}},
      // A city coordinator: its city and its counties.
      {coordinator, Scope::kOwnCity, {true, true, false, true, false}},
      {coordinator, Scope::kOwnOrg, {false, false, false, true, false}},
      // Region roles: everything in the region.
      {reviewer, Scope::kRegion, all},
      {admin, Scope::kRegion, all},
      {service, Scope::kRegion, all},
      // A filer given region scope (rankings, say) reaches the region too.
      {filer, Scope::kRegion, all},
      // External systems read scores: no org involved.
      {external, Scope::kAny, all},
      {city_system, Scope::kOwnCity, {true, true, false, true, false}},
      // children: the level below only — a city's counties, the region's
      // cities (who returns a report).
      {coordinator, Scope::kChildren, {true, true, false, false, false}},
      {reviewer, Scope::kChildren, {false, false, false, true, false}},
      // none: nobody, whatever the target.
      {filer, Scope::kNone, nothing},
      {coordinator, Scope::kNone, nothing},
      {reviewer, Scope::kNone, nothing},
      {admin, Scope::kNone, nothing},
      {external, Scope::kNone, nothing},
      {service, Scope::kNone, nothing},
  };
}

TEST(AuthorizeTest, EveryRoleAgainstOwnSiblingForeignCityAndRegion) {
  for (const Row& row : Rows()) {
    for (std::size_t i = 0; i < kTargets.size(); ++i) {
      absl::Status s =
          Authorize(row.principal, row.scope, kTargets[i], ShippedTree());
      const std::string what =
          absl::StrCat(RoleName(row.principal.role), " ", row.principal.org,
                       " scope ", ScopeName(row.scope), " → ", kTargets[i]);
      if (row.allowed[i]) {
        EXPECT_TRUE(s.ok()) << what << ": " << s;
      } else {
        EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << what;
      }
    }
  }
}

TEST(AuthorizeTest, DenialsNameWhoWhatAndTheRule) {
  const Principal filer{"hongshan-filer", Role::kCountyFiler, kHongshan};
  EXPECT_THAT(Authorize(filer, Scope::kOwnOrg, kKeqi, ShippedTree()).message(),
              AllOf(HasSubstr("county_filer hongshan-filer (150402)"),
                    HasSubstr("only its own org (scope own_org)"),
                    HasSubstr("150425 克什克腾旗")));
  const Principal coordinator{"chifeng", Role::kCityCoordinator, kChifeng};
  EXPECT_THAT(
      Authorize(coordinator, Scope::kOwnCity, kHorqin, ShippedTree()).message(),
      AllOf(HasSubstr("scope own_city"), HasSubstr("150502 科尔沁区")));
  EXPECT_THAT(
      Authorize(filer, Scope::kNone, kHongshan, ShippedTree()).message(),
      HasSubstr("may not call this method (scope none)"));
}

TEST(AuthorizeTest, AnyNeedsNoOrgOthersNeedAKnownOne) {
  const Principal external{"fund-system", Role::kExternalSystem, kRegion};
  EXPECT_TRUE(Authorize(external, Scope::kAny, "", ShippedTree()).ok());
  EXPECT_TRUE(Authorize(external, Scope::kAny, "nonsense", ShippedTree()).ok());
  for (Scope scope : {Scope::kOwnOrg, Scope::kOwnCity, Scope::kRegion}) {
    absl::Status empty = Authorize(external, scope, "", ShippedTree());
    EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
    absl::Status unknown = Authorize(external, scope, "159999", ShippedTree());
    EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(unknown.message(), HasSubstr("\"159999\" is not an org code"));
  }
}

TEST(AuthorizeTest, APrincipalOfAnotherTreeIsDenied) {
  const Principal stranger{"x", Role::kCountyFiler, "110101"};
  EXPECT_EQ(
      Authorize(stranger, Scope::kRegion, kHongshan, ShippedTree()).code(),
      absl::StatusCode::kPermissionDenied);
}

// Nationally, region scope stops at the principal's own region.
TEST(AuthorizeTest, RegionScopeStaysInsideTheRegion) {
  absl::StatusOr<std::unique_ptr<orgs::OrgTree>> tree = orgs::LoadOrgTreeYaml(
      "counts: {region: 2, city: 2, county: 2}\n"
      "orgs:\n"
      "  - {code: \"150000\", name: 内蒙古自治区, level: region}\n"
      "  - {code: \"150400\", name: 赤峰市, level: city, parent: \"150000\"}\n"
      "  - {code: \"150402\", name: 红山区, level: county, parent: "
      "\"150400\"}\n"
      "  - {code: \"210000\", name: 辽宁省, level: region}\n"
      "  - {code: \"210100\", name: 沈阳市, level: city, parent: \"210000\"}\n"
      "  - {code: \"210102\", name: 和平区, level: county, parent: "
      "\"210100\"}\n",
      "two-regions.yaml");
  ASSERT_TRUE(tree.ok()) << tree.status();
  const Principal reviewer{"reviewer", Role::kRegionReviewer, kRegion};
  const Principal filer{"filer", Role::kCountyFiler, kHongshan};
  EXPECT_TRUE(Authorize(reviewer, Scope::kRegion, kHongshan, **tree).ok());
  EXPECT_TRUE(Authorize(filer, Scope::kRegion, kChifeng, **tree).ok());
  for (const char* foreign : {"210000", "210100", "210102"}) {
    EXPECT_EQ(Authorize(reviewer, Scope::kRegion, foreign, **tree).code(),
              absl::StatusCode::kPermissionDenied)
        << foreign;
    EXPECT_EQ(Authorize(filer, Scope::kRegion, foreign, **tree).code(),
              absl::StatusCode::kPermissionDenied)
        << foreign;
  }
}

TEST(ScopeTest, NamesRoundTrip) {
  for (Scope scope : {Scope::kNone, Scope::kOwnOrg, Scope::kOwnCity,
                      Scope::kRegion, Scope::kAny}) {
    EXPECT_EQ(ParseScope(ScopeName(scope)), scope);
  }
  EXPECT_FALSE(ParseScope("own_county").has_value());
  EXPECT_FALSE(ParseScope("").has_value());
  for (Role role : AllRoles()) EXPECT_EQ(ParseRole(RoleName(role)), role);
  EXPECT_FALSE(ParseRole("County_Filer").has_value());
  EXPECT_EQ(AllRoles().size(), kRoleCount);
}

}  // namespace
}  // namespace anju::auth
