// Scores under the shipped 2024.1 model, computed by hand.
#include <cmath>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/priority/priority_model.h"
#include "tests/registry_priority/fixtures.h"

namespace anju::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ModelInForce;

const v1::PriorityComponent& Component(const v1::PriorityScore& score,
                                       const std::string& factor) {
  for (const auto& c : score.components()) {
    if (c.factor() == factor) return c;
  }
  ADD_FAILURE() << "no component " << factor;
  static const v1::PriorityComponent none;
  return none;
}

v1::ReserveProject HandOldcomm() {
  v1::ReserveProject p =
      testing::Project("OC-1", "150402", "oldcomm", 0, 320, 960, "11100");
  p.set_resident_consent_pct(85);
  p.set_building_year(1990);
  p.mutable_shortfalls()->set_basic(2);
  p.mutable_shortfalls()->set_improvement(1);
  p.mutable_shortfalls()->set_upgrade(1);
  return p;
}

// readiness 3/5 × 20 = 12; consent 85 % → 0.8 × 20 = 16; shortfalls
// 2×3 + 1×2 + 1×1 = 9 of 12 → 15; age 2024 − 1990 = 34 → 0.8 × 15 = 12;
// households 320/500 × 15 = 9.6; 960 万 ÷ 320 = 3 万/户 → (8 − 3)/(8 − 2)
// × 10 = 8.333… → 8.33. Total 72.93.
TEST(PriorityScore, OldcommByHand) {
  const v1::PriorityScore s = ModelInForce().Score(HandOldcomm(), 2024);
  EXPECT_EQ(s.model_version(), "2024.1");
  EXPECT_DOUBLE_EQ(s.score(), 72.93);
  ASSERT_EQ(s.components_size(), 6);
  const auto& readiness = Component(s, "readiness");
  EXPECT_DOUBLE_EQ(readiness.points(), 12);
  EXPECT_DOUBLE_EQ(readiness.max_points(), 20);
  EXPECT_DOUBLE_EQ(readiness.input(), 3);
  EXPECT_EQ(readiness.label(), "前期工作成熟度");
  EXPECT_EQ(readiness.explanation(), "立项、用地、规划许可已完成 (3/5)");
  EXPECT_DOUBLE_EQ(Component(s, "resident_consent").points(), 16);
  EXPECT_EQ(Component(s, "resident_consent").explanation(),
            "居民改造意愿85%，达到80%");
  EXPECT_DOUBLE_EQ(Component(s, "shortfalls").points(), 15);
  EXPECT_DOUBLE_EQ(Component(s, "shortfalls").input(), 9);
  EXPECT_THAT(Component(s, "shortfalls").explanation(),
              HasSubstr("基础类2项、完善类1项、提升类1项"));
  EXPECT_DOUBLE_EQ(Component(s, "building_age").points(), 12);
  EXPECT_DOUBLE_EQ(Component(s, "building_age").input(), 34);
  EXPECT_DOUBLE_EQ(Component(s, "households").points(), 9.6);
  EXPECT_DOUBLE_EQ(Component(s, "renovation_cost").points(), 8.33);
  EXPECT_DOUBLE_EQ(Component(s, "renovation_cost").input(), 3);
}

// The same building is older against a later year: 44 years → full 15.
TEST(PriorityScore, AgeCountsToTheReferenceYear) {
  const v1::PriorityScore s = ModelInForce().Score(HandOldcomm(), 2034);
  EXPECT_DOUBLE_EQ(Component(s, "building_age").points(), 15);
  EXPECT_DOUBLE_EQ(s.score(), 75.93);
}

// readiness 5/5 → 50; households 250/500 × 30 = 15; 7500 ÷ 250 = 30 万/户
// → (60 − 30)/40 × 20 = 15. Total 80.
TEST(PriorityScore, ShantyByHand) {
  const v1::PriorityScore s = ModelInForce().Score(
      testing::Project("SH-1", "150402", "shanty", 250, 250, 7500), 2024);
  EXPECT_DOUBLE_EQ(s.score(), 80);
  ASSERT_EQ(s.components_size(), 3);
  EXPECT_EQ(Component(s, "readiness").explanation(),
            "立项、用地、规划许可、施工许可、资金落实已完成 (5/5)");
  EXPECT_DOUBLE_EQ(Component(s, "construction_cost").points(), 15);
}

// Rental housing counts 套, not 户: readiness 2/5 → 20; 250/500 套 × 30 =
// 15; 10000 万 ÷ 250 = 40 万/套 → (60 − 40)/40 × 20 = 10. Total 45.
TEST(PriorityScore, RentalByUnits) {
  const v1::ReserveProject p = testing::Project(
      "AR-1", "150402", "affordable_rental", 250, 0, 10000, "11000");
  const v1::PriorityScore s = ModelInForce().Score(p, 2024);
  EXPECT_DOUBLE_EQ(s.score(), 45);
  EXPECT_EQ(Component(s, "units").explanation(),
            "筹集套数250套，在0–500套之间按比例计");
  EXPECT_EQ(Component(s, "construction_cost_per_unit").explanation(),
            "套均建设投资40万元/套，在20–60万元/套之间越低得分越高");
  EXPECT_TRUE(ModelInForce().MissingInputs(p).empty());
}

TEST(PriorityScore, ConsentBelowTwoThirdsScoresNothing) {
  v1::ReserveProject p = HandOldcomm();
  p.set_resident_consent_pct(60);
  const v1::PriorityScore s = ModelInForce().Score(p, 2024);
  EXPECT_DOUBLE_EQ(Component(s, "resident_consent").points(), 0);
  EXPECT_THAT(Component(s, "resident_consent").explanation(),
              HasSubstr("不足三分之二"));
  EXPECT_DOUBLE_EQ(s.score(), 72.93 - 16);
}

TEST(PriorityScore, BuiltAfter2000IsNotEligibleForOldcomm) {
  v1::ReserveProject p = HandOldcomm();
  p.set_building_year(2005);
  const v1::PriorityScore s = ModelInForce().Score(p, 2024);
  EXPECT_DOUBLE_EQ(Component(s, "building_age").points(), 0);
  EXPECT_DOUBLE_EQ(Component(s, "building_age").input(), 19);
  EXPECT_THAT(Component(s, "building_age").explanation(),
              HasSubstr("晚于2000年建成"));
  p.set_building_year(2000);
  EXPECT_DOUBLE_EQ(
      Component(ModelInForce().Score(p, 2024), "building_age").points(), 7.5);
}

TEST(PriorityScore, MissingInputsScoreZeroAndAreNamed) {
  v1::ReserveProject p = HandOldcomm();
  p.clear_readiness();
  p.set_building_year(0);
  p.set_resident_consent_pct(std::numeric_limits<double>::quiet_NaN());
  const v1::PriorityScore s = ModelInForce().Score(p, 2024);
  EXPECT_DOUBLE_EQ(Component(s, "readiness").points(), 0);
  EXPECT_THAT(Component(s, "readiness").explanation(), HasSubstr("未填写"));
  EXPECT_DOUBLE_EQ(Component(s, "building_age").points(), 0);
  EXPECT_DOUBLE_EQ(Component(s, "resident_consent").points(), 0);
  EXPECT_THAT(ModelInForce().MissingInputs(p),
              ElementsAre("readiness", "resident_consent_pct", "building_age"));
  EXPECT_TRUE(ModelInForce().MissingInputs(HandOldcomm()).empty());
}

TEST(PriorityScore, HostileNumbersStayInRange) {
  v1::ReserveProject p = HandOldcomm();
  p.set_households(-5);
  p.set_investment_10k_yuan(std::numeric_limits<double>::infinity());
  p.mutable_shortfalls()->set_basic(-100);
  p.mutable_shortfalls()->set_upgrade(2'000'000'000);
  p.set_resident_consent_pct(1e300);
  const v1::PriorityScore s = ModelInForce().Score(p, 2024);
  EXPECT_GE(s.score(), 0);
  EXPECT_LE(s.score(), 100);
  EXPECT_DOUBLE_EQ(Component(s, "shortfalls").points(), 20);
  EXPECT_DOUBLE_EQ(Component(s, "households").points(), 0);
}

TEST(PriorityScore, UnknownProgrammeScoresZeroWithoutComponents) {
  v1::ReserveProject p = HandOldcomm();
  p.set_programme("villas");
  const v1::PriorityScore s = ModelInForce().Score(p, 2024);
  EXPECT_EQ(s.score(), 0);
  EXPECT_EQ(s.components_size(), 0);
  EXPECT_FALSE(ModelInForce().Covers("villas"));
  EXPECT_THAT(ModelInForce().MissingInputs(p), ElementsAre("programme"));
}

TEST(PriorityScore, Deterministic) {
  const v1::ReserveProject p = HandOldcomm();
  EXPECT_EQ(ModelInForce().Score(p, 2024).SerializeAsString(),
            ModelInForce().Score(p, 2024).SerializeAsString());
}

}  // namespace
}  // namespace anju::registry
