// The consistency rules in the submission service, over real gRPC on
// 127.0.0.1 with the real scoring service in-process, a temporary SQLite file
// and the repository's rules/: the Chifeng counties file their rental
// subsidy lines (data/samples/chifeng-2023/counties/), the city files its
// report (rental.yaml with its supplementary fund figures), and the 2465/2546
// finding appears on the draft, is fixed at submission and is returned by
// CheckReport, with the city's county sums.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "anju/v1/submission.grpc.pb.h"
#include "cli/facts_file.h"
#include "common/orgs/org_yaml.h"
#include "services/submission/consistency/rules.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "services/submission/time_text.h"
#include "tests/scoring_service/scoring_fixture.h"
#include "tests/submission/submission_harness.h"

namespace anju::submission {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kSamples[] = ANJU_SOURCE_DIR "/data/samples/chifeng-2023";

class ConsistencyServiceTest : public ::testing::Test {
 protected:
  // One scoring server, hierarchy and rule book for the whole suite.
  struct Shared {
    consistency::RuleBook rules;
    std::unique_ptr<testing::ScoringServer> scoring;
    std::unique_ptr<orgs::OrgTree> tree;
  };

  static void SetUpTestSuite() {
    shared_ = new Shared();
    auto rules = consistency::RuleBook::LoadDirectory(
        consistency::DefaultRulesDirectory());
    ASSERT_TRUE(rules.ok()) << rules.status();
    shared_->rules = *std::move(rules);
    auto scoring = testing::ScoringServer::Start();
    ASSERT_TRUE(scoring.ok()) << scoring.status();
    shared_->scoring = *std::move(scoring);
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    ASSERT_TRUE(tree.ok()) << tree.status();
    shared_->tree = *std::move(tree);
  }
  static void TearDownTestSuite() { delete shared_; }

  void SetUp() override {
    ASSERT_NE(shared_->scoring, nullptr);
    ASSERT_NE(shared_->tree, nullptr);
    client_ =
        NewGrpcScoringClient(shared_->scoring->channel(), absl::Seconds(5));
    SubmissionDeps deps;
    deps.orgs = shared_->tree.get();
    deps.scoring = client_.get();
    deps.clock = [] {
      return *ParseInstant("2024-03-01T09:00:00+08:00", "now");
    };
    deps.workers = 2;
    deps.consistency_rules = &shared_->rules;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    auto harness = testing::SubmissionHarness::Start(
        absl::StrCat("consistency_", info->name()), std::move(deps));
    ASSERT_TRUE(harness.ok()) << harness.status();
    harness_ = *std::move(harness);
    stub_ = &harness_->stub();
    store_ = &harness_->store();

    v1::CreateCampaignRequest create;
    v1::Campaign* c = create.mutable_campaign();
    c->set_year(2023);
    c->add_programmes("rental");
    c->mutable_deadlines()->set_county_to_city("2024-03-15T23:59:59+08:00");
    c->mutable_deadlines()->set_city_to_region("2024-03-31T23:59:59+08:00");
    v1::Campaign campaign;
    ASSERT_TRUE(Call(&Stub::CreateCampaign, create, &campaign).ok());
  }

  using Stub = v1::SubmissionService::Stub;

  template <typename Request, typename Response, typename Method>
  grpc::Status Call(Method method, const Request& request, Response* response) {
    grpc::ClientContext context;
    testing::SetDeadline(&context);
    return ((*stub_).*method)(&context, request, response);
  }

  // A facts file as a filer would save it: facts and supplementary facts
  // together, without the facts the service derives.
  static v1::SaveDraftRequest DraftOf(const std::string& path) {
    absl::StatusOr<cli::FactsFile> file = cli::ReadFactsFile(path);
    EXPECT_TRUE(file.ok()) << file.status();
    v1::SaveDraftRequest request;
    request.set_org(file->org);
    request.set_programme(file->request.programme());
    request.set_year(file->request.year());
    for (const auto& [name, fact] : file->request.facts()) {
      if (name == "submitted_on_time" || name == "report_complete") continue;
      (*request.mutable_facts())[name] = fact;
    }
    for (const auto& [name, fact] : file->supplementary) {
      (*request.mutable_facts())[name] = fact;
    }
    *request.mutable_self_scores() = file->request.self_scores();
    return request;
  }

  v1::Report Save(const v1::SaveDraftRequest& request) {
    v1::Report report;
    grpc::Status s = Call(&Stub::SaveDraft, request, &report);
    EXPECT_TRUE(s.ok()) << request.org() << ": " << s.error_message();
    return report;
  }

  grpc::Status Submit(const std::string& org, v1::Report* report) {
    v1::SubmitReportRequest request;
    request.set_org(org);
    request.set_programme("rental");
    request.set_year(2023);
    return Call(&Stub::SubmitReport, request, report);
  }

  // The twelve county lines of the seed, saved and submitted.
  void FileCounties() {
    int filed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::string(kSamples) + "/counties")) {
      v1::Report report = Save(DraftOf(entry.path().string()));
      v1::Report submitted;
      grpc::Status s = Submit(report.org(), &submitted);
      ASSERT_TRUE(s.ok()) << report.org() << ": " << s.error_message();
      ++filed;
    }
    ASSERT_EQ(filed, 12);
  }

  v1::CheckReportResponse Check(const std::string& org, int version = 0) {
    v1::CheckReportRequest request;
    request.set_org(org);
    request.set_programme("rental");
    request.set_year(2023);
    request.set_version(version);
    v1::CheckReportResponse response;
    grpc::Status s = Call(&Stub::CheckReport, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  static inline Shared* shared_ = nullptr;

  std::unique_ptr<ScoringClient> client_;
  std::unique_ptr<testing::SubmissionHarness> harness_;
  Stub* stub_ = nullptr;
  Store* store_ = nullptr;
};

void ExpectTheSeedsFinding(
    const google::protobuf::RepeatedPtrField<v1::Finding>& findings) {
  ASSERT_EQ(findings.size(), 1);
  EXPECT_EQ(findings[0].rule(), "rental.subsidy_issued.county_sum");
  EXPECT_EQ(findings[0].severity(), v1::Finding::SEVERITY_WARNING);
  EXPECT_EQ(findings[0].orgs_size(), 12);
  EXPECT_THAT(findings[0].message(),
              HasSubstr("赤峰市填报租赁补贴发放2465户，所辖12个旗县区合计"
                        "2546户，相差81户（红山区423户"));
}

TEST_F(ConsistencyServiceTest, CitysFindingOnSaveFixedAtSubmitAndChecked) {
  FileCounties();
  v1::Report draft = Save(DraftOf(std::string(kSamples) + "/rental.yaml"));
  ExpectTheSeedsFinding(draft.findings());
  EXPECT_EQ(draft.county_sums().at("subsidy_issued_households"), 2546);
  EXPECT_EQ(draft.county_sums().at("subsidy_planned_households"), 2308);

  // A warning does not block; the supplementary fund figures were not sent
  // to Evaluate (the scoring service would refuse them).
  v1::Report submitted;
  grpc::Status s = Submit("150400", &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(submitted.state(), v1::REPORT_STATE_SUBMITTED_TO_REGION);
  EXPECT_EQ(submitted.scored().total(), 96);
  ExpectTheSeedsFinding(submitted.findings());
  EXPECT_EQ(submitted.county_sums().at("subsidy_issued_households"), 2546);
  EXPECT_EQ(submitted.facts().at("funds_received_total_10k_yuan").number(),
            4203);

  v1::CheckReportResponse checked = Check("赤峰市", submitted.version());
  ExpectTheSeedsFinding(checked.findings());
  EXPECT_EQ(checked.county_sums().at("subsidy_issued_households"), 2546);
}

TEST_F(ConsistencyServiceTest, CheckReportOnADraftSeesCountiesFiledSince) {
  v1::Report draft = Save(DraftOf(std::string(kSamples) + "/rental.yaml"));
  // No county has submitted yet: every one is named as missing.
  ASSERT_EQ(draft.findings_size(), 2);
  EXPECT_THAT(
      draft.findings(0).message(),
      AllOf(HasSubstr("所辖0个旗县区合计0户"), HasSubstr("未报送：红山区")));
  EXPECT_TRUE(draft.county_sums().empty());

  FileCounties();
  v1::CheckReportResponse checked = Check("150400");
  ExpectTheSeedsFinding(checked.findings());
  EXPECT_EQ(checked.county_sums().at("subsidy_issued_households"), 2546);
}

TEST_F(ConsistencyServiceTest,
       ErrorFindingBlocksSubmissionAndNothingIsWritten) {
  v1::SaveDraftRequest request =
      DraftOf(std::string(kSamples) + "/rental.yaml");
  request.set_org("150402");  // 红山区, filing the city's figures
  (*request.mutable_facts())["funds_received_region_10k_yuan"].set_number(1788);
  (*request.mutable_self_scores())["rental.subsidy_completion"].set_score(6);
  v1::Report draft = Save(request);
  ASSERT_EQ(draft.findings_size(), 2);
  EXPECT_EQ(draft.findings(0).rule(), "funds_received.components_sum");
  EXPECT_EQ(draft.findings(1).rule(), "self_score.max");
  const size_t audit_entries = store_->AuditLog()->size();

  v1::Report refused;
  grpc::Status s = Submit("150402", &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), AllOf(HasSubstr("相差1万元"),
                                       HasSubstr("「租赁补贴年度计划完成率」"
                                                 "自评得分6分")));
  absl::StatusOr<v1::Report> stored =
      store_->GetReport(ReportKey{"150402", "rental", 2023});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(stored->etag(), draft.etag());
  EXPECT_EQ(store_->AuditLog()->size(), audit_entries);
}

TEST_F(ConsistencyServiceTest, SupplementaryFactOutOfRangeIsRefused) {
  v1::SaveDraftRequest request =
      DraftOf(std::string(kSamples) + "/rental.yaml");
  (*request.mutable_facts())["funds_received_total_10k_yuan"].set_number(-5);
  v1::Report report;
  grpc::Status s = Call(&Stub::SaveDraft, request, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("facts[funds_received_total_10k_yuan]"));
  EXPECT_TRUE(absl::IsNotFound(
      store_->GetReport(ReportKey{"150400", "rental", 2023}).status()));
}

// At start, the rules are checked against every rubric the scoring service
// serves: the repository's match; a rule naming a fact no rubric has does
// not.
TEST_F(ConsistencyServiceTest, RulesAreCheckedAgainstTheServedRubrics) {
  EXPECT_TRUE(CheckRulesAgainstServedRubrics(shared_->rules, *client_).ok());

  absl::StatusOr<consistency::RuleSet> typo =
      consistency::ParseRuleSet(R"(
year: 2023
rules:
  - {id: issued, kind: county_sum, programme: rental, severity: warning,
     fact: subsidy_issued_household, label: 租赁补贴发放}
)",
                                "typo.yaml");
  ASSERT_TRUE(typo.ok()) << typo.status();
  consistency::RuleBook book;
  book.Add(*std::move(typo));
  absl::Status s = CheckRulesAgainstServedRubrics(book, *client_);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("typo.yaml: rules[0] (issued)"),
                                 HasSubstr("'fact'"),
                                 HasSubstr("subsidy_issued_household'")));
}

}  // namespace
}  // namespace anju::submission
