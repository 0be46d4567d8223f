// Evaluate over a real socket: the happy path, missing facts, and the
// exactness of every score on the wire.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring_service/requests.h"
#include "tests/scoring_service/scoring_fixture.h"

namespace anju::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

class EvaluateTest : public ScoringServiceTest {
 protected:
  grpc::Status Call(const v1::EvaluateRequest& request,
                    v1::EvaluateResponse* response) {
    grpc::ClientContext context;
    SetDeadline(&context);
    return stub().Evaluate(&context, request, response);
  }
};

const v1::IndicatorScore* FindIndicator(const v1::EvaluateResponse& r,
                                        const std::string& id) {
  for (const v1::IndicatorScore& s : r.indicators()) {
    if (s.id() == id) return &s;
  }
  return nullptr;
}

const v1::Subtotal* FindSubtotal(const v1::EvaluateResponse& r,
                                 const std::string& level1) {
  for (const v1::Subtotal& s : r.subtotals()) {
    if (s.level1() == level1) return &s;
  }
  return nullptr;
}

TEST_F(EvaluateTest, ShantyHappyPath) {
  v1::EvaluateResponse response;
  grpc::Status status = Call(ShantyRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(response.programme(), "shanty");
  EXPECT_EQ(response.year(), 2023);
  EXPECT_FALSE(response.rubric_version().empty());
  ASSERT_EQ(response.indicators_size(), 10);
  EXPECT_EQ(response.indicators(0).id(), "shanty.fund_raising");
  EXPECT_EQ(response.indicators(9).id(), "shanty.satisfaction");
  EXPECT_TRUE(response.complete());
  EXPECT_EQ(response.total(), kShantyTotal);
  EXPECT_EQ(response.bonus(), 0);
  EXPECT_EQ(response.grade(), v1::GRADE_EXCELLENT);
  EXPECT_EQ(response.grade_label(), "优");

  ASSERT_NE(FindSubtotal(response, "资金管理"), nullptr);
  EXPECT_EQ(FindSubtotal(response, "资金管理")->score(), 24);
  EXPECT_EQ(FindSubtotal(response, "项目管理")->score(), 15);
  EXPECT_EQ(FindSubtotal(response, "产出效益")->score(), 55);
  EXPECT_EQ(FindSubtotal(response, "产出效益")->max_score(), 60);

  const v1::IndicatorScore* plan =
      FindIndicator(response, "shanty.plan_completion");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->score(), 30);
  EXPECT_EQ(plan->max_score(), 30);
  EXPECT_EQ(plan->level1(), "产出效益");
  EXPECT_THAT(plan->reason(), HasSubstr("2198"));
  EXPECT_FALSE(plan->has_self_score());

  EXPECT_EQ(FindIndicator(response, "shanty.budget_execution")->score(), 9);
  EXPECT_EQ(FindIndicator(response, "shanty.allocation_rate")->score(), 15);
}

TEST_F(EvaluateTest, JudgedIndicatorEchoesTheFilersScoreReasonAndEvidence) {
  v1::EvaluateResponse response;
  ASSERT_TRUE(Call(ShantyRequest(), &response).ok());
  const v1::IndicatorScore* judged =
      FindIndicator(response, "shanty.fund_raising");
  ASSERT_NE(judged, nullptr);
  EXPECT_TRUE(judged->judged());
  EXPECT_EQ(judged->score(), 5);
  EXPECT_EQ(judged->self_reason(), "中央和自治区资金足额到位");
  EXPECT_THAT(judged->evidence(), Contains("资金文件.pdf"));
}

TEST_F(EvaluateTest, SelfScoreBesideTheComputedOneWithTheDifference) {
  v1::EvaluateRequest request = ShantyRequest();
  // The seed's self-score of 10 for budget execution, where 93 % gives 9.
  SetSelfScore(&request, "shanty.budget_execution", 10, "执行率偏低", {});
  v1::EvaluateResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  const v1::IndicatorScore* budget =
      FindIndicator(response, "shanty.budget_execution");
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(budget->score(), 9);
  ASSERT_TRUE(budget->has_self_score());
  EXPECT_EQ(budget->self_score(), 10);
  ASSERT_TRUE(budget->has_difference());
  EXPECT_EQ(budget->difference(), 1);
  EXPECT_GE(response.differences(), 1);
}

TEST_F(EvaluateTest, MissingFactsAreNotScorableAndNotAnError) {
  v1::EvaluateRequest request = ShantyRequest();
  request.mutable_facts()->erase("shanty_started_units");
  v1::EvaluateResponse response;
  grpc::Status status = Call(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::IndicatorScore* plan =
      FindIndicator(response, "shanty.plan_completion");
  ASSERT_NE(plan, nullptr);
  EXPECT_FALSE(plan->scorable());
  EXPECT_EQ(plan->score(), 0);
  EXPECT_THAT(plan->missing_facts(), Contains("shanty_started_units"));
  EXPECT_FALSE(response.complete());
  EXPECT_EQ(response.grade(), v1::GRADE_UNSPECIFIED);
  EXPECT_EQ(response.grade_label(), "");
  // The others are still scored.
  EXPECT_TRUE(FindIndicator(response, "shanty.allocation_rate")->scorable());
}

TEST_F(EvaluateTest, NoFactsAtAllScoresNothingButAnswers) {
  v1::EvaluateRequest request;
  request.set_programme("rental");
  request.set_year(2023);
  v1::EvaluateResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  EXPECT_EQ(response.indicators_size(), 15);
  EXPECT_FALSE(response.complete());
  for (const v1::IndicatorScore& s : response.indicators()) {
    // Fixed-for-the-year indicators need no facts; nothing else is scored.
    if (s.scorable()) continue;
    EXPECT_EQ(s.score(), 0) << s.id();
  }
}

// The wire carries the double nearest to each 2-decimal value: rounding it
// again to hundredths must give back the very same bits.
bool IsExactHundredths(double x) {
  const double again = std::round(x * 100) / 100;
  return std::memcmp(&again, &x, sizeof x) == 0;
}

int64_t Hundredths(double x) { return std::llround(x * 100); }

void ExpectExactScores(const v1::EvaluateResponse& r) {
  for (const v1::IndicatorScore& s : r.indicators()) {
    EXPECT_TRUE(IsExactHundredths(s.score())) << s.id() << " " << s.score();
    EXPECT_TRUE(IsExactHundredths(s.max_score())) << s.id();
    if (s.has_self_score()) EXPECT_TRUE(IsExactHundredths(s.self_score()));
    if (s.has_difference()) {
      EXPECT_TRUE(IsExactHundredths(s.difference())) << s.id();
      EXPECT_EQ(Hundredths(s.difference()),
                Hundredths(s.self_score()) - Hundredths(s.score()));
    }
  }
  int64_t subtotal_sum = 0;
  for (const v1::Subtotal& s : r.subtotals()) {
    EXPECT_TRUE(IsExactHundredths(s.score())) << s.level1();
    int64_t indicator_sum = 0;
    for (const v1::IndicatorScore& i : r.indicators()) {
      if (i.level1() == s.level1() && !i.bonus()) {
        indicator_sum += Hundredths(i.score());
      }
    }
    EXPECT_EQ(Hundredths(s.score()), indicator_sum) << s.level1();
    subtotal_sum += Hundredths(s.score());
  }
  EXPECT_TRUE(IsExactHundredths(r.total()));
  EXPECT_TRUE(IsExactHundredths(r.bonus()));
  EXPECT_EQ(Hundredths(r.total()), subtotal_sum + Hundredths(r.bonus()));
}

TEST_F(EvaluateTest, EveryScoreIsAnExactTwoDecimalValue) {
  v1::EvaluateResponse response;
  grpc::Status status = Call(OldcommRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.indicators_size(), 16);
  ExpectExactScores(response);
  // The test means something only if some scores are fractional.
  int fractional = 0;
  for (const v1::IndicatorScore& s : response.indicators()) {
    if (Hundredths(s.score()) % 100 != 0) ++fractional;
  }
  EXPECT_GE(fractional, 2);
  EXPECT_EQ(response.bonus(), 4);
  // 25 % of a 30 % target is worth 0.8333…: an indicator's score is rounded
  // once, so 资金筹集 is 0.83 + 2.25 + 1.6 + 1 + 2 + 1 = 8.6833… → 8.68.
  EXPECT_EQ(FindIndicator(response, "oldcomm.fund_raising")->score(), 8.68);
}

TEST_F(EvaluateTest, SelfScoresWithHundredthsStayExact) {
  v1::EvaluateRequest request = OldcommRequest();
  SetSelfScore(&request, "oldcomm.fund_raising", 8.7, "", {});
  SetSelfScore(&request, "oldcomm.coordination", 0.3, "", {});
  v1::EvaluateResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  ExpectExactScores(response);
  EXPECT_EQ(FindIndicator(response, "oldcomm.fund_raising")->difference(),
            0.02);
}

}  // namespace
}  // namespace anju::testing
