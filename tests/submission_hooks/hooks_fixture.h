#ifndef ANJU_TESTS_SUBMISSION_HOOKS_HOOKS_FIXTURE_H_
#define ANJU_TESTS_SUBMISSION_HOOKS_HOOKS_FIXTURE_H_

// What the submission service gives the registry and notification
// services, tested end to end: the real SubmissionServiceImpl on
// 127.0.0.1:0 behind a real AccessGate (credentials minted here, the
// shipped config/access-policy.yaml), the real scoring service in-process,
// a clock the test sets and, for pre-fill, a fake RegistryService (only
// GetReserveFacts) on 127.0.0.1:0 reached through the real gRPC client.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "anju/v1/registry.grpc.pb.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/access_policy.h"
#include "common/auth/auth_interceptor.h"
#include "common/auth/auth_settings.h"
#include "common/auth/token_file.h"
#include "common/server.h"
#include "services/submission/registry_client.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "services/submission/time_text.h"
#include "tests/auth/auth_fixture.h"
#include "tests/scoring_service/requests.h"
#include "tests/scoring_service/scoring_fixture.h"
#include "tests/submission/test_store.h"
#include "tests/submission_hooks/fake_registry.h"

namespace anju::submission::testing {

using auth::Role;
using auth::testing::TestCredential;
using Stub = v1::SubmissionService::Stub;

inline constexpr char kHongshan[] = "150402";     // 红山区, 赤峰市
inline constexpr char kYuanbaoshan[] = "150403";  // 元宝山区, 赤峰市
inline constexpr char kChifeng[] = "150400";      // 赤峰市
inline constexpr char kRegion[] = "150000";       // 内蒙古自治区
inline constexpr char kCountyDeadline[] = "2024-03-15T23:59:59+08:00";
inline constexpr char kCityDeadline[] = "2024-03-31T23:59:59+08:00";

struct People {
  TestCredential hongshan =
      auth::testing::Mint("hongshan-filer", Role::kCountyFiler, kHongshan);
  TestCredential yuanbaoshan = auth::testing::Mint(
      "yuanbaoshan-filer", Role::kCountyFiler, kYuanbaoshan);
  TestCredential chifeng = auth::testing::Mint(
      "chifeng-coordinator", Role::kCityCoordinator, kChifeng);
  TestCredential reviewer =
      auth::testing::Mint("region-reviewer", Role::kRegionReviewer, kRegion);
  TestCredential admin =
      auth::testing::Mint("region-admin", Role::kRegionAdmin, kRegion);
  TestCredential external =
      auth::testing::Mint("finance-platform", Role::kExternalSystem, kRegion);
  TestCredential service =
      auth::testing::Mint("notification-service", Role::kService, kRegion);

  std::vector<TestCredential> All() const {
    return {hongshan, yuanbaoshan, chifeng, reviewer, admin, external, service};
  }
};

// The gate a submission server loads at start (its methods and health).
inline std::unique_ptr<auth::AccessGate> SubmissionGate(
    const std::string& credentials) {
  absl::StatusOr<std::vector<std::string>> methods =
      auth::MethodsOfServices({v1::SubmissionService::service_full_name()});
  EXPECT_TRUE(methods.ok()) << methods.status();
  const std::vector<std::string>& infrastructure =
      auth::InfrastructureMethods();
  methods->insert(methods->end(), infrastructure.begin(), infrastructure.end());
  auth::AuthSettings settings;
  settings.credentials_file = credentials;
  absl::StatusOr<std::unique_ptr<auth::AccessGate>> gate =
      auth::LoadAccessGate(settings, &auth::testing::ShippedTree(), *methods,
                           /*sink=*/nullptr, /*logger=*/nullptr);
  EXPECT_TRUE(gate.ok()) << gate.status();
  return gate.ok() ? *std::move(gate) : nullptr;
}

class HooksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new auth::testing::TempDir();
    people_ = new People();
    gate_ = SubmissionGate(
                dir_->Write("credentials.yaml",
                            auth::testing::CredentialsYaml(people_->All())))
                .release();
    auto scoring = anju::testing::ScoringServer::Start();
    ASSERT_TRUE(scoring.ok()) << scoring.status();
    scoring_ = scoring->release();
  }
  static void TearDownTestSuite() {
    delete scoring_;
    delete gate_;
    delete people_;
    delete dir_;
  }

  // Without a registry unless the test calls StartRegistry() first.
  void SetUp() override { SetNow("2024-03-01T09:00:00+08:00"); }

  // The fake registry on 127.0.0.1:0 and the real client to it, carrying
  // the service's token; then the submission service.
  void StartRegistry(absl::Duration deadline = absl::Seconds(2)) {
    registry_ = std::make_unique<FakeRegistry>();
    auto runner = common::ServerRunner::Start({}, {registry_.get()});
    ASSERT_TRUE(runner.ok()) << runner.status();
    registry_runner_ = *std::move(runner);
    registry_client_ = NewGrpcRegistryClient(
        grpc::CreateChannel(registry_runner_->address(),
                            grpc::InsecureChannelCredentials()),
        deadline, "registry-token");
  }

  void StartSubmission() {
    ASSERT_NE(scoring_, nullptr);
    ASSERT_NE(gate_, nullptr);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    auto store = anju::testing::OpenTestStore(
        absl::StrCat(dir_->path(), "/", info->name(), ".db"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    scoring_client_ = NewGrpcScoringClient(scoring_->channel());
    SubmissionDeps deps;
    deps.store = store_.get();
    deps.orgs = &auth::testing::ShippedTree();
    deps.scoring = scoring_client_.get();
    deps.registry = registry_client_.get();
    deps.clock = [this] {
      std::lock_guard<std::mutex> lock(mu_);
      return now_;
    };
    deps.gate = gate_;
    deps.caller = [gate = gate_](grpc::CallbackServerContext* context) {
      return gate->Authenticate(context);
    };
    deps.workers = 2;
    service_ = std::make_unique<SubmissionServiceImpl>(std::move(deps));
    common::ServerOptions options;
    options.interceptors = [gate = gate_] {
      return auth::MakeInterceptorCreators(gate);
    };
    auto runner = common::ServerRunner::Start(options, {service_.get()});
    ASSERT_TRUE(runner.ok()) << runner.status();
    runner_ = *std::move(runner);
    stub_ = v1::SubmissionService::NewStub(grpc::CreateChannel(
        runner_->address(), grpc::InsecureChannelCredentials()));
    CreateCampaign();
  }

  void TearDown() override {
    stub_.reset();
    runner_.reset();
    service_.reset();
    store_.reset();
    if (registry_ != nullptr) registry_->JoinSlowAnswers();
    registry_runner_.reset();
    registry_client_.reset();
    registry_.reset();
  }

  void SetNow(const std::string& rfc3339) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = ParseInstant(rfc3339, "now").value();
  }

  // One RPC as `who`.
  template <typename Request, typename Response, typename Method>
  grpc::Status Call(const TestCredential& who, Method method,
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    anju::testing::SetDeadline(&context);
    context.AddMetadata(auth::kAuthorizationKey, auth::BearerValue(who.token));
    return ((*stub_).*method)(&context, request, response);
  }

  void CreateCampaign() {
    v1::CreateCampaignRequest request;
    request.mutable_campaign()->set_year(2023);
    request.mutable_campaign()->add_programmes("shanty");
    request.mutable_campaign()->mutable_deadlines()->set_county_to_city(
        kCountyDeadline);
    request.mutable_campaign()->mutable_deadlines()->set_city_to_region(
        kCityDeadline);
    v1::Campaign campaign;
    grpc::Status s =
        Call(people_->admin, &Stub::CreateCampaign, request, &campaign);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The Chifeng shanty figures, without the facts the service derives.
  static v1::SaveDraftRequest Draft(const std::string& org,
                                    const std::string& etag = "") {
    v1::SaveDraftRequest request;
    request.set_org(org);
    request.set_programme("shanty");
    request.set_year(2023);
    request.set_etag(etag);
    const v1::EvaluateRequest shanty = anju::testing::ShantyRequest();
    for (const auto& [name, fact] : shanty.facts()) {
      if (name == "submitted_on_time" || name == "report_complete") continue;
      (*request.mutable_facts())[name] = fact;
    }
    *request.mutable_self_scores() = shanty.self_scores();
    return request;
  }

  template <typename Request>
  static Request About(const std::string& org) {
    Request request;
    request.set_org(org);
    request.set_programme("shanty");
    request.set_year(2023);
    return request;
  }

  v1::Report Save(const TestCredential& who, const v1::SaveDraftRequest& r) {
    v1::Report report;
    grpc::Status s = Call(who, &Stub::SaveDraft, r, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }
  v1::Report Submit(const TestCredential& who, const std::string& org) {
    v1::Report report;
    grpc::Status s = Call(who, &Stub::SubmitReport,
                          About<v1::SubmitReportRequest>(org), &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }
  v1::Report Return(const TestCredential& who, const std::string& org,
                    const std::string& reason) {
    auto request = About<v1::ReturnReportRequest>(org);
    request.set_reason(reason);
    v1::Report report;
    grpc::Status s = Call(who, &Stub::ReturnReport, request, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }
  // 自治区审核, accepting every computed score.
  v1::Report Review(const std::string& org) {
    v1::Report current;
    grpc::Status s = Call(people_->reviewer, &Stub::GetReport,
                          About<v1::GetReportRequest>(org), &current);
    EXPECT_TRUE(s.ok()) << s.error_message();
    auto request = About<v1::ReviewReportRequest>(org);
    for (const v1::IndicatorScore& i : current.scored().indicators()) {
      v1::ReviewScore& review = (*request.mutable_review_scores())[i.id()];
      review.set_score(i.score());
      review.set_reason("同意");
    }
    v1::Report report;
    s = Call(people_->reviewer, &Stub::ReviewReport, request, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }

  static inline auth::testing::TempDir* dir_ = nullptr;
  static inline People* people_ = nullptr;
  static inline auth::AccessGate* gate_ = nullptr;
  static inline anju::testing::ScoringServer* scoring_ = nullptr;

  std::mutex mu_;
  absl::Time now_;  // guarded by mu_
  std::unique_ptr<FakeRegistry> registry_;
  std::unique_ptr<common::ServerRunner> registry_runner_;
  std::unique_ptr<RegistryClient> registry_client_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ScoringClient> scoring_client_;
  std::unique_ptr<SubmissionServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace anju::submission::testing

#endif  // ANJU_TESTS_SUBMISSION_HOOKS_HOOKS_FIXTURE_H_
