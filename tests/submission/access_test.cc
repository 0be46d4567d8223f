// Identity in the submission service, end to end: a real submission server
// on 127.0.0.1:0 behind a real AccessGate (credentials minted here, the
// shipped config/access-policy.yaml), calling the real scoring service,
// which has authentication on too and admits the submission service by its
// service token. Each role is tried across orgs; a refused write leaves
// neither a report nor an audit entry behind.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/access_policy.h"
#include "common/auth/auth_interceptor.h"
#include "common/auth/auth_settings.h"
#include "common/auth/token_file.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "services/submission/time_text.h"
#include "tests/auth/auth_fixture.h"
#include "tests/scoring_service/requests.h"
#include "tests/scoring_service/scoring_fixture.h"
#include "tests/submission/test_store.h"

namespace anju::submission {
namespace {

using auth::Role;
using auth::testing::TestCredential;
using ::testing::HasSubstr;
using Stub = v1::SubmissionService::Stub;

constexpr char kHongshan[] = "150402";     // 红山区, 赤峰市
constexpr char kYuanbaoshan[] = "150403";  // 元宝山区, 赤峰市
constexpr char kChifeng[] = "150400";      // 赤峰市
constexpr char kXincheng[] = "150102";     // 新城区, 呼和浩特市
constexpr char kHohhot[] = "150100";       // 呼和浩特市
constexpr char kRegion[] = "150000";       // 内蒙古自治区

// Everyone who calls in these tests, minted once per run.
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
      auth::testing::Mint("submission-service", Role::kService, kRegion);

  std::vector<TestCredential> All() const {
    return {hongshan, yuanbaoshan, chifeng, reviewer, admin, external, service};
  }
};

// The gate a server of `service` loads at start (methods and health).
std::unique_ptr<auth::AccessGate> GateFor(const std::string& service,
                                          const std::string& credentials) {
  absl::StatusOr<std::vector<std::string>> methods =
      auth::MethodsOfServices({service});
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

class AccessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new auth::testing::TempDir();
    people_ = new People();
    const std::string credentials = dir_->Write(
        "credentials.yaml", auth::testing::CredentialsYaml(people_->All()));
    scoring_gate_ =
        GateFor(v1::ScoringService::service_full_name(), credentials).release();
    gate_ = GateFor(v1::SubmissionService::service_full_name(), credentials)
                .release();
    ASSERT_NE(scoring_gate_, nullptr);
    ASSERT_NE(gate_, nullptr);
    common::ServerOptions options;
    const auth::AccessGate* scoring_gate = scoring_gate_;
    options.interceptors = [scoring_gate] {
      return auth::MakeInterceptorCreators(scoring_gate);
    };
    auto scoring = testing::ScoringServer::Start({}, options);
    ASSERT_TRUE(scoring.ok()) << scoring.status();
    scoring_ = scoring->release();
  }
  static void TearDownTestSuite() {
    delete scoring_;  // before the gate its interceptor uses
    delete scoring_gate_;
    delete gate_;
    delete people_;
    delete dir_;
  }

  void SetUp() override {
    ASSERT_NE(scoring_, nullptr);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    auto store = anju::testing::OpenTestStore(
        absl::StrCat(dir_->path(), "/", info->name(), ".db"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    client_ = NewGrpcScoringClient(scoring_->channel(), absl::Seconds(5),
                                   people_->service.token);

    SubmissionDeps deps;
    deps.store = store_.get();
    deps.orgs = &auth::testing::ShippedTree();
    deps.scoring = client_.get();
    deps.clock = [] {
      return ParseInstant("2024-03-01T09:00:00+08:00", "now").value();
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
  }

  // One RPC as `who` (null: no credential at all).
  template <typename Request, typename Response, typename Method>
  grpc::Status Call(const TestCredential* who, Method method,
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    testing::SetDeadline(&context);
    if (who != nullptr) {
      context.AddMetadata(auth::kAuthorizationKey,
                          auth::BearerValue(who->token));
    }
    return ((*stub_).*method)(&context, request, response);
  }

  void CreateCampaign() {
    v1::CreateCampaignRequest request;
    request.mutable_campaign()->set_year(2023);
    request.mutable_campaign()->add_programmes("shanty");
    request.mutable_campaign()->mutable_deadlines()->set_county_to_city(
        "2024-03-15T23:59:59+08:00");
    request.mutable_campaign()->mutable_deadlines()->set_city_to_region(
        "2024-03-31T23:59:59+08:00");
    v1::Campaign campaign;
    grpc::Status s =
        Call(&people_->admin, &Stub::CreateCampaign, request, &campaign);
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
    const v1::EvaluateRequest shanty = testing::ShantyRequest();
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

  static v1::ReturnReportRequest Return(const std::string& org) {
    auto request = About<v1::ReturnReportRequest>(org);
    request.set_reason("开工数据与台账不符");
    return request;
  }

  static v1::ListReportsRequest List(const std::string& city) {
    v1::ListReportsRequest request;
    request.set_city(city);
    request.set_programme("shanty");
    request.set_year(2023);
    return request;
  }

  // Saves and submits `org`'s report as `who`; the submitted report.
  v1::Report File(const TestCredential& who, const std::string& org,
                  const std::string& etag = "") {
    v1::Report report;
    grpc::Status s = Call(&who, &Stub::SaveDraft, Draft(org, etag), &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    auto submit = About<v1::SubmitReportRequest>(org);
    submit.set_etag(report.etag());
    s = Call(&who, &Stub::SubmitReport, submit, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }

  std::vector<AuditEntry> Audit() {
    absl::StatusOr<std::vector<AuditEntry>> log = store_->AuditLog();
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? *std::move(log) : std::vector<AuditEntry>();
  }

  void Tamper(const std::string& sql) {
    auto tx = store_->database().Begin(storage::TransactionMode::kWrite);
    ASSERT_TRUE(tx.ok()) << tx.status();
    ASSERT_TRUE((*tx)->Execute(sql).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  static inline auth::testing::TempDir* dir_ = nullptr;
  static inline People* people_ = nullptr;
  static inline auth::AccessGate* scoring_gate_ = nullptr;
  static inline auth::AccessGate* gate_ = nullptr;
  static inline testing::ScoringServer* scoring_ = nullptr;

  std::unique_ptr<Store> store_;
  std::unique_ptr<ScoringClient> client_;
  std::unique_ptr<SubmissionServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::unique_ptr<Stub> stub_;
};

void ExpectDenied(const grpc::Status& status) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << status.error_message();
}

TEST_F(AccessTest, WithoutAValidTokenEveryCallIsUnauthenticated) {
  v1::Campaign campaign;
  v1::GetCampaignRequest get_campaign;
  get_campaign.set_year(2023);
  EXPECT_EQ(
      Call(nullptr, &Stub::GetCampaign, get_campaign, &campaign).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  v1::Report report;
  EXPECT_EQ(Call(nullptr, &Stub::GetReport,
                 About<v1::GetReportRequest>(kHongshan), &report)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  TestCredential forged = people_->hongshan;
  forged.token = forged.sha256_hex;  // the digest at rest admits no one
  EXPECT_EQ(
      Call(&forged, &Stub::SaveDraft, Draft(kHongshan), &report).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(store_->GetReport({kHongshan, "shanty", 2023}).ok());
}

TEST_F(AccessTest, ACountyFilerCannotTouchAnotherCountyAndNothingIsWritten) {
  const size_t audited = Audit().size();
  const TestCredential& hongshan = people_->hongshan;
  v1::Report report;
  ExpectDenied(Call(&hongshan, &Stub::SaveDraft, Draft(kYuanbaoshan), &report));
  ExpectDenied(Call(&hongshan, &Stub::SaveDraft, Draft("元宝山区"), &report));
  ExpectDenied(Call(&hongshan, &Stub::SubmitReport,
                    About<v1::SubmitReportRequest>(kYuanbaoshan), &report));
  ExpectDenied(Call(&hongshan, &Stub::GetReport,
                    About<v1::GetReportRequest>(kYuanbaoshan), &report));
  // Nor its own city's report.
  ExpectDenied(Call(&hongshan, &Stub::SaveDraft, Draft(kChifeng), &report));
  grpc::Status s = Call(&hongshan, &Stub::GetReport,
                        About<v1::GetReportRequest>(kChifeng), &report);
  ExpectDenied(s);
  EXPECT_THAT(s.error_message(), HasSubstr("hongshan-filer"));

  EXPECT_TRUE(absl::IsNotFound(
      store_->GetReport({kYuanbaoshan, "shanty", 2023}).status()));
  EXPECT_TRUE(
      absl::IsNotFound(store_->GetReport({kChifeng, "shanty", 2023}).status()));
  EXPECT_EQ(Audit().size(), audited);

  // An existing report is as out of reach as a missing one.
  File(people_->yuanbaoshan, kYuanbaoshan);
  ExpectDenied(Call(&hongshan, &Stub::GetReport,
                    About<v1::GetReportRequest>(kYuanbaoshan), &report));
}

TEST_F(AccessTest, ACountyFilerFilesItsOwnCountyAndIsTheAuditActor) {
  v1::Report report = File(people_->hongshan, kHongshan);
  EXPECT_EQ(report.state(), v1::REPORT_STATE_SUBMITTED_TO_CITY);
  // Scored by the scoring service, which admitted the service token.
  EXPECT_EQ(report.scored().total(), testing::kShantyTotal);

  const std::vector<AuditEntry> log = Audit();
  ASSERT_GE(log.size(), 3u);
  EXPECT_EQ(log[0].actor, "region-admin");
  EXPECT_EQ(log[0].action, "create_campaign");
  EXPECT_EQ(log[log.size() - 2].actor, "hongshan-filer");
  EXPECT_EQ(log[log.size() - 2].action, "save_draft");
  EXPECT_EQ(log.back().actor, "hongshan-filer");
  EXPECT_EQ(log.back().action, "submit");

  v1::Report read;
  ASSERT_TRUE(Call(&people_->hongshan, &Stub::GetReport,
                   About<v1::GetReportRequest>(kHongshan), &read)
                  .ok());
  EXPECT_EQ(read.etag(), report.etag());
  // Returning is the city's; the list of counties too.
  ExpectDenied(
      Call(&people_->hongshan, &Stub::ReturnReport, Return(kHongshan), &read));
  v1::ListReportsResponse list;
  ExpectDenied(
      Call(&people_->hongshan, &Stub::ListReports, List(kChifeng), &list));
}

TEST_F(AccessTest, ACityCoordinatorReachesItsCityAndItsCountiesOnly) {
  const TestCredential& chifeng = people_->chifeng;
  File(people_->hongshan, kHongshan);
  v1::Report report;
  ASSERT_TRUE(Call(&chifeng, &Stub::GetReport,
                   About<v1::GetReportRequest>(kHongshan), &report)
                  .ok());
  EXPECT_EQ(report.state(), v1::REPORT_STATE_SUBMITTED_TO_CITY);
  v1::ListReportsResponse list;
  ASSERT_TRUE(Call(&chifeng, &Stub::ListReports, List("赤峰"), &list).ok());
  EXPECT_EQ(list.reports_size(), 12);

  // Another city and its counties, and the region, are out of reach.
  ExpectDenied(Call(&chifeng, &Stub::GetReport,
                    About<v1::GetReportRequest>(kXincheng), &report));
  ExpectDenied(Call(&chifeng, &Stub::SaveDraft, Draft(kXincheng), &report));
  ExpectDenied(Call(&chifeng, &Stub::ListReports, List(kHohhot), &list));
  v1::VerifyAuditLogResponse verified;
  ExpectDenied(Call(&chifeng, &Stub::VerifyAuditLog,
                    v1::VerifyAuditLogRequest(), &verified));
  // It returns its counties' reports but reviews nothing.
  ExpectDenied(Call(&chifeng, &Stub::ReviewReport,
                    About<v1::ReviewReportRequest>(kHongshan), &report));
  ASSERT_TRUE(
      Call(&chifeng, &Stub::ReturnReport, Return(kHongshan), &report).ok());
  EXPECT_EQ(report.state(), v1::REPORT_STATE_RETURNED);

  // Its own city report goes to the region, which alone sends it back.
  File(chifeng, kChifeng);
  const size_t audited = Audit().size();
  grpc::Status s =
      Call(&chifeng, &Stub::ReturnReport, Return(kChifeng), &report);
  ExpectDenied(s);
  EXPECT_THAT(s.error_message(), HasSubstr("无权退回"));
  EXPECT_THAT(s.error_message(), HasSubstr("region_reviewer"));
  EXPECT_EQ(Audit().size(), audited);
  EXPECT_EQ(store_->GetReport({kChifeng, "shanty", 2023})->state(),
            v1::REPORT_STATE_SUBMITTED_TO_REGION);
}

TEST_F(AccessTest, ARegionReviewerReviewsAndReturnsButFilesNothing) {
  const TestCredential& reviewer = people_->reviewer;
  File(people_->hongshan, kHongshan);
  v1::Report city = File(people_->chifeng, kChifeng);
  v1::Report report;
  ExpectDenied(Call(&reviewer, &Stub::SaveDraft, Draft(kChifeng), &report));
  ExpectDenied(Call(&reviewer, &Stub::SubmitReport,
                    About<v1::SubmitReportRequest>(kChifeng), &report));
  // A county's report is its city's to return.
  grpc::Status s =
      Call(&reviewer, &Stub::ReturnReport, Return(kHongshan), &report);
  ExpectDenied(s);
  EXPECT_THAT(s.error_message(), HasSubstr("city_coordinator"));

  ASSERT_TRUE(
      Call(&reviewer, &Stub::ReturnReport, Return(kChifeng), &report).ok());
  EXPECT_EQ(report.state(), v1::REPORT_STATE_RETURNED);
  city = File(people_->chifeng, kChifeng, report.etag());
  EXPECT_EQ(city.state(), v1::REPORT_STATE_RESUBMITTED);

  auto review = About<v1::ReviewReportRequest>(kChifeng);
  for (const v1::IndicatorScore& indicator : city.scored().indicators()) {
    v1::ReviewScore& score = (*review.mutable_review_scores())[indicator.id()];
    score.set_score(indicator.score());
    score.set_reason("核实无误");
  }
  ASSERT_TRUE(Call(&reviewer, &Stub::ReviewReport, review, &report).ok());
  EXPECT_EQ(report.state(), v1::REPORT_STATE_REVIEWED);
  EXPECT_EQ(Audit().back().actor, "region-reviewer");
  EXPECT_EQ(Audit().back().action, "review");
}

TEST_F(AccessTest, AnExternalSystemReadsNoReports) {
  File(people_->hongshan, kHongshan);
  const TestCredential& external = people_->external;
  v1::Report report;
  ExpectDenied(Call(&external, &Stub::GetReport,
                    About<v1::GetReportRequest>(kHongshan), &report));
  v1::ListReportsResponse list;
  ExpectDenied(Call(&external, &Stub::ListReports, List(kChifeng), &list));
  v1::VerifyAuditLogResponse verified;
  ExpectDenied(Call(&external, &Stub::VerifyAuditLog,
                    v1::VerifyAuditLogRequest(), &verified));
}

TEST_F(AccessTest, VerifyAuditLogIsTheRegionsAndNamesAChangedEntry) {
  File(people_->hongshan, kHongshan);
  const std::vector<AuditEntry> log = Audit();
  v1::VerifyAuditLogResponse verified;
  for (const TestCredential* who :
       {&people_->reviewer, &people_->admin, &people_->service}) {
    grpc::Status s = Call(who, &Stub::VerifyAuditLog,
                          v1::VerifyAuditLogRequest(), &verified);
    ASSERT_TRUE(s.ok()) << who->principal.id << ": " << s.error_message();
    EXPECT_EQ(verified.entries(), static_cast<int64_t>(log.size()));
    EXPECT_EQ(verified.head_hash(), log.back().hash);
  }
  ExpectDenied(Call(&people_->hongshan, &Stub::VerifyAuditLog,
                    v1::VerifyAuditLogRequest(), &verified));

  // Someone with the file rewrites who saved the draft.
  Tamper("UPDATE audit_log SET actor = 'yuanbaoshan-filer' WHERE seq = 2");
  grpc::Status s = Call(&people_->reviewer, &Stub::VerifyAuditLog,
                        v1::VerifyAuditLogRequest(), &verified);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DATA_LOSS) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("entry 2"));
}

TEST_F(AccessTest, VerifyAuditLogNamesADeletedEntry) {
  File(people_->hongshan, kHongshan);
  Tamper("DELETE FROM audit_log WHERE seq = 2");
  v1::VerifyAuditLogResponse verified;
  grpc::Status s = Call(&people_->reviewer, &Stub::VerifyAuditLog,
                        v1::VerifyAuditLogRequest(), &verified);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DATA_LOSS) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("entry 2"));
}

TEST_F(AccessTest, TheScoringServiceAdmitsTheSubmissionServiceByItsToken) {
  std::unique_ptr<ScoringClient> anonymous =
      NewGrpcScoringClient(scoring_->channel(), absl::Seconds(5));
  absl::StatusOr<v1::ListRubricsResponse> refused =
      anonymous->ListRubrics(v1::ListRubricsRequest());
  EXPECT_TRUE(absl::IsUnauthenticated(refused.status())) << refused.status();
  EXPECT_THAT(refused.status().message(), HasSubstr("scoring service"));
  EXPECT_TRUE(client_->ListRubrics(v1::ListRubricsRequest()).ok());
}

}  // namespace
}  // namespace anju::submission
