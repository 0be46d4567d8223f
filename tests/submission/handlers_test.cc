// The handlers called directly (Do*), without a server, against a fake
// scoring client: the derived facts, the pinned rubric version, and a race
// of two writers holding the same etag.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/orgs/org_yaml.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "services/submission/time_text.h"
#include "tests/submission/test_store.h"

namespace anju::submission {
namespace {

using ::testing::HasSubstr;

// Scores one indicator that needs "units" and one that needs the derived
// facts; answers with a rubric version the test sets.
class FakeScoring : public ScoringClient {
 public:
  absl::StatusOr<v1::EvaluateResponse> Evaluate(
      const v1::EvaluateRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    v1::EvaluateResponse response;
    response.set_programme(request.programme());
    response.set_year(request.year());
    response.set_rubric_version(version_);
    v1::IndicatorScore* units = response.add_indicators();
    units->set_id("x.units");
    units->set_max_score(10);
    units->set_scorable(request.facts().contains("units"));
    units->set_score(units->scorable() ? 10 : 0);
    v1::IndicatorScore* report = response.add_indicators();
    report->set_id("x.report_submission");
    report->set_max_score(5);
    report->set_scorable(true);
    response.set_complete(units->scorable());
    return response;
  }
  absl::StatusOr<v1::ListRubricsResponse> ListRubrics(
      const v1::ListRubricsRequest& request) override {
    v1::ListRubricsResponse response;
    auto* entry = response.add_rubrics();
    entry->set_programme("rental");
    entry->set_year(request.year());
    entry->set_version(version_);
    return response;
  }
  absl::StatusOr<v1::Rubric> GetRubric(const v1::GetRubricRequest&) override {
    return absl::UnimplementedError("FakeScoring has no rubric");
  }

  void set_version(const std::string& version) {
    std::lock_guard<std::mutex> lock(mu_);
    version_ = version;
  }
  std::vector<v1::EvaluateRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  std::mutex mu_;
  std::string version_ = "2023.1";
  std::vector<v1::EvaluateRequest> requests_;
};

class HandlersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = tree->release();
  }
  static void TearDownTestSuite() { delete tree_; }

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("anju_handlers_", info->name(), "_", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store =
        anju::testing::OpenTestStore((dir_ / "submission.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    SubmissionDeps deps;
    deps.store = store_.get();
    deps.orgs = tree_;
    deps.scoring = &scoring_;
    deps.clock = [this] { return now_.load(); };
    deps.workers = 1;
    service_ = std::make_unique<SubmissionServiceImpl>(std::move(deps));
    caller_ = AnonymousRegionCaller(*tree_);
    now_ = *ParseInstant("2024-03-01T09:00:00+08:00", "now");

    v1::CreateCampaignRequest create;
    create.mutable_campaign()->set_year(2023);
    create.mutable_campaign()->add_programmes("rental");
    create.mutable_campaign()->mutable_deadlines()->set_county_to_city(
        "2024-03-15T23:59:59+08:00");
    create.mutable_campaign()->mutable_deadlines()->set_city_to_region(
        "2024-03-31T23:59:59+08:00");
    v1::Campaign campaign;
    ASSERT_TRUE(service_->DoCreateCampaign(caller_, create, &campaign).ok());
    EXPECT_EQ(campaign.rubric_versions().at("rental"), "2023.1");
  }

  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  v1::SaveDraftRequest Draft(bool with_units, const std::string& etag) {
    v1::SaveDraftRequest request;
    request.set_org("150402");
    request.set_programme("rental");
    request.set_year(2023);
    request.set_etag(etag);
    if (with_units) (*request.mutable_facts())["units"].set_number(100);
    return request;
  }

  absl::Status Submit(v1::Report* out) {
    v1::SubmitReportRequest request;
    request.set_org("150402");
    request.set_programme("rental");
    request.set_year(2023);
    return service_->DoSubmitReport(caller_, request, out);
  }

  static inline orgs::OrgTree* tree_ = nullptr;
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  FakeScoring scoring_;
  std::atomic<absl::Time> now_{absl::UnixEpoch()};
  std::unique_ptr<SubmissionServiceImpl> service_;
  auth::Caller caller_;
};

TEST_F(HandlersTest, CompleteReportOnTime) {
  v1::Report report;
  ASSERT_TRUE(service_->DoSaveDraft(caller_, Draft(true, ""), &report).ok());
  ASSERT_TRUE(Submit(&report).ok());
  EXPECT_TRUE(report.derived_facts().at("submitted_on_time").flag());
  EXPECT_TRUE(report.derived_facts().at("report_complete").flag());
  // The filer's facts are kept apart from the derived ones.
  EXPECT_FALSE(report.facts().contains("submitted_on_time"));
  ASSERT_EQ(scoring_.requests().size(), 1u);
  EXPECT_TRUE(scoring_.requests()[0].facts().at("submitted_on_time").flag());
}

TEST_F(HandlersTest, IncompleteReportIsScoredAsIncomplete) {
  v1::Report report;
  ASSERT_TRUE(service_->DoSaveDraft(caller_, Draft(false, ""), &report).ok());
  ASSERT_TRUE(Submit(&report).ok());
  EXPECT_FALSE(report.derived_facts().at("report_complete").flag());
  // Scored twice: the second time with report_complete = false.
  ASSERT_EQ(scoring_.requests().size(), 2u);
  EXPECT_FALSE(scoring_.requests()[1].facts().at("report_complete").flag());
}

TEST_F(HandlersTest, LateIsDerivedFromTheDeadline) {
  v1::Report report;
  ASSERT_TRUE(service_->DoSaveDraft(caller_, Draft(true, ""), &report).ok());
  now_ = *ParseInstant("2024-03-16T00:00:00+08:00", "now");
  ASSERT_TRUE(Submit(&report).ok());
  EXPECT_FALSE(report.derived_facts().at("submitted_on_time").flag());
  EXPECT_EQ(report.submit_time(), "2024-03-16T00:00:00+08:00");
}

TEST_F(HandlersTest, RubricVersionOtherThanPinnedIsRefused) {
  v1::Report report;
  ASSERT_TRUE(service_->DoSaveDraft(caller_, Draft(true, ""), &report).ok());
  scoring_.set_version("2023.2");
  v1::Report out;
  absl::Status s = Submit(&out);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("rubric_version"));
  EXPECT_THAT(s.message(), HasSubstr("2023.1"));
  auto current = store_->GetReport({"150402", "rental", 2023});
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->state(), v1::REPORT_STATE_DRAFT);
}

TEST_F(HandlersTest, InputLimitsNameTheField) {
  v1::SaveDraftRequest request = Draft(true, "");
  (*request.mutable_facts())["empty"];  // no value
  v1::Report out;
  absl::Status s = service_->DoSaveDraft(caller_, request, &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("facts[empty]"));

  request = Draft(true, "");
  (*request.mutable_self_scores())["x.units"].set_reason(
      std::string(5000, 'a'));
  s = service_->DoSaveDraft(caller_, request, &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("self_scores[x.units].reason"));

  request = Draft(true, "");
  request.set_programme("shanty");
  s = service_->DoSaveDraft(caller_, request, &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("programme"));

  request = Draft(true, "");
  request.set_org("no such place");
  s = service_->DoSaveDraft(caller_, request, &out);
  EXPECT_THAT(s.message(), HasSubstr("org"));
  EXPECT_TRUE(store_->LatestReports({"150402"}, "rental", 2023)->empty());
}

// Two editors read the same etag and save at once: exactly one wins, the
// other is ABORTED, and the stored draft is the winner's.
TEST_F(HandlersTest, RaceOnOneEtagHasOneWinner) {
  v1::Report first;
  ASSERT_TRUE(service_->DoSaveDraft(caller_, Draft(true, ""), &first).ok());
  constexpr int kWriters = 8;
  std::vector<absl::Status> results(kWriters);
  std::vector<v1::Report> reports(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      v1::SaveDraftRequest request = Draft(true, first.etag());
      (*request.mutable_facts())["units"].set_number(i);
      results[i] = service_->DoSaveDraft(caller_, request, &reports[i]);
    });
  }
  for (std::thread& t : threads) t.join();
  int won = -1;
  for (int i = 0; i < kWriters; ++i) {
    if (results[i].ok()) {
      EXPECT_EQ(won, -1) << "two writers won";
      won = i;
    } else {
      EXPECT_EQ(results[i].code(), absl::StatusCode::kAborted) << results[i];
    }
  }
  ASSERT_NE(won, -1);
  auto current = store_->GetReport({"150402", "rental", 2023});
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->facts().at("units").number(), won);
  EXPECT_EQ(current->etag(), reports[won].etag());
}

}  // namespace
}  // namespace anju::submission
