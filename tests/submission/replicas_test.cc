// Two anju-submission replicas side by side on one PostgreSQL database
// behave as one service (issue 6):
//  - no lost update: two saves with the same etag, one through each
//    replica at once, and exactly one lands; the other is refused ABORTED
//    and the stored report holds the winner's figures; many writers through
//    both replicas all land, with one unbroken audit chain;
//  - cached totals follow the shared database: anju-scoring with a real
//    Redis cache reads through replica A, reports are submitted and
//    reviewed through replica B, and GetCityTotals shows every change (the
//    results version comes from the database both replicas write).

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "tests/metrics/exposition_parser.h"
#include "tests/redis/redis_server.h"
#include "tests/submission/replica_system.h"

namespace anju::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
using Stub = v1::SubmissionService::Stub;

class SubmissionReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("anju_replicas_", info->name(), "_", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto system = ReplicaSystem::Start(dir_);
    ASSERT_TRUE(system.ok()) << system.status();
    system_ = *std::move(system);
    CreateCampaign();
  }
  void TearDown() override {
    system_.reset();
    std::filesystem::remove_all(dir_);
  }

  void CreateCampaign() {
    v1::CreateCampaignRequest request;
    v1::Campaign* campaign = request.mutable_campaign();
    campaign->set_year(kReplicaYear);
    campaign->add_programmes("shanty");
    campaign->mutable_deadlines()->set_county_to_city(
        "2099-03-15T23:59:59+08:00");
    campaign->mutable_deadlines()->set_city_to_region(
        "2099-03-31T23:59:59+08:00");
    v1::Campaign created;
    grpc::Status s =
        Call(system_->a(), &Stub::CreateCampaign, request, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static v1::Report Get(Stub& replica, const std::string& org) {
    v1::GetReportRequest request;
    request.set_org(org);
    request.set_programme("shanty");
    request.set_year(kReplicaYear);
    v1::Report report;
    grpc::Status s = Call(replica, &Stub::GetReport, request, &report);
    EXPECT_TRUE(s.ok()) << org << ": " << s.error_message();
    return report;
  }

  static int64_t AuditEntries(Stub& replica) {
    v1::VerifyAuditLogResponse verified;
    grpc::Status s = Call(replica, &Stub::VerifyAuditLog,
                          v1::VerifyAuditLogRequest(), &verified);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return verified.entries();
  }

  std::filesystem::path dir_;
  std::unique_ptr<ReplicaSystem> system_;
};

TEST_F(SubmissionReplicasTest, SameEtagThroughBothReplicasOnlyOneSaveLands) {
  v1::Report current;
  grpc::Status s = Call(system_->a(), &Stub::SaveDraft,
                        ShantyDraft("150402", 1, ""), &current);
  ASSERT_TRUE(s.ok()) << s.error_message();

  constexpr int kRounds = 8;
  std::array<int, 2> wins = {0, 0};
  for (int round = 0; round < kRounds; ++round) {
    const std::array<double, 2> units = {1000.0 + round, 2000.0 + round};
    std::array<Stub*, 2> replicas = {&system_->a(), &system_->b()};
    std::array<grpc::Status, 2> status;
    std::array<v1::Report, 2> saved;
    // Both read `current`; both save at once, one through each replica.
    std::vector<std::thread> savers;
    for (int r = 0; r < 2; ++r) {
      savers.emplace_back([&, r] {
        status[r] =
            Call(*replicas[r], &Stub::SaveDraft,
                 ShantyDraft("150402", units[r], current.etag()), &saved[r]);
      });
    }
    for (std::thread& saver : savers) saver.join();

    ASSERT_NE(status[0].ok(), status[1].ok())
        << "round " << round << ": A " << status[0].error_message() << ", B "
        << status[1].error_message();
    const int winner = status[0].ok() ? 0 : 1;
    const grpc::Status& lost = status[1 - winner];
    EXPECT_EQ(lost.error_code(), grpc::StatusCode::ABORTED);
    EXPECT_THAT(lost.error_message(), HasSubstr("etag"));
    ++wins[winner];
    // Either replica reads the winner's figures under the winner's etag.
    for (Stub* replica : replicas) {
      const v1::Report stored = Get(*replica, "150402");
      EXPECT_EQ(stored.etag(), saved[winner].etag());
      EXPECT_EQ(stored.facts().at(kPlannedUnits).number(), units[winner]);
    }
    current = saved[winner];
  }
  // The campaign, the first save and one save a round: the refused saves
  // wrote nothing, not even an audit entry.
  EXPECT_EQ(AuditEntries(system_->b()), 2 + kRounds);
  std::cout << "wins: replica A " << wins[0] << ", replica B " << wins[1]
            << " of " << kRounds << " rounds\n";
}

TEST_F(SubmissionReplicasTest, ConcurrentWritersThroughBothReplicasAllLand) {
  const std::vector<std::string> counties = {
      "150402", "150403", "150404", "150421", "150422", "150423",
      "150424", "150425", "150426", "150428", "150429", "150430"};
  constexpr int kSaves = 4;
  std::vector<std::string> failures(counties.size());
  std::vector<std::thread> writers;
  for (size_t i = 0; i < counties.size(); ++i) {
    writers.emplace_back([&, i] {
      std::string etag;
      for (int save = 0; save < kSaves; ++save) {
        // Each save through the other replica than the one before.
        Stub& replica = (i + save) % 2 == 0 ? system_->a() : system_->b();
        v1::Report out;
        grpc::Status s =
            Call(replica, &Stub::SaveDraft,
                 ShantyDraft(counties[i], 10.0 * i + save, etag), &out);
        if (!s.ok()) {
          failures[i] = absl::StrCat("save ", save, ": ", s.error_message());
          return;
        }
        etag = out.etag();
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  for (size_t i = 0; i < counties.size(); ++i) {
    EXPECT_EQ(failures[i], "") << counties[i];
  }

  // One report per county, each at its last save, through either replica.
  v1::ListReportsRequest list;
  list.set_city("150400");
  list.set_programme("shanty");
  list.set_year(kReplicaYear);
  v1::ListReportsResponse listed;
  grpc::Status s = Call(system_->b(), &Stub::ListReports, list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  int drafts = 0;
  for (const auto& entry : listed.reports()) {
    if (entry.state() == v1::REPORT_STATE_DRAFT) ++drafts;
  }
  EXPECT_EQ(drafts, static_cast<int>(counties.size()));
  for (size_t i = 0; i < counties.size(); ++i) {
    EXPECT_EQ(Get(system_->a(), counties[i]).facts().at(kPlannedUnits).number(),
              10.0 * i + kSaves - 1);
  }
  // Every write once in one chain, though two processes appended to it.
  EXPECT_EQ(AuditEntries(system_->a()),
            1 + static_cast<int64_t>(counties.size()) * kSaves);
}

// anju-scoring's results API with a Redis cache, reading through replica A;
// every write goes through replica B.
class SubmissionReplicasCacheTest : public SubmissionReplicasTest {
 protected:
  void SetUp() override {
    if (!redis::RedisServer::Installed()) {
      GTEST_SKIP() << redis::RedisServer::kBinary << " is not installed";
    }
    SubmissionReplicasTest::SetUp();
    if (HasFatalFailure()) return;
    auto redis = redis::RedisServer::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    const std::string config = (dir_ / "results.yaml").string();
    std::ofstream(config) << "metrics:\n  listen: 127.0.0.1:0\n";
    results_ = std::make_unique<cli::testing::Server>(
        SCORING_BIN,
        std::vector<std::string>{"--config", config, "--submission",
                                 absl::StrCat("127.0.0.1:", system_->port_a()),
                                 "--redis",
                                 absl::StrCat("127.0.0.1:", redis_->port())});
    ASSERT_GT(results_->port(), 0) << results_->log();
    std::smatch match;
    const std::string log = results_->log();
    ASSERT_TRUE(std::regex_search(
        log, match,
        std::regex("\"msg\":\"metrics listening\"[^\n]*\"port\":([0-9]+)")))
        << log;
    metrics_port_ = std::stoi(match[1]);
    results_stub_ = v1::ScoringService::NewStub(LocalChannel(results_->port()));
    // Without a cache, through replica B: what the totals must be.
    uncached_ = std::make_unique<cli::testing::Server>(
        SCORING_BIN,
        std::vector<std::string>{
            "--submission", absl::StrCat("127.0.0.1:", system_->port_b())});
    ASSERT_GT(uncached_->port(), 0) << uncached_->log();
    uncached_stub_ =
        v1::ScoringService::NewStub(LocalChannel(uncached_->port()));
  }
  void TearDown() override {
    results_.reset();
    uncached_.reset();
    redis_.reset();
    SubmissionReplicasTest::TearDown();
  }

  static v1::CityTotals Totals(v1::ScoringService::Stub& stub) {
    v1::GetCityTotalsRequest request;
    request.set_city("赤峰市");
    request.set_year(kReplicaYear);
    v1::CityTotals totals;
    grpc::Status s =
        Call(stub, &v1::ScoringService::Stub::GetCityTotals, request, &totals);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return totals;
  }

  // Through the cached service; checked against the uncached one.
  v1::CityTotals CachedTotals() {
    const v1::CityTotals cached = Totals(*results_stub_);
    const v1::CityTotals direct = Totals(*uncached_stub_);
    EXPECT_TRUE(MessageDifferencer::Equals(cached, direct))
        << "cached (via A):\n"
        << cached.DebugString() << "uncached (via B):\n"
        << direct.DebugString();
    return cached;
  }

  // The results cache's hits so far, from anju-scoring's metrics.
  double CacheHits() {
    auto reply = metrics::testing::HttpGet(metrics_port_, "/metrics");
    EXPECT_TRUE(reply.ok()) << reply.status();
    if (!reply.ok()) return -1;
    auto parsed = metrics::testing::ParseExposition(reply->body);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (!parsed.ok()) return -1;
    double hits = 0;
    for (const auto& [sample, value] : parsed->samples) {
      if (absl::StartsWith(sample, "anju_cache_requests_total{") &&
          absl::StrContains(sample, "result=\"hit\"")) {
        hits += value;
      }
    }
    return hits;
  }

  // Saves and submits `org`'s report through replica B.
  v1::Report FileThroughB(const std::string& org, double units) {
    v1::Report report;
    grpc::Status s = Call(system_->b(), &Stub::SaveDraft,
                          ShantyDraft(org, units, ""), &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    v1::SubmitReportRequest submit;
    submit.set_org(org);
    submit.set_programme("shanty");
    submit.set_year(kReplicaYear);
    submit.set_etag(report.etag());
    s = Call(system_->b(), &Stub::SubmitReport, submit, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }

  std::unique_ptr<redis::RedisServer> redis_;
  std::unique_ptr<cli::testing::Server> results_;
  std::unique_ptr<cli::testing::Server> uncached_;
  std::unique_ptr<v1::ScoringService::Stub> results_stub_;
  std::unique_ptr<v1::ScoringService::Stub> uncached_stub_;
  int metrics_port_ = 0;
};

TEST_F(SubmissionReplicasCacheTest, TotalsCachedThroughAFollowWritesThroughB) {
  FileThroughB("150402", 100);
  const v1::CityTotals first = CachedTotals();
  ASSERT_EQ(first.programmes_size(), 1);
  EXPECT_EQ(first.programmes(0).counties_submitted(), 1);
  EXPECT_DOUBLE_EQ(first.programmes(0).county_fact_sums().at(kPlannedUnits),
                   100);
  // Asked again with nothing written: served from Redis.
  const double hits = CacheHits();
  EXPECT_TRUE(MessageDifferencer::Equals(Totals(*results_stub_), first));
  EXPECT_EQ(CacheHits(), hits + 1);

  // A county submits through B: the cached figures are not served again.
  FileThroughB("150403", 50);
  const v1::CityTotals second = CachedTotals();
  EXPECT_GT(second.version(), first.version());
  EXPECT_EQ(second.programmes(0).counties_submitted(), 2);
  EXPECT_DOUBLE_EQ(second.programmes(0).county_fact_sums().at(kPlannedUnits),
                   150);

  // The city files to the region and the region reviews, both through B.
  const v1::Report city = FileThroughB("150400", 2198);
  EXPECT_TRUE(CachedTotals().programmes(0).city_submitted());
  v1::ReviewReportRequest review;
  review.set_org("150400");
  review.set_programme("shanty");
  review.set_year(kReplicaYear);
  review.set_etag(city.etag());
  double review_total = 0;
  bool docked = false;
  for (const v1::IndicatorScore& indicator : city.scored().indicators()) {
    // One point off the first indicator that has one: the review total
    // then differs from the computed total.
    const bool dock = !docked && indicator.score() >= 1;
    docked = docked || dock;
    v1::ReviewScore& score = (*review.mutable_review_scores())[indicator.id()];
    score.set_score(indicator.score() - (dock ? 1 : 0));
    score.set_reason("核实");
    review_total += score.score();
  }
  ASSERT_TRUE(docked);
  v1::Report reviewed;
  grpc::Status s = Call(system_->b(), &Stub::ReviewReport, review, &reviewed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::CityTotals last = CachedTotals();
  EXPECT_TRUE(last.programmes(0).reviewed());
  EXPECT_NEAR(last.programmes(0).review_total(), review_total, 1e-9);
  EXPECT_NE(last.programmes(0).review_total(), last.programmes(0).total());
}

}  // namespace
}  // namespace anju::testing
