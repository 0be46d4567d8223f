// rubrics/2023/shanty.yaml indicator by indicator; expected values are
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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

IndicatorResult Score(const std::string& id, const Facts& facts) {
  return ScoreOne(Rubric2023("shanty"), "shanty." + id, facts);
}

Points Pts(const std::string& id, const Facts& facts) {
  const IndicatorResult r = Score(id, facts);
  EXPECT_TRUE(r.scorable) << id << ": " << r.reason;
  return r.scorable ? r.score : -1;
}

Facts Plan(double planned, double started) {
  return {{"shanty_planned_units", Num(planned)},
          {"shanty_started_units", Num(started)}};
}

TEST(Shanty2023, PlanCompletion) {
  const IndicatorResult r = Score("plan_completion", Plan(2198, 2198));
  EXPECT_EQ(r.score, 3000);
  EXPECT_EQ(r.reason, "计划开工2198套，实际开工2198套，完成率100.0%，得30分");
  EXPECT_EQ(Pts("plan_completion", Plan(2198, 2300)), 3000);  // over 100 %
  EXPECT_EQ(Pts("plan_completion", Plan(100, 99)), 2900);
  EXPECT_EQ(Pts("plan_completion", Plan(200, 197)), 2900);  // 98.5: 1 step
  EXPECT_EQ(Pts("plan_completion", Plan(100, 71)), 100);
  EXPECT_EQ(Pts("plan_completion", Plan(100, 1)), 0);  // at most 30
}

TEST(Shanty2023, NoPlanGets25WithoutAStartedCount) {
  const IndicatorResult r =
      Score("plan_completion", {{"shanty_planned_units", Num(0)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 2500);
  EXPECT_EQ(r.reason, "年度无城市棚户区改造年度工作计划任务，得25分");
}

Facts Allocation(double deliverable, double allocated) {
  return {{"project_list_provided", Flag(true)},
          {"deliverable_units", Num(deliverable)},
          {"allocated_units", Num(allocated)}};
}

Facts AllocationPct(double pct) {
  return {{"project_list_provided", Flag(true)},
          {"allocation_rate_pct", Num(pct)}};
}

TEST(Shanty2023, AllocationRateAt60) {
  EXPECT_EQ(Pts("allocation_rate", Allocation(100, 100)), 2000);
  EXPECT_EQ(Pts("allocation_rate", Allocation(100, 60)), 2000);
  EXPECT_EQ(Pts("allocation_rate", Allocation(200, 119)), 2000);  // 59.5
  EXPECT_EQ(Pts("allocation_rate", Allocation(100, 59)), 1900);
  EXPECT_EQ(Pts("allocation_rate", Allocation(100, 45)), 500);
  EXPECT_EQ(Pts("allocation_rate", Allocation(100, 30)), 0);  // at most 20
  EXPECT_EQ(Pts("allocation_rate", AllocationPct(91.4)), 2000);
  EXPECT_EQ(Pts("allocation_rate", AllocationPct(59)), 1900);
  const IndicatorResult r = Score("allocation_rate", Allocation(500, 457));
  EXPECT_EQ(r.reason,
            "当年达到交付使用条件的安置住房500套，已分配457套，分配率91.4%，"
            "得20分");
}

TEST(Shanty2023, AllocationRatePrefersCountsOverThePercentage) {
  Facts facts = Allocation(100, 50);
  facts["allocation_rate_pct"] = Num(91.4);
  EXPECT_EQ(Pts("allocation_rate", facts), 1000);
}

TEST(Shanty2023, AllocationRateVetoAndExemption) {
  EXPECT_EQ(Pts("allocation_rate", {{"project_list_provided", Flag(false)}}),
            0);
  const IndicatorResult r = Score(
      "allocation_rate",
      {{"project_list_provided", Flag(true)}, {"deliverable_units", Num(0)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 2000);
  EXPECT_EQ(r.reason,
            "当年达到交付使用条件的安置住房0套，无可分配的安置住房，得20分");
  // The list is required even when nothing was deliverable.
  const IndicatorResult no_list =
      Score("allocation_rate", {{"deliverable_units", Num(0)}});
  EXPECT_FALSE(no_list.scorable);
  EXPECT_THAT(no_list.missing_facts, ElementsAre("project_list_provided"));
}

TEST(Shanty2023, AllocationRateFromThePercentageNeedsNoCounts) {
  // "Nothing deliverable" is the zero plan of the count form (the rate's
  // zero_planned): a rate sent as a percentage is scored without counts.
  IndicatorResult r = Score("allocation_rate", AllocationPct(59));
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 1900);
  EXPECT_THAT(r.missing_facts, IsEmpty());
  EXPECT_EQ(r.reason,
            "安置住房分配率59.0%，低于60%共1.0个百分点，扣1分，得19分");
  // Counts that say nothing was deliverable still win over a percentage.
  Facts facts = Allocation(0, 0);
  facts["allocation_rate_pct"] = Num(30);
  EXPECT_EQ(Pts("allocation_rate", facts), 2000);
}

TEST(Shanty2023, AllocationRateNamesBothWaysToSendIt) {
  const IndicatorResult r = Score(
      "allocation_rate",
      {{"project_list_provided", Flag(true)}, {"deliverable_units", Num(100)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts,
              ElementsAre("allocated_units", "allocation_rate_pct"));
  EXPECT_THAT(r.reason, HasSubstr("已分配(allocated_units)，或安置住房分配率("
                                  "allocation_rate_pct)"));
}

TEST(Shanty2023, BudgetExecutionOfTheSeed) {
  // 执行率偏低: a rate in (90, 95] loses one point of eight.
  EXPECT_EQ(Pts("budget_execution", {{"monitoring_mechanism", Flag(true)},
                                     {"budget_execution_rate_pct", Num(92)}}),
            900);
}

TEST(Shanty2023, SatisfactionWithoutAPlanNeedsRecentFigures) {
  // No plan and no satisfaction figure → 0; no petitions count needed.
  IndicatorResult r = Score("satisfaction", {{"shanty_planned_units", Num(0)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.reason, HasSubstr("未提供近年来棚改拆迁居民满意度，得0分"));
  EXPECT_EQ(Pts("satisfaction", {{"shanty_planned_units", Num(0)},
                                 {"satisfaction_pct", Num(99)},
                                 {"unhandled_petitions", Num(0)}}),
            500);
  // With a plan, a missing figure is missing, not zero.
  r = Score("satisfaction", {{"shanty_planned_units", Num(100)},
                             {"unhandled_petitions", Num(0)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("satisfaction_pct"));
  // The plan size is not needed once the figure is given.
  EXPECT_EQ(Pts("satisfaction", {{"satisfaction_pct", Num(78)},
                                 {"unhandled_petitions", Num(0)}}),
            300);
  r = Score("satisfaction", {});
  EXPECT_THAT(r.missing_facts,
              UnorderedElementsAre("shanty_planned_units", "satisfaction_pct",
                                   "unhandled_petitions"));
}

TEST(Shanty2023, ConstructionQualityVeto) {
  EXPECT_EQ(Pts("construction_quality", {{"casualty_accident", Flag(true)},
                                         {"quality_issues", Num(0)}}),
            0);
  EXPECT_EQ(Pts("construction_quality", {{"casualty_accident", Flag(false)},
                                         {"quality_issues", Num(1)}}),
            400);
}

}  // namespace
}  // namespace anju::scoring
