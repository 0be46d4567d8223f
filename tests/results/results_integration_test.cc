// GetCityTotals and RankCities end to end: real anju-submission and
// anju-scoring servers in-process, a real SQLite file and a real
// redis-server, restarted with and without a snapshot, and stopped.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/scoring/results/aggregate.h"
#include "tests/results/results_fixture.h"
#include "tests/scoring_service/requests.h"

namespace anju::scoring::results {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
using Submission = v1::SubmissionService::Stub;

constexpr char kChifeng[] = "150400";
constexpr int kYear = 2023;
constexpr char kUnits[] = "shanty_planned_units";

template <typename Stub, typename Method, typename Request, typename Response>
grpc::Status Call(Stub& stub, Method method, const Request& request,
                  Response* response) {
  grpc::ClientContext context;
  testing::SetDeadline(&context);
  return (stub.*method)(&context, request, response);
}

class ResultsIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!redis::RedisServer::Installed()) {
      GTEST_SKIP() << redis::RedisServer::kBinary << " is not installed";
    }
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("anju_results_", info->name(), "_", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    redis::RedisServerOptions redis_options;
    redis_options.tcp = false;  // restarts keep the socket, never a port
    auto redis = redis::RedisServer::Start(redis_options);
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    redis::RedisOptions options = redis_->UnixOptions();
    options.connect_timeout = absl::Seconds(2);
    options.command_timeout = absl::Seconds(2);
    options.min_backoff = absl::Milliseconds(10);
    options.max_backoff = absl::Milliseconds(20);
    auto system = testing::ResultsSystem::Start(dir_.string(), &options);
    ASSERT_TRUE(system.ok()) << system.status();
    system_ = *std::move(system);
    CreateCampaign();
  }

  void TearDown() override {
    system_.reset();
    redis_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void CreateCampaign() {
    v1::CreateCampaignRequest request;
    v1::Campaign* c = request.mutable_campaign();
    c->set_year(kYear);
    c->add_programmes("shanty");  // campaign order, not name order
    c->add_programmes("rental");
    c->mutable_deadlines()->set_county_to_city("2099-03-15T23:59:59+08:00");
    c->mutable_deadlines()->set_city_to_region("2099-03-31T23:59:59+08:00");
    v1::Campaign campaign;
    grpc::Status s = Call(system_->submission(), &Submission::CreateCampaign,
                          request, &campaign);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Files and submits the Chifeng shanty figures as `org`, with `units`
  // as planned and started units in place of the sample's.
  void FileAndSubmit(const std::string& org, double units = 2198) {
    v1::EvaluateRequest sample = testing::ShantyRequest();
    v1::SaveDraftRequest draft;
    draft.set_org(org);
    draft.set_programme("shanty");
    draft.set_year(kYear);
    for (const auto& [name, fact] : sample.facts()) {
      if (name == "submitted_on_time" || name == "report_complete") continue;
      (*draft.mutable_facts())[name] = fact;
    }
    (*draft.mutable_facts())[kUnits].set_number(units);
    (*draft.mutable_facts())["shanty_started_units"].set_number(units);
    *draft.mutable_self_scores() = sample.self_scores();
    v1::Report report;
    grpc::Status s =
        Call(system_->submission(), &Submission::SaveDraft, draft, &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::SubmitReportRequest submit;
    submit.set_org(org);
    submit.set_programme("shanty");
    submit.set_year(kYear);
    s = Call(system_->submission(), &Submission::SubmitReport, submit, &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  v1::CityTotals Totals() {
    v1::GetCityTotalsRequest request;
    request.set_city("赤峰市");
    request.set_year(kYear);
    v1::CityTotals totals;
    grpc::Status s =
        Call(system_->results(), &v1::ScoringService::Stub::GetCityTotals,
             request, &totals);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return totals;
  }

  // What the stored reports say, read from the submission service now and
  // aggregated here.
  v1::CityTotals Expected() {
    v1::ListScoredReportsRequest request;
    request.set_year(kYear);
    request.set_city(kChifeng);
    v1::ListScoredReportsResponse reports;
    grpc::Status s = Call(system_->submission(), &Submission::ListScoredReports,
                          request, &reports);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return AggregateCityTotals(system_->orgs(),
                               *system_->orgs().FindByCode(kChifeng), kYear,
                               {"shanty", "rental"}, reports);
  }

  void ExpectMatchesStoredReports(const v1::CityTotals& totals) {
    const v1::CityTotals expected = Expected();
    EXPECT_TRUE(MessageDifferencer::Equals(totals, expected))
        << "served:\n"
        << totals.DebugString() << "stored:\n"
        << expected.DebugString();
  }

  redis::VersionedCache::Stats Stats() {
    return system_->stack().results->cache_stats();
  }

  std::filesystem::path dir_;
  std::unique_ptr<redis::RedisServer> redis_;
  std::unique_ptr<testing::ResultsSystem> system_;
};

TEST_F(ResultsIntegrationTest, CityTotalsMatchTheStoredReportsThenHitTheCache) {
  FileAndSubmit("150402", 100);
  FileAndSubmit("150403", 23);
  FileAndSubmit(kChifeng);

  const v1::CityTotals first = Totals();
  ExpectMatchesStoredReports(first);
  ASSERT_EQ(first.programmes_size(), 2);
  EXPECT_EQ(first.programmes(1).programme(), "rental");
  EXPECT_EQ(first.programmes(1).counties_submitted(), 0);
  const v1::CityTotals::Programme& shanty = first.programmes(0);
  EXPECT_EQ(shanty.counties_submitted(), 2);
  EXPECT_EQ(shanty.counties_total(), 12);
  EXPECT_DOUBLE_EQ(shanty.county_fact_sums().at(kUnits), 123);
  EXPECT_TRUE(shanty.city_submitted());
  EXPECT_DOUBLE_EQ(shanty.total(), testing::kShantyTotal);
  EXPECT_EQ(Stats().misses, 1);
  EXPECT_EQ(Stats().hits, 0);

  const v1::CityTotals second = Totals();
  EXPECT_TRUE(MessageDifferencer::Equals(first, second));
  EXPECT_EQ(Stats().hits, 1);
  EXPECT_EQ(Stats().misses, 1);
}

TEST_F(ResultsIntegrationTest, AWriteAfterACachedReadIsNeverServedStale) {
  FileAndSubmit("150402", 100);
  const v1::CityTotals before = Totals();
  Totals();  // cached
  ASSERT_EQ(Stats().hits, 1);
  FileAndSubmit("150403", 50);  // acknowledged
  const v1::CityTotals after = Totals();
  EXPECT_GT(after.version(), before.version());
  EXPECT_EQ(after.programmes(0).counties_submitted(), 2);
  EXPECT_DOUBLE_EQ(after.programmes(0).county_fact_sums().at(kUnits), 150);
  ExpectMatchesStoredReports(after);
}

TEST_F(ResultsIntegrationTest, RedisRestartedWithoutPersistenceStillMatches) {
  FileAndSubmit("150402", 100);
  Totals();
  ASSERT_TRUE(redis_->Restart().ok());  // the cache is empty now
  FileAndSubmit("150403", 7);
  const v1::CityTotals totals = Totals();
  ExpectMatchesStoredReports(totals);
  EXPECT_EQ(totals.programmes(0).counties_submitted(), 2);
}

// The snapshot holds an entry of an older version than the stored reports
// when Redis comes back: it must not be served.
TEST_F(ResultsIntegrationTest, RedisRestartedFromAnOlderSnapshotStillMatches) {
  FileAndSubmit("150402", 100);
  const v1::CityTotals cached = Totals();
  auto saved = system_->stack().redis->Command({"SAVE"});
  ASSERT_TRUE(saved.ok()) << saved.status();
  FileAndSubmit("150403", 9);  // acknowledged after the snapshot
  ASSERT_TRUE(redis_->Restart().ok());
  auto old_entry = system_->stack().redis->Get(
      absl::StrCat(kCacheKeyPrefix, "city:", kChifeng, ":", kYear));
  ASSERT_TRUE(old_entry.ok()) << old_entry.status();
  ASSERT_TRUE(old_entry->has_value()) << "the snapshot's entry is gone";

  const v1::CityTotals totals = Totals();
  EXPECT_GT(totals.version(), cached.version());
  EXPECT_EQ(totals.programmes(0).counties_submitted(), 2);
  ExpectMatchesStoredReports(totals);
}

TEST_F(ResultsIntegrationTest, RedisDownStillAnswersCorrectly) {
  FileAndSubmit("150402", 100);
  Totals();
  ASSERT_TRUE(redis_->Stop().ok());
  FileAndSubmit("150403", 1);
  const v1::CityTotals totals = Totals();
  ExpectMatchesStoredReports(totals);
  EXPECT_EQ(totals.programmes(0).counties_submitted(), 2);
  EXPECT_GT(Stats().errors, 0);
}

TEST_F(ResultsIntegrationTest, RanksTheCitiesThatSubmitted) {
  FileAndSubmit(kChifeng);
  FileAndSubmit("150200");
  v1::RankCitiesRequest request;
  request.set_year(kYear);
  request.set_programme("shanty");
  v1::RankCitiesResponse ranking;
  grpc::Status s =
      Call(system_->results(), &v1::ScoringService::Stub::RankCities, request,
           &ranking);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(ranking.entries_size(), 2);
  EXPECT_EQ(ranking.entries(0).city(), "150200");  // same score: by code
  EXPECT_EQ(ranking.entries(0).rank(), 1);
  EXPECT_EQ(ranking.entries(1).rank(), 1);
  EXPECT_EQ(ranking.entries(1).city_name(), "赤峰市");
  EXPECT_EQ(ranking.cities_not_submitted_size(), 10);
}

TEST_F(ResultsIntegrationTest, RefusesBadRequestsNamingTheField) {
  v1::GetCityTotalsRequest request;
  request.set_city("红山区");  // a county
  request.set_year(kYear);
  v1::CityTotals totals;
  grpc::Status s =
      Call(system_->results(), &v1::ScoringService::Stub::GetCityTotals,
           request, &totals);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("city"));

  v1::ListScoredReportsRequest list;
  list.set_year(1999);
  v1::ListScoredReportsResponse reports;
  s = Call(system_->submission(), &Submission::ListScoredReports, list,
           &reports);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("year"));
}

TEST_F(ResultsIntegrationTest, GetResultsVersionGrowsWithEveryWrite) {
  v1::GetResultsVersionRequest request;
  request.set_year(kYear);
  v1::ResultsVersion before;
  ASSERT_TRUE(Call(system_->submission(), &Submission::GetResultsVersion,
                   request, &before)
                  .ok());
  FileAndSubmit("150402");  // a save and a submit
  v1::ResultsVersion after;
  ASSERT_TRUE(Call(system_->submission(), &Submission::GetResultsVersion,
                   request, &after)
                  .ok());
  EXPECT_EQ(after.version(), before.version() + 2);
}

// Without a submission service the results API says what is missing.
TEST(ResultsOffTest, AnswersFailedPreconditionWithoutSubmission) {
  auto scoring = testing::ScoringServer::Start();
  ASSERT_TRUE(scoring.ok()) << scoring.status();
  v1::GetCityTotalsRequest request;
  request.set_city(kChifeng);
  request.set_year(kYear);
  v1::CityTotals totals;
  grpc::Status s =
      Call((*scoring)->stub(), &v1::ScoringService::Stub::GetCityTotals,
           request, &totals);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("--submission"));
}

}  // namespace
}  // namespace anju::scoring::results
