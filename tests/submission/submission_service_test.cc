// The submission service in-process on 127.0.0.1:0 against the real scoring
// service (also in-process, over TCP), with real stubs, a temporary SQLite
// file and a clock the test sets.

#include "services/submission/submission_service.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/orgs/org_yaml.h"
#include "common/server.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"
#include "services/submission/time_text.h"
#include "tests/scoring_service/requests.h"
#include "tests/scoring_service/scoring_fixture.h"
#include "tests/submission/test_store.h"

namespace anju::submission {
namespace {

using ::testing::HasSubstr;

constexpr char kCountyDeadline[] = "2024-03-15T23:59:59+08:00";
constexpr char kCityDeadline[] = "2024-03-31T23:59:59+08:00";

absl::Time At(const std::string& rfc3339) {
  absl::StatusOr<absl::Time> t = ParseInstant(rfc3339, "test");
  return t.ok() ? *t : absl::InfinitePast();
}

class SubmissionServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto scoring = testing::ScoringServer::Start();
    ASSERT_TRUE(scoring.ok()) << scoring.status();
    scoring_ = scoring->release();
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = tree->release();
  }
  static void TearDownTestSuite() {
    delete scoring_;
    delete tree_;
  }

  void SetUp() override {
    ASSERT_NE(scoring_, nullptr);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("anju_submission_", info->name(), "_", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store =
        anju::testing::OpenTestStore((dir_ / "submission.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    client_ = NewGrpcScoringClient(scoring_->channel(), absl::Seconds(5));
    SetNow("2024-03-01T09:00:00+08:00");

    SubmissionDeps deps;
    deps.store = store_.get();
    deps.orgs = tree_;
    deps.scoring = client_.get();
    deps.clock = [this] {
      std::lock_guard<std::mutex> lock(mu_);
      return now_;
    };
    deps.workers = 2;
    service_ = std::make_unique<SubmissionServiceImpl>(std::move(deps));
    common::ServerOptions options;
    options.health_services = {v1::SubmissionService::service_full_name()};
    auto runner = common::ServerRunner::Start(options, {service_.get()});
    ASSERT_TRUE(runner.ok()) << runner.status();
    runner_ = *std::move(runner);
    stub_ = v1::SubmissionService::NewStub(grpc::CreateChannel(
        runner_->address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    stub_.reset();
    runner_.reset();
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void SetNow(const std::string& rfc3339) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = At(rfc3339);
  }

  // Calls one RPC with a deadline; returns its status.
  template <typename Request, typename Response, typename Method>
  grpc::Status Call(Method method, const Request& request, Response* response) {
    grpc::ClientContext context;
    testing::SetDeadline(&context);
    return ((*stub_).*method)(&context, request, response);
  }

  v1::Campaign CreateCampaign2023() {
    v1::CreateCampaignRequest request;
    v1::Campaign* c = request.mutable_campaign();
    c->set_year(2023);
    c->add_programmes("shanty");
    c->add_programmes("rental");
    c->mutable_deadlines()->set_county_to_city(kCountyDeadline);
    c->mutable_deadlines()->set_city_to_region(kCityDeadline);
    v1::Campaign campaign;
    grpc::Status s =
        Call(&v1::SubmissionService::Stub::CreateCampaign, request, &campaign);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return campaign;
  }

  // The Chifeng shanty figures without the facts the service derives.
  static v1::SaveDraftRequest ShantyDraft(const std::string& org,
                                          const std::string& etag) {
    v1::EvaluateRequest full = testing::ShantyRequest();
    v1::SaveDraftRequest request;
    request.set_org(org);
    request.set_programme("shanty");
    request.set_year(2023);
    request.set_etag(etag);
    for (const auto& [name, fact] : full.facts()) {
      if (name == "submitted_on_time" || name == "report_complete") continue;
      (*request.mutable_facts())[name] = fact;
    }
    *request.mutable_self_scores() = full.self_scores();
    return request;
  }

  v1::Report Save(const v1::SaveDraftRequest& request) {
    v1::Report report;
    grpc::Status s =
        Call(&v1::SubmissionService::Stub::SaveDraft, request, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }

  v1::Report Submit(const std::string& org, const std::string& programme) {
    v1::SubmitReportRequest request;
    request.set_org(org);
    request.set_programme(programme);
    request.set_year(2023);
    v1::Report report;
    grpc::Status s =
        Call(&v1::SubmissionService::Stub::SubmitReport, request, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }

  static inline testing::ScoringServer* scoring_ = nullptr;
  static inline orgs::OrgTree* tree_ = nullptr;

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ScoringClient> client_;
  std::unique_ptr<SubmissionServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::unique_ptr<v1::SubmissionService::Stub> stub_;
  std::mutex mu_;
  absl::Time now_;
};

TEST_F(SubmissionServiceTest, CreateCampaignPinsRubricsAndNormalisesTimes) {
  v1::Campaign campaign = CreateCampaign2023();
  EXPECT_EQ(campaign.id(), "2023");
  EXPECT_FALSE(campaign.rubric_versions().at("shanty").empty());
  EXPECT_FALSE(campaign.rubric_versions().at("rental").empty());
  EXPECT_EQ(campaign.deadlines().county_to_city(), kCountyDeadline);

  v1::GetCampaignRequest get;
  get.set_year(2023);
  v1::Campaign read;
  ASSERT_TRUE(Call(&v1::SubmissionService::Stub::GetCampaign, get, &read).ok());
  EXPECT_EQ(read.rubric_versions().at("shanty"),
            campaign.rubric_versions().at("shanty"));

  v1::CreateCampaignRequest again;
  *again.mutable_campaign() = campaign;
  grpc::Status s =
      Call(&v1::SubmissionService::Stub::CreateCampaign, again, &read);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(SubmissionServiceTest, CreateCampaignRefusesBadInput) {
  v1::CreateCampaignRequest request;
  v1::Campaign* c = request.mutable_campaign();
  c->set_year(2023);
  c->add_programmes("shanty");
  c->mutable_deadlines()->set_county_to_city("2024-03-15T23:59:59");
  c->mutable_deadlines()->set_city_to_region(kCityDeadline);
  v1::Campaign out;
  grpc::Status s =
      Call(&v1::SubmissionService::Stub::CreateCampaign, request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("campaign.deadlines.county_to_city"));

  c->mutable_deadlines()->set_county_to_city(kCountyDeadline);
  c->add_programmes("parks");
  s = Call(&v1::SubmissionService::Stub::CreateCampaign, request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("campaign.programmes[1]"));

  c->clear_programmes();
  c->add_programmes("shanty");
  (*c->mutable_rubric_versions())["shanty"] = "1999.9";
  s = Call(&v1::SubmissionService::Stub::CreateCampaign, request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("campaign.rubric_versions[shanty]"));
}

TEST_F(SubmissionServiceTest, DraftNeedsCampaignAndRefusesDerivedFacts) {
  v1::Report report;
  grpc::Status s = Call(&v1::SubmissionService::Stub::SaveDraft,
                        ShantyDraft("150402", ""), &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("no campaign for 2023"));

  CreateCampaign2023();
  v1::SaveDraftRequest request = ShantyDraft("150402", "");
  (*request.mutable_facts())["submitted_on_time"].set_flag(true);
  s = Call(&v1::SubmissionService::Stub::SaveDraft, request, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("facts[submitted_on_time]"));

  request = ShantyDraft("150402", "");
  (*request.mutable_facts())["report_complete"].set_flag(true);
  s = Call(&v1::SubmissionService::Stub::SaveDraft, request, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("facts[report_complete]"));

  request = ShantyDraft("150000", "");
  s = Call(&v1::SubmissionService::Stub::SaveDraft, request, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("org"));
}

TEST_F(SubmissionServiceTest, StaleEtagIsAborted) {
  CreateCampaign2023();
  v1::Report first = Save(ShantyDraft("红山区", ""));  // a name resolves
  EXPECT_EQ(first.org(), "150402");
  v1::Report second = Save(ShantyDraft("150402", first.etag()));
  EXPECT_NE(second.etag(), first.etag());

  v1::SaveDraftRequest stale = ShantyDraft("150402", first.etag());
  (*stale.mutable_facts())["violations"].set_number(3);
  v1::Report out;
  grpc::Status s = Call(&v1::SubmissionService::Stub::SaveDraft, stale, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(s.error_message(), HasSubstr("etag"));
  // Creating over an existing report is a stale view too.
  s = Call(&v1::SubmissionService::Stub::SaveDraft, ShantyDraft("150402", ""),
           &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);

  v1::GetReportRequest get;
  get.set_org("150402");
  get.set_programme("shanty");
  get.set_year(2023);
  ASSERT_TRUE(Call(&v1::SubmissionService::Stub::GetReport, get, &out).ok());
  EXPECT_EQ(out.facts().at("violations").number(), 0);
  EXPECT_EQ(out.etag(), second.etag());
}

TEST_F(SubmissionServiceTest, WholeWorkflowCountyCityRegion) {
  v1::Campaign campaign = CreateCampaign2023();

  // 红山区 files on time: scored by the real scoring service.
  v1::Report draft = Save(ShantyDraft("150402", ""));
  EXPECT_EQ(draft.state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(draft.version(), 1);
  SetNow("2024-03-10T10:00:00+08:00");
  v1::Report submitted = Submit("150402", "shanty");
  EXPECT_EQ(submitted.state(), v1::REPORT_STATE_SUBMITTED_TO_CITY);
  EXPECT_EQ(submitted.rubric_version(),
            campaign.rubric_versions().at("shanty"));
  EXPECT_EQ(submitted.scored().total(), testing::kShantyTotal);
  EXPECT_TRUE(submitted.scored().complete());
  EXPECT_TRUE(submitted.derived_facts().at("submitted_on_time").flag());
  EXPECT_TRUE(submitted.derived_facts().at("report_complete").flag());
  EXPECT_EQ(submitted.submit_time(), "2024-03-10T10:00:00+08:00");

  // Submitted is immutable; submitting twice is refused.
  v1::Report out;
  grpc::Status s = Call(&v1::SubmissionService::Stub::SaveDraft,
                        ShantyDraft("150402", submitted.etag()), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("submitted_to_city"));
  v1::SubmitReportRequest twice;
  twice.set_org("150402");
  twice.set_programme("shanty");
  twice.set_year(2023);
  s = Call(&v1::SubmissionService::Stub::SubmitReport, twice, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // 元宝山区 files after the county deadline: on time is false, and scored.
  Save(ShantyDraft("150403", ""));
  SetNow("2024-03-20T10:00:00+08:00");
  v1::Report late = Submit("150403", "shanty");
  EXPECT_FALSE(late.derived_facts().at("submitted_on_time").flag());
  EXPECT_LT(late.scored().total(), testing::kShantyTotal);

  // The city's view of its counties.
  v1::ListReportsRequest list;
  list.set_city("赤峰市");
  list.set_programme("shanty");
  list.set_year(2023);
  v1::ListReportsResponse listed;
  ASSERT_TRUE(
      Call(&v1::SubmissionService::Stub::ListReports, list, &listed).ok());
  ASSERT_EQ(listed.reports_size(), 12);
  EXPECT_EQ(listed.reports(0).org(), "150402");
  EXPECT_EQ(listed.reports(0).state(), v1::REPORT_STATE_SUBMITTED_TO_CITY);
  EXPECT_FALSE(listed.reports(0).late());
  EXPECT_EQ(listed.reports(1).org(), "150403");
  EXPECT_TRUE(listed.reports(1).late());
  EXPECT_EQ(listed.reports(2).state(), v1::REPORT_STATE_UNSPECIFIED);
  EXPECT_TRUE(listed.reports(2).late());  // nothing filed, deadline past

  // The city returns a county report; the county corrects it (version 2).
  v1::ReturnReportRequest back;
  back.set_org("150403");
  back.set_programme("shanty");
  back.set_year(2023);
  back.set_reason("开工数据与台账不符");
  ASSERT_TRUE(
      Call(&v1::SubmissionService::Stub::ReturnReport, back, &out).ok());
  EXPECT_EQ(out.state(), v1::REPORT_STATE_RETURNED);
  v1::Report corrected = Save(ShantyDraft("150403", out.etag()));
  EXPECT_EQ(corrected.version(), 2);
  EXPECT_EQ(corrected.state(), v1::REPORT_STATE_CORRECTION);

  // The city files to the region.
  Save(ShantyDraft("150400", ""));
  SetNow("2024-03-25T10:00:00+08:00");
  v1::Report city = Submit("150400", "shanty");
  EXPECT_EQ(city.state(), v1::REPORT_STATE_SUBMITTED_TO_REGION);
  EXPECT_TRUE(city.derived_facts().at("submitted_on_time").flag());

  // The region returns it: a reason is required.
  back.set_org("150400");
  back.set_reason("");
  s = Call(&v1::SubmissionService::Stub::ReturnReport, back, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("reason"));
  back.set_reason("租赁补贴户数与各旗县区合计不一致");
  ASSERT_TRUE(
      Call(&v1::SubmissionService::Stub::ReturnReport, back, &out).ok());
  EXPECT_EQ(out.state(), v1::REPORT_STATE_RETURNED);

  // Reviewing a returned report is refused, naming state and action.
  v1::ReviewReportRequest review;
  review.set_org("150400");
  review.set_programme("shanty");
  review.set_year(2023);
  s = Call(&v1::SubmissionService::Stub::ReviewReport, review, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("review"));
  EXPECT_THAT(s.error_message(), HasSubstr("returned"));

  // Correction and resubmission.
  v1::GetReportRequest get;
  get.set_org("150400");
  get.set_programme("shanty");
  get.set_year(2023);
  ASSERT_TRUE(Call(&v1::SubmissionService::Stub::GetReport, get, &out).ok());
  v1::SaveDraftRequest fix = ShantyDraft("150400", out.etag());
  (*fix.mutable_facts())["violations"].set_number(1);
  v1::Report v2 = Save(fix);
  EXPECT_EQ(v2.version(), 2);
  SetNow("2024-04-02T10:00:00+08:00");  // after the city deadline
  v1::Report resubmitted = Submit("150400", "shanty");
  EXPECT_EQ(resubmitted.state(), v1::REPORT_STATE_RESUBMITTED);
  EXPECT_EQ(resubmitted.version(), 2);
  EXPECT_FALSE(resubmitted.derived_facts().at("submitted_on_time").flag());

  // Version 1 is kept as it was returned, with its snapshot.
  get.set_version(1);
  ASSERT_TRUE(Call(&v1::SubmissionService::Stub::GetReport, get, &out).ok());
  EXPECT_EQ(out.state(), v1::REPORT_STATE_RETURNED);
  EXPECT_EQ(out.scored().total(), city.scored().total());
  EXPECT_EQ(out.facts().at("violations").number(), 0);

  // The region reviews: every indicator needs a score within its max.
  for (const v1::IndicatorScore& indicator :
       resubmitted.scored().indicators()) {
    v1::ReviewScore& r = (*review.mutable_review_scores())[indicator.id()];
    r.set_score(indicator.score());
    r.set_reason("核实无误");
  }
  const std::string first_id = resubmitted.scored().indicators(0).id();
  v1::ReviewReportRequest too_high = review;
  (*too_high.mutable_review_scores())[first_id].set_score(1000);
  s = Call(&v1::SubmissionService::Stub::ReviewReport, too_high, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr(absl::StrCat("review_scores[", first_id, "].score")));
  v1::ReviewReportRequest missing = review;
  missing.mutable_review_scores()->erase(first_id);
  s = Call(&v1::SubmissionService::Stub::ReviewReport, missing, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::Report reviewed;
  s = Call(&v1::SubmissionService::Stub::ReviewReport, review, &reviewed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(reviewed.state(), v1::REPORT_STATE_REVIEWED);
  EXPECT_EQ(reviewed.review_scores().at(first_id).reason(), "核实无误");
  s = Call(&v1::SubmissionService::Stub::ReviewReport, review, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // Every change is in the audit log, and the chain holds.
  auto verified = VerifyAuditChain(store_->database());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->entries, 13);
}

TEST_F(SubmissionServiceTest, ScoringUnavailableChangesNothing) {
  CreateCampaign2023();
  v1::Report draft = Save(ShantyDraft("150402", ""));
  // A service whose scoring address answers nobody.
  std::unique_ptr<ScoringClient> dead = NewGrpcScoringClient(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()),
      absl::Milliseconds(500));
  SubmissionDeps deps;
  deps.store = store_.get();
  deps.orgs = tree_;
  deps.scoring = dead.get();
  deps.workers = 1;
  SubmissionServiceImpl service(std::move(deps));
  v1::SubmitReportRequest request;
  request.set_org("150402");
  request.set_programme("shanty");
  request.set_year(2023);
  v1::Report out;
  absl::Status s =
      service.DoSubmitReport(AnonymousRegionCaller(*tree_), request, &out);
  EXPECT_TRUE(absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("scoring service"));
  auto current = store_->GetReport({"150402", "shanty", 2023});
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(current->etag(), draft.etag());
}

// The caller comes from a CallerSource: its id is the audit's actor, and
// its error is the call's.
TEST_F(SubmissionServiceTest, PrincipalIsPluggable) {
  std::atomic<bool> refuse{false};
  SubmissionDeps deps;
  deps.store = store_.get();
  deps.orgs = tree_;
  deps.scoring = client_.get();
  deps.workers = 1;
  deps.caller =
      [&refuse](grpc::CallbackServerContext*) -> absl::StatusOr<auth::Caller> {
    if (refuse) return absl::UnauthenticatedError("no credential");
    auth::Caller caller;
    caller.principal = {"hongshan-filer", auth::Role::kCountyFiler, "150402"};
    caller.scope = auth::Scope::kOwnOrg;
    return caller;
  };
  SubmissionServiceImpl service(std::move(deps));
  auto runner = common::ServerRunner::Start({}, {&service});
  ASSERT_TRUE(runner.ok()) << runner.status();
  auto stub = v1::SubmissionService::NewStub(grpc::CreateChannel(
      (*runner)->address(), grpc::InsecureChannelCredentials()));

  CreateCampaign2023();
  v1::Report report;
  {
    grpc::ClientContext context;
    testing::SetDeadline(&context);
    grpc::Status s =
        stub->SaveDraft(&context, ShantyDraft("150402", ""), &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  auto log = store_->AuditLog();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->back().actor, "hongshan-filer");
  EXPECT_EQ(log->front().actor, "anonymous");  // the campaign

  refuse = true;
  grpc::ClientContext context;
  testing::SetDeadline(&context);
  grpc::Status s =
      stub->SaveDraft(&context, ShantyDraft("150402", report.etag()), &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  stub.reset();
  (*runner)->Shutdown();
}

}  // namespace
}  // namespace anju::submission
