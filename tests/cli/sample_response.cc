#include "tests/cli/sample_response.h"

#include <string>

namespace anju::cli::testing {
namespace {

using anju::v1::EvaluateResponse;
using anju::v1::IndicatorScore;

IndicatorScore* Add(EvaluateResponse* response, const std::string& id,
                    const std::string& level1, const std::string& name,
                    double max, double score, double self) {
  IndicatorScore* indicator = response->add_indicators();
  indicator->set_id(id);
  indicator->set_level1(level1);
  indicator->set_name(name);
  indicator->set_max_score(max);
  indicator->set_score(score);
  indicator->set_scorable(true);
  indicator->set_self_score(self);
  indicator->set_difference(self - score);
  indicator->set_reason("得" + std::to_string(static_cast<int>(score)) + "分");
  return indicator;
}

void AddSubtotal(EvaluateResponse* response, const std::string& level1,
                 double max, double score, double self) {
  auto* subtotal = response->add_subtotals();
  subtotal->set_level1(level1);
  subtotal->set_max_score(max);
  subtotal->set_score(score);
  subtotal->set_self_score(self);
}

}  // namespace

EvaluateResponse SampleResponse() {
  EvaluateResponse response;
  response.set_programme("oldcomm");
  response.set_year(2023);
  response.set_rubric_version("2023.1");
  Add(&response, "oldcomm.fund_raising", "资金管理", "资金筹集", 10, 7.5, 7.5)
      ->set_reason(
          "市场化规模化实施运营主体实施的小区占比30.0%，得1分；社会力量及居民"
          "出资比例10.0%，按比例得1.5分；中央补助资金占比80.0%，按比例得1分");
  Add(&response, "oldcomm.budget_execution", "资金管理", "预算执行", 10, 8, 9)
      ->set_reason(kTrickyReason);
  Add(&response, "oldcomm.project_reserve", "项目管理", "项目储备库", 3, 3, 3);
  IndicatorScore* missing = Add(&response, "oldcomm.satisfaction", "产出效益",
                                "完成改造小区居民满意度", 5, 0, 5);
  missing->set_scorable(false);
  missing->clear_reason();
  missing->clear_difference();
  missing->add_missing_facts("satisfaction_pct");
  missing->add_missing_facts("unhandled_petitions");
  Add(&response, "oldcomm.bonus.bond_financing", "加分项",
      "争取政府债券用于老旧小区改造", 1, 1, 1)
      ->set_bonus(true);
  Add(&response, "oldcomm.bonus.early_start", "加分项",
      "改造项目于5月底前全部开工", 3, 3, 3)
      ->set_bonus(true);
  AddSubtotal(&response, "资金管理", 20, 15.5, 16.5);
  AddSubtotal(&response, "项目管理", 3, 3, 3);
  AddSubtotal(&response, "产出效益", 5, 0, 5);
  response.set_bonus(4);
  response.set_total(22.5);
  response.set_self_total(28.5);
  response.set_complete(false);
  response.set_differences(1);
  return response;
}

anju::v1::Rubric SampleRubric() {
  anju::v1::Rubric rubric;
  rubric.set_programme("oldcomm");
  rubric.set_year(2023);
  rubric.set_version("2023.1");
  rubric.set_title("城镇老旧小区改造绩效评价指标表");
  auto* fact = rubric.add_facts();
  fact->set_name("satisfaction_pct");
  fact->set_label("居民满意度");
  fact = rubric.add_facts();
  fact->set_name("budget_execution_rate_pct");
  fact->set_label("预算执行率");
  return rubric;
}

ReportView SampleView() {
  static const anju::v1::Rubric* rubric = new anju::v1::Rubric(SampleRubric());
  ReportContext context;
  context.org = "150400";
  context.org_name = "赤峰市";
  context.rubric = rubric;
  context.illustrative = {"budget_execution_rate_pct"};
  return BuildReportView(SampleResponse(), context);
}

}  // namespace anju::cli::testing
