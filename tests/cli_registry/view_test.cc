#include "cli/cmd_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

anju::v1::ReserveProject Project() {
  anju::v1::ReserveProject p;
  p.set_id("P-7");
  p.set_org("150425");
  p.set_programme("shanty");
  p.set_name("克旗经棚镇北街棚户区改造项目");
  p.set_units(46);
  p.set_households(46);
  p.set_investment_10k_yuan(3220.5);
  p.set_status(anju::v1::PROJECT_STATUS_PLANNED);
  p.set_plan_year(2024);
  p.mutable_priority()->set_score(87.25);
  p.mutable_priority()->set_model_version("2024.1");
  auto* c = p.mutable_priority()->add_components();
  c->set_label("前期工作成熟度");
  c->set_points(16);
  c->set_max_points(20);
  c->set_explanation("立项、用地、规划许可已完成 (3/5)");
  p.add_missing_archive_types(anju::v1::ARCHIVE_TYPE_PROGRESS);
  return p;
}

TEST(ProjectListTable, ChineseColumnsCountyNamesAndPaging) {
  anju::v1::ListProjectsResponse response;
  *response.add_projects() = Project();
  response.set_total_size(3);
  response.set_next_page_token("abc");
  const std::string text = ProjectListTable(response);
  for (const char* s :
       {"编号", "旗县区", "项目名称", "总投资(万元)", "优先得分", "克什克腾旗",
        "棚户区改造", "3220.5", "计划", "2024", "87.25",
        "共 3 个项目，本页 1 个", "下一页: --page-token abc"}) {
    EXPECT_THAT(text, HasSubstr(s));
  }
}

TEST(ProjectDetail, BreakdownAndMissingArchives) {
  const std::string text = ProjectDetail(Project());
  EXPECT_THAT(text, HasSubstr("旗县区: 克什克腾旗（150425）"));
  EXPECT_THAT(text, HasSubstr("优先得分: 87.25（模型 2024.1）"));
  EXPECT_THAT(text,
              HasSubstr("前期工作成熟度 16/20  立项、用地、规划许可已完成"));
  EXPECT_THAT(text, HasSubstr("档案缺少: 工程进度"));
}

TEST(RankTable, RanksAndComponents) {
  anju::v1::RankProjectsResponse response;
  response.set_model_version("2024.1");
  auto* ranked = response.add_projects();
  ranked->set_rank(1);
  *ranked->mutable_project() = Project();
  response.set_total_size(1);
  const std::string text = RankTable(response);
  EXPECT_THAT(text, HasSubstr("评分模型 2024.1"));
  EXPECT_THAT(text, HasSubstr("前期工作成熟度 16/20"));
  EXPECT_THAT(text, HasSubstr("名次"));
  EXPECT_THAT(text, Not(HasSubstr("下一页")));
}

TEST(PlanText, DraftWithNotesAndTotals) {
  anju::v1::AnnualPlan plan;
  plan.set_org("150400");
  plan.set_programme("shanty");
  plan.set_year(2024);
  plan.set_state(anju::v1::PLAN_STATE_DRAFT);
  plan.mutable_constraints()->set_budget_cap_10k_yuan(20000);
  auto* e = plan.add_entries();
  e->set_project_id("P-7");
  e->set_org("150425");
  e->set_name("北街");
  e->set_rank(1);
  e->set_units(46);
  e->set_manual(true);
  e->set_reason("县里急需");
  plan.mutable_totals()->set_projects(1);
  plan.mutable_totals()->set_units(46);
  plan.add_notes("宁城县 未达到目标 75 套");
  const std::string text = PlanText(plan);
  EXPECT_THAT(text, HasSubstr("赤峰市 棚户区改造 2024 年度计划（草案）"));
  EXPECT_THAT(text, HasSubstr("投资上限: 20000 万元"));
  EXPECT_THAT(text, HasSubstr("手工加入 县里急需"));
  EXPECT_THAT(text, HasSubstr("合计: 1 个项目，46 套"));
  EXPECT_THAT(text, HasSubstr("注：宁城县 未达到目标 75 套"));
}

TEST(ArchiveText, IncompleteNamesWhatIsMissing) {
  anju::v1::ListArchiveResponse response;
  auto* r = response.add_records();
  r->set_type(anju::v1::ARCHIVE_TYPE_BASIC_INFO);
  r->set_title("基本情况表");
  (*r->mutable_data())["楼栋数"] = "4";
  response.add_required_types(anju::v1::ARCHIVE_TYPE_BASIC_INFO);
  response.add_required_types(anju::v1::ARCHIVE_TYPE_PROGRESS);
  response.add_missing_types(anju::v1::ARCHIVE_TYPE_PROGRESS);
  const std::string text = ArchiveText(response);
  EXPECT_THAT(text, HasSubstr("基本情况  基本情况表  楼栋数=4"));
  EXPECT_THAT(text, HasSubstr("必需: 基本情况、工程进度"));
  EXPECT_THAT(text, HasSubstr("档案不完整，缺少: 工程进度"));
}

TEST(ImportText, EveryRowErrorThenTheOutcome) {
  anju::v1::ImportProjectsResponse response;
  response.set_rows(14);
  auto* e = response.add_errors();
  e->set_row(4);
  e->set_column("居民同意率(%)");
  e->set_message("须在 0–100 之间 (got 120)");
  EXPECT_EQ(ImportText(response, false, false),
            "第4行 居民同意率(%): 须在 0–100 之间 (got 120)\n"
            "读取 14 行，1 行有错误（1 处），未导入（改正后重试，或用 "
            "--valid-rows-only 只导入无错误的行）\n");
  response.set_imported(13);
  EXPECT_THAT(ImportText(response, false, true), HasSubstr("，导入 13 行\n"));
  EXPECT_THAT(ImportText(response, true, false), HasSubstr("仅检查，未导入"));
}

}  // namespace
}  // namespace anju::cli
