// Whole evaluations: fact sets shaped like the Chifeng 2023 report score the
// seed's self-scores (rental 96 = 25/15/56; shanty 99 = 24/15/60; oldcomm
// 95 + 4 = 99 with 25/10/60), subtotals are sums of rounded scores, and
// self-scores are compared. Facts the seed does not give are illustrative.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/engine/engine.h"
#include "tests/scoring_engine/engine_test_util.h"

namespace anju::scoring {
namespace {

using ::anju::scoring::testing::Find;
using ::anju::scoring::testing::Flag;
using ::anju::scoring::testing::Num;
using ::anju::scoring::testing::Rubric2023;
using ::anju::scoring::testing::Self;

Facts RentalFacts() {
  return {{"fund_rules_established", Flag(true)},
          {"funds_allocated_on_time", Flag(true)},
          {"monitoring_mechanism", Flag(true)},
          {"budget_execution_rate_pct", Num(100)},
          {"violations", Num(0)},
          {"severe_violation", Flag(false)},
          {"reserve_established", Flag(true)},
          {"reserve_archived_ranked_planned", Flag(true)},
          {"submitted_on_time", Flag(true)},
          {"report_complete", Flag(true)},
          {"affordable_rental_planned_units", Num(727)},
          {"affordable_rental_started_units", Num(727)},
          {"public_rental_planned_units", Num(0)},
          {"public_rental_completed_units", Num(0)},
          {"subsidy_planned_households", Num(2308)},
          {"subsidy_issued_households", Num(2465)},
          {"low_income_approved_households", Num(120)},
          {"low_income_guaranteed_households", Num(120)},
          {"target_published", Flag(true)},
          {"affordable_rental_share_pct", Num(8)},
          {"market_downturn_evidence", Flag(true)},
          {"no_affordable_rental_task", Flag(false)},
          {"operating_rules_issued", Flag(true)},
          {"interdept_linkage", Flag(true)},
          {"unimplemented_support_projects", Num(0)},
          {"policies_reviewed", Flag(true)},
          {"eligible_projects_not_included", Num(0)},
          {"leadership_mechanism", Flag(true)},
          {"bank_financing_guidance", Flag(true)},
          {"enterprise_operated_share_pct", Num(35)},
          {"rental_service_platform", Flag(true)},
          {"quality_supervision_included", Flag(true)},
          {"entry_exit_standards", Flag(true)},
          {"anti_sale_measures", Flag(true)},
          {"quality_issues", Num(0)},
          {"casualty_accident", Flag(false)},
          {"satisfaction_pct", Num(97)},
          {"unhandled_petitions", Num(0)}};
}

std::vector<Points> Subtotals(const Evaluation& ev) {
  std::vector<Points> out;
  for (const SubtotalResult& sub : ev.subtotals) out.push_back(sub.score);
  return out;
}

TEST(Chifeng2023, Rental96) {
  const absl::StatusOr<Evaluation> ev =
      Evaluate(Rubric2023("rental"), RentalFacts(),
               {{"rental.fund_raising", Self(5, "相关旗县区配套安排了资金")}});
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_TRUE(ev->complete);
  EXPECT_EQ(Subtotals(*ev), (std::vector<Points>{2500, 1500, 5600}));
  EXPECT_EQ(ev->subtotals[2].level1, "产出效益");
  EXPECT_EQ(ev->subtotals[2].max_points, 6000);
  EXPECT_EQ(ev->bonus, 0);
  EXPECT_EQ(ev->total, 9600);
  EXPECT_EQ(ev->grade, Grade::kExcellent);
  EXPECT_EQ(Find(*ev, "rental.public_rental_completion").score, 600);
  EXPECT_EQ(Find(*ev, "rental.development_target").score, 500);
}

Facts ShantyFacts() {
  return {{"fund_rules_established", Flag(true)},
          {"funds_allocated_on_time", Flag(true)},
          {"monitoring_mechanism", Flag(true)},
          {"budget_execution_rate_pct", Num(92)},
          {"violations", Num(0)},
          {"severe_violation", Flag(false)},
          {"reserve_established", Flag(true)},
          {"reserve_archived_ranked_planned", Flag(true)},
          {"submitted_on_time", Flag(true)},
          {"report_complete", Flag(true)},
          {"shanty_planned_units", Num(2198)},
          {"shanty_started_units", Num(2198)},
          {"project_list_provided", Flag(true)},
          {"allocation_rate_pct", Num(91.4)},
          {"quality_issues", Num(0)},
          {"casualty_accident", Flag(false)},
          {"satisfaction_pct", Num(99)},
          {"unhandled_petitions", Num(0)}};
}

TEST(Chifeng2023, Shanty99) {
  const absl::StatusOr<Evaluation> ev =
      Evaluate(Rubric2023("shanty"), ShantyFacts(),
               {{"shanty.fund_raising", Self(5, "相关旗县区配套安排了资金")}});
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_TRUE(ev->complete);
  EXPECT_EQ(Subtotals(*ev), (std::vector<Points>{2400, 1500, 6000}));
  EXPECT_EQ(ev->total, 9900);
  EXPECT_EQ(Find(*ev, "shanty.budget_execution").score, 900);
}

Facts OldcommFacts() {
  return {{"market_operator_share_pct", Num(15)},
          {"social_funding_share_pct", Num(10)},
          {"central_subsidy_share_pct", Num(80)},
          {"loan_or_bond_financing", Flag(true)},
          {"city_budget_funding", Flag(true)},
          {"resident_funded_share_pct", Num(60)},
          {"fund_rules_established", Flag(true)},
          {"funds_allocated_on_time", Flag(true)},
          {"monitoring_mechanism", Flag(true)},
          {"budget_execution_rate_pct", Num(88)},
          {"violations", Num(0)},
          {"severe_violation", Flag(false)},
          {"reserve_established", Flag(true)},
          {"archives_complete", Flag(true)},
          {"projects_scored_and_ranked", Flag(true)},
          {"coordination_mechanism", Flag(true)},
          {"utility_plan_share_pct", Num(100)},
          {"submitted_on_time", Flag(true)},
          {"report_complete", Flag(true)},
          {"falsified", Flag(false)},
          {"planned_communities", Num(292)},
          {"started_communities", Num(292)},
          {"planned_households", Num(23011)},
          {"started_households", Num(23011)},
          {"planned_area_10k_m2", Num(198.45)},
          {"started_area_10k_m2", Num(198.45)},
          {"planned_buildings", Num(561)},
          {"started_buildings", Num(561)},
          {"party_org_share_pct", Num(100)},
          {"owners_committee_share_pct", Num(100)},
          {"plan_approved_share_pct", Num(100)},
          {"online_voting", Flag(true)},
          {"basic_items_share_pct", Num(100)},
          {"improvement_items_share_pct", Num(100)},
          {"upgrade_items_share_pct", Num(40)},
          {"district_level_share_pct", Num(100)},
          {"contiguous_share_pct", Num(100)},
          {"quality_supervision_mechanism", Flag(true)},
          {"casualty_accident", Flag(false)},
          {"utility_assets_transferred", Flag(true)},
          {"maintenance_fund_mechanism", Flag(true)},
          {"satisfaction_pct", Num(85)},
          {"unhandled_petitions", Num(0)},
          {"bond_financing", Flag(true)},
          {"all_started_by_may_end", Flag(true)}};
}

// The seed's 盟市自评得分, indicator by indicator.
SelfScores OldcommSelf() {
  return {{"oldcomm.fund_raising", Self(7)},
          {"oldcomm.fund_allocation", Self(5)},
          {"oldcomm.budget_execution", Self(8)},
          {"oldcomm.fund_use", Self(5)},
          {"oldcomm.project_reserve", Self(3)},
          {"oldcomm.coordination", Self(2)},
          {"oldcomm.report_submission", Self(5)},
          {"oldcomm.plan_completion", Self(30)},
          {"oldcomm.resident_participation", Self(5)},
          {"oldcomm.renovation_content", Self(10)},
          {"oldcomm.quality_safety", Self(4)},
          {"oldcomm.long_term_management", Self(4)},
          {"oldcomm.supporting_policies", Self(2, "制定了五项配套机制")},
          {"oldcomm.satisfaction", Self(5)},
          {"oldcomm.bonus.bond_financing", Self(1, "喀喇沁旗一般债券900万元")},
          {"oldcomm.bonus.early_start", Self(3, "5月底前全部开工")}};
}

TEST(Chifeng2023, Oldcomm95Plus4) {
  const absl::StatusOr<Evaluation> ev =
      Evaluate(Rubric2023("oldcomm"), OldcommFacts(), OldcommSelf());
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_TRUE(ev->complete);
  EXPECT_EQ(Subtotals(*ev), (std::vector<Points>{2500, 1000, 6000}));
  EXPECT_EQ(ev->bonus, 400);
  EXPECT_EQ(ev->total, 9900);
  EXPECT_EQ(ev->grade, Grade::kExcellent);
  EXPECT_EQ(ev->self_total, 9900);
  EXPECT_EQ(ev->subtotals[0].self_score, 2500);
  EXPECT_EQ(ev->differences, 0);
  for (const IndicatorResult& r : ev->indicators) {
    EXPECT_EQ(r.difference, 0) << r.indicator->id << ": " << r.reason;
  }
}

TEST(Chifeng2023, BonusClaimWithoutEvidenceScoresZeroAndTheGradeStands) {
  // The bond financing claim arrives without 佐证材料: it adds nothing, and
  // the programme still gets its total and grade (it used to be withheld).
  SelfScores self = OldcommSelf();
  self["oldcomm.bonus.bond_financing"] = Self(1, "喀喇沁旗一般债券900万元", "");
  const absl::StatusOr<Evaluation> ev =
      Evaluate(Rubric2023("oldcomm"), OldcommFacts(), self);
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_TRUE(ev->complete);
  const IndicatorResult& bond = Find(*ev, "oldcomm.bonus.bond_financing");
  EXPECT_TRUE(bond.scorable);
  EXPECT_EQ(bond.score, 0);
  EXPECT_THAT(bond.reason, ::testing::HasSubstr("未提供佐证材料"));
  EXPECT_EQ(bond.difference, 100);
  EXPECT_EQ(ev->bonus, 300);
  EXPECT_EQ(ev->total, 9800);
  EXPECT_EQ(ev->grade, Grade::kExcellent);
  EXPECT_EQ(ev->differences, 1);
}

TEST(Chifeng2023, SelfScoreDifferencesAreCounted) {
  SelfScores self = OldcommSelf();
  self["oldcomm.budget_execution"] = Self(10);  // computed: 8
  self["oldcomm.fund_raising"] = Self(6.5);     // computed: 7
  const absl::StatusOr<Evaluation> ev =
      Evaluate(Rubric2023("oldcomm"), OldcommFacts(), self);
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_EQ(ev->differences, 2);
  EXPECT_EQ(Find(*ev, "oldcomm.budget_execution").self_score, 1000);
  EXPECT_EQ(Find(*ev, "oldcomm.budget_execution").difference, 200);
  EXPECT_EQ(Find(*ev, "oldcomm.fund_raising").difference, -50);
  EXPECT_EQ(ev->subtotals[0].self_score, 2650);
  EXPECT_EQ(ev->self_total, 10050);
  EXPECT_EQ(ev->total, 9900);
}

TEST(Chifeng2023, SelfTotalNeedsEveryScoredIndicator) {
  SelfScores self = OldcommSelf();
  self.erase("oldcomm.satisfaction");
  const absl::StatusOr<Evaluation> ev =
      Evaluate(Rubric2023("oldcomm"), OldcommFacts(), self);
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_FALSE(ev->self_total.has_value());
  EXPECT_FALSE(ev->subtotals[2].self_score.has_value());
  EXPECT_EQ(ev->subtotals[1].self_score, 1000);
  EXPECT_FALSE(Find(*ev, "oldcomm.satisfaction").difference.has_value());
}

TEST(Chifeng2023, MissingFactMakesTheEvaluationIncomplete) {
  Facts facts = ShantyFacts();
  facts.erase("shanty_started_units");
  const absl::StatusOr<Evaluation> ev = Evaluate(
      Rubric2023("shanty"), facts,
      {{"shanty.fund_raising", Self(5)}, {"shanty.plan_completion", Self(30)}});
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_FALSE(ev->complete);
  EXPECT_EQ(ev->grade, Grade::kUnspecified);
  const IndicatorResult& r = Find(*ev, "shanty.plan_completion");
  EXPECT_FALSE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.self_score, 3000);
  EXPECT_FALSE(r.difference.has_value());
  EXPECT_EQ(ev->total, 6900);  // what could be scored: 99 − 30
}

TEST(Chifeng2023, SubtotalsAreSumsOfRoundedScores) {
  // Two 产出效益 indicators of 1/3 point each: 0.33 + 0.33 = 0.66, where
  // the unrounded sum would round to 0.67.
  Facts facts = OldcommFacts();
  for (const char* name :
       {"owners_committee_share_pct", "plan_approved_share_pct",
        "basic_items_share_pct", "improvement_items_share_pct",
        "upgrade_items_share_pct", "district_level_share_pct"}) {
    facts[name] = Num(0);
  }
  facts["online_voting"] = Flag(false);
  facts["party_org_share_pct"] = Num(20);         // 1 × 20/60
  facts["contiguous_share_pct"] = Num(50.0 / 3);  // 1 × 16.67/50
  const absl::StatusOr<Evaluation> ev =
      Evaluate(Rubric2023("oldcomm"), facts, OldcommSelf());
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_EQ(Find(*ev, "oldcomm.resident_participation").score, 33);
  EXPECT_EQ(Find(*ev, "oldcomm.renovation_content").score, 33);
  // 30 + 0.33 + 0.33 + 4 + 4 + 2 + 5
  EXPECT_EQ(ev->subtotals[2].score, 4566);
  EXPECT_EQ(ev->total, 2500 + 1000 + 4566 + 400);
  EXPECT_EQ(ev->grade, Grade::kGood);
}

}  // namespace
}  // namespace anju::scoring
