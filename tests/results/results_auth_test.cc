// The results API's reads across services with authentication on: the
// scoring side's reader sends the token from its token file, and
// anju-submission admits role `service` alone (config/access-policy.yaml).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/auth_interceptor.h"
#include "common/auth/auth_settings.h"
#include "common/server.h"
#include "services/scoring/results/submission_reader.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "tests/auth/auth_fixture.h"

namespace anju::scoring::results {
namespace {

using auth::testing::Mint;
using auth::testing::ShippedTree;
using auth::testing::TempDir;
using auth::testing::TestCredential;
using ::testing::HasSubstr;

class ResultsAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = Mint("scoring-results", auth::Role::kService, "150000");
    reviewer_ = Mint("region-reviewer", auth::Role::kRegionReviewer, "150000");
    auth::AuthSettings settings;
    settings.credentials_file =
        dir_.Write("credentials.yaml",
                   auth::testing::CredentialsYaml({service_, reviewer_}));
    auto methods =
        auth::MethodsOfServices({v1::SubmissionService::service_full_name()});
    ASSERT_TRUE(methods.ok()) << methods.status();
    auto gate = auth::LoadAccessGate(settings, &ShippedTree(), *methods,
                                     nullptr, nullptr);
    ASSERT_TRUE(gate.ok()) << gate.status();
    gate_ = *std::move(gate);
    storage::DatabaseSettings db;
    db.path = dir_.path() + "/submission.db";
    auto store = submission::Store::Open(db);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    StartSubmission();
  }

  void StartSubmission() {
    submission::SubmissionDeps deps;
    deps.store = store_.get();
    deps.orgs = &ShippedTree();
    deps.gate = gate_.get();
    const auth::AccessGate* gate = gate_.get();
    deps.caller = [gate](grpc::CallbackServerContext* context) {
      return gate->Authenticate(context);
    };
    service_impl_ =
        std::make_unique<submission::SubmissionServiceImpl>(std::move(deps));
    common::ServerOptions options;
    options.interceptors = [gate] {
      return auth::MakeInterceptorCreators(gate);
    };
    auto runner = common::ServerRunner::Start(options, {service_impl_.get()});
    ASSERT_TRUE(runner.ok()) << runner.status();
    runner_ = *std::move(runner);
  }

  // A reader as anju-scoring builds it from its settings.
  std::unique_ptr<SubmissionReader> Reader(const std::string& token_file) {
    GrpcReaderOptions options;
    options.address = runner_->address();
    if (!token_file.empty()) {
      auto token = ReadServiceToken(token_file);
      EXPECT_TRUE(token.ok()) << token.status();
      options.token = token.value_or("");
    }
    return NewGrpcSubmissionReader(options);
  }

  TempDir dir_;
  TestCredential service_, reviewer_;
  std::unique_ptr<auth::AccessGate> gate_;
  std::unique_ptr<submission::Store> store_;
  std::unique_ptr<submission::SubmissionServiceImpl> service_impl_;
  std::unique_ptr<common::ServerRunner> runner_;
};

TEST_F(ResultsAuthTest, TheServiceRoleReadsWithItsTokenFile) {
  // A trailing newline, as `echo TOKEN > file` leaves it.
  auto reader = Reader(dir_.Write("service.token", service_.token + "\n"));
  auto version = reader->ResultsVersion(2023);
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, 0);
  v1::ListScoredReportsRequest request;
  request.set_year(2023);
  request.set_city("赤峰市");
  EXPECT_TRUE(reader->ListScoredReports(request).ok());
}

TEST_F(ResultsAuthTest, OtherRolesAndNoTokenAreRefused) {
  auto reviewer = Reader(dir_.Write("reviewer.token", reviewer_.token));
  auto version = reviewer->ResultsVersion(2023);
  EXPECT_EQ(version.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(version.status().message(), HasSubstr("submission service"));

  auto anonymous = Reader("");
  EXPECT_EQ(anonymous->ResultsVersion(2023).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(ReadServiceTokenTest, AMissingOrEmptyFileNamesTheSetting) {
  TempDir dir;
  auto missing = ReadServiceToken(dir.path() + "/nope.token");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(missing.status().message(), HasSubstr("submission_token_file"));
  auto empty = ReadServiceToken(dir.Write("empty.token", " \n"));
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(empty.status().message(), HasSubstr("submission_token_file"));
}

}  // namespace
}  // namespace anju::scoring::results
