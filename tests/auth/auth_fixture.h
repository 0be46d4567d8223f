#ifndef ANJU_TESTS_AUTH_AUTH_FIXTURE_H_
#define ANJU_TESTS_AUTH_AUTH_FIXTURE_H_

// What the auth suites share: the shipped org tree, a temporary directory
// for credential and policy files, credentials minted at test time, and an
// audit sink that keeps what it is given.

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/audit.h"
#include "common/auth/principal.h"
#include "common/auth/token.h"
#include "common/orgs/org_tree.h"
#include "common/orgs/org_yaml.h"
#include "gtest/gtest.h"

namespace anju::auth::testing {

// Reading a report (each role its scope) and creating a campaign (the
// region's admin only), with health public: the policy of the gate tests.
inline constexpr char kGatePolicy[] = R"(methods:
  /grpc.health.v1.Health/Check: {public: true}
  /anju.v1.Reports/Get:
    county_filer: own_org
    city_coordinator: own_city
    region_reviewer: region
    region_admin: region
    external_system: none
    service: region
  /anju.v1.Campaigns/Create:
    county_filer: none
    city_coordinator: none
    region_reviewer: none
    region_admin: region
    external_system: none
    service: none
)";

// Loaded once per test binary; the tree is immutable.
inline const orgs::OrgTree& ShippedTree() {
  static const orgs::OrgTree* tree = [] {
    absl::StatusOr<std::unique_ptr<orgs::OrgTree>> loaded =
        orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      std::abort();
    }
    return loaded->release();
  }();
  return *tree;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "anju-auth-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }

  const std::string& path() const { return path_; }

  std::string Write(const std::string& name, const std::string& text) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::string path_;
};

// A credential with its token, as an operator would mint it.
struct TestCredential {
  Principal principal;
  std::string token;
  std::string sha256_hex;
};

inline TestCredential Mint(const std::string& id, Role role,
                           const std::string& org) {
  absl::StatusOr<MintedToken> minted = MintToken();
  EXPECT_TRUE(minted.ok()) << minted.status();
  return TestCredential{Principal{id, role, org}, minted->token,
                        minted->sha256_hex};
}

// One entry of a credentials file.
inline std::string CredentialYaml(const TestCredential& c) {
  return absl::StrCat("  - id: ", c.principal.id,
                      "\n    role: ", RoleName(c.principal.role),
                      "\n    org: \"", c.principal.org,
                      "\"\n    token_sha256: ", c.sha256_hex, "\n");
}

inline std::string CredentialsYaml(const std::vector<TestCredential>& all) {
  std::string yaml = "credentials:\n";
  for (const TestCredential& c : all) yaml += CredentialYaml(c);
  return yaml;
}

// Keeps every denial; safe from gRPC's threads.
class RecordingSink {
 public:
  AuditSink sink() {
    return [this](const Denial& denial) {
      absl::MutexLock lock(&mu_);
      denials_.push_back(denial);
    };
  }
  std::vector<Denial> denials() const {
    absl::MutexLock lock(&mu_);
    return denials_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<Denial> denials_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anju::auth::testing

#endif  // ANJU_TESTS_AUTH_AUTH_FIXTURE_H_
