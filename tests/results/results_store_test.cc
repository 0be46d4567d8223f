// The store's side of the results API: the per-year results version bumped
// with every report write, and the reports that count read in the same
// snapshot.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/submission/store.h"

namespace anju::submission {
namespace {

using ::testing::SizeIs;

class ResultsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("anju_results_store_", info->name(), "_", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    storage::DatabaseSettings db;
    db.path = (dir_ / "submission.db").string();
    auto store = Store::Open(db);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Writes `report` over the current etag; returns the stored report.
  v1::Report Write(v1::Report report) {
    std::string etag;
    auto current = store_->GetReport(
        ReportKey{report.org(), report.programme(), report.year()});
    if (current.ok()) etag = current->etag();
    auto stored = store_->WriteReport(report, etag,
                                      Change{"tester", absl::Now(), "write"});
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : v1::Report();
  }

  static v1::Report Report(const std::string& org, int version,
                           v1::ReportState state, int year = 2023) {
    v1::Report report;
    report.set_org(org);
    report.set_programme("rental");
    report.set_year(year);
    report.set_version(version);
    report.set_state(state);
    (*report.mutable_facts())["units"].set_number(version * 10);
    return report;
  }

  int64_t Version(int year) {
    auto version = store_->ResultsVersion(year);
    EXPECT_TRUE(version.ok()) << version.status();
    return version.ok() ? *version : -1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ResultsStoreTest, EveryReportWriteBumpsItsYearsVersionOnly) {
  EXPECT_EQ(Version(2023), 0);
  Write(Report("150402", 1, v1::REPORT_STATE_DRAFT));
  EXPECT_EQ(Version(2023), 1);
  Write(Report("150402", 1, v1::REPORT_STATE_SUBMITTED_TO_CITY));
  EXPECT_EQ(Version(2023), 2);
  Write(Report("150402", 1, v1::REPORT_STATE_DRAFT, 2024));
  EXPECT_EQ(Version(2023), 2);
  EXPECT_EQ(Version(2024), 1);
}

TEST_F(ResultsStoreTest, CreatingTheCampaignBumpsItsYearsVersion) {
  v1::Campaign campaign;
  campaign.set_year(2023);
  campaign.add_programmes("rental");
  ASSERT_TRUE(
      store_->CreateCampaign(campaign, Change{"tester", absl::Now(), "create"})
          .ok());
  EXPECT_EQ(Version(2023), 1);
}

TEST_F(ResultsStoreTest, ARefusedWriteDoesNotBumpTheVersion) {
  Write(Report("150402", 1, v1::REPORT_STATE_DRAFT));
  auto stale = store_->WriteReport(Report("150402", 1, v1::REPORT_STATE_DRAFT),
                                   "r99", Change{"tester", absl::Now(), "x"});
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Version(2023), 1);
}

TEST_F(ResultsStoreTest, ListsTheLatestCountingVersionWithItsVersion) {
  Write(Report("150402", 1, v1::REPORT_STATE_SUBMITTED_TO_CITY));
  Write(Report("150403", 1, v1::REPORT_STATE_DRAFT));
  Write(Report("150400", 1, v1::REPORT_STATE_SUBMITTED_TO_REGION));
  Write(Report("150200", 1, v1::REPORT_STATE_SUBMITTED_TO_REGION));  // 包头
  auto scored =
      store_->ListScoredReports(2023, {"150400", "150402", "150403"}, "");
  ASSERT_TRUE(scored.ok()) << scored.status();
  EXPECT_EQ(scored->version, 4);
  ASSERT_THAT(scored->reports, SizeIs(2));  // ordered by org
  EXPECT_EQ(scored->reports[0].org(), "150400");
  EXPECT_EQ(scored->reports[1].org(), "150402");
  EXPECT_FALSE(scored->reports[1].etag().empty());

  auto other = store_->ListScoredReports(2023, {"150402"}, "shanty");
  ASSERT_TRUE(other.ok());
  EXPECT_THAT(other->reports, SizeIs(0));
}

// Returned and being corrected: the submitted version 1 no longer counts,
// as CountsInTotals says of a returned report; it counts again once the
// correction is resubmitted.
TEST_F(ResultsStoreTest, AReportUnderCorrectionDoesNotCount) {
  Write(Report("150400", 1, v1::REPORT_STATE_SUBMITTED_TO_REGION));
  Write(Report("150400", 1, v1::REPORT_STATE_RETURNED));
  Write(Report("150400", 2, v1::REPORT_STATE_CORRECTION));
  auto scored = store_->ListScoredReports(2023, {"150400"}, "rental");
  ASSERT_TRUE(scored.ok());
  EXPECT_THAT(scored->reports, SizeIs(0));

  Write(Report("150400", 2, v1::REPORT_STATE_RESUBMITTED));
  scored = store_->ListScoredReports(2023, {"150400"}, "rental");
  ASSERT_TRUE(scored.ok());
  ASSERT_THAT(scored->reports, SizeIs(1));
  EXPECT_EQ(scored->reports[0].version(), 2);
  EXPECT_EQ(scored->version, 4);
}

}  // namespace
}  // namespace anju::submission
