// The edge's conversions, without a server: scores on and off the wire.

#include "services/scoring/convert.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>

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

TEST(FactsFromProtoTest, InTheRubricsOrderTheFactsAreTheSame) {
  Rubric rubric;
  for (const char* name : {"a", "b", "c", "d"}) rubric.facts[name].name = name;
  v1::EvaluateRequest request;
  (*request.mutable_facts())["d"].set_number(2.5);
  (*request.mutable_facts())["b"].set_flag(true);
  (*request.mutable_facts())["a"].set_number(1);
  auto by_rubric = FactsFromProto(request.facts(), rubric);
  ASSERT_TRUE(by_rubric.ok()) << by_rubric.status();
  EXPECT_EQ(*by_rubric, FactsFromProto(request.facts()).value());
  EXPECT_EQ(by_rubric->size(), 3u);

  (*request.mutable_facts())["c"];
  auto bad = FactsFromProto(request.facts(), rubric);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("facts[\"c\"]"));
  EXPECT_THAT(bad.status().message(), HasSubstr("flag or number"));
}

TEST(FactsFromProtoTest, UndeclaredFactsAreKeptForTheEngineToName) {
  Rubric rubric;
  rubric.facts["a"].name = "a";
  v1::EvaluateRequest request;
  (*request.mutable_facts())["a"].set_number(1);
  (*request.mutable_facts())["zz"].set_flag(false);
  auto facts = FactsFromProto(request.facts(), rubric);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(*facts, FactsFromProto(request.facts()).value());
  EXPECT_EQ(facts->count("zz"), 1u);
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

// Two indicators whose table order is not their id order.
Rubric TwoIndicators(bool indexed) {
  Rubric rubric;
  rubric.programme = "rental";
  rubric.year = 2023;
  rubric.version = "2023.1";
  rubric.levels.push_back({"产出效益", 2000});
  for (const char* id : {"x.second", "x.first"}) {
    Indicator ind;
    ind.id = id;
    ind.level1 = "产出效益";
    ind.name = std::string("指标") + id;
    ind.max_points = 1000;
    ind.level_index = 0;
    rubric.indicators.push_back(ind);
  }
  if (indexed) rubric.indicators_by_id = {1, 0};
  return rubric;
}

Evaluation Scored(const Rubric& rubric) {
  Evaluation ev;
  ev.rubric = &rubric;
  for (const Indicator& ind : rubric.indicators) {
    IndicatorResult result;
    result.indicator = &ind;
    result.scorable = ind.id == "x.first";
    result.score = result.scorable ? 850 : 0;
    result.reason = "理由 of " + ind.id;
    if (!result.scorable) result.missing_facts = {"f1", "f2"};
    ev.indicators.push_back(result);
  }
  ev.subtotals.push_back({"产出效益", 2000, 850, std::nullopt});
  ev.total = 850;
  ev.grade = Grade::kUnspecified;
  return ev;
}

TEST(EvaluationToProtoTest, EchoesEachSelfScoreOnItsIndicator) {
  for (bool indexed : {true, false}) {
    const Rubric rubric = TwoIndicators(indexed);
    SelfScores self;
    self["x.first"].score = 850;
    self["x.first"].reason = "自评理由";
    self["x.first"].evidence = {"a.pdf", "b.pdf"};
    v1::EvaluateResponse out;
    EvaluationToProto(Scored(rubric), std::move(self), &out);
    ASSERT_EQ(out.indicators_size(), 2) << indexed;
    const v1::IndicatorScore& second = out.indicators(0);
    const v1::IndicatorScore& first = out.indicators(1);
    EXPECT_EQ(second.id(), "x.second");
    EXPECT_EQ(second.reason(), "理由 of x.second");
    EXPECT_THAT(second.missing_facts(), ::testing::ElementsAre("f1", "f2"));
    EXPECT_EQ(second.self_reason(), "");
    EXPECT_EQ(second.evidence_size(), 0);
    EXPECT_EQ(first.id(), "x.first");
    EXPECT_EQ(first.name(), "指标x.first");
    EXPECT_EQ(first.score(), 8.5);
    EXPECT_EQ(first.reason(), "理由 of x.first");
    EXPECT_EQ(first.self_reason(), "自评理由") << indexed;
    EXPECT_THAT(first.evidence(), ::testing::ElementsAre("a.pdf", "b.pdf"));
    ASSERT_EQ(out.subtotals_size(), 1);
    EXPECT_EQ(out.subtotals(0).level1(), "产出效益");
    EXPECT_EQ(out.total(), 8.5);
    EXPECT_EQ(out.rubric_version(), "2023.1");
  }
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
