// kill -9 under load (issue 3, item 13): the real anju-submission binary,
// with authentication on, beside a real anju-scoring. Client threads file
// and submit county reports (103 counties × 3 programmes) as their cities'
// coordinators; while calls are in flight the submission process is killed
// with SIGKILL, then restarted on the same data folder. Every submission
// that was acknowledged must be there, unchanged, and the audit chain must
// verify.

#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/token_file.h"
#include "common/orgs/org_yaml.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/auth/auth_fixture.h"
#include "tests/scoring_service/child_process.h"

namespace anju::testing {
namespace {

using auth::Role;
using auth::testing::TestCredential;
using Stub = v1::SubmissionService::Stub;

constexpr char kSubmission[] = ANJU_SUBMISSION_BINARY;
constexpr char kScoring[] = ANJU_SCORING_BINARY;
constexpr const char* kProgrammes[] = {"shanty", "rental", "oldcomm"};
constexpr int kClients = 8;
constexpr auto kLoadBeforeKill = std::chrono::milliseconds(1500);

// One report to file: a county, a programme, and a fact that tells its
// report from the others.
struct Job {
  std::string county;
  std::string city;
  std::string programme;
  int violations = 0;
};

// What the service acknowledged for a job.
struct Ack {
  Job job;
  int64_t version = 0;
  std::string etag;
};

template <typename Request, typename Response, typename Method>
grpc::Status Call(Stub& stub, const std::string& token, Method method,
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  context.AddMetadata(auth::kAuthorizationKey, auth::BearerValue(token));
  return (stub.*method)(&context, request, response);
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path dir = dir_.path();
    std::filesystem::create_directories(dir / "data");
    // A coordinator per city files its counties' reports; the region's
    // administrator opens the campaign, its reviewer verifies the audit.
    std::vector<TestCredential> all;
    for (const orgs::Org& org : auth::testing::ShippedTree().orgs()) {
      if (org.level == orgs::OrgLevel::kCounty) {
        jobs_for_counties_.push_back({org.code, org.parent, "", 0});
      }
      if (org.level != orgs::OrgLevel::kCity) continue;
      city_tokens_[org.code] =
          auth::testing::Mint(absl::StrCat("coordinator-", org.code),
                              Role::kCityCoordinator, org.code);
      all.push_back(city_tokens_[org.code]);
    }
    admin_ = auth::testing::Mint("admin", Role::kRegionAdmin, "150000");
    reviewer_ =
        auth::testing::Mint("reviewer", Role::kRegionReviewer, "150000");
    const TestCredential service =
        auth::testing::Mint("submission", Role::kService, "150000");
    all.insert(all.end(), {admin_, reviewer_, service});
    dir_.Write("credentials.yaml", auth::testing::CredentialsYaml(all));
    dir_.Write("service.token", service.token + "\n");
    config_ = dir_.Write("submission.yaml",
                         "auth:\n  credentials_file: credentials.yaml\n"
                         "scoring_token_file: service.token\n"
                         "data_dir: data\n"
                         "workers: 4\n");
  }

  std::optional<ChildProcess> StartSubmission(int scoring_port, int* port) {
    auto child = ChildProcess::Launch(
        kSubmission, {"--config", config_, "--listen", "127.0.0.1:0",
                      "--scoring", absl::StrCat("127.0.0.1:", scoring_port)});
    *port = child ? child->WaitForListeningPort() : 0;
    return child;
  }

  static std::unique_ptr<Stub> Connect(int port) {
    return v1::SubmissionService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }

  void CreateCampaign(Stub& stub) {
    v1::CreateCampaignRequest request;
    v1::Campaign* campaign = request.mutable_campaign();
    campaign->set_year(2023);
    for (const char* programme : kProgrammes)
      campaign->add_programmes(programme);
    campaign->mutable_deadlines()->set_county_to_city(
        "2099-03-15T23:59:59+08:00");
    campaign->mutable_deadlines()->set_city_to_region(
        "2099-03-31T23:59:59+08:00");
    v1::Campaign created;
    grpc::Status s =
        Call(stub, admin_.token, &Stub::CreateCampaign, request, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Every county × programme, counties varying fastest so that concurrent
  // clients write different orgs.
  std::vector<Job> Jobs() const {
    std::vector<Job> jobs;
    for (const char* programme : kProgrammes) {
      for (Job job : jobs_for_counties_) {
        job.programme = programme;
        job.violations = static_cast<int>(jobs.size() % 50);
        jobs.push_back(job);
      }
    }
    return jobs;
  }

  // Saves and submits one job; the acknowledgement, or nullopt.
  std::optional<Ack> File(Stub& stub, const Job& job) {
    const std::string& token = city_tokens_.at(job.city).token;
    v1::SaveDraftRequest save;
    save.set_org(job.county);
    save.set_programme(job.programme);
    save.set_year(2023);
    (*save.mutable_facts())["violations"].set_number(job.violations);
    v1::Report report;
    if (!Call(stub, token, &Stub::SaveDraft, save, &report).ok()) {
      return std::nullopt;
    }
    v1::SubmitReportRequest submit;
    submit.set_org(job.county);
    submit.set_programme(job.programme);
    submit.set_year(2023);
    submit.set_etag(report.etag());
    in_flight_.fetch_add(1);
    grpc::Status s = Call(stub, token, &Stub::SubmitReport, submit, &report);
    in_flight_.fetch_sub(1);
    if (!s.ok()) return std::nullopt;
    return Ack{job, report.version(), report.etag()};
  }

  // Clients file jobs until the list ends or the server is gone.
  std::vector<Ack> FileUnderLoad(Stub& stub, ChildProcess& victim) {
    const std::vector<Job> jobs = Jobs();
    std::atomic<size_t> next{0};
    std::atomic<bool> killed{false};
    std::mutex mu;
    std::vector<Ack> acks;
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
      clients.emplace_back([&] {
        for (size_t j = next++; j < jobs.size() && !killed; j = next++) {
          std::optional<Ack> ack = File(stub, jobs[j]);
          if (!ack) continue;
          std::lock_guard<std::mutex> lock(mu);
          acks.push_back(*std::move(ack));
        }
      });
    }
    const auto start = std::chrono::steady_clock::now();
    // Kill while submissions are in flight and work is left.
    while (std::chrono::steady_clock::now() - start < kLoadBeforeKill &&
           next < jobs.size() * 9 / 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    while (in_flight_ == 0 && next < jobs.size()) std::this_thread::yield();
    in_flight_at_kill_ = in_flight_;
    load_ = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    victim.Signal(SIGKILL);
    killed = true;
    EXPECT_EQ(victim.Wait(), 128 + SIGKILL);
    for (std::thread& client : clients) client.join();
    return acks;
  }

  auth::testing::TempDir dir_;
  std::string config_;
  std::vector<Job> jobs_for_counties_;
  std::map<std::string, TestCredential> city_tokens_;
  TestCredential admin_;
  TestCredential reviewer_;
  std::atomic<int> in_flight_{0};
  int in_flight_at_kill_ = 0;
  std::chrono::milliseconds load_{0};  // from the first call to SIGKILL
};

TEST_F(CrashTest, EveryAcknowledgedSubmissionSurvivesKillNine) {
  auto scoring = ChildProcess::Launch(kScoring, {"--listen", "127.0.0.1:0"});
  ASSERT_TRUE(scoring.has_value());
  const int scoring_port = scoring->WaitForListeningPort();
  ASSERT_GT(scoring_port, 0) << scoring->output();

  int port = 0;
  auto submission = StartSubmission(scoring_port, &port);
  ASSERT_TRUE(submission.has_value());
  ASSERT_GT(port, 0) << submission->output();
  ASSERT_TRUE(submission->WaitForLine("authentication on").has_value());
  std::unique_ptr<Stub> stub = Connect(port);
  CreateCampaign(*stub);
  v1::GetCampaignRequest get_campaign;
  get_campaign.set_year(2023);
  v1::Campaign campaign;
  grpc::ClientContext anonymous;
  anonymous.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
  EXPECT_EQ(stub->GetCampaign(&anonymous, get_campaign, &campaign).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  const std::vector<Ack> acks = FileUnderLoad(*stub, *submission);
  RecordProperty("acknowledged", static_cast<int>(acks.size()));
  RecordProperty("in_flight_at_kill", in_flight_at_kill_);
  std::cout << "acknowledged " << acks.size() << " submissions, "
            << in_flight_at_kill_ << " in flight at SIGKILL after "
            << load_.count() << " ms\n";
  ASSERT_GT(acks.size(), 0u);
  EXPECT_GT(in_flight_at_kill_, 0);

  auto restarted = StartSubmission(scoring_port, &port);
  ASSERT_TRUE(restarted.has_value());
  ASSERT_GT(port, 0) << restarted->output();
  stub = Connect(port);
  for (const Ack& ack : acks) {
    v1::GetReportRequest get;
    get.set_org(ack.job.county);
    get.set_programme(ack.job.programme);
    get.set_year(2023);
    v1::Report report;
    grpc::Status s = Call(*stub, city_tokens_.at(ack.job.city).token,
                          &Stub::GetReport, get, &report);
    ASSERT_TRUE(s.ok()) << ack.job.county << "/" << ack.job.programme << ": "
                        << s.error_message();
    EXPECT_EQ(report.state(), v1::REPORT_STATE_SUBMITTED_TO_CITY)
        << ack.job.county << "/" << ack.job.programme;
    EXPECT_EQ(report.version(), ack.version);
    EXPECT_EQ(report.etag(), ack.etag);
    EXPECT_EQ(report.facts().at("violations").number(), ack.job.violations);
  }
  v1::VerifyAuditLogResponse verified;
  grpc::Status s = Call(*stub, reviewer_.token, &Stub::VerifyAuditLog,
                        v1::VerifyAuditLogRequest(), &verified);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // The campaign, then a save and a submit per acknowledged report.
  EXPECT_GE(verified.entries(), static_cast<int64_t>(1 + 2 * acks.size()));

  restarted->Signal(SIGTERM);
  EXPECT_EQ(restarted->Wait(), 0) << restarted->output();
}

}  // namespace
}  // namespace anju::testing
