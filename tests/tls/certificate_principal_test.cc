// A verified client certificate as a principal, and the gate's choice
// between certificate and bearer token. No sockets: the certificate is what
// the interceptor reads from gRPC's auth context.

#include "common/auth/certificate_principal.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/auth/access_gate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/auth/auth_fixture.h"

namespace anju::auth {
namespace {

using common::tls::PeerCertificate;
using ::testing::HasSubstr;
using testing::ShippedTree;

constexpr char kGet[] = "/anju.v1.Reports/Get";
constexpr char kCreate[] = "/anju.v1.Campaigns/Create";
constexpr char kPeer[] = "ipv4:10.0.0.7:5000";

using testing::kGatePolicy;

PeerCertificate Certificate(std::vector<std::string> uris) {
  return PeerCertificate{std::move(uris), "test-client"};
}

TEST(PrincipalFromCertificateTest, ReadsRoleOrgAndIdFromTheAnjuUri) {
  absl::StatusOr<Principal> p = PrincipalFromCertificate(
      Certificate({"spiffe://elsewhere/x",
                   "anju://county_filer/150402/hongshan-filer"}),
      ShippedTree());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, (Principal{"hongshan-filer", Role::kCountyFiler, "150402"}));
}

TEST(PrincipalFromCertificateTest, RefusesWhatNamesNoValidPrincipal) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "has no anju:// URI"},
      {{"anju://service/150000/a", "anju://service/150000/b"}, "more than one"},
      {{"anju://county_filer/150402"}, "anju://county_filer/150402"},
      {{"anju://mayor/150402/x"}, "unknown role \"mayor\""},
      {{"anju://county_filer/999999/x"}, "\"999999\", not an org code"},
      {{"anju://county_filer/150400/x"}, "which is a city, not a county"},
      {{"anju://county_filer/150402/bad id"}, "malformed id"},
  };
  for (const auto& [uris, why] : cases) {
    absl::StatusOr<Principal> p =
        PrincipalFromCertificate(Certificate(uris), ShippedTree());
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated)
        << why << ": " << p.status();
    EXPECT_THAT(p.status().message(), HasSubstr(why));
    EXPECT_THAT(p.status().message(), HasSubstr("CN=\"test-client\""));
  }
}

class CertificateGateTest : public ::testing::Test {
 protected:
  // Client certificates on, no credentials file; `store` adds tokens.
  std::unique_ptr<AccessGate> Gate(
      std::unique_ptr<CredentialStore> store = nullptr) {
    absl::StatusOr<std::unique_ptr<AccessPolicy>> policy =
        AccessPolicy::Parse(kGatePolicy, "policy.yaml");
    EXPECT_TRUE(policy.ok()) << policy.status();
    absl::StatusOr<std::unique_ptr<AccessGate>> gate = AccessGate::Create(
        std::move(store), *std::move(policy), &ShippedTree(), audit_.sink(),
        /*client_certificates=*/true);
    EXPECT_TRUE(gate.ok()) << gate.status();
    return *std::move(gate);
  }

  testing::RecordingSink audit_;
};

TEST_F(CertificateGateTest, CertificateAloneTurnsAuthenticationOn) {
  std::unique_ptr<AccessGate> gate = Gate();
  EXPECT_TRUE(gate->enabled());
  const PeerCertificate filer =
      Certificate({"anju://county_filer/150402/hongshan-filer"});
  absl::StatusOr<Caller> caller = gate->Admit(kGet, {}, kPeer, &filer);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_TRUE(caller->authenticated);
  EXPECT_EQ(caller->principal.id, "hongshan-filer");
  EXPECT_EQ(caller->scope, Scope::kOwnOrg);
  // Its org, not another's.
  EXPECT_TRUE(gate->Authorize(*caller, "150402").ok());
  EXPECT_EQ(gate->Authorize(*caller, "150403").code(),
            absl::StatusCode::kPermissionDenied);
  // The policy still applies to the certificate's role.
  EXPECT_EQ(gate->Admit(kCreate, {}, kPeer, &filer).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(CertificateGateTest, NoCertificateAndNoTokenIsUnauthenticated) {
  std::unique_ptr<AccessGate> gate = Gate();
  absl::StatusOr<Caller> caller = gate->Admit(kGet, {}, kPeer, nullptr);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(caller.status().message(), HasSubstr("client certificate"));
  EXPECT_EQ(audit_.denials().size(), 1u);
}

TEST_F(CertificateGateTest, BearerTokenWinsOverTheCertificate) {
  testing::TestCredential admin =
      testing::Mint("region-admin", Role::kRegionAdmin, "150000");
  absl::StatusOr<std::unique_ptr<CredentialStore>> store =
      CredentialStore::Parse(testing::CredentialsYaml({admin}), "creds.yaml",
                             ShippedTree());
  ASSERT_TRUE(store.ok()) << store.status();
  std::unique_ptr<AccessGate> gate = Gate(*std::move(store));
  const PeerCertificate filer =
      Certificate({"anju://county_filer/150402/hongshan-filer"});
  const std::string bearer = absl::StrCat("Bearer ", admin.token);
  absl::StatusOr<Caller> caller = gate->Admit(kCreate, {bearer}, kPeer, &filer);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->principal.id, "region-admin");
  // A wrong token is not rescued by the certificate.
  EXPECT_EQ(gate->Admit(kGet, {"Bearer nope"}, kPeer, &filer).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(CertificateGateTest, TokenWithoutCredentialsFileIsUnknown) {
  std::unique_ptr<AccessGate> gate = Gate();
  absl::StatusOr<Caller> caller =
      gate->Admit(kGet, {"Bearer abc"}, kPeer, nullptr);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace anju::auth
