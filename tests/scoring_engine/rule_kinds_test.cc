// Rule kinds and options the 2023 rubrics do not exercise, on a scratch
// rubric: proportional step mode, a rate with a percentage fallback and a
// zero denominator, `any` conditions with unknown facts, a flag that counts
// when false, bands with a floor band, an upper-bound target.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/engine/engine.h"
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

constexpr char kKinds[] = R"(programme: k
year: 2023
version: "t"
title: 规则类型
source: 测试
levels:
  - {name: 甲, points: 100}
facts:
  - {name: rate_pct, type: percent, label: 执行率}
  - {name: planned, type: count, label: 计划, unit: 套, range: [0, 1000000]}
  - {name: done, type: count, label: 完成, unit: 套, range: [0, 1000000]}
  - {name: done_pct, type: percent, label: 完成比例}
  - {name: a, type: flag, label: 条件甲}
  - {name: b, type: flag, label: 条件乙}
  - {name: share_pct, type: percent, label: 占比}
indicators:
  - id: k.steps
    level1: 甲
    name: 按比例扣分
    points: 10
    criterion: 每低5个百分点扣1分，按比例
    rule: {kind: full_steps, points: 10, target: 100, step: 5, per_step: 1, mode: proportional, rate: {pct: rate_pct}}
  - id: k.fallback
    level1: 甲
    name: 完成率
    points: 20
    criterion: 每低1个百分点扣1分
    rule: {kind: full_steps, points: 20, target: 100, step: 1, per_step: 1, rate: {actual: done, planned: planned, pct: done_pct, label: 完成率}}
  - id: k.any
    level1: 甲
    name: 任一否决
    points: 10
    criterion: 甲或乙则不得分；甲为否得10分
    vetoes:
      - when: {any: [{fact: a, is: true}, {fact: b, is: true}]}
        reason: 出现甲或乙
    rule: {kind: check, fact: a, is: false, points: 10}
  - id: k.upper
    level1: 甲
    name: 上限
    points: 30
    criterion: 占比40%及以下得30分，超过按比例
    rule: {kind: proportional, points: 30, target: 40, bound: upper, rate: {pct: share_pct}}
  - id: k.bands
    level1: 甲
    name: 保底档
    points: 30
    criterion: 50%以上30分，其余1分
    rule: {kind: bands, rate: {pct: rate_pct}, bands: [{min: 50, points: 30}, {min: 0, points: 1}]}
)";

class RuleKinds : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Rubric> rubric = LoadYaml(kKinds);
    ASSERT_TRUE(rubric.ok()) << rubric.status();
    rubric_ = *std::move(rubric);
  }
  IndicatorResult Score(const std::string& id, const Facts& facts) {
    return ScoreOne(rubric_, "k." + id, facts);
  }
  Points Pts(const std::string& id, const Facts& facts) {
    const IndicatorResult r = Score(id, facts);
    EXPECT_TRUE(r.scorable) << id << ": " << r.reason;
    return r.scorable ? r.score : -1;
  }
  Rubric rubric_;
};

TEST_F(RuleKinds, ProportionalStepMode) {
  EXPECT_EQ(Pts("steps", {{"rate_pct", Num(100)}}), 1000);
  EXPECT_EQ(Pts("steps", {{"rate_pct", Num(97.5)}}), 950);
  EXPECT_EQ(Pts("steps", {{"rate_pct", Num(95)}}), 900);
  EXPECT_EQ(Pts("steps", {{"rate_pct", Num(91)}}), 820);
  EXPECT_EQ(Pts("steps", {{"rate_pct", Num(0)}}), 0);  // 20 steps, capped
  EXPECT_EQ(Score("steps", {{"rate_pct", Num(97.5)}}).reason,
            "执行率97.5%，低于100%共2.5个百分点，扣0.5分，得9.5分");
}

TEST_F(RuleKinds, CountsWinOverThePercentage) {
  EXPECT_EQ(
      Pts("fallback",
          {{"planned", Num(100)}, {"done", Num(90)}, {"done_pct", Num(100)}}),
      1000);
  EXPECT_EQ(Pts("fallback", {{"done_pct", Num(95)}}), 1500);
  EXPECT_EQ(Score("fallback", {{"done_pct", Num(95)}}).reason,
            "完成比例95.0%，低于100%共5.0个百分点，扣5分，得15分");
}

TEST_F(RuleKinds, ZeroDenominatorFallsBackOrIsNotScorable) {
  EXPECT_EQ(Pts("fallback",
                {{"planned", Num(0)}, {"done", Num(0)}, {"done_pct", Num(90)}}),
            1000);
  const IndicatorResult r =
      Score("fallback", {{"planned", Num(0)}, {"done", Num(5)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, IsEmpty());
  EXPECT_THAT(r.reason, HasSubstr("计划为0，无法计算完成率"));
}

TEST_F(RuleKinds, RateMissingNamesCountsOrPercentage) {
  const IndicatorResult r = Score("fallback", {});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("planned", "done", "done_pct"));
  EXPECT_THAT(r.reason,
              HasSubstr("计划(planned)、完成(done)，或完成比例(done_pct)"));
}

TEST_F(RuleKinds, AnyConditionWithUnknowns) {
  EXPECT_EQ(Pts("any", {{"a", Flag(false)}, {"b", Flag(false)}}), 1000);
  EXPECT_EQ(Pts("any", {{"a", Flag(false)}, {"b", Flag(true)}}), 0);
  // One true leaf decides `any`: b is not needed.
  EXPECT_EQ(Pts("any", {{"a", Flag(true)}}), 0);
  // a is false, b unknown: the veto may apply, so 0 or 10 — not scorable.
  const IndicatorResult r = Score("any", {{"a", Flag(false)}});
  EXPECT_FALSE(r.scorable);
  EXPECT_THAT(r.missing_facts, ElementsAre("b"));
}

TEST_F(RuleKinds, UpperBoundTarget) {
  EXPECT_EQ(Pts("upper", {{"share_pct", Num(0)}}), 3000);
  EXPECT_EQ(Pts("upper", {{"share_pct", Num(40)}}), 3000);
  EXPECT_EQ(Pts("upper", {{"share_pct", Num(40.01)}}), 2999);  // 29.9925
  EXPECT_EQ(Pts("upper", {{"share_pct", Num(60)}}), 2000);
  EXPECT_EQ(Pts("upper", {{"share_pct", Num(100)}}), 1200);
}

TEST_F(RuleKinds, BandsWithAFloorBand) {
  EXPECT_EQ(Pts("bands", {{"rate_pct", Num(50)}}), 3000);
  EXPECT_EQ(Pts("bands", {{"rate_pct", Num(49.99)}}), 100);
  EXPECT_EQ(Pts("bands", {{"rate_pct", Num(0)}}), 100);
  EXPECT_EQ(Score("bands", {{"rate_pct", Num(20)}}).reason,
            "执行率20.0%，在0%至50%之间，得1分");
  EXPECT_FALSE(Score("bands", {}).scorable);
}

}  // namespace
}  // namespace anju::scoring
