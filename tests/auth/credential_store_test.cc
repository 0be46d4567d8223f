#include "common/auth/credential_store.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/auth/auth_fixture.h"

namespace anju::auth {
namespace {

using ::testing::AllOf;
using testing::CredentialsYaml;
using testing::CredentialYaml;
using ::testing::HasSubstr;
using testing::Mint;
using ::testing::Not;
using testing::ShippedTree;
using testing::TempDir;
using testing::TestCredential;

absl::StatusOr<std::unique_ptr<CredentialStore>> Parse(
    const std::string& yaml) {
  return CredentialStore::Parse(yaml, "creds.yaml", ShippedTree());
}

// The message of a load that must fail with INVALID_ARGUMENT.
std::string ErrorOf(const std::string& yaml) {
  absl::StatusOr<std::unique_ptr<CredentialStore>> store = Parse(yaml);
  EXPECT_FALSE(store.ok()) << yaml;
  if (store.ok()) return "";
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(store.status().message());
}

// One credential with a digest that is fine, and `line` in place of one of
// its fields.
std::string One(const std::string& id, const std::string& role,
                const std::string& org, const std::string& digest) {
  return absl::StrCat("credentials:\n  - id: ", id, "\n    role: ", role,
                      "\n    org: \"", org, "\"\n    token_sha256: ", digest,
                      "\n");
}

const std::string kDigest = HexOf(Sha256("some token"));

class CredentialStoreTest : public ::testing::Test {
 protected:
  CredentialStoreTest()
      : filer_(Mint("hongshan-filer", Role::kCountyFiler, "150402")),
        other_filer_(Mint("keqi-filer", Role::kCountyFiler, "150425")),
        coordinator_(Mint("chifeng", Role::kCityCoordinator, "150400")),
        reviewer_(Mint("reviewer", Role::kRegionReviewer, "150000")),
        admin_(Mint("admin", Role::kRegionAdmin, "150000")),
        external_(Mint("fund-system", Role::kExternalSystem, "150400")),
        service_(Mint("submission", Role::kService, "150000")) {}

  std::vector<TestCredential> All() const {
    return {filer_, other_filer_, coordinator_, reviewer_,
            admin_, external_,    service_};
  }

  TestCredential filer_, other_filer_, coordinator_, reviewer_, admin_,
      external_, service_;
};

TEST_F(CredentialStoreTest, LoadsEveryRoleAndFindsEachPrincipalByToken) {
  absl::StatusOr<std::unique_ptr<CredentialStore>> store =
      Parse(CredentialsYaml(All()));
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->size(), 7u);
  for (const TestCredential& c : All()) {
    std::optional<Principal> found = (*store)->Lookup(c.token);
    ASSERT_TRUE(found.has_value()) << c.principal.id;
    EXPECT_EQ(*found, c.principal);
  }
}

TEST_F(CredentialStoreTest, WrongTokensFindNobody) {
  absl::StatusOr<std::unique_ptr<CredentialStore>> store =
      Parse(CredentialsYaml({filer_, coordinator_}));
  ASSERT_TRUE(store.ok()) << store.status();
  const std::string& token = filer_.token;
  EXPECT_FALSE((*store)->Lookup("").has_value());
  EXPECT_FALSE((*store)->Lookup("not a token").has_value());
  // The digest itself is not a token: a leaked credentials file lets no
  // one in.
  EXPECT_FALSE((*store)->Lookup(filer_.sha256_hex).has_value());
  std::string last_changed = token;
  last_changed.back() = last_changed.back() == '0' ? '1' : '0';
  EXPECT_FALSE((*store)->Lookup(last_changed).has_value());
  EXPECT_FALSE((*store)->Lookup(token.substr(0, token.size() - 1)).has_value());
  EXPECT_FALSE((*store)->Lookup(token + "0").has_value());
  // A token minted for someone not in this file.
  EXPECT_FALSE((*store)->Lookup(reviewer_.token).has_value());
}

TEST_F(CredentialStoreTest, AnotherPrincipalsTokenGivesThatPrincipal) {
  absl::StatusOr<std::unique_ptr<CredentialStore>> store =
      Parse(CredentialsYaml({filer_, other_filer_}));
  ASSERT_TRUE(store.ok()) << store.status();
  std::optional<Principal> found = (*store)->Lookup(other_filer_.token);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, "keqi-filer");
  EXPECT_EQ(found->org, "150425");
  EXPECT_NE(*found, filer_.principal);
}

TEST_F(CredentialStoreTest, DigestsAreAcceptedInUpperCase) {
  std::string upper = filer_.sha256_hex;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  absl::StatusOr<std::unique_ptr<CredentialStore>> store =
      Parse(One("a", "county_filer", "150402", upper));
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE((*store)->Lookup(filer_.token).has_value());
}

TEST_F(CredentialStoreTest, UnknownRoleIsNamedWithTheKnownOnes) {
  EXPECT_THAT(ErrorOf(One("a", "filer", "150402", kDigest)),
              AllOf(HasSubstr("creds.yaml: credentials[0] (id a)"),
                    HasSubstr("(line 3)"),
                    HasSubstr("field 'role': unknown role 'filer'"),
                    HasSubstr("county_filer, city_coordinator")));
}

TEST_F(CredentialStoreTest, OrgMustBeACodeOfTheTree) {
  EXPECT_THAT(ErrorOf(One("a", "county_filer", "159999", kDigest)),
              AllOf(HasSubstr("credentials[0] (id a)"),
                    HasSubstr("field 'org': '159999' is not an org code")));
  // A name or alias is refused, with the code it stands for.
  EXPECT_THAT(ErrorOf(One("a", "county_filer", "克旗", kDigest)),
              AllOf(HasSubstr("field 'org': '克旗' is not an org code"),
                    HasSubstr("write its code \"150425\"")));
}

TEST_F(CredentialStoreTest, OrgLevelMustFitTheRole) {
  EXPECT_THAT(ErrorOf(One("a", "county_filer", "150400", kDigest)),
              HasSubstr("a county_filer acts for a county, but 150400 "
                        "(赤峰市) is a city"));
  EXPECT_THAT(ErrorOf(One("a", "city_coordinator", "150402", kDigest)),
              HasSubstr("a city_coordinator acts for a city, but 150402 "
                        "(红山区) is a county"));
  EXPECT_THAT(ErrorOf(One("a", "city_coordinator", "150000", kDigest)),
              HasSubstr("is a region"));
  for (const char* role : {"region_reviewer", "region_admin", "service"}) {
    EXPECT_THAT(ErrorOf(One("a", role, "150400", kDigest)),
                HasSubstr(absl::StrCat("a ", role, " acts for a region")));
  }
  // An external system may belong to any level.
  for (const char* org : {"150000", "150400", "150402"}) {
    EXPECT_TRUE(Parse(One("a", "external_system", org, kDigest)).ok()) << org;
  }
}

TEST_F(CredentialStoreTest, DuplicateIdsNameBothItems) {
  TestCredential twin = other_filer_;
  twin.principal.id = filer_.principal.id;
  EXPECT_THAT(ErrorOf(CredentialsYaml({filer_, coordinator_, twin})),
              AllOf(HasSubstr("credentials[2] (id hongshan-filer)"),
                    HasSubstr("field 'id': duplicate id, first at "
                              "credentials[0] (id hongshan-filer) (line 2)")));
}

TEST_F(CredentialStoreTest, DuplicateDigestsNameBothItems) {
  TestCredential copy = other_filer_;
  copy.sha256_hex = filer_.sha256_hex;
  EXPECT_THAT(ErrorOf(CredentialsYaml({filer_, copy})),
              AllOf(HasSubstr("credentials[1] (id keqi-filer)"),
                    HasSubstr("field 'token_sha256': the same token as "
                              "credentials[0] (id hongshan-filer)")));
  // The same digest in another case is the same token.
  std::string upper = filer_.sha256_hex;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  copy.sha256_hex = upper;
  EXPECT_THAT(ErrorOf(CredentialsYaml({filer_, copy})),
              HasSubstr("the same token as credentials[0]"));
}

TEST_F(CredentialStoreTest, MalformedDigestsAreRefusedWithoutEchoingThem) {
  const std::string token = filer_.token;  // 64 hex: pasted by mistake?
  for (const std::string& bad :
       {kDigest.substr(1), kDigest + "a", "zz" + kDigest.substr(2),
        std::string("secret-token-pasted-here")}) {
    const std::string message =
        ErrorOf(One("a", "county_filer", "150402", bad));
    EXPECT_THAT(
        message,
        AllOf(HasSubstr("credentials[0] (id a)"),
              HasSubstr("field 'token_sha256'"),
              HasSubstr(absl::StrCat("found ", bad.size(), " characters")),
              Not(HasSubstr(bad))));
  }
}

TEST_F(CredentialStoreTest, FieldsAreRequiredAndCheckedByName) {
  EXPECT_THAT(ErrorOf("credentials:\n  - id: a\n    role: county_filer\n"
                      "    org: \"150402\"\n"),
              HasSubstr("credentials[0] (id a) (line 2): field "
                        "'token_sha256' is required"));
  EXPECT_THAT(ErrorOf("credentials:\n  - role: county_filer\n"),
              HasSubstr("credentials[0] (line 2): field 'id' is required"));
  EXPECT_THAT(ErrorOf(absl::StrCat(One("a", "county_filer", "150402", kDigest),
                                   "    token: abc\n")),
              HasSubstr("unknown field 'token'"));
  EXPECT_THAT(ErrorOf(One("bad id", "county_filer", "150402", kDigest)),
              HasSubstr("field 'id'"));
  EXPECT_THAT(ErrorOf(One("", "county_filer", "150402", kDigest)),
              HasSubstr("field 'id'"));
  EXPECT_THAT(ErrorOf("credentials:\n  - just-a-string\n"),
              HasSubstr("credentials[0] (line 2): a credential must be a map"));
}

TEST_F(CredentialStoreTest, TheFileMustHoldCredentials) {
  EXPECT_THAT(ErrorOf("credentials: []\n"),
              HasSubstr("must be a non-empty list"));
  EXPECT_THAT(ErrorOf("credentials:\n"), HasSubstr("must be a non-empty list"));
  EXPECT_THAT(ErrorOf("users: []\n"), HasSubstr("unknown field 'users'"));
  EXPECT_THAT(ErrorOf("- a\n- b\n"), HasSubstr("document (line 1): must be "
                                               "a map"));
  EXPECT_THAT(ErrorOf("credentials: [\n"),
              AllOf(HasSubstr("creds.yaml"), HasSubstr("not valid YAML")));
}

TEST_F(CredentialStoreTest, LoadsFilesAndNamesUnreadableOnes) {
  TempDir dir;
  const std::string path =
      dir.Write("credentials.yaml", CredentialsYaml({filer_}));
  absl::StatusOr<std::unique_ptr<CredentialStore>> store =
      CredentialStore::LoadFile(path, ShippedTree());
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE((*store)->Lookup(filer_.token).has_value());

  absl::StatusOr<std::unique_ptr<CredentialStore>> missing =
      CredentialStore::LoadFile(dir.path() + "/nope.yaml", ShippedTree());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("nope.yaml"));

  const std::string bad =
      dir.Write("bad.yaml", One("a", "county_filer", "150400", kDigest));
  absl::StatusOr<std::unique_ptr<CredentialStore>> refused =
      CredentialStore::LoadFile(bad, ShippedTree());
  EXPECT_THAT(refused.status().message(),
              HasSubstr(absl::StrCat(bad, ": credentials[0] (id a)")));
}

TEST(ShippedCredentialsExampleTest, LoadsAgainstTheShippedTree) {
  absl::StatusOr<std::unique_ptr<CredentialStore>> store =
      CredentialStore::LoadFile(
          absl::StrCat(ANJU_SOURCE_DIR, "/config/credentials.example.yaml"),
          ShippedTree());
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_GE((*store)->size(), 6u);
}

}  // namespace
}  // namespace anju::auth
