// ListRubrics and GetRubric over a real socket.

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring_service/scoring_fixture.h"

namespace anju::testing {
namespace {

using ::testing::HasSubstr;

class RubricsTest : public ScoringServiceTest {
 protected:
  v1::ListRubricsResponse List(const std::string& programme, int year) {
    v1::ListRubricsRequest request;
    request.set_programme(programme);
    request.set_year(year);
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::ListRubricsResponse response;
    grpc::Status status = stub().ListRubrics(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::Status Get(const std::string& programme, int year, v1::Rubric* out) {
    v1::GetRubricRequest request;
    request.set_programme(programme);
    request.set_year(year);
    grpc::ClientContext context;
    SetDeadline(&context);
    return stub().GetRubric(&context, request, out);
  }
};

TEST_F(RubricsTest, ListsThe2023Rubrics) {
  v1::ListRubricsResponse all = List("", 0);
  std::set<std::string> programmes_2023;
  for (const auto& entry : all.rubrics()) {
    EXPECT_FALSE(entry.version().empty()) << entry.programme();
    EXPECT_FALSE(entry.title().empty()) << entry.programme();
    if (entry.year() == 2023) programmes_2023.insert(entry.programme());
  }
  EXPECT_EQ(programmes_2023,
            (std::set<std::string>{"oldcomm", "rental", "shanty"}));
}

TEST_F(RubricsTest, FiltersByProgrammeAndYear) {
  v1::ListRubricsResponse rental = List("rental", 2023);
  ASSERT_EQ(rental.rubrics_size(), 1);
  EXPECT_EQ(rental.rubrics(0).programme(), "rental");
  EXPECT_EQ(rental.rubrics(0).indicator_count(), 15);

  const v1::ListRubricsResponse shanty = List("shanty", 0);
  EXPECT_GE(shanty.rubrics_size(), 1);
  for (const auto& entry : shanty.rubrics()) {
    EXPECT_EQ(entry.programme(), "shanty");
  }
  EXPECT_EQ(List("", 1999).rubrics_size(), 0);
  EXPECT_EQ(List("nope", 0).rubrics_size(), 0);
}

TEST_F(RubricsTest, GetsARubricWithItsIndicatorsLevelsAndFacts) {
  v1::Rubric rubric;
  grpc::Status status = Get("oldcomm", 2023, &rubric);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rubric.programme(), "oldcomm");
  EXPECT_EQ(rubric.year(), 2023);
  EXPECT_EQ(rubric.total_points(), 100);
  EXPECT_EQ(rubric.bonus_points(), 4);
  ASSERT_EQ(rubric.indicators_size(), 16);
  EXPECT_EQ(rubric.indicators(0).id(), "oldcomm.fund_raising");

  double level_sum = 0;
  for (const auto& level : rubric.levels()) level_sum += level.max_score();
  EXPECT_EQ(level_sum, 100);

  int bonus = 0;
  std::set<std::string> declared;
  for (const auto& fact : rubric.facts()) {
    declared.insert(fact.name());
    EXPECT_NE(fact.type(), v1::FactSpec::TYPE_UNSPECIFIED) << fact.name();
  }
  for (const auto& ind : rubric.indicators()) {
    if (ind.bonus()) ++bonus;
    // Every fact a rule reads is declared with its type.
    for (const std::string& f : ind.facts()) {
      EXPECT_TRUE(declared.count(f)) << ind.id() << " reads " << f;
    }
  }
  EXPECT_EQ(bonus, 2);
  EXPECT_TRUE(declared.count("market_operator_share_pct"));
}

TEST_F(RubricsTest, UnknownProgrammeOrYearIsNotFound) {
  v1::Rubric rubric;
  grpc::Status status = Get("nope", 2023, &rubric);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("programme"));
  EXPECT_THAT(status.error_message(), HasSubstr("rental"));

  status = Get("rental", 2019, &rubric);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("year"));
  EXPECT_THAT(status.error_message(), HasSubstr("2023"));
}

}  // namespace
}  // namespace anju::testing
