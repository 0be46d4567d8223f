// Vetoes, exemptions and zero plans when facts are missing, on a scratch
// rubric: a condition whose fact was not sent is not guessed (the indicator
// is not scorable, naming the fact) unless the score is the same either way;
// a rate's `zero_planned` needs the planned count only when the rate is
// computed from counts; a not-scorable indicator always says why.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/engine/engine.h"
#include "services/scoring/engine/rubric.h"
#include "tests/scoring_engine/engine_test_util.h"

namespace anju::scoring {
namespace {

using ::anju::scoring::testing::Flag;
using ::anju::scoring::testing::LoadYaml;
using ::anju::scoring::testing::Num;
using ::anju::scoring::testing::ScoreOne;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kConditions[] = R"(programme: g
year: 2023
version: "t"
title: 条件
source: 测试
levels:
  - {name: 甲, points: 100}
facts:
  - {name: no_task, type: flag, label: 无任务}
  - {name: done_flag, type: flag, label: 已完成}
  - {name: accident, type: flag, label: 发生事故}
  - {name: planned, type: count, label: 计划, unit: 套, range: [0, 1000000]}
  - {name: done, type: count, label: 完成, unit: 套, range: [0, 1000000]}
  - {name: done_pct, type: percent, label: 完成比例}
indicators:
  - id: g.full
    level1: 甲
    name: 无任务得满分
    points: 10
    criterion: 无任务得10分；否则已完成得10分
    exemptions:
      - when: {fact: no_task, is: true}
        points: 10
        reason: 无任务
    rule: {kind: check, fact: done_flag, points: 10}
  - id: g.partial
    level1: 甲
    name: 无任务得6分
    points: 10
    criterion: 无任务得6分；否则已完成得10分；发生事故不得分
    vetoes:
      - when: {fact: accident, is: true}
        reason: 发生事故
    exemptions:
      - when: {fact: no_task, is: true}
        points: 6
        reason: 无任务
    rule: {kind: check, fact: done_flag, points: 10}
  - id: g.steps
    level1: 甲
    name: 完成率
    points: 20
    criterion: 每低1个百分点扣1分；无计划得15分
    rule: {kind: full_steps, points: 20, target: 100, step: 1, per_step: 1, rate: {actual: done, planned: planned, pct: done_pct, label: 完成率, zero_planned: {points: 15, reason: 无计划}}}
  - id: g.prop
    level1: 甲
    name: 按比例
    points: 30
    criterion: 达到80%得30分，按比例；无计划得30分
    rule: {kind: proportional, points: 30, target: 80, rate: {actual: done, planned: planned, label: 完成率, zero_planned: {points: 30, reason: 无计划}}}
  - id: g.bands
    level1: 甲
    name: 分档
    points: 30
    criterion: 50%以上30分，其余20分；无计划得10分
    rule: {kind: bands, rate: {actual: done, planned: planned, label: 完成率, zero_planned: {points: 10, reason: 无计划}}, bands: [{min: 50, points: 30}, {min: 0, points: 20}]}
)";

class Conditions : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Rubric> rubric = LoadYaml(kConditions);
    ASSERT_TRUE(rubric.ok()) << rubric.status();
    rubric_ = *std::move(rubric);
  }
  IndicatorResult Score(const std::string& id, const Facts& facts) {
    return ScoreOne(rubric_, "g." + id, facts);
  }
  Points Pts(const std::string& id, const Facts& facts) {
    const IndicatorResult r = Score(id, facts);
    EXPECT_TRUE(r.scorable) << id << ": " << r.reason;
    return r.scorable ? r.score : -1;
  }
  Rubric rubric_;
};

TEST_F(Conditions, AMissingExemptionFactIsNotTakenAsFalse) {
  // Not done: 0 with a task, 6 without one. The flag decides: not scorable.
  const IndicatorResult r =
      Score("partial", {{"accident", Flag(false)}, {"done_flag", Flag(false)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_EQ(r.score, 0);
  EXPECT_THAT(r.missing_facts, ElementsAre("no_task"));
  EXPECT_EQ(r.reason, "无法评分，缺少：无任务(no_task)");
}

TEST_F(Conditions, AMissingExemptionFactIsNotNeededWhenTheScoreIsTheSame) {
  // Done: 10 with a task; the exemption would give 10 as well.
  const IndicatorResult r = Score("full", {{"done_flag", Flag(true)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 1000);
  EXPECT_EQ(r.reason, "已完成：是，得10分");
  EXPECT_THAT(r.missing_facts, IsEmpty());
}

TEST_F(Conditions, ExemptionAndRuleFactsAreAllNamed) {
  IndicatorResult r = Score("full", {});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("no_task", "done_flag"));
  EXPECT_EQ(r.reason, "无法评分，缺少：无任务(no_task)、已完成(done_flag)");
  // The veto's fact, then the exemption's.
  r = Score("partial", {{"done_flag", Flag(true)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("accident", "no_task"));
}

TEST_F(Conditions, AnExemptionThatHoldsNeedsNothingElse) {
  const IndicatorResult r =
      Score("partial", {{"accident", Flag(false)}, {"no_task", Flag(true)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 600);
  EXPECT_EQ(r.reason, "无任务，得6分");
  // A veto that may hold still matters: 0 or 6.
  EXPECT_FALSE(Score("partial", {{"no_task", Flag(true)}}).scorable);
  EXPECT_EQ(Pts("partial", {{"accident", Flag(true)}}), 0);
}

TEST_F(Conditions, ZeroPlannedScoresTheCountForm) {
  IndicatorResult r = Score("steps", {{"planned", Num(0)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 1500);
  EXPECT_EQ(r.reason, "计划0套，无计划，得15分");
  r = Score("steps", {{"planned", Num(0)}, {"done", Num(5)}});
  EXPECT_EQ(r.score, 1500);
  EXPECT_EQ(r.reason, "计划0套，完成5套，无计划，得15分");
  // Counts win over the percentage, a zero plan included.
  EXPECT_EQ(Pts("steps", {{"planned", Num(0)}, {"done_pct", Num(90)}}), 1500);
  EXPECT_EQ(Pts("prop", {{"planned", Num(0)}, {"done", Num(0)}}), 3000);
  EXPECT_EQ(Pts("bands", {{"planned", Num(0)}}), 1000);
}

TEST_F(Conditions, ZeroPlannedNeedsNoCountsWhenThePercentageIsSent) {
  const IndicatorResult r = Score("steps", {{"done_pct", Num(90)}});
  EXPECT_TRUE(r.scorable);
  EXPECT_EQ(r.score, 1000);
  EXPECT_THAT(r.missing_facts, IsEmpty());
}

TEST_F(Conditions, ZeroPlannedWidensWhatAMissingPlanCanScore) {
  // Bands of 30 and 20 points, or 10 with nothing planned: a missing plan
  // leaves 10–30, not 20–30.
  IndicatorResult r = Score("bands", {{"done", Num(5)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("planned"));
  r = Score("steps", {});
  EXPECT_THAT(r.missing_facts, ElementsAre("planned", "done", "done_pct"));
}

TEST_F(Conditions, NotScorableAlwaysSaysWhy) {
  for (const Facts& facts :
       {Facts{}, Facts{{"planned", Num(3)}}, Facts{{"done", Num(3)}},
        Facts{{"no_task", Flag(false)}}, Facts{{"accident", Flag(false)}}}) {
    const absl::StatusOr<Evaluation> ev = Evaluate(rubric_, facts, {});
    ASSERT_TRUE(ev.ok()) << ev.status();
    for (const IndicatorResult& r : ev->indicators) {
      if (r.scorable) continue;
      EXPECT_THAT(r.reason, StartsWith("无法评分，缺少：")) << r.indicator->id;
      EXPECT_THAT(r.missing_facts, Not(IsEmpty())) << r.indicator->id;
    }
  }
}

TEST(NotScorable, WithNothingToAskForTheReasonSaysWhy) {
  // A rule with no zero-plan rule and no percentage: a plan of 0 cannot be
  // rated and no fact can change that. The reason says so.
  const absl::StatusOr<Rubric> rubric = LoadYaml(R"(programme: z
year: 2023
version: "t"
title: 零
source: 测试
levels:
  - {name: 甲, points: 100}
facts:
  - {name: planned, type: count, label: 计划, unit: 套, range: [0, 1000]}
  - {name: done, type: count, label: 完成, unit: 套, range: [0, 1000]}
indicators:
  - id: z.rate
    level1: 甲
    name: 完成率
    points: 100
    criterion: 每低1个百分点扣1分
    rule: {kind: full_steps, points: 100, target: 100, step: 1, per_step: 1, rate: {actual: done, planned: planned, label: 完成率}}
)");
  ASSERT_TRUE(rubric.ok()) << rubric.status();
  const IndicatorResult r =
      ScoreOne(*rubric, "z.rate", {{"planned", Num(0)}, {"done", Num(2)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, IsEmpty());
  EXPECT_EQ(r.reason,
            "无法评分；计划为0，无法计算完成率，评分标准未规定此情形");
}

}  // namespace
}  // namespace anju::scoring
