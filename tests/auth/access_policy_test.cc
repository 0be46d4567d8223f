#include "common/auth/access_policy.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/auth/auth_fixture.h"

namespace anju::auth {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

constexpr char kEvaluate[] = "/anju.v1.ScoringService/Evaluate";

// Every role with a scope, indented under a method.
std::string Roles(const std::string& filer = "own_org",
                  const std::string& coordinator = "own_city",
                  const std::string& reviewer = "region",
                  const std::string& admin = "region",
                  const std::string& external = "none",
                  const std::string& service = "any") {
  return absl::StrCat(
      "    county_filer: ", filer, "\n    city_coordinator: ", coordinator,
      "\n    region_reviewer: ", reviewer, "\n    region_admin: ", admin,
      "\n    external_system: ", external, "\n    service: ", service, "\n");
}

std::string Policy(const std::string& body) {
  return absl::StrCat(
      "methods:\n  /grpc.health.v1.Health/Check: "
      "{public: true}\n  /anju.v1.Reports/Get:\n",
      body);
}

absl::StatusOr<std::unique_ptr<AccessPolicy>> Parse(const std::string& yaml) {
  return AccessPolicy::Parse(yaml, "policy.yaml");
}

std::string ErrorOf(const std::string& yaml) {
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy = Parse(yaml);
  EXPECT_FALSE(policy.ok()) << yaml;
  if (policy.ok()) return "";
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(policy.status().message());
}

TEST(AccessPolicyTest, ReadsAScopePerRoleAndPublicMethods) {
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy = Parse(Policy(Roles()));
  ASSERT_TRUE(policy.ok()) << policy.status();
  const AccessPolicy& p = **policy;
  const std::string get = "/anju.v1.Reports/Get";
  EXPECT_EQ(p.ScopeFor(get, Role::kCountyFiler), Scope::kOwnOrg);
  EXPECT_EQ(p.ScopeFor(get, Role::kCityCoordinator), Scope::kOwnCity);
  EXPECT_EQ(p.ScopeFor(get, Role::kRegionReviewer), Scope::kRegion);
  EXPECT_EQ(p.ScopeFor(get, Role::kRegionAdmin), Scope::kRegion);
  EXPECT_EQ(p.ScopeFor(get, Role::kExternalSystem), Scope::kNone);
  EXPECT_EQ(p.ScopeFor(get, Role::kService), Scope::kAny);
  EXPECT_FALSE(p.IsPublic(get));
  EXPECT_TRUE(p.IsPublic("/grpc.health.v1.Health/Check"));
  // A public method has no roles: nobody gets a scope on it.
  EXPECT_EQ(p.ScopeFor("/grpc.health.v1.Health/Check", Role::kService),
            Scope::kNone);
  EXPECT_THAT(p.Methods(), ElementsAre("/anju.v1.Reports/Get",
                                       "/grpc.health.v1.Health/Check"));
}

TEST(AccessPolicyTest, UnlistedMethodsAreDeniedToEveryRole) {
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy =
      Parse(Policy(Roles("any", "any", "any", "any", "any", "any")));
  ASSERT_TRUE(policy.ok()) << policy.status();
  for (const char* method :
       {"/anju.v1.Reports/Delete", "/anju.v1.Reports/get", "", "/x/y"}) {
    EXPECT_FALSE((*policy)->Lists(method)) << method;
    EXPECT_FALSE((*policy)->IsPublic(method)) << method;
    for (Role role : AllRoles()) {
      EXPECT_EQ((*policy)->ScopeFor(method, role), Scope::kNone) << method;
    }
  }
}

TEST(AccessPolicyTest, CheckCoversListsEveryMissingMethod) {
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy = Parse(Policy(Roles()));
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE((*policy)
                  ->CheckCovers(
                      {"/anju.v1.Reports/Get", "/grpc.health.v1.Health/Check"})
                  .ok());
  absl::Status s = (*policy)->CheckCovers(
      {"/anju.v1.Reports/Get", "/anju.v1.Reports/Submit",
       "/anju.v1.Reports/Return", "/anju.v1.Reports/Submit"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(),
              AllOf(HasSubstr("policy.yaml"), HasSubstr("2 method(s)"),
                    HasSubstr("/anju.v1.Reports/Return, "
                              "/anju.v1.Reports/Submit"),
                    Not(HasSubstr("Reports/Get"))));
}

// A server that registers ScoringService links its generated code; this
// test does so by naming one of its messages, as nothing else here does.
std::string ScoringServiceName() {
  EXPECT_NE(anju::v1::EvaluateRequest::descriptor(), nullptr);
  return anju::v1::ScoringService::service_full_name();
}

TEST(AccessPolicyTest, MethodsOfServicesComeFromTheCompiledDescriptors) {
  absl::StatusOr<std::vector<std::string>> methods =
      MethodsOfServices({ScoringServiceName()});
  ASSERT_TRUE(methods.ok()) << methods.status();
  EXPECT_THAT(*methods, ElementsAre("/anju.v1.ScoringService/Evaluate",
                                    "/anju.v1.ScoringService/EvaluateBatch",
                                    "/anju.v1.ScoringService/ListRubrics",
                                    "/anju.v1.ScoringService/GetRubric",
                                    "/anju.v1.ScoringService/GetCityTotals",
                                    "/anju.v1.ScoringService/RankCities"));
  absl::StatusOr<std::vector<std::string>> unknown =
      MethodsOfServices({"anju.v1.NoSuchService"});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.status().message(), HasSubstr("anju.v1.NoSuchService"));
}

TEST(AccessPolicyTest, MethodNamesMustBeFullGrpcNames) {
  for (const char* bad :
       {"anju.v1.Reports/Get", "/anju.v1.Reports", "/anju.v1.Reports/Get/x",
        "/anju..Reports/Get", "/anju.v1.Reports/", "/1anju.Reports/Get",
        "/anju.v1.Reports/Ge-t"}) {
    const std::string yaml = absl::StrCat("methods:\n  ", bad, ":\n", Roles());
    EXPECT_THAT(ErrorOf(yaml),
                AllOf(HasSubstr("policy.yaml: methods."), HasSubstr("(line 2)"),
                      HasSubstr("/package.Service/Method")))
        << bad;
  }
}

TEST(AccessPolicyTest, DuplicateMethodsAreRefused) {
  EXPECT_THAT(ErrorOf(absl::StrCat(Policy(Roles()), "  /anju.v1.Reports/Get:\n",
                                   Roles())),
              AllOf(HasSubstr("methods./anju.v1.Reports/Get (line 10)"),
                    HasSubstr("duplicate method, first at line 3")));
}

TEST(AccessPolicyTest, UnknownRolesAndScopesAreNamed) {
  EXPECT_THAT(ErrorOf(Policy(absl::StrCat(Roles(), "    auditor: none\n"))),
              AllOf(HasSubstr("methods./anju.v1.Reports/Get (line 10)"),
                    HasSubstr("unknown role 'auditor'"),
                    HasSubstr("county_filer, city_coordinator")));
  EXPECT_THAT(
      ErrorOf(Policy(Roles("own_county"))),
      AllOf(HasSubstr("(line 4)"),
            HasSubstr("role 'county_filer': unknown scope "
                      "'own_county'"),
            HasSubstr("none, own_org, own_city, children, region, any")));
  EXPECT_THAT(ErrorOf(Policy(Roles("[any]"))),
              HasSubstr("role 'county_filer': unknown scope ''"));
}

TEST(AccessPolicyTest, EveryRoleMustBeWrittenOut) {
  std::string body = Roles();
  body = absl::StrReplaceAll(
      body, {{"    external_system: none\n", ""}, {"    service: any\n", ""}});
  EXPECT_THAT(ErrorOf(Policy(body)),
              AllOf(HasSubstr("methods./anju.v1.Reports/Get"),
                    HasSubstr("missing: external_system, service")));
  EXPECT_THAT(ErrorOf(Policy(absl::StrCat(Roles(), "    service: any\n"))),
              HasSubstr("role 'service' appears twice"));
}

TEST(AccessPolicyTest, OwnCityOnlyForRolesThatCanActForACity) {
  EXPECT_THAT(ErrorOf(Policy(Roles("own_city"))),
              AllOf(HasSubstr("role 'county_filer': own_city needs a role "
                              "acting for a city"),
                    HasSubstr("acts for a county, write own_org or region")));
  EXPECT_THAT(ErrorOf(Policy(Roles("children"))),
              HasSubstr("role 'county_filer': children needs a role acting "
                        "for a city or the region"));
  EXPECT_THAT(ErrorOf(Policy(Roles("own_org", "own_city", "own_city"))),
              HasSubstr("a region_reviewer acts for a region"));
  EXPECT_THAT(ErrorOf(Policy(Roles("own_org", "own_city", "region", "region",
                                   "none", "own_city"))),
              HasSubstr("role 'service'"));
  // An external system may act for a city.
  EXPECT_TRUE(Parse(Policy(Roles("own_org", "own_city", "region", "region",
                                 "own_city")))
                  .ok());
}

TEST(AccessPolicyTest, PublicMeansTrueAndNothingElse) {
  EXPECT_THAT(ErrorOf("methods:\n  /a.B/C: {public: false}\n"),
              HasSubstr("field 'public' may only be true"));
  EXPECT_THAT(ErrorOf("methods:\n  /a.B/C: {public: yes}\n"),
              HasSubstr("field 'public' may only be true"));
  EXPECT_THAT(ErrorOf("methods:\n  /a.B/C: {public: true, service: any}\n"),
              HasSubstr("a public method lists no roles"));
  EXPECT_THAT(ErrorOf("methods:\n  /a.B/C: public\n"),
              HasSubstr("must be {public: true} or a map of every role"));
}

TEST(AccessPolicyTest, TheDocumentIsChecked) {
  EXPECT_THAT(ErrorOf("methods: {}\n"),
              HasSubstr("must be a non-empty map of method names"));
  EXPECT_THAT(ErrorOf("rules: {}\n"), HasSubstr("unknown field 'rules'"));
  EXPECT_THAT(ErrorOf("methods:\n  - /a.B/C\n"),
              HasSubstr("must be a non-empty map"));
  EXPECT_THAT(ErrorOf("methods: {\n"),
              AllOf(HasSubstr("policy.yaml"), HasSubstr("not valid YAML")));
}

TEST(AccessPolicyTest, LoadsFilesAndNamesUnreadableOnes) {
  TempDir dir;
  const std::string path = dir.Write("policy.yaml", Policy(Roles()));
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy =
      AccessPolicy::LoadFile(path);
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ((*policy)->source(), path);
  absl::StatusOr<std::unique_ptr<AccessPolicy>> missing =
      AccessPolicy::LoadFile(dir.path() + "/none.yaml");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

// The shipped file: it loads, it covers what the scoring server serves, and
// scoring facts and reading rubrics is open to every role, external systems
// included; the results of stored reports are not open to county filers.
TEST(ShippedPolicyTest, CoversTheScoringServerAndOpensItToEveryRole) {
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy =
      AccessPolicy::LoadFile(DefaultPolicyPath());
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<std::vector<std::string>> methods =
      MethodsOfServices({ScoringServiceName()});
  ASSERT_TRUE(methods.ok()) << methods.status();
  ASSERT_EQ(methods->size(), 6u);
  EXPECT_TRUE((*policy)->CheckCovers(*methods).ok());
  EXPECT_TRUE((*policy)->CheckCovers(InfrastructureMethods()).ok());
  for (const std::string& method : *methods) {
    if (absl::StrContains(method, "Cities") ||
        absl::StrContains(method, "CityTotals")) {
      EXPECT_EQ((*policy)->ScopeFor(method, Role::kCountyFiler), Scope::kNone);
      EXPECT_EQ((*policy)->ScopeFor(method, Role::kExternalSystem),
                Scope::kRegion);
      continue;
    }
    for (Role role : AllRoles()) {
      EXPECT_EQ((*policy)->ScopeFor(method, role), Scope::kAny)
          << method << " " << RoleName(role);
    }
  }
  for (const std::string& method : InfrastructureMethods()) {
    EXPECT_TRUE((*policy)->IsPublic(method)) << method;
  }
  EXPECT_FALSE((*policy)->IsPublic(kEvaluate));
}

}  // namespace
}  // namespace anju::auth
