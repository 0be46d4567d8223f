// rubrics/2023/oldcomm.yaml indicator by indicator; expected values are
// computed by hand from rubrics-2023.md.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/engine/engine.h"
#include "tests/scoring_engine/engine_test_util.h"

namespace anju::scoring {
namespace {

using ::anju::scoring::testing::Flag;
using ::anju::scoring::testing::Num;
using ::anju::scoring::testing::Rubric2023;
using ::anju::scoring::testing::ScoreOne;
using ::anju::scoring::testing::Self;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

IndicatorResult Score(const std::string& id, const Facts& facts,
                      const SelfScores& self = {}) {
  return ScoreOne(Rubric2023("oldcomm"), "oldcomm." + id, facts, self);
}

Points Pts(const std::string& id, const Facts& facts,
           const SelfScores& self = {}) {
  const IndicatorResult r = Score(id, facts, self);
  EXPECT_TRUE(r.scorable) << id << ": " << r.reason;
  return r.scorable ? r.score : -1;
}

Facts With(Facts facts, const std::string& name, FactValue value) {
  facts[name] = value;
  return facts;
}

Facts FundRaising() {  // every target met
  return {{"market_operator_share_pct", Num(30)},
          {"social_funding_share_pct", Num(20)},
          {"central_subsidy_share_pct", Num(40)},
          {"loan_or_bond_financing", Flag(true)},
          {"city_budget_funding", Flag(true)},
          {"resident_funded_share_pct", Num(60)}};
}

TEST(Oldcomm2023, FundRaisingProportionalBelowTarget) {
  EXPECT_EQ(Pts("fund_raising", FundRaising()), 1000);
  EXPECT_EQ(Pts("fund_raising",
                With(FundRaising(), "market_operator_share_pct", Num(80))),
            1000);
  // 1 × 15/30 = 0.5
  EXPECT_EQ(Pts("fund_raising",
                With(FundRaising(), "market_operator_share_pct", Num(15))),
            950);
  // 1 × 10/30 = 0.333… → 9.333… → 9.33
  EXPECT_EQ(Pts("fund_raising",
                With(FundRaising(), "market_operator_share_pct", Num(10))),
            933);
  // 3 × 5/20 = 0.75
  EXPECT_EQ(Pts("fund_raising",
                With(FundRaising(), "social_funding_share_pct", Num(5))),
            775);
  EXPECT_EQ(Pts("fund_raising",
                With(FundRaising(), "city_budget_funding", Flag(false))),
            800);
}

TEST(Oldcomm2023, CentralSubsidyShareIsAnUpperBound) {
  auto central = [](double pct) {
    return With(FundRaising(), "central_subsidy_share_pct", Num(pct));
  };
  EXPECT_EQ(Pts("fund_raising", central(0)), 1000);
  EXPECT_EQ(Pts("fund_raising", central(40)), 1000);
  EXPECT_EQ(Pts("fund_raising", central(50)), 960);   // 2 × 40/50 = 1.6
  EXPECT_EQ(Pts("fund_raising", central(80)), 900);   // 2 × 40/80 = 1
  EXPECT_EQ(Pts("fund_raising", central(100)), 880);  // 2 × 40/100 = 0.8
  const IndicatorResult r = Score("fund_raising", central(50));
  EXPECT_THAT(r.reason,
              HasSubstr("实际到位资金中中央补助资金占比50.0%，高于40%，"
                        "按比例得1.6分"));
}

TEST(Oldcomm2023, FundRaisingOfTheSeed) {
  // 财力有限，主要依赖上级资金: 0.5 + 1.5 + 1 + 1 + 2 + 1 = 7.
  EXPECT_EQ(Pts("fund_raising", {{"market_operator_share_pct", Num(15)},
                                 {"social_funding_share_pct", Num(10)},
                                 {"central_subsidy_share_pct", Num(80)},
                                 {"loan_or_bond_financing", Flag(true)},
                                 {"city_budget_funding", Flag(true)},
                                 {"resident_funded_share_pct", Num(60)}}),
            700);
}

TEST(Oldcomm2023, BudgetExecutionOfTheSeed) {
  // 预算执行率偏低, 8 of 10: 2 + (8 − 2 steps) at a rate in (85, 90].
  EXPECT_EQ(Pts("budget_execution", {{"monitoring_mechanism", Flag(true)},
                                     {"budget_execution_rate_pct", Num(88)}}),
            800);
  EXPECT_EQ(Pts("budget_execution", {{"monitoring_mechanism", Flag(true)},
                                     {"budget_execution_rate_pct", Num(85)}}),
            700);
}

TEST(Oldcomm2023, Coordination) {
  auto facts = [](bool mechanism, double pct) {
    return Facts{{"coordination_mechanism", Flag(mechanism)},
                 {"utility_plan_share_pct", Num(pct)}};
  };
  EXPECT_EQ(Pts("coordination", facts(true, 100)), 200);
  EXPECT_EQ(Pts("coordination", facts(true, 50)), 150);
  EXPECT_EQ(Pts("coordination", facts(false, 100.0 / 3)), 33);
}

TEST(Oldcomm2023, ProportionalRatesPrintApartFromTheirTarget) {
  IndicatorResult r =
      Score("coordination", {{"coordination_mechanism", Flag(true)},
                             {"utility_plan_share_pct", Num(99.99999)}});
  EXPECT_EQ(r.score, 200);  // 1 + 0.9999999 → 2.00
  EXPECT_THAT(r.reason,
              HasSubstr("需改造水电气热信设施的小区开工前形成统筹施工方案的比例"
                        "99.99999%，低于目标100%"));
  r = Score("fund_raising",
            With(FundRaising(), "central_subsidy_share_pct", Num(40.00001)));
  EXPECT_THAT(r.reason, HasSubstr("实际到位资金中中央补助资金占比40.00001%，"
                                  "高于40%"));
}

TEST(Oldcomm2023, ReportSubmissionFalsifiedIsZero) {
  const Facts good = {{"submitted_on_time", Flag(true)},
                      {"report_complete", Flag(true)},
                      {"falsified", Flag(false)}};
  EXPECT_EQ(Pts("report_submission", good), 500);
  EXPECT_EQ(
      Pts("report_submission", With(good, "report_complete", Flag(false))),
      300);
  const IndicatorResult r =
      Score("report_submission", With(good, "falsified", Flag(true)));
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.reason, "存在弄虚作假情况，得0分");
  Facts unknown = good;
  unknown.erase("falsified");
  EXPECT_THAT(Score("report_submission", unknown).missing_facts,
              ElementsAre("falsified"));
}

Facts PlanDone() {  // the seed: 292 小区, 23011 户, 198.45 万m², 561 栋
  return {{"planned_communities", Num(292)},
          {"started_communities", Num(292)},
          {"planned_households", Num(23011)},
          {"started_households", Num(23011)},
          {"planned_area_10k_m2", Num(198.45)},
          {"started_area_10k_m2", Num(198.45)},
          {"planned_buildings", Num(561)},
          {"started_buildings", Num(561)}};
}

TEST(Oldcomm2023, PlanCompletionFourMeasures) {
  const IndicatorResult r = Score("plan_completion", PlanDone());
  EXPECT_EQ(r.score, 3000);
  EXPECT_THAT(r.reason, HasSubstr("计划改造建筑面积198.45万m²，实际开工建筑面积"
                                  "198.45万m²，建筑面积完成率100.0%，得5分"));
  // 290/292 = 99.32 %: under one point short, no deduction.
  EXPECT_EQ(
      Pts("plan_completion", With(PlanDone(), "started_communities", Num(290))),
      3000);
  // 22000/23011 = 95.61 %: 4 full points short → 10 − 4.
  EXPECT_EQ(Pts("plan_completion",
                With(PlanDone(), "started_households", Num(22000))),
            2600);
  // 150/198.45 = 75.6 %: the area part bottoms out at 0 of 5.
  EXPECT_EQ(
      Pts("plan_completion", With(PlanDone(), "started_area_10k_m2", Num(150))),
      2500);
}

Facts NoPlan() {
  return {{"planned_communities", Num(0)},
          {"planned_households", Num(0)},
          {"planned_area_10k_m2", Num(0)},
          {"planned_buildings", Num(0)}};
}

TEST(Oldcomm2023, PlanCompletionWithoutAnyPlan) {
  // All four plans 0: the year has no plan, 25 as for shanty (assumed).
  const IndicatorResult r = Score("plan_completion", NoPlan());
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 2500);
  EXPECT_EQ(r.reason, "年度无城镇老旧小区改造计划任务，得25分");
  EXPECT_EQ(
      Pts("plan_completion", With(NoPlan(), "started_buildings", Num(12))),
      2500);
}

TEST(Oldcomm2023, PlanCompletionZeroCommunitiesIsNotAYearWithoutAPlan) {
  // 0 communities planned, but households, area and buildings are planned
  // and nothing started: 10 (nothing planned) + 0 + 0 + 0, not 25.
  Facts facts = PlanDone();
  facts["planned_communities"] = Num(0);
  facts["started_communities"] = Num(0);
  facts["started_households"] = Num(0);
  facts["started_area_10k_m2"] = Num(0);
  facts["started_buildings"] = Num(0);
  const IndicatorResult r = Score("plan_completion", facts);
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 1000);
  EXPECT_THAT(r.reason, HasSubstr("计划改造小区0个，实际开工小区0个，"
                                  "该项无改造计划，得10分"));
  // One plan of 0 alone does not say the others are 0.
  const IndicatorResult unknown =
      Score("plan_completion", {{"planned_communities", Num(0)}});
  EXPECT_FALSE(unknown.scorable);
  EXPECT_THAT(unknown.missing_facts,
              ElementsAre("planned_households", "planned_area_10k_m2",
                          "planned_buildings", "started_households",
                          "started_area_10k_m2", "started_buildings"));
}

TEST(Oldcomm2023, PlanCompletionMeasureWithNothingPlannedScoresItsPoints) {
  // Each measure alone at a plan of 0: its full points (assumed), so the
  // indicator stays at 30 when the others are met.
  for (const char* planned : {"planned_communities", "planned_households",
                              "planned_area_10k_m2", "planned_buildings"}) {
    const IndicatorResult r =
        Score("plan_completion", With(PlanDone(), planned, Num(0)));
    EXPECT_TRUE(r.scorable) << planned << ": " << r.reason;
    EXPECT_EQ(r.score, 3000) << planned;
    EXPECT_THAT(r.missing_facts, IsEmpty()) << planned;
  }
  const IndicatorResult r = Score(
      "plan_completion", With(With(PlanDone(), "planned_area_10k_m2", Num(0)),
                              "started_area_10k_m2", Num(3)));
  EXPECT_EQ(r.score, 3000);
  EXPECT_THAT(r.reason, HasSubstr("计划改造建筑面积0万m²，实际开工建筑面积"
                                  "3万m²，该项无改造计划，得5分"));
  // Nothing planned needs no started figure.
  Facts facts = With(PlanDone(), "planned_households", Num(0));
  facts.erase("started_households");
  EXPECT_EQ(Pts("plan_completion", facts), 3000);
  // Households at 0 plan, buildings half started: 30 − 5.
  EXPECT_EQ(Pts("plan_completion",
                With(With(PlanDone(), "planned_households", Num(0)),
                     "started_buildings", Num(280))),
            2500);
}

TEST(Oldcomm2023, PlanCompletionMissingPlanIsNamed) {
  Facts facts = PlanDone();
  facts.erase("planned_area_10k_m2");
  const IndicatorResult r = Score("plan_completion", facts);
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("planned_area_10k_m2"));
}

TEST(Oldcomm2023, ResidentParticipation) {
  const Facts all = {{"party_org_share_pct", Num(60)},
                     {"owners_committee_share_pct", Num(60)},
                     {"plan_approved_share_pct", Num(100)},
                     {"online_voting", Flag(true)}};
  EXPECT_EQ(Pts("resident_participation", all), 500);
  EXPECT_EQ(
      Pts("resident_participation", With(all, "party_org_share_pct", Num(30))),
      450);
  EXPECT_EQ(Pts("resident_participation",
                With(all, "plan_approved_share_pct", Num(95))),
            490);
}

Facts Content(double upgrade, double district) {
  return {{"basic_items_share_pct", Num(100)},
          {"improvement_items_share_pct", Num(85)},
          {"upgrade_items_share_pct", Num(upgrade)},
          {"district_level_share_pct", Num(district)},
          {"contiguous_share_pct", Num(50)}};
}

TEST(Oldcomm2023, RenovationContentBestOfUpgradeOrDistrict) {
  EXPECT_EQ(Pts("renovation_content", Content(85, 0)), 1000);
  EXPECT_EQ(Pts("renovation_content", Content(0, 60)), 1000);
  EXPECT_EQ(Pts("renovation_content", Content(42.5, 60)), 1000);
  EXPECT_EQ(Pts("renovation_content", Content(42.5, 30)), 900);  // 1 vs 1
  EXPECT_EQ(Pts("renovation_content", Content(42.5, 45)), 950);  // 1 vs 1.5
  // 85 % already gives the most: the district figure is not needed.
  Facts facts = Content(85, 0);
  facts.erase("district_level_share_pct");
  EXPECT_EQ(Pts("renovation_content", facts), 1000);
  // 42.5 % gives 1 of 2: the district figure might give more.
  facts = Content(42.5, 0);
  facts.erase("district_level_share_pct");
  IndicatorResult r = Score("renovation_content", facts);
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("district_level_share_pct"));
  facts.erase("upgrade_items_share_pct");
  r = Score("renovation_content", facts);
  EXPECT_THAT(r.missing_facts, ElementsAre("upgrade_items_share_pct",
                                           "district_level_share_pct"));
  EXPECT_THAT(r.reason, HasSubstr("(upgrade_items_share_pct)，或"));
}

TEST(Oldcomm2023, QualitySafetyAndLongTermManagement) {
  EXPECT_EQ(
      Pts("quality_safety", {{"quality_supervision_mechanism", Flag(true)},
                             {"casualty_accident", Flag(false)}}),
      400);
  EXPECT_EQ(
      Pts("quality_safety", {{"quality_supervision_mechanism", Flag(true)},
                             {"casualty_accident", Flag(true)}}),
      0);
  EXPECT_EQ(Pts("long_term_management",
                {{"utility_assets_transferred", Flag(true)},
                 {"maintenance_fund_mechanism", Flag(false)}}),
            200);
}

TEST(Oldcomm2023, SupportingPoliciesIsJudged) {
  EXPECT_EQ(
      Pts("supporting_policies", {},
          {{"oldcomm.supporting_policies",
            Self(1.5, "出台了部分配套政策", "赤工改办字〔2022〕13号.pdf")}}),
      150);
  EXPECT_FALSE(Score("supporting_policies", {}).scorable);
}

TEST(Oldcomm2023, SatisfactionAsRental) {
  EXPECT_EQ(Pts("satisfaction", {{"satisfaction_pct", Num(85)},
                                 {"unhandled_petitions", Num(0)}}),
            500);
  EXPECT_EQ(Pts("satisfaction", {{"satisfaction_pct", Num(78.5)},
                                 {"unhandled_petitions", Num(1)}}),
            300);
}

TEST(Oldcomm2023, BonusNeedsEvidence) {
  const std::string id = "oldcomm.bonus.bond_financing";
  IndicatorResult r =
      ScoreOne(Rubric2023("oldcomm"), id, {{"bond_financing", Flag(true)}},
               {{id, Self(1, "喀喇沁旗一般债券900万元")}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 100);
  // Not claimed: 0, no evidence needed.
  r = ScoreOne(Rubric2023("oldcomm"), id, {{"bond_financing", Flag(false)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.reason, "争取政府债券用于老旧小区改造：否，不得分");
}

TEST(Oldcomm2023, BonusClaimedWithoutEvidenceScoresZero) {
  const std::string id = "oldcomm.bonus.bond_financing";
  IndicatorResult r =
      ScoreOne(Rubric2023("oldcomm"), id, {{"bond_financing", Flag(true)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.missing_facts, IsEmpty());
  EXPECT_EQ(r.reason,
            "争取政府债券用于老旧小区改造：是，得1分；未提供佐证材料，"
            "不予加分，计0分（佐证材料：self_scores[\"oldcomm.bonus."
            "bond_financing\"].evidence）");
  // A self-score of 1 without evidence: computed 0, the difference shown.
  r = ScoreOne(Rubric2023("oldcomm"), id, {{"bond_financing", Flag(true)}},
               {{id, Self(1, "已争取", "")}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.difference, 100);
}

TEST(Oldcomm2023, BonusWithoutEvidenceNeedsNoClaimFlag) {
  // No evidence: 0 whether claimed or not, so the flag is not needed.
  const std::string id = "oldcomm.bonus.early_start";
  IndicatorResult r = ScoreOne(Rubric2023("oldcomm"), id, {});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.reason, HasSubstr("未提供佐证材料，不予加分，计0分"));
  // With evidence the claim itself is needed.
  r = ScoreOne(Rubric2023("oldcomm"), id, {},
               {{id, Self(3, "5月底前全部开工")}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("all_started_by_may_end"));
}

}  // namespace
}  // namespace anju::scoring
