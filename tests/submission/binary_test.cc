// The real anju-submission binary as a child process, beside a real
// anju-scoring child: health, reflection, a submission scored across the
// two processes, SIGTERM → exit 0, and the data still there after a
// restart on the same folder; and the ways it refuses to start.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "anju/v1/submission.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring_service/child_process.h"
#include "tests/scoring_service/grpc_probes.h"
#include "tests/scoring_service/requests.h"

namespace anju::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

constexpr char kSubmission[] = ANJU_SUBMISSION_BINARY;
constexpr char kScoring[] = ANJU_SCORING_BINARY;

std::shared_ptr<grpc::Channel> Connect(int port) {
  return grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                             grpc::InsecureChannelCredentials());
}

class SubmissionBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("anju-submission-" + std::string(info->name()) + "-" +
            std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

template <typename Request, typename Response, typename Method>
grpc::Status Call(v1::SubmissionService::Stub& stub, Method method,
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  return (stub.*method)(&context, request, response);
}

TEST_F(SubmissionBinaryTest, ServesScoresStopsOnSigtermAndKeepsData) {
  auto scoring = ChildProcess::Launch(kScoring, {"--listen", "127.0.0.1:0"});
  ASSERT_TRUE(scoring.has_value());
  const int scoring_port = scoring->WaitForListeningPort();
  ASSERT_GT(scoring_port, 0) << scoring->output();
  const std::vector<std::string> args = {
      "--listen",  "127.0.0.1:0",
      "--data",    dir_.string(),
      "--scoring", "127.0.0.1:" + std::to_string(scoring_port)};

  std::string etag;
  {
    auto child = ChildProcess::Launch(kSubmission, args);
    ASSERT_TRUE(child.has_value());
    const int port = child->WaitForListeningPort();
    ASSERT_GT(port, 0) << child->output();
    auto channel = Connect(port);
    EXPECT_EQ(CheckHealth(channel, "anju.v1.SubmissionService").value(),
              grpc::health::v1::HealthCheckResponse::SERVING);
    auto names = ListServices(channel);
    ASSERT_TRUE(names.ok()) << names.status();
    EXPECT_THAT(*names, Contains("anju.v1.SubmissionService"));

    auto stub = v1::SubmissionService::NewStub(channel);
    v1::CreateCampaignRequest create;
    create.mutable_campaign()->set_year(2023);
    create.mutable_campaign()->add_programmes("shanty");
    // Far ahead, so that the submission below is on time.
    create.mutable_campaign()->mutable_deadlines()->set_county_to_city(
        "2099-03-15T23:59:59+08:00");
    create.mutable_campaign()->mutable_deadlines()->set_city_to_region(
        "2099-03-31T23:59:59+08:00");
    v1::Campaign campaign;
    grpc::Status s = Call(*stub, &v1::SubmissionService::Stub::CreateCampaign,
                          create, &campaign);
    ASSERT_TRUE(s.ok()) << s.error_message();

    v1::SaveDraftRequest save;
    save.set_org("150402");
    save.set_programme("shanty");
    save.set_year(2023);
    const v1::EvaluateRequest shanty = ShantyRequest();
    for (const auto& [name, fact] : shanty.facts()) {
      if (name == "submitted_on_time" || name == "report_complete") continue;
      (*save.mutable_facts())[name] = fact;
    }
    *save.mutable_self_scores() = shanty.self_scores();
    v1::Report report;
    s = Call(*stub, &v1::SubmissionService::Stub::SaveDraft, save, &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::SubmitReportRequest submit;
    submit.set_org("150402");
    submit.set_programme("shanty");
    submit.set_year(2023);
    submit.set_etag(report.etag());
    s = Call(*stub, &v1::SubmissionService::Stub::SubmitReport, submit,
             &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(report.state(), v1::REPORT_STATE_SUBMITTED_TO_CITY);
    EXPECT_EQ(report.scored().total(), kShantyTotal) << report.DebugString();
    etag = report.etag();

    child->Signal(SIGTERM);
    EXPECT_EQ(child->Wait(), 0) << child->output();
    EXPECT_THAT(child->output(), HasSubstr("\"msg\":\"stopped\""));
  }

  // Restarted on the same folder: the acknowledged submission is there.
  auto again = ChildProcess::Launch(kSubmission, args);
  ASSERT_TRUE(again.has_value());
  const int port = again->WaitForListeningPort();
  ASSERT_GT(port, 0) << again->output();
  auto stub = v1::SubmissionService::NewStub(Connect(port));
  v1::GetReportRequest get;
  get.set_org("红山区");
  get.set_programme("shanty");
  get.set_year(2023);
  v1::Report report;
  grpc::Status s =
      Call(*stub, &v1::SubmissionService::Stub::GetReport, get, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(report.state(), v1::REPORT_STATE_SUBMITTED_TO_CITY);
  EXPECT_EQ(report.etag(), etag);
  EXPECT_EQ(report.scored().total(), kShantyTotal);
  again->Signal(SIGTERM);
  EXPECT_EQ(again->Wait(), 0) << again->output();
  scoring->Signal(SIGTERM);
  EXPECT_EQ(scoring->Wait(), 0);
}

TEST_F(SubmissionBinaryTest, RefusesToStartWithoutScoringAddress) {
  auto child = ChildProcess::Launch(
      kSubmission, {"--listen", "127.0.0.1:0", "--data", dir_.string()});
  ASSERT_TRUE(child.has_value());
  EXPECT_EQ(child->Wait(), 2);
  EXPECT_THAT(child->output(), HasSubstr("--scoring: required"));
}

// A missing data folder is created; one that cannot be (it would sit under
// a regular file) stops the start.
TEST_F(SubmissionBinaryTest, RefusesToStartOnAnUnusableDataFolder) {
  std::ofstream(dir_ / "a-file") << "not a folder";
  auto child =
      ChildProcess::Launch(kSubmission, {"--listen", "127.0.0.1:0", "--data",
                                         (dir_ / "a-file" / "deeper").string(),
                                         "--scoring", "127.0.0.1:1"});
  ASSERT_TRUE(child.has_value());
  EXPECT_EQ(child->Wait(), 1);
  EXPECT_THAT(child->output(), HasSubstr("cannot open the database"));
}

// A broken consistency rules file stops the start, naming file, rule, field.
TEST_F(SubmissionBinaryTest, RefusesToStartOnABrokenConsistencyRulesFile) {
  const std::filesystem::path rules = dir_ / "rules";
  std::filesystem::create_directories(rules / "2023");
  std::ofstream(rules / "2023" / "consistency.yaml")
      << "year: 2023\nrules:\n"
         "  - {id: issued, kind: county_sum, severity: warning, label: x}\n";
  auto child = ChildProcess::Launch(
      kSubmission,
      {"--listen", "127.0.0.1:0", "--data", dir_.string(), "--scoring",
       "127.0.0.1:1", "--consistency-rules", rules.string()});
  ASSERT_TRUE(child.has_value());
  EXPECT_EQ(child->Wait(), 1);
  EXPECT_THAT(child->output(), HasSubstr("cannot load the consistency rules"));
  EXPECT_THAT(child->output(), HasSubstr("2023/consistency.yaml: rules[0] "
                                         "(issued) (line 3): field 'fact' is "
                                         "required"));
}

}  // namespace
}  // namespace anju::testing
