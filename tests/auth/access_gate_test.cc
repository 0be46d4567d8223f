#include "common/auth/access_gate.h"

#include <grpcpp/server_context.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/auth/auth_settings.h"
#include "common/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/auth/auth_fixture.h"

namespace anju::auth {
namespace {

using ::testing::AllOf;
using testing::CredentialsYaml;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Mint;
using ::testing::Not;
using testing::RecordingSink;
using testing::ShippedTree;
using ::testing::SizeIs;
using testing::TempDir;
using testing::TestCredential;

constexpr char kGet[] = "/anju.v1.Reports/Get";
constexpr char kCreate[] = "/anju.v1.Campaigns/Create";
constexpr char kPeer[] = "ipv4:10.0.0.7:5000";

using testing::kGatePolicy;

std::unique_ptr<AccessPolicy> Policy() {
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy =
      AccessPolicy::Parse(kGatePolicy, "policy.yaml");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *std::move(policy) : nullptr;
}

std::vector<absl::string_view> Bearer(const std::string& value) {
  return {value};
}

class AccessGateTest : public ::testing::Test {
 protected:
  AccessGateTest()
      : filer_(Mint("hongshan-filer", Role::kCountyFiler, "150402")),
        coordinator_(Mint("chifeng", Role::kCityCoordinator, "150400")),
        external_(Mint("fund-system", Role::kExternalSystem, "150000")) {
    absl::StatusOr<std::unique_ptr<CredentialStore>> store =
        CredentialStore::Parse(
            CredentialsYaml({filer_, coordinator_, external_}), "creds.yaml",
            ShippedTree());
    EXPECT_TRUE(store.ok()) << store.status();
    absl::StatusOr<std::unique_ptr<AccessGate>> gate = AccessGate::Create(
        *std::move(store), Policy(), &ShippedTree(), audit_.sink());
    EXPECT_TRUE(gate.ok()) << gate.status();
    gate_ = *std::move(gate);
  }

  std::string BearerOf(const TestCredential& c) const {
    return absl::StrCat("Bearer ", c.token);
  }

  TestCredential filer_, coordinator_, external_;
  RecordingSink audit_;
  std::unique_ptr<AccessGate> gate_;
};

TEST_F(AccessGateTest, AdmitsAValidTokenWithItsScopeOnTheMethod) {
  const std::string value = BearerOf(filer_);
  absl::StatusOr<Caller> caller = gate_->Admit(kGet, Bearer(value), kPeer);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->principal, filer_.principal);
  EXPECT_EQ(caller->scope, Scope::kOwnOrg);
  EXPECT_EQ(caller->method, kGet);
  EXPECT_EQ(caller->peer, kPeer);
  EXPECT_TRUE(caller->authenticated);
  EXPECT_THAT(audit_.denials(), IsEmpty());
}

TEST_F(AccessGateTest, NoTokenIsUnauthenticatedAndAudited) {
  absl::StatusOr<Caller> caller = gate_->Admit(kGet, {}, kPeer);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(caller.status().message(), HasSubstr("authorization: Bearer"));
  std::vector<Denial> denials = audit_.denials();
  ASSERT_THAT(denials, SizeIs(1));
  EXPECT_EQ(denials[0].code, absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(denials[0].method, kGet);
  EXPECT_EQ(denials[0].peer, kPeer);
  EXPECT_FALSE(denials[0].principal.has_value());
  EXPECT_EQ(denials[0].token_digest_prefix, "");
}

TEST_F(AccessGateTest, UnknownTokensAreUnauthenticatedWithADigestPrefix) {
  const std::string token = "0123456789abcdef0123456789abcdef";
  const std::string value = absl::StrCat("Bearer ", token);
  absl::StatusOr<Caller> caller = gate_->Admit(kGet, Bearer(value), kPeer);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(caller.status().message(), Not(HasSubstr(token)));
  std::vector<Denial> denials = audit_.denials();
  ASSERT_THAT(denials, SizeIs(1));
  EXPECT_EQ(denials[0].token_digest_prefix, HexOf(Sha256(token)).substr(0, 8));
  EXPECT_THAT(denials[0].reason, Not(HasSubstr(token)));
}

TEST_F(AccessGateTest, MalformedOrRepeatedAuthorizationIsUnauthenticated) {
  const std::string basic = absl::StrCat("Basic ", filer_.token);
  EXPECT_EQ(gate_->Admit(kGet, Bearer(basic), kPeer).status().code(),
            absl::StatusCode::kUnauthenticated);
  const std::string value = BearerOf(filer_);
  absl::StatusOr<Caller> twice = gate_->Admit(kGet, {value, value}, kPeer);
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(twice.status().message(), HasSubstr("more than one"));
  EXPECT_THAT(audit_.denials(), SizeIs(2));
}

TEST_F(AccessGateTest, ScopeNoneIsPermissionDeniedAndAuditedWithWho) {
  const std::string value = BearerOf(external_);
  absl::StatusOr<Caller> caller = gate_->Admit(kGet, Bearer(value), kPeer);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(caller.status().message(),
              AllOf(HasSubstr("role external_system may not call "
                              "/anju.v1.Reports/Get"),
                    HasSubstr("scope none"), Not(HasSubstr("policy.yaml"))));
  std::vector<Denial> denials = audit_.denials();
  ASSERT_THAT(denials, SizeIs(1));
  EXPECT_EQ(denials[0].code, absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(denials[0].principal.has_value());
  EXPECT_EQ(*denials[0].principal, external_.principal);
  EXPECT_EQ(denials[0].reason, caller.status().message());
}

TEST_F(AccessGateTest, MethodsMissingFromThePolicyAreDeniedToEveryone) {
  const std::string value = BearerOf(coordinator_);
  absl::StatusOr<Caller> caller =
      gate_->Admit("/anju.v1.Reports/Delete", Bearer(value), kPeer);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(caller.status().message(), HasSubstr("default deny"));
  // A public method is public to the interceptor only; Admit has no role
  // scope for it.
  EXPECT_EQ(gate_->Admit("/grpc.health.v1.Health/Check", Bearer(value), kPeer)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AccessGateTest, AuthorizeAppliesTheCallersScopeAndAuditsDenials) {
  const std::string value = BearerOf(coordinator_);
  absl::StatusOr<Caller> caller = gate_->Admit(kGet, Bearer(value), kPeer);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_TRUE(gate_->Authorize(*caller, "150400").ok());
  EXPECT_TRUE(gate_->Authorize(*caller, "150425").ok());
  EXPECT_THAT(audit_.denials(), IsEmpty());
  absl::Status foreign = gate_->Authorize(*caller, "150502");
  EXPECT_EQ(foreign.code(), absl::StatusCode::kPermissionDenied);
  // A bad request is not a denial.
  EXPECT_EQ(gate_->Authorize(*caller, "999999").code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<Denial> denials = audit_.denials();
  ASSERT_THAT(denials, SizeIs(1));
  EXPECT_EQ(denials[0].target_org, "150502");
  EXPECT_EQ(denials[0].method, kGet);
  EXPECT_EQ(denials[0].peer, kPeer);
  EXPECT_EQ(denials[0].principal->id, "chifeng");
}

TEST_F(AccessGateTest, AuthenticateReadsTheDecisionRecordedForTheCall) {
  grpc::CallbackServerContext call, other;
  EXPECT_EQ(gate_->Authenticate(&call).status().code(),
            absl::StatusCode::kInternal);
  const std::string value = BearerOf(filer_);
  gate_->calls().Remember(&call, this, gate_->Admit(kGet, Bearer(value), ""));
  gate_->calls().Remember(&other, this, gate_->Admit(kGet, {}, ""));
  absl::StatusOr<Caller> caller = gate_->Authenticate(&call);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->principal.id, "hongshan-filer");
  EXPECT_EQ(gate_->Authenticate(&other).status().code(),
            absl::StatusCode::kUnauthenticated);
  // Only the interceptor that recorded a call may forget it.
  gate_->calls().Forget(&call, &other);
  EXPECT_TRUE(gate_->Authenticate(&call).ok());
  gate_->calls().Forget(&call, this);
  gate_->calls().Forget(&other, this);
  EXPECT_EQ(gate_->Authenticate(&call).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(gate_->calls().size(), 0u);
}

TEST(DisabledGateTest, LetsEveryCallInAsAnonymousButRefusesUnknownOrgs) {
  RecordingSink audit;
  absl::StatusOr<std::unique_ptr<AccessGate>> gate =
      AccessGate::Create(nullptr, Policy(), &ShippedTree(), audit.sink());
  ASSERT_TRUE(gate.ok()) << gate.status();
  EXPECT_FALSE((*gate)->enabled());
  for (const char* method : {kGet, kCreate, "/anju.v1.Unlisted/Call"}) {
    absl::StatusOr<Caller> caller = (*gate)->Admit(method, {}, kPeer);
    ASSERT_TRUE(caller.ok()) << method << ": " << caller.status();
    EXPECT_FALSE(caller->authenticated);
    EXPECT_EQ(caller->principal.id, "anonymous");
    EXPECT_EQ(caller->principal.org, "150000");
    EXPECT_TRUE((*gate)->Authorize(*caller, "150502").ok());
    EXPECT_TRUE((*gate)->Authorize(*caller, "").ok());
    EXPECT_EQ((*gate)->Authorize(*caller, "999999").code(),
              absl::StatusCode::kInvalidArgument);
  }
  EXPECT_THAT(audit.denials(), IsEmpty());
}

// Log lines written by `write`, as one string.
std::string Logged(const std::function<void(const common::Logger&)>& write) {
  char* buf = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&buf, &size);
  write(common::Logger("test", out));
  std::fclose(out);
  std::string text(buf, size);
  free(buf);
  return text;
}

class LoadAccessGateTest : public ::testing::Test {
 protected:
  LoadAccessGateTest() {
    settings_.policy_file = dir_.Write("policy.yaml", kGatePolicy);
  }

  TempDir dir_;
  AuthSettings settings_;
  const std::vector<std::string> methods_ = {kGet, kCreate};
};

TEST_F(LoadAccessGateTest, WithoutCredentialsAuthIsOffAndSaysSo) {
  std::string log = Logged([&](const common::Logger& logger) {
    absl::StatusOr<std::unique_ptr<AccessGate>> gate =
        LoadAccessGate(settings_, &ShippedTree(), methods_, nullptr, &logger);
    ASSERT_TRUE(gate.ok()) << gate.status();
    EXPECT_FALSE((*gate)->enabled());
  });
  EXPECT_THAT(log, AllOf(HasSubstr("\"level\":\"warning\""),
                         HasSubstr("authentication off"),
                         HasSubstr("auth.credentials_file")));
}

TEST_F(LoadAccessGateTest, WithCredentialsAuthIsOnAndDenialsAreLogged) {
  const TestCredential filer =
      Mint("hongshan-filer", Role::kCountyFiler, "150402");
  settings_.credentials_file =
      dir_.Write("credentials.yaml", CredentialsYaml({filer}));
  std::string log = Logged([&](const common::Logger& logger) {
    absl::StatusOr<std::unique_ptr<AccessGate>> gate =
        LoadAccessGate(settings_, &ShippedTree(), methods_, nullptr, &logger);
    ASSERT_TRUE(gate.ok()) << gate.status();
    EXPECT_TRUE((*gate)->enabled());
    const std::string value = absl::StrCat("Bearer ", filer.token);
    EXPECT_EQ((*gate)->Admit(kCreate, {value}, kPeer).status().code(),
              absl::StatusCode::kPermissionDenied);
  });
  EXPECT_THAT(
      log, AllOf(HasSubstr("authentication on"), HasSubstr("\"credentials\":1"),
                 HasSubstr("\"msg\":\"access denied\""),
                 HasSubstr("\"code\":\"PERMISSION_DENIED\""),
                 HasSubstr("\"principal\":\"hongshan-filer\""),
                 HasSubstr("\"method\":\"/anju.v1.Campaigns/Create\""),
                 Not(HasSubstr(filer.token))));
}

TEST_F(LoadAccessGateTest, RefusesToStartWhenAServedMethodIsNotInThePolicy) {
  absl::StatusOr<std::unique_ptr<AccessGate>> gate = LoadAccessGate(
      settings_, &ShippedTree(),
      {kGet, "/anju.v1.Reports/Submit", "/grpc.health.v1.Health/Watch"},
      nullptr, nullptr);
  EXPECT_EQ(gate.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(gate.status().message(),
              AllOf(HasSubstr("policy.yaml"),
                    HasSubstr("/anju.v1.Reports/Submit, "
                              "/grpc.health.v1.Health/Watch")));
}

TEST_F(LoadAccessGateTest, BadFilesStopTheStart) {
  settings_.credentials_file = dir_.Write(
      "credentials.yaml",
      "credentials:\n  - {id: a, role: county_filer, org: \"150400\", "
      "token_sha256: x}\n");
  EXPECT_THAT(
      LoadAccessGate(settings_, &ShippedTree(), methods_, nullptr, nullptr)
          .status()
          .message(),
      HasSubstr("credentials.yaml: credentials[0] (id a)"));
  settings_.credentials_file = dir_.path() + "/missing.yaml";
  EXPECT_EQ(
      LoadAccessGate(settings_, &ShippedTree(), methods_, nullptr, nullptr)
          .status()
          .code(),
      absl::StatusCode::kNotFound);
}

TEST(AuthSettingsTest, ReadsPathsRelativeToTheConfigFile) {
  TempDir dir;
  const std::string file =
      dir.Write("scoring.yaml",
                "auth:\n  credentials_file: secrets/credentials.yaml\n"
                "  policy_file: /etc/anju/policy.yaml\n");
  absl::StatusOr<common::Config> config = common::Config::LoadFile(file);
  ASSERT_TRUE(config.ok()) << config.status();
  absl::StatusOr<AuthSettings> settings = AuthSettingsFromConfig(*config);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->credentials_file,
            dir.path() + "/secrets/credentials.yaml");
  EXPECT_EQ(settings->policy_file, "/etc/anju/policy.yaml");
}

TEST(AuthSettingsTest, DefaultsAreAuthOffAndTheShippedPolicy) {
  absl::StatusOr<AuthSettings> settings =
      AuthSettingsFromConfig(common::Config());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->credentials_file, "");
  EXPECT_EQ(settings->policy_file, DefaultPolicyPath());
}

TEST(AuthSettingsTest, UnknownKeysAreRefused) {
  absl::StatusOr<common::Config> config =
      common::Config::Parse("auth:\n  enabled: false\n", "scoring.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  absl::StatusOr<AuthSettings> settings = AuthSettingsFromConfig(*config);
  EXPECT_EQ(settings.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(settings.status().message(), HasSubstr("auth.enabled"));
}

}  // namespace
}  // namespace anju::auth
