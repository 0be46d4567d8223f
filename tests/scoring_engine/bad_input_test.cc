// Bad input: every class gets INVALID_ARGUMENT naming the field and the rule
// broken, from ValidateInput and from Evaluate alike.

#include <cmath>
#include <limits>
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
using ::anju::scoring::testing::Self;
using ::testing::HasSubstr;

void ExpectInvalid(const std::string& programme, const Facts& facts,
                   const SelfScores& self,
                   std::initializer_list<std::string> fragments) {
  const Rubric& rubric = Rubric2023(programme);
  const absl::Status validated = ValidateInput(rubric, facts, self);
  EXPECT_EQ(validated.code(), absl::StatusCode::kInvalidArgument);
  for (const std::string& fragment : fragments) {
    EXPECT_THAT(std::string(validated.message()), HasSubstr(fragment));
  }
  const absl::StatusOr<Evaluation> ev = Evaluate(rubric, facts, self);
  EXPECT_EQ(ev.status(), validated) << "Evaluate must reject it the same way";
}

TEST(BadInput, PercentageAbove100) {
  const Rubric& rubric = Rubric2023("rental");
  const absl::Status status =
      ValidateInput(rubric, {{"budget_execution_rate_pct", Num(120)}}, {});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "facts[\"budget_execution_rate_pct\"]: 百分比须在0到100之间 (a "
            "percentage must be within 0–100), got 120");
}

TEST(BadInput, PercentageBelow0) {
  ExpectInvalid(
      "oldcomm", {{"central_subsidy_share_pct", Num(-0.5)}}, {},
      {"facts[\"central_subsidy_share_pct\"]: ", "within 0–100", "got -0.5"});
}

TEST(BadInput, UnknownFact) {
  ExpectInvalid(
      "shanty", {{"shanty_planned_unit", Num(10)}}, {},
      {"facts[\"shanty_planned_unit\"]: ", "unknown fact", "shanty 2023"});
}

TEST(BadInput, FactOfAnotherProgramme) {
  ExpectInvalid("shanty", {{"subsidy_planned_households", Num(10)}}, {},
                {"facts[\"subsidy_planned_households\"]: ", "unknown fact"});
}

TEST(BadInput, FlagWhereANumberIsDeclared) {
  ExpectInvalid("rental", {{"subsidy_planned_households", Flag(true)}}, {},
                {"facts[\"subsidy_planned_households\"]: ", "expected a number",
                 "got the flag true"});
}

TEST(BadInput, NumberWhereAFlagIsDeclared) {
  ExpectInvalid("rental", {{"submitted_on_time", Num(1)}}, {},
                {"facts[\"submitted_on_time\"]: ", "expected a flag",
                 "got the number 1"});
}

TEST(BadInput, NegativeCount) {
  ExpectInvalid("rental", {{"violations", Num(-1)}}, {},
                {"facts[\"violations\"]: ", "a count must be >= 0", "got -1"});
}

TEST(BadInput, NonIntegerCount) {
  ExpectInvalid("shanty", {{"shanty_started_units", Num(2197.5)}}, {},
                {"facts[\"shanty_started_units\"]: ",
                 "a count must be a whole number", "got 2197.5"});
}

TEST(BadInput, NaN) {
  ExpectInvalid(
      "oldcomm",
      {{"planned_area_10k_m2", Num(std::numeric_limits<double>::quiet_NaN())}},
      {},
      {"facts[\"planned_area_10k_m2\"]: ", "must be a finite number",
       "got NaN"});
}

TEST(BadInput, Infinities) {
  ExpectInvalid(
      "oldcomm",
      {{"started_area_10k_m2", Num(std::numeric_limits<double>::infinity())}},
      {}, {"facts[\"started_area_10k_m2\"]: ", "finite", "got inf"});
  ExpectInvalid(
      "rental",
      {{"satisfaction_pct", Num(-std::numeric_limits<double>::infinity())}}, {},
      {"facts[\"satisfaction_pct\"]: ", "finite", "got -inf"});
}

TEST(BadInput, NumberOutsideItsDeclaredRange) {
  ExpectInvalid("oldcomm", {{"planned_area_10k_m2", Num(2e6)}}, {},
                {"facts[\"planned_area_10k_m2\"]: ",
                 "must be within [0, 1000000] 万m²", "got 2000000"});
  ExpectInvalid("rental", {{"quality_issues", Num(100001)}}, {},
                {"facts[\"quality_issues\"]: ", "must be within [0, 100000]"});
}

TEST(BadInput, LargeNumbersAreShownAsSent) {
  // Values from 1e7 up used to print with invented digits: "got
  // 12345678.500001", "within [0, 100000000.00001]".
  const Rubric& rubric = Rubric2023("oldcomm");
  absl::Status status =
      ValidateInput(rubric, {{"planned_households", Num(12345678.5)}}, {});
  EXPECT_EQ(status.message(),
            "facts[\"planned_households\"]: 数量须为整数 (a count must be a "
            "whole number), got 12345678.5");
  status = ValidateInput(rubric, {{"planned_households", Num(123456789)}}, {});
  EXPECT_EQ(status.message(),
            "facts[\"planned_households\"]: 须在0到100000000之间 (must be "
            "within [0, 100000000] 户), got 123456789");
  ExpectInvalid("oldcomm", {{"violations", Num(1e300)}}, {},
                {"facts[\"violations\"]: ", "got 1e+300"});
}

TEST(BadInput, ComputedRatesMayExceed100) {
  // Only percentages as sent are bounded: 2465 of 2308 is 106.8 %.
  const Rubric& rubric = Rubric2023("rental");
  EXPECT_TRUE(ValidateInput(rubric,
                            {{"subsidy_planned_households", Num(2308)},
                             {"subsidy_issued_households", Num(2465)}},
                            {})
                  .ok());
}

TEST(BadInput, SelfScoreForAnUnknownIndicator) {
  ExpectInvalid("rental", {}, {{"rental.fund_raisin", Self(5)}},
                {"self_scores[\"rental.fund_raisin\"]: ", "unknown indicator",
                 "rental 2023"});
}

TEST(BadInput, SelfScoreAboveTheMax) {
  ExpectInvalid(
      "rental", {}, {{"rental.fund_use", Self(5.5)}},
      {"self_scores[\"rental.fund_use\"].score: ", "within [0, 5]", "got 5.5"});
}

TEST(BadInput, NegativeSelfScore) {
  ExpectInvalid("oldcomm", {}, {{"oldcomm.supporting_policies", Self(-1)}},
                {"self_scores[\"oldcomm.supporting_policies\"].score: ",
                 "within [0, 2]", "got -1"});
}

TEST(BadInput, SelfScoreOnABonusItemIsBoundedByItsPoints) {
  ExpectInvalid(
      "oldcomm", {}, {{"oldcomm.bonus.early_start", Self(4)}},
      {"self_scores[\"oldcomm.bonus.early_start\"].score: ", "within [0, 3]"});
}

TEST(BadInput, GoodInputPasses) {
  const Rubric& rubric = Rubric2023("oldcomm");
  EXPECT_TRUE(ValidateInput(rubric,
                            {{"planned_area_10k_m2", Num(198.45)},
                             {"online_voting", Flag(false)},
                             {"satisfaction_pct", Num(100)},
                             {"violations", Num(0)}},
                            {{"oldcomm.supporting_policies", Self(2)},
                             {"oldcomm.fund_raising", Self(0)}})
                  .ok());
}

}  // namespace
}  // namespace anju::scoring
