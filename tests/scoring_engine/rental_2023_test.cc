// rubrics/2023/rental.yaml indicator by indicator. Every expected score is
// computed by hand from rubrics-2023.md, not taken from the engine.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/engine/engine.h"
#include "tests/scoring_engine/engine_test_util.h"

namespace anju::scoring {
namespace {

using ::anju::scoring::testing::Flag;
using ::anju::scoring::testing::Num;
using ::anju::scoring::testing::P;
using ::anju::scoring::testing::Rubric2023;
using ::anju::scoring::testing::ScoreOne;
using ::anju::scoring::testing::Self;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

IndicatorResult Score(const std::string& id, const Facts& facts,
                      const SelfScores& self = {}) {
  return ScoreOne(Rubric2023("rental"), "rental." + id, facts, self);
}

// The score of a scorable indicator, in hundredths (-1 if not scorable).
Points Pts(const std::string& id, const Facts& facts) {
  const IndicatorResult r = Score(id, facts);
  EXPECT_TRUE(r.scorable) << id << ": " << r.reason;
  return r.scorable ? r.score : -1;
}

TEST(Rental2023, FundRaisingIsJudged) {
  IndicatorResult r = Score("fund_raising", {});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts,
              ElementsAre("self_scores[\"rental.fund_raising\"].score",
                          "self_scores[\"rental.fund_raising\"].reason",
                          "self_scores[\"rental.fund_raising\"].evidence"));

  r = Score("fund_raising", {},
            {{"rental.fund_raising", Self(4, "有配套", "")}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts,
              ElementsAre("self_scores[\"rental.fund_raising\"].evidence"));
  EXPECT_THAT(r.reason, HasSubstr("佐证材料"));

  r = Score("fund_raising", {},
            {{"rental.fund_raising", Self(4.5, "相关旗县区配套安排了资金")}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 450);
  EXPECT_THAT(r.reason, HasSubstr("相关旗县区配套安排了资金"));
  EXPECT_EQ(r.difference, 0);
}

TEST(Rental2023, FundAllocationChecklist) {
  EXPECT_EQ(Pts("fund_allocation", {{"fund_rules_established", Flag(true)},
                                    {"funds_allocated_on_time", Flag(true)}}),
            500);
  EXPECT_EQ(Pts("fund_allocation", {{"fund_rules_established", Flag(false)},
                                    {"funds_allocated_on_time", Flag(true)}}),
            300);
  EXPECT_EQ(Pts("fund_allocation", {{"fund_rules_established", Flag(true)},
                                    {"funds_allocated_on_time", Flag(false)}}),
            200);
  const IndicatorResult r =
      Score("fund_allocation", {{"fund_rules_established", Flag(false)},
                                {"funds_allocated_on_time", Flag(false)}});
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.reason, HasSubstr("资金管理办法健全规范：否，不得分"));
}

Facts Budget(double rate, bool mechanism = true) {
  return {{"monitoring_mechanism", Flag(mechanism)},
          {"budget_execution_rate_pct", Num(rate)}};
}

TEST(Rental2023, BudgetExecutionDeductsWholeStepsOfFivePoints) {
  EXPECT_EQ(Pts("budget_execution", Budget(100)), 1000);
  EXPECT_EQ(Pts("budget_execution", Budget(95.01)), 1000);  // 4.99 short
  EXPECT_EQ(Pts("budget_execution", Budget(95)), 900);      // one full step
  EXPECT_EQ(Pts("budget_execution", Budget(94.99)), 900);
  EXPECT_EQ(Pts("budget_execution", Budget(90.01)), 900);
  EXPECT_EQ(Pts("budget_execution", Budget(90)), 800);
  EXPECT_EQ(Pts("budget_execution", Budget(60)), 200);  // 8 steps: all 8
  EXPECT_EQ(Pts("budget_execution", Budget(0)), 200);   // capped at 8
  EXPECT_EQ(Pts("budget_execution", Budget(100, false)), 800);
}

TEST(Rental2023, BudgetExecutionReasonNamesTheFacts) {
  IndicatorResult r = Score("budget_execution", Budget(95));
  EXPECT_EQ(r.reason,
            "建立预算执行、绩效监控机制：是，得2分；"
            "预算执行率95.0%，低于100%共5.0个百分点，扣1分，得7分；合计9分");
  r = Score("budget_execution", Budget(96.5));
  EXPECT_THAT(r.reason, HasSubstr("预算执行率96.5%，低于100%共3.5个百分点，"
                                  "不足5个百分点，不扣分，得8分"));
}

TEST(Rental2023, FundUseDeductsPerViolationAndOnceForSevere) {
  auto facts = [](double violations, bool severe) {
    return Facts{{"violations", Num(violations)},
                 {"severe_violation", Flag(severe)}};
  };
  EXPECT_EQ(Pts("fund_use", facts(0, false)), 500);
  EXPECT_EQ(Pts("fund_use", facts(1, false)), 450);
  EXPECT_EQ(Pts("fund_use", facts(3, false)), 350);
  EXPECT_EQ(Pts("fund_use", facts(10, false)), 0);
  EXPECT_EQ(Pts("fund_use", facts(11, false)), 0);
  EXPECT_EQ(Pts("fund_use", facts(0, true)), 0);
  // 性质恶劣 → 0 whatever the count: the count is not needed.
  EXPECT_EQ(Pts("fund_use", {{"severe_violation", Flag(true)}}), 0);
  const IndicatorResult r = Score("fund_use", {{"violations", Num(0)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("severe_violation"));
}

TEST(Rental2023, ProjectReserve) {
  auto facts = [](bool a, bool b) {
    return Facts{{"reserve_established", Flag(a)},
                 {"reserve_archived_ranked_planned", Flag(b)}};
  };
  EXPECT_EQ(Pts("project_reserve", facts(true, true)), 1000);
  EXPECT_EQ(Pts("project_reserve", facts(true, false)), 400);
  EXPECT_EQ(Pts("project_reserve", facts(false, true)), 600);
  EXPECT_EQ(Pts("project_reserve", facts(false, false)), 0);
}

TEST(Rental2023, ReportSubmission) {
  EXPECT_EQ(Pts("report_submission", {{"submitted_on_time", Flag(true)},
                                      {"report_complete", Flag(true)}}),
            500);
  EXPECT_EQ(Pts("report_submission", {{"submitted_on_time", Flag(true)},
                                      {"report_complete", Flag(false)}}),
            300);
  IndicatorResult r =
      Score("report_submission", {{"submitted_on_time", Flag(false)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.reason, "无故不按时提交绩效评价报告，得0分");
  r = Score("report_submission", {{"submitted_on_time", Flag(true)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("report_complete"));
}

Facts Counts(const std::string& planned_name, double planned,
             const std::string& actual_name, double actual) {
  return {{planned_name, Num(planned)}, {actual_name, Num(actual)}};
}

TEST(Rental2023, AffordableRentalCompletion) {
  auto facts = [](double planned, double started) {
    return Counts("affordable_rental_planned_units", planned,
                  "affordable_rental_started_units", started);
  };
  IndicatorResult r = Score("affordable_rental_completion", facts(727, 727));
  EXPECT_EQ(r.score, 1000);
  EXPECT_EQ(r.reason,
            "计划建设保障性租赁住房727套，实际开工727套，完成率100.0%，得10分");
  EXPECT_EQ(Pts("affordable_rental_completion", facts(800, 1000)), 1000);
  EXPECT_EQ(Pts("affordable_rental_completion", facts(200, 199)),
            1000);  // 99.5
  EXPECT_EQ(Pts("affordable_rental_completion", facts(100, 95)), 500);
  EXPECT_EQ(Pts("affordable_rental_completion", facts(100, 80)), 0);
  // No plan → 10, and the started count is not needed.
  EXPECT_EQ(Pts("affordable_rental_completion",
                {{"affordable_rental_planned_units", Num(0)}}),
            1000);
}

TEST(Rental2023, PublicRentalNoPlanGetsSix) {
  const IndicatorResult r = Score("public_rental_completion",
                                  {{"public_rental_planned_units", Num(0)}});
  EXPECT_EQ(r.score, 600);
  EXPECT_EQ(r.reason, "未列入自治区新筹集公租房年度计划，得6分");
  auto facts = [](double planned, double done) {
    return Counts("public_rental_planned_units", planned,
                  "public_rental_completed_units", done);
  };
  EXPECT_EQ(Pts("public_rental_completion", facts(100, 100)), 800);
  EXPECT_EQ(Pts("public_rental_completion", facts(100, 97)), 500);
  EXPECT_EQ(Pts("public_rental_completion", facts(100, 0)), 0);
}

TEST(Rental2023, SubsidyCompletionMayExceed100) {
  auto facts = [](double planned, double issued) {
    return Counts("subsidy_planned_households", planned,
                  "subsidy_issued_households", issued);
  };
  const IndicatorResult r = Score("subsidy_completion", facts(2308, 2465));
  EXPECT_EQ(r.score, 500);
  EXPECT_EQ(r.reason,
            "计划发放租赁补贴2308户，实际发放2465户，完成率106.8%，得5分");
  // 2250 / 2308 = 97.49 %: 2.51 points short, 2 full steps.
  EXPECT_EQ(Pts("subsidy_completion", facts(2308, 2250)), 300);
  EXPECT_EQ(Pts("subsidy_completion", facts(0, 0)), 500);
}

TEST(Rental2023, LowIncomeCoverage) {
  auto facts = [](double approved, double guaranteed) {
    return Counts("low_income_approved_households", approved,
                  "low_income_guaranteed_households", guaranteed);
  };
  EXPECT_EQ(Pts("low_income_coverage", facts(120, 120)), 500);
  EXPECT_EQ(Pts("low_income_coverage", facts(100, 97)), 200);
  EXPECT_EQ(
      Pts("low_income_coverage", {{"low_income_approved_households", Num(0)}}),
      500);
}

Facts Target(double share, bool evidence, bool published = true) {
  return {{"target_published", Flag(published)},
          {"affordable_rental_share_pct", Num(share)},
          {"market_downturn_evidence", Flag(evidence)}};
}

TEST(Rental2023, DevelopmentTargetBands) {
  EXPECT_EQ(Pts("development_target", Target(45, false)), 700);
  EXPECT_EQ(Pts("development_target", Target(30, false)), 700);
  EXPECT_EQ(Pts("development_target", Target(29.99, false)), 500);
  EXPECT_EQ(Pts("development_target", Target(20, false)), 500);
  EXPECT_EQ(Pts("development_target", Target(19.99, false)), 300);
  EXPECT_EQ(Pts("development_target", Target(10, false)), 300);
  EXPECT_EQ(Pts("development_target", Target(9.99, false)), 0);
  EXPECT_EQ(Pts("development_target", Target(0, false)), 0);
}

TEST(Rental2023, DevelopmentTargetMarketDownturnGivesAtLeastFive) {
  EXPECT_EQ(Pts("development_target", Target(9.99, true)), 500);
  EXPECT_EQ(Pts("development_target", Target(25, true)), 500);
  EXPECT_EQ(Pts("development_target", Target(30, true)), 700);
  const IndicatorResult r = Score("development_target", Target(8, true));
  EXPECT_THAT(r.reason, HasSubstr("取较高者，得5分"));
  // Not published → 0, whatever else.
  EXPECT_EQ(Pts("development_target", Target(35, true, false)), 0);
}

TEST(Rental2023, DevelopmentTargetMissingAlternatives) {
  // Evidence gives 5 but the share could give 7: not scorable.
  IndicatorResult r =
      Score("development_target", {{"target_published", Flag(true)},
                                   {"market_downturn_evidence", Flag(true)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("affordable_rental_share_pct"));
  // 35 % already gives the most: the evidence cannot change it.
  EXPECT_EQ(
      Pts("development_target", {{"target_published", Flag(true)},
                                 {"affordable_rental_share_pct", Num(35)}}),
      700);
  r = Score("development_target", {{"target_published", Flag(true)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("affordable_rental_share_pct",
                                           "market_downturn_evidence"));
  EXPECT_THAT(r.reason, HasSubstr("，或"));
}

Facts Policy() {
  return {{"no_affordable_rental_task", Flag(false)},
          {"operating_rules_issued", Flag(true)},
          {"interdept_linkage", Flag(true)},
          {"unimplemented_support_projects", Num(0)},
          {"policies_reviewed", Flag(true)},
          {"eligible_projects_not_included", Num(0)},
          {"leadership_mechanism", Flag(true)},
          {"bank_financing_guidance", Flag(true)}};
}

Facts With(Facts facts, const std::string& name, FactValue value) {
  facts[name] = value;
  return facts;
}

TEST(Rental2023, PolicyImplementation) {
  EXPECT_EQ(Pts("policy_implementation", Policy()), 700);
  EXPECT_EQ(Pts("policy_implementation",
                With(Policy(), "interdept_linkage", Flag(false))),
            600);
  EXPECT_EQ(Pts("policy_implementation",
                With(Policy(), "unimplemented_support_projects", Num(3))),
            550);
  // (a) 2 − 1 − 1.5: its deductions stop at its 2 points.
  EXPECT_EQ(Pts("policy_implementation",
                With(With(Policy(), "unimplemented_support_projects", Num(3)),
                     "interdept_linkage", Flag(false))),
            500);
  EXPECT_EQ(Pts("policy_implementation",
                With(Policy(), "eligible_projects_not_included", Num(5))),
            500);
  EXPECT_EQ(Pts("policy_implementation",
                With(Policy(), "leadership_mechanism", Flag(false))),
            500);
  EXPECT_EQ(Pts("policy_implementation",
                With(Policy(), "bank_financing_guidance", Flag(false))),
            600);
  // No operating rules: part (a) is 0 whatever its deductions would be.
  Facts no_rules = With(Policy(), "operating_rules_issued", Flag(false));
  no_rules.erase("interdept_linkage");
  no_rules.erase("unimplemented_support_projects");
  EXPECT_EQ(Pts("policy_implementation", no_rules), 500);
}

TEST(Rental2023, PolicyImplementationWithoutATask) {
  const IndicatorResult r = Score("policy_implementation",
                                  {{"no_affordable_rental_task", Flag(true)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 700);
  EXPECT_EQ(r.reason, "截至评价年度无筹集建设保障性租赁住房计划任务，得7分");
}

TEST(Rental2023, PolicyImplementationNamesTheExemptionWhenNothingIsSent) {
  const IndicatorResult r = Score("policy_implementation", {});
  EXPECT_FALSE(r.scorable);
  EXPECT_EQ(r.missing_facts.size(), 8u);
  EXPECT_EQ(r.missing_facts.front(), "no_affordable_rental_task");
}

Facts Operation(double share) {
  return {{"no_affordable_rental_task", Flag(false)},
          {"enterprise_operated_share_pct", Num(share)},
          {"rental_service_platform", Flag(true)},
          {"quality_supervision_included", Flag(true)},
          {"entry_exit_standards", Flag(true)},
          {"anti_sale_measures", Flag(true)}};
}

TEST(Rental2023, OperationManagementBands) {
  EXPECT_EQ(Pts("operation_management", Operation(30)), 800);
  EXPECT_EQ(Pts("operation_management", Operation(29.99)), 700);
  EXPECT_EQ(Pts("operation_management", Operation(20)), 700);
  EXPECT_EQ(Pts("operation_management", Operation(19.99)), 600);
  EXPECT_EQ(Pts("operation_management", Operation(10)), 600);
  EXPECT_EQ(Pts("operation_management", Operation(9.99)), 400);
  EXPECT_EQ(Pts("operation_management",
                With(Operation(50), "rental_service_platform", Flag(false))),
            700);
  EXPECT_EQ(
      Pts("operation_management", {{"no_affordable_rental_task", Flag(true)}}),
      800);
}

TEST(Rental2023, MissingTaskFlagIsNotGuessed) {
  // The task branch gives 5 of 7; without a task it would be 7. The flag
  // was not sent: not scorable, naming it (it used to be taken as false).
  Facts policy = With(Policy(), "leadership_mechanism", Flag(false));
  policy.erase("no_affordable_rental_task");
  IndicatorResult r = Score("policy_implementation", policy);
  EXPECT_FALSE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.missing_facts, ElementsAre("no_affordable_rental_task"));
  EXPECT_EQ(r.reason,
            "无法评分，缺少：截至评价年度无筹集建设保障性租赁住房计划任务("
            "no_affordable_rental_task)");
  // Operation management: 3 + 4 = 7 with a task, 8 without.
  Facts operation = Operation(25);
  operation.erase("no_affordable_rental_task");
  r = Score("operation_management", operation);
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("no_affordable_rental_task"));
}

TEST(Rental2023, MissingTaskFlagDoesNotMatterAtFullMarks) {
  // Full marks with a task equal the no-task score: the flag cannot change
  // the result, so it is not needed.
  Facts policy = Policy();
  policy.erase("no_affordable_rental_task");
  IndicatorResult r = Score("policy_implementation", policy);
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 700);
  EXPECT_THAT(r.reason, HasSubstr("合计7分"));
  Facts operation = Operation(30);
  operation.erase("no_affordable_rental_task");
  EXPECT_EQ(Pts("operation_management", operation), 800);
}

TEST(Rental2023, ConstructionQuality) {
  auto facts = [](double issues) {
    return Facts{{"quality_issues", Num(issues)},
                 {"casualty_accident", Flag(false)}};
  };
  EXPECT_EQ(Pts("construction_quality", facts(0)), 500);
  EXPECT_EQ(Pts("construction_quality", facts(2)), 300);
  EXPECT_EQ(Pts("construction_quality", facts(7)), 0);
  IndicatorResult r =
      Score("construction_quality", {{"casualty_accident", Flag(true)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.reason, HasSubstr("人员伤亡安全事故，得0分"));
  // The veto's fact is never guessed.
  r = Score("construction_quality", {{"quality_issues", Num(0)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("casualty_accident"));
}

Facts Satisfaction(double pct, double petitions) {
  return {{"satisfaction_pct", Num(pct)},
          {"unhandled_petitions", Num(petitions)}};
}

TEST(Rental2023, SatisfactionAt80) {
  EXPECT_EQ(Pts("satisfaction", Satisfaction(97, 0)), 500);
  EXPECT_EQ(Pts("satisfaction", Satisfaction(80, 0)), 500);
  EXPECT_EQ(Pts("satisfaction", Satisfaction(79.99, 0)), 500);
  EXPECT_EQ(Pts("satisfaction", Satisfaction(79, 0)), 400);
  EXPECT_EQ(Pts("satisfaction", Satisfaction(77, 1)), 100);
  EXPECT_EQ(Pts("satisfaction", Satisfaction(75, 0)), 0);
  EXPECT_EQ(Pts("satisfaction", Satisfaction(60, 0)), 0);
  EXPECT_EQ(Pts("satisfaction", Satisfaction(90, 2)), 300);
  const IndicatorResult r = Score("satisfaction", Satisfaction(90, 6));
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.reason, HasSubstr("扣分以5分为限"));
  // Already at 0: the petitions cannot lower it further.
  EXPECT_EQ(Pts("satisfaction", {{"satisfaction_pct", Num(50)}}), 0);
}

TEST(Rental2023, RateJustBelowTheTargetIsNotPrintedAsTheTarget) {
  // 9999999 of 10000000 is 99.99999 %: it used to read
  // "完成率100.0%，低于100%共0.0个百分点".
  IndicatorResult r = Score("subsidy_completion",
                            {{"subsidy_planned_households", Num(10000000)},
                             {"subsidy_issued_households", Num(9999999)}});
  EXPECT_EQ(r.score, 500);
  EXPECT_EQ(r.reason,
            "计划发放租赁补贴10000000户，实际发放9999999户，完成率99.99999%，"
            "低于100%共0.00001个百分点，不足1个百分点，不扣分，得5分");
  // A percentage as sent, with 5-point steps.
  r = Score("budget_execution", {{"monitoring_mechanism", Flag(true)},
                                 {"budget_execution_rate_pct", Num(99.99999)}});
  EXPECT_EQ(r.score, 1000);
  EXPECT_THAT(r.reason, HasSubstr("预算执行率99.99999%，低于100%共0.00001个"
                                  "百分点，不足5个百分点，不扣分，得8分"));
  // Just short of a whole step: 1.99999 points short is one step, not
  // "2.0" short.
  r = Score("satisfaction", Satisfaction(78.00001, 0));
  EXPECT_EQ(r.score, 400);
  EXPECT_THAT(r.reason, HasSubstr("满意度78.00001%，低于80%共1.99999个百分点，"
                                  "扣1分，得4分"));
  // Just below a band edge.
  r = Score("operation_management", Operation(29.99999));
  EXPECT_EQ(r.score, 700);
  EXPECT_THAT(r.reason, HasSubstr("企业和其他机构参与运营公租房占比29.99999%，"
                                  "在20%至30%之间，得3分"));
  // Common rates keep their short form.
  r = Score("subsidy_completion", {{"subsidy_planned_households", Num(2308)},
                                   {"subsidy_issued_households", Num(2300)}});
  EXPECT_EQ(r.reason,
            "计划发放租赁补贴2308户，实际发放2300户，完成率99.65%，"
            "低于100%共0.35个百分点，不足1个百分点，不扣分，得5分");
}

TEST(Rental2023, MissingFactsAreNamed) {
  IndicatorResult r =
      Score("subsidy_completion", {{"subsidy_planned_households", Num(2308)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.missing_facts, ElementsAre("subsidy_issued_households"));
  EXPECT_THAT(r.reason, HasSubstr("subsidy_issued_households"));
  r = Score("subsidy_completion", {{"subsidy_planned_households", Num(0)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_THAT(r.missing_facts, IsEmpty());
}

}  // namespace
}  // namespace anju::scoring
