// The edge's conversions, without a server: scores on and off the wire.

#include "services/scoring/convert.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::scoring {
namespace {

using ::testing::HasSubstr;

TEST(PointsFromWireTest, TwoDecimalValuesBecomeHundredths) {
  EXPECT_EQ(PointsFromWire(96.5, "s").value(), 9650);
  EXPECT_EQ(PointsFromWire(0.29, "s").value(), 29);  // 28.999999999999996
  EXPECT_EQ(PointsFromWire(8.68, "s").value(), 868);
  EXPECT_EQ(PointsFromWire(0, "s").value(), 0);
  EXPECT_EQ(PointsFromWire(100, "s").value(), 10000);
  // A client's float sum is the decimal it meant.
  EXPECT_EQ(PointsFromWire(0.1 + 0.2, "s").value(), 30);
  // Negative values convert; bounds are the engine's to check.
  EXPECT_EQ(PointsFromWire(-1.25, "s").value(), -125);
}

TEST(PointsFromWireTest, MoreThanTwoDecimalsIsInvalid) {
  for (double v : {4.555, 0.001, 96.505, 1.0 / 3}) {
    auto p = PointsFromWire(v, "self_scores[\"x\"].score");
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << v;
    EXPECT_THAT(p.status().message(), HasSubstr("self_scores[\"x\"].score"));
    EXPECT_THAT(p.status().message(), HasSubstr("2 decimals"));
  }
}

TEST(PointsFromWireTest, NonFiniteAndAbsurdValuesAreInvalid) {
  for (double v : {std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), 1e300}) {
    auto p = PointsFromWire(v, "field");
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << v;
    EXPECT_THAT(p.status().message(), HasSubstr("field"));
  }
}

TEST(FactsFromProtoTest, FlagsAndNumbersConvertAndEmptyFactsAreInvalid) {
  v1::EvaluateRequest request;
  (*request.mutable_facts())["a"].set_flag(true);
  (*request.mutable_facts())["b"].set_number(2.5);
  auto facts = FactsFromProto(request.facts());
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(std::get<bool>(facts->at("a")), true);
  EXPECT_EQ(std::get<double>(facts->at("b")), 2.5);

  (*request.mutable_facts())["c"];
  auto bad = FactsFromProto(request.facts());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("facts[\"c\"]"));
}

TEST(SelfScoresFromProtoTest, ScoreIsOptional) {
  v1::EvaluateRequest request;
  (*request.mutable_self_scores())["a"].set_reason("理由");
  (*request.mutable_self_scores())["b"].set_score(2.5);
  (*request.mutable_self_scores())["b"].add_evidence("e.pdf");
  auto self = SelfScoresFromProto(request.self_scores());
  ASSERT_TRUE(self.ok());
  EXPECT_FALSE(self->at("a").score.has_value());
  EXPECT_EQ(self->at("a").reason, "理由");
  EXPECT_EQ(self->at("b").score, 250);
  EXPECT_EQ(self->at("b").evidence, std::vector<std::string>{"e.pdf"});
}

TEST(GradeToProtoTest, EveryGrade) {
  EXPECT_EQ(GradeToProto(Grade::kExcellent), v1::GRADE_EXCELLENT);
  EXPECT_EQ(GradeToProto(Grade::kGood), v1::GRADE_GOOD);
  EXPECT_EQ(GradeToProto(Grade::kFair), v1::GRADE_FAIR);
  EXPECT_EQ(GradeToProto(Grade::kPoor), v1::GRADE_POOR);
  EXPECT_EQ(GradeToProto(Grade::kUnspecified), v1::GRADE_UNSPECIFIED);
}

}  // namespace
}  // namespace anju::scoring
