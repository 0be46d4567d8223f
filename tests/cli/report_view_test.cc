#include "cli/report_view.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/sample_response.h"

namespace anju::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(FormatPointsTest, ShortestDecimals) {
  EXPECT_EQ(FormatPoints(96), "96");
  EXPECT_EQ(FormatPoints(96.5), "96.5");
  EXPECT_EQ(FormatPoints(0.05), "0.05");
  EXPECT_EQ(FormatPoints(0.1 + 0.2), "0.3");
  EXPECT_EQ(FormatPoints(-1.25), "-1.25");
  EXPECT_EQ(FormatPoints(-0.5), "-0.5");
  EXPECT_EQ(FormatSignedPoints(1), "+1");
  EXPECT_EQ(FormatSignedPoints(-1), "-1");
  EXPECT_EQ(FormatSignedPoints(0), "0");
}

TEST(ReportViewTest, GroupsByLevel1WithBonusLast) {
  const ReportView view = testing::SampleView();
  std::vector<std::string> level1;
  std::vector<size_t> sizes;
  for (const ReportGroup& group : view.groups) {
    level1.push_back(group.level1);
    sizes.push_back(group.rows.size());
    EXPECT_EQ(group.rows.back().kind, RowKind::kSubtotal);
    EXPECT_EQ(group.rows.back().name, "小计");
  }
  EXPECT_THAT(level1,
              ElementsAre("资金管理", "项目管理", "产出效益", "加分项"));
  EXPECT_THAT(sizes, ElementsAre(3, 2, 2, 3));
  EXPECT_TRUE(view.groups.back().bonus);
}

TEST(ReportViewTest, SubtotalsComeFromTheResponse) {
  const ReportView view = testing::SampleView();
  const ReportRow& funds = view.groups[0].rows.back();
  EXPECT_EQ(funds.max_score.text, "20");
  EXPECT_EQ(funds.score.text, "15.5");
  EXPECT_EQ(funds.self_score.text, "16.5");
  EXPECT_EQ(funds.difference.text, "+1");
}

TEST(ReportViewTest, BonusSubtotalSumsItsRows) {
  const ReportView view = testing::SampleView();
  const ReportRow& bonus = view.groups[3].rows.back();
  EXPECT_EQ(bonus.max_score.text, "4");
  EXPECT_EQ(bonus.score.text, "4");
  EXPECT_EQ(bonus.self_score.text, "4");
  EXPECT_EQ(bonus.difference.text, "0");
}

TEST(ReportViewTest, TotalShowsBonusApart) {
  const ReportView view = testing::SampleView();
  EXPECT_EQ(view.total.level1, "合计");
  // The sample's 一级指标 add up to 28 points; the bonus items to 4.
  EXPECT_EQ(view.total.max_score.text, "28+4");
  EXPECT_FALSE(view.total.max_score.number.has_value());
  EXPECT_EQ(view.total.score.text, "22.5");
  EXPECT_EQ(view.total.self_score.text, "28.5");
  EXPECT_EQ(view.total.difference.text, "+6");
  EXPECT_EQ(view.total.reason, "基础得分18.5分，加分项4分");
}

TEST(ReportViewTest, NotScorableShowsMissingFacts) {
  const ReportView view = testing::SampleView();
  const ReportRow& row = view.groups[2].rows[0];
  EXPECT_EQ(row.score.text, "无法评分");
  EXPECT_FALSE(row.score.number.has_value());
  EXPECT_EQ(row.reason,
            "缺少事实：居民满意度（satisfaction_pct）、unhandled_petitions");
  EXPECT_EQ(row.difference.text, "");
}

TEST(ReportViewTest, NotScorableKeepsTheEnginesReason) {
  anju::v1::EvaluateResponse response = testing::SampleResponse();
  response.mutable_indicators(3)->set_reason(
      "无法评分，缺少：满意度(satisfaction_pct)");
  const ReportView view = BuildReportView(response, {});
  EXPECT_EQ(view.groups[2].rows[0].score.text, "无法评分");
  EXPECT_EQ(view.groups[2].rows[0].reason,
            "无法评分，缺少：满意度(satisfaction_pct)");
}

TEST(ReportViewTest, IncompleteIsNotGraded) {
  const ReportView view = testing::SampleView();
  EXPECT_EQ(view.grade.level1, "评级");
  EXPECT_EQ(view.grade.score.text, "不评级");
  EXPECT_THAT(view.notes, ::testing::Contains(HasSubstr("不评级")));
}

TEST(ReportViewTest, CompleteIsGraded) {
  anju::v1::EvaluateResponse response = testing::SampleResponse();
  response.set_complete(true);
  response.set_grade(anju::v1::GRADE_EXCELLENT);
  response.set_grade_label("优");
  const ReportView view = BuildReportView(response, {});
  EXPECT_EQ(view.grade.score.text, "优");
}

TEST(ReportViewTest, TitleAndSubtitle) {
  const ReportView view = testing::SampleView();
  EXPECT_EQ(view.title, "赤峰市城镇老旧小区改造绩效评价指标表");
  EXPECT_EQ(view.subtitle, "2023年度，指标体系版本2023.1，行政区划代码150400");
  EXPECT_THAT(view.notes, ::testing::Contains(HasSubstr(
                              "预算执行率（budget_execution_rate_pct）")));
}

TEST(ReportViewTest, SelfScoreColumnsOnlyWhenGiven) {
  EXPECT_EQ(testing::SampleView().columns.size(), 7u);
  anju::v1::EvaluateResponse response = testing::SampleResponse();
  for (auto& indicator : *response.mutable_indicators()) {
    indicator.clear_self_score();
    indicator.clear_difference();
  }
  EXPECT_THAT(BuildReportView(response, {}).columns,
              ElementsAre(Column::kLevel1, Column::kName, Column::kMaxScore,
                          Column::kScore, Column::kReason));
}

}  // namespace
}  // namespace anju::cli
