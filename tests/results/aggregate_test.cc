// The aggregation of GetCityTotals and RankCities on hand-built reports.

#include "services/scoring/results/aggregate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/orgs/org_yaml.h"

namespace anju::scoring::results {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

constexpr char kChifeng[] = "150400";

class AggregateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = tree->release();
  }
  static void TearDownTestSuite() { delete tree_; }

  v1::Report* Add(const std::string& org, v1::ReportState state,
                  const std::string& programme = "rental") {
    v1::Report* report = reports_.add_reports();
    report->set_org(org);
    report->set_programme(programme);
    report->set_year(2023);
    report->set_state(state);
    return report;
  }
  static void SetFact(v1::Report* report, const std::string& name,
                      double value) {
    (*report->mutable_facts())[name].set_number(value);
  }
  static void SetScored(v1::Report* report, double total) {
    report->mutable_scored()->set_total(total);
    report->mutable_scored()->set_grade(v1::GRADE_GOOD);
    report->mutable_scored()->set_grade_label("良");
    report->set_rubric_version("2023.1");
  }
  static void Review(v1::Report* report, const std::string& id, double score) {
    report->set_state(v1::REPORT_STATE_REVIEWED);
    (*report->mutable_review_scores())[id].set_score(score);
  }

  static inline orgs::OrgTree* tree_ = nullptr;
  v1::ListScoredReportsResponse reports_;
};

TEST_F(AggregateTest, SumsTheSubmittedCountiesAndTakesTheCitysSnapshot) {
  reports_.set_version(7);
  SetFact(Add("150402", v1::REPORT_STATE_SUBMITTED_TO_CITY), "households", 10);
  SetFact(Add("150403", v1::REPORT_STATE_RESUBMITTED), "households", 20.5);
  // A draft does not count, even when a reader passes it.
  SetFact(Add("150404", v1::REPORT_STATE_DRAFT), "households", 1000);
  v1::Report* city = Add(kChifeng, v1::REPORT_STATE_SUBMITTED_TO_REGION);
  SetScored(city, 87.65);
  city->mutable_scored()->set_self_total(90);

  v1::CityTotals totals = AggregateCityTotals(
      *tree_, *tree_->FindByCode(kChifeng), 2023, {"rental"}, reports_);
  EXPECT_EQ(totals.city(), kChifeng);
  EXPECT_EQ(totals.city_name(), "赤峰市");
  EXPECT_EQ(totals.version(), 7);
  ASSERT_THAT(totals.programmes(), SizeIs(1));
  const v1::CityTotals::Programme& rental = totals.programmes(0);
  EXPECT_EQ(rental.counties_total(), 12);
  EXPECT_EQ(rental.counties_submitted(), 2);
  EXPECT_THAT(rental.counties_missing(), SizeIs(10));
  EXPECT_EQ(rental.counties_missing(0), "150404");
  EXPECT_DOUBLE_EQ(rental.county_fact_sums().at("households"), 30.5);
  EXPECT_TRUE(rental.city_submitted());
  EXPECT_DOUBLE_EQ(rental.total(), 87.65);
  EXPECT_DOUBLE_EQ(rental.self_total(), 90);
  EXPECT_EQ(rental.grade_label(), "良");
  EXPECT_EQ(rental.rubric_version(), "2023.1");
  EXPECT_FALSE(rental.reviewed());
}

TEST_F(AggregateTest, ReviewTotalIsSummedInHundredths) {
  v1::Report* city = Add(kChifeng, v1::REPORT_STATE_SUBMITTED_TO_REGION);
  SetScored(city, 80);
  // 0.1 + 0.2 in doubles is 0.30000000000000004.
  Review(city, "a", 0.1);
  Review(city, "b", 0.2);
  Review(city, "c", 59.99);
  v1::CityTotals totals = AggregateCityTotals(
      *tree_, *tree_->FindByCode(kChifeng), 2023, {"rental"}, reports_);
  EXPECT_TRUE(totals.programmes(0).reviewed());
  EXPECT_EQ(totals.programmes(0).review_total(), 60.29);
}

TEST_F(AggregateTest, AProgrammeWithoutReportsListsEveryCountyMissing) {
  v1::CityTotals totals = AggregateCityTotals(
      *tree_, *tree_->FindByCode(kChifeng), 2023, {"shanty"}, reports_);
  EXPECT_EQ(totals.programmes(0).counties_submitted(), 0);
  EXPECT_THAT(totals.programmes(0).counties_missing(), SizeIs(12));
  EXPECT_FALSE(totals.programmes(0).city_submitted());
}

TEST_F(AggregateTest, RanksByReviewTotalWhenReviewedAndSharesRanks) {
  reports_.set_version(3);
  SetScored(Add("150400", v1::REPORT_STATE_SUBMITTED_TO_REGION), 90);
  v1::Report* baotou = Add("150200", v1::REPORT_STATE_SUBMITTED_TO_REGION);
  SetScored(baotou, 70);  // reviewed up to 90: ties with Chifeng
  Review(baotou, "a", 89.9);
  Review(baotou, "b", 0.1);
  SetScored(Add("150600", v1::REPORT_STATE_SUBMITTED_TO_REGION), 95);
  SetScored(Add("150900", v1::REPORT_STATE_REVIEWED), 50);  // no review rows
  // Returned: not counted, the city is "not submitted".
  SetScored(Add("150100", v1::REPORT_STATE_RETURNED), 99);
  // A county's report is not a city's.
  SetScored(Add("150402", v1::REPORT_STATE_SUBMITTED_TO_CITY), 100);

  v1::RankCitiesResponse ranking = RankCities(*tree_, "rental", reports_);
  EXPECT_EQ(ranking.version(), 3);
  ASSERT_THAT(ranking.entries(), SizeIs(4));
  std::vector<std::pair<int, std::string>> order;
  for (const auto& e : ranking.entries())
    order.emplace_back(e.rank(), e.city());
  EXPECT_THAT(order, ElementsAre(std::pair<int, std::string>{1, "150600"},
                                 std::pair<int, std::string>{2, "150200"},
                                 std::pair<int, std::string>{2, "150400"},
                                 std::pair<int, std::string>{4, "150900"}));
  EXPECT_TRUE(ranking.entries(1).reviewed());
  EXPECT_EQ(ranking.entries(1).score(), 90);
  EXPECT_EQ(ranking.entries(1).total(), 70);
  EXPECT_EQ(ranking.entries(3).score(), 0);  // reviewed, no review scores
  EXPECT_THAT(ranking.cities_not_submitted(), SizeIs(8));
  EXPECT_EQ(ranking.cities_not_submitted(0), "150100");
}

TEST_F(AggregateTest, ProgrammesComeFromTheReportsElseTheFallback) {
  EXPECT_THAT(ProgrammesOf(reports_, {"oldcomm", "rental"}),
              ElementsAre("oldcomm", "rental"));
  Add("150402", v1::REPORT_STATE_SUBMITTED_TO_CITY, "shanty");
  Add("150403", v1::REPORT_STATE_SUBMITTED_TO_CITY, "rental");
  EXPECT_THAT(ProgrammesOf(reports_, {"oldcomm"}),
              ElementsAre("rental", "shanty"));
}

}  // namespace
}  // namespace anju::scoring::results
