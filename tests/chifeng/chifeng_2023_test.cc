// The first regression case: the Chifeng 2023 city report (赤财建〔2024〕53号)
// filed through the real scoring service over a real socket must score
// what the city scored itself — rental 96, shanty 99, oldcomm 95 + 4 — with
// the seed's subtotals and no self-score differences.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "cli/facts_file.h"
#include "tests/scoring_service/scoring_fixture.h"

namespace anju {
namespace {

using ::testing::HasSubstr;

constexpr char kSampleDir[] = ANJU_SOURCE_DIR "/data/samples/chifeng-2023";

struct Expected {
  std::string programme;
  double total;
  double bonus;
  std::map<std::string, double> subtotals;   // 一级指标 → score
  std::map<std::string, double> indicators;  // the scores the seed names
};

void PrintTo(const Expected& expected, std::ostream* os) {
  *os << expected.programme;
}

class ChifengTest : public testing::ScoringServiceTest,
                    public ::testing::WithParamInterface<Expected> {
 protected:
  v1::EvaluateResponse Evaluate(const std::string& programme) {
    auto file =
        cli::ReadFactsFile(std::string(kSampleDir) + "/" + programme + ".yaml");
    EXPECT_TRUE(file.ok()) << file.status();
    grpc::ClientContext context;
    testing::SetDeadline(&context);
    v1::EvaluateResponse response;
    grpc::Status status = stub().Evaluate(&context, file->request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }
};

const v1::IndicatorScore* FindIndicator(const v1::EvaluateResponse& response,
                                        const std::string& id) {
  for (const auto& indicator : response.indicators()) {
    if (indicator.id() == id) return &indicator;
  }
  return nullptr;
}

TEST_P(ChifengTest, ScoresTheSeedsSelfScores) {
  const Expected& want = GetParam();
  v1::EvaluateResponse got = Evaluate(want.programme);

  EXPECT_TRUE(got.complete());
  EXPECT_EQ(got.year(), 2023);
  EXPECT_EQ(got.total(), want.total);
  EXPECT_EQ(got.bonus(), want.bonus);
  EXPECT_EQ(got.grade(), v1::GRADE_EXCELLENT);
  EXPECT_EQ(got.grade_label(), "优");
  // The city's self-scores agree with the engine on every indicator.
  EXPECT_EQ(got.differences(), 0);
  EXPECT_EQ(got.self_total(), want.total);

  std::map<std::string, double> subtotals;
  for (const auto& subtotal : got.subtotals()) {
    subtotals[subtotal.level1()] = subtotal.score();
  }
  EXPECT_EQ(subtotals, want.subtotals);

  for (const auto& [id, score] : want.indicators) {
    const v1::IndicatorScore* indicator = FindIndicator(got, id);
    ASSERT_NE(indicator, nullptr) << id;
    EXPECT_TRUE(indicator->scorable()) << id;
    EXPECT_EQ(indicator->score(), score) << id << ": " << indicator->reason();
  }
  for (const auto& indicator : got.indicators()) {
    EXPECT_TRUE(indicator.scorable()) << indicator.id();
    EXPECT_FALSE(indicator.reason().empty()) << indicator.id();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Seed, ChifengTest,
    ::testing::Values(
        Expected{"rental",
                 96,
                 0,
                 {{"资金管理", 25}, {"项目管理", 15}, {"产出效益", 56}},
                 {{"rental.public_rental_completion", 6},
                  {"rental.development_target", 5},
                  {"rental.subsidy_completion", 5}}},
        Expected{"shanty",
                 99,
                 0,
                 {{"资金管理", 24}, {"项目管理", 15}, {"产出效益", 60}},
                 {{"shanty.budget_execution", 9},
                  {"shanty.plan_completion", 30},
                  {"shanty.allocation_rate", 20}}},
        Expected{"oldcomm",
                 99,
                 4,
                 {{"资金管理", 25}, {"项目管理", 10}, {"产出效益", 60}},
                 {{"oldcomm.fund_raising", 7},
                  {"oldcomm.budget_execution", 8},
                  {"oldcomm.plan_completion", 30},
                  {"oldcomm.bonus.bond_financing", 1},
                  {"oldcomm.bonus.early_start", 3}}}),
    [](const auto& info) { return info.param.programme; });

// The reason names the facts it used, as the seed's table words it.
TEST_F(ChifengTest, ReasonsNameTheFactsUsed) {
  v1::EvaluateResponse shanty = Evaluate("shanty");
  const v1::IndicatorScore* plan =
      FindIndicator(shanty, "shanty.plan_completion");
  ASSERT_NE(plan, nullptr);
  EXPECT_THAT(plan->reason(), HasSubstr("2198套"));
  EXPECT_THAT(plan->reason(), HasSubstr("完成率100.0%"));
  EXPECT_THAT(plan->reason(), HasSubstr("得30分"));

  v1::EvaluateResponse rental = Evaluate("rental");
  const v1::IndicatorScore* subsidy =
      FindIndicator(rental, "rental.subsidy_completion");
  ASSERT_NE(subsidy, nullptr);
  EXPECT_THAT(subsidy->reason(), HasSubstr("2308户"));
  EXPECT_THAT(subsidy->reason(), HasSubstr("2465户"));
  EXPECT_THAT(subsidy->reason(), HasSubstr("106.8%"));
}

// Without the illustrative budget-execution rate the indicator is not
// scored by guesswork: it says what is missing, and the grade is withheld.
TEST_F(ChifengTest, MissingFactIsNotGuessed) {
  auto file = cli::ReadFactsFile(std::string(kSampleDir) + "/shanty.yaml");
  ASSERT_TRUE(file.ok()) << file.status();
  file->request.mutable_facts()->erase("budget_execution_rate_pct");
  grpc::ClientContext context;
  testing::SetDeadline(&context);
  v1::EvaluateResponse got;
  ASSERT_TRUE(stub().Evaluate(&context, file->request, &got).ok());
  const v1::IndicatorScore* budget =
      FindIndicator(got, "shanty.budget_execution");
  ASSERT_NE(budget, nullptr);
  EXPECT_FALSE(budget->scorable());
  EXPECT_THAT(budget->missing_facts(),
              ::testing::Contains("budget_execution_rate_pct"));
  EXPECT_FALSE(got.complete());
  EXPECT_EQ(got.grade(), v1::GRADE_UNSPECIFIED);
}

// The twelve county lines, exactly as the seed gives them: they sum to the
// city's plan (2308) and funds (481.796 万元) but to 2546 issued households,
// not the 2465 the city reported — the finding the submission service's
// consistency rules must raise.
TEST(ChifengCounties, RentalSubsidyLinesSumAsTheSeedDoes) {
  std::ifstream in(std::string(kSampleDir) + "/counties-rental-subsidy.csv");
  ASSERT_TRUE(in.good());
  std::string line;
  std::getline(in, line);  // header
  int lines = 0, planned = 0, issued = 0;
  double funds = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cells = absl::StrSplit(line, ',');
    ASSERT_EQ(cells.size(), 7u) << line;
    ++lines;
    planned += cells[3].empty() ? 0 : std::stoi(cells[3]);
    issued += std::stoi(cells[4]);
    funds += std::stod(cells[5]);
  }
  EXPECT_EQ(lines, 12);
  EXPECT_EQ(planned, 2308);
  EXPECT_EQ(issued, 2546);
  EXPECT_NEAR(funds, 481.796, 1e-9);

  auto city = cli::ReadFactsFile(std::string(kSampleDir) + "/rental.yaml");
  ASSERT_TRUE(city.ok()) << city.status();
  const auto& facts = city->request.facts();
  EXPECT_EQ(facts.at("subsidy_planned_households").number(), planned);
  EXPECT_EQ(facts.at("subsidy_issued_households").number(), 2465);
  EXPECT_NE(facts.at("subsidy_issued_households").number(), issued);
}

}  // namespace
}  // namespace anju
