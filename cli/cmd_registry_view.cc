// How the registry commands print: Chinese tables and lines for people;
// --format json prints the message instead (report_args.h PrintMessage).

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/cmd_registry.h"
#include "cli/org_names.h"
#include "cli/report_args.h"
#include "cli/text_table.h"

namespace anju::cli {
namespace {

constexpr int kNameWidth = 28;
constexpr int kFactorsWidth = 44;

// Two decimals at most, no trailing zeros: 1200, 3220.5, 87.25.
std::string Figure(double value) {
  std::string text = absl::StrFormat("%.2f", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string CountyName(const std::string& code) {
  const std::string name = OrgName(code);
  return name.empty() ? code : name;
}

std::string Count(int value) { return absl::StrCat(value); }
std::string YearOrBlank(int year) {
  return year == 0 ? "" : absl::StrCat(year);
}
std::string Score(const anju::v1::ReserveProject& p) {
  return p.priority().model_version().empty() ? ""
                                              : Figure(p.priority().score());
}
std::string YesNo(bool value) { return value ? "是" : "否"; }

std::string MissingTypes(const google::protobuf::RepeatedField<int>& types) {
  std::vector<std::string> labels;
  for (int type : types) {
    labels.push_back(
        ArchiveTypeLabel(static_cast<anju::v1::ArchiveType>(type)));
  }
  return absl::StrJoin(labels, "、");
}

std::string Components(const anju::v1::PriorityScore& score) {
  std::vector<std::string> parts;
  for (const auto& c : score.components()) {
    parts.push_back(absl::StrCat(c.label().empty() ? c.factor() : c.label(),
                                 " ", Figure(c.points()), "/",
                                 Figure(c.max_points())));
  }
  return absl::StrJoin(parts, "；");
}

}  // namespace

std::string ProjectListTable(const anju::v1::ListProjectsResponse& response) {
  const std::vector<TextColumn> columns = {{"编号"},
                                           {"旗县区"},
                                           {"类型"},
                                           {"项目名称", kNameWidth},
                                           {"套数", 0, true},
                                           {"户数", 0, true},
                                           {"总投资(万元)", 0, true},
                                           {"状态"},
                                           {"计划年度"},
                                           {"优先得分", 0, true}};
  std::vector<TextRow> rows;
  for (const anju::v1::ReserveProject& p : response.projects()) {
    rows.push_back(
        {{p.id(), CountyName(p.org()), ProgrammeLabel(p.programme()), p.name(),
          Count(p.units()), Count(p.households()),
          Figure(p.investment_10k_yuan()), ProjectStatusLabel(p.status()),
          YearOrBlank(p.plan_year()), Score(p)}});
  }
  std::string text =
      absl::StrCat(RenderTextTable(columns, rows), "共 ", response.total_size(),
                   " 个项目，本页 ", response.projects_size(), " 个\n");
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&text, "下一页: --page-token ", response.next_page_token(),
                    "\n");
  }
  return text;
}

std::string ProjectDetail(const anju::v1::ReserveProject& p) {
  const anju::v1::FundingSources& f = p.funding();
  const anju::v1::Readiness& r = p.readiness();
  std::string text = absl::StrCat(
      "项目 ", p.id(), "  ", p.name(), "\n", "旗县区: ", CountyName(p.org()),
      "（", p.org(), "）  类型: ", ProgrammeLabel(p.programme()),
      "  状态: ", ProjectStatusLabel(p.status()), "\n", "地址: ", p.address(),
      "\n", "规模: ", p.units(), " 套，", p.households(), " 户，",
      p.buildings(), " 栋，", Figure(p.floor_area_10k_m2()), " 万m²，",
      p.communities(), " 个小区\n",
      "估算总投资: ", Figure(p.investment_10k_yuan()), " 万元（中央 ",
      Figure(f.central()), "，自治区 ", Figure(f.region()), "，盟市 ",
      Figure(f.city()), "，旗县 ", Figure(f.county()), "，社会及居民 ",
      Figure(f.social()), "，贷款或债券 ", Figure(f.loans_bonds()), "）\n",
      "前期工作: 立项 ", YesNo(r.approved()), "，用地 ", YesNo(r.land()),
      "，规划许可 ", YesNo(r.planning_permit()), "，施工许可 ",
      YesNo(r.construction_permit()), "，资金落实 ", YesNo(r.funds_secured()),
      "\n", "居民同意率: ", Figure(p.resident_consent_pct()),
      "%  建成年份: ", YearOrBlank(p.building_year()), "\n",
      "配套设施短板: 基础类 ", p.shortfalls().basic(), "，完善类 ",
      p.shortfalls().improvement(), "，提升类 ", p.shortfalls().upgrade(),
      "\n");
  if (p.plan_year() != 0 || !p.start_date().empty()) {
    absl::StrAppend(&text, "计划年度: ", YearOrBlank(p.plan_year()),
                    "  开工: ", p.start_date(), "  竣工: ", p.completion_date(),
                    "  交付: ", p.delivery_date(), "\n");
  }
  if (!p.priority().model_version().empty()) {
    absl::StrAppend(&text, "优先得分: ", Figure(p.priority().score()),
                    "（模型 ", p.priority().model_version(), "）\n");
    for (const auto& c : p.priority().components()) {
      absl::StrAppend(&text, "  ", c.label(), " ", Figure(c.points()), "/",
                      Figure(c.max_points()), "  ", c.explanation(), "\n");
    }
  }
  if (p.missing_archive_types_size() > 0) {
    absl::StrAppend(
        &text, "档案缺少: ", MissingTypes(p.missing_archive_types()), "\n");
  }
  absl::StrAppend(&text, "etag: ", p.etag(),
                  "  更新: ", DisplayTime(p.update_time()), "\n");
  return text;
}

std::string RankTable(const anju::v1::RankProjectsResponse& response) {
  const std::vector<TextColumn> columns = {
      {"名次", 0, true}, {"编号"},
      {"旗县区"},        {"项目名称", kNameWidth},
      {"得分", 0, true}, {"套数", 0, true},
      {"户数", 0, true}, {"得分构成", kFactorsWidth}};
  std::vector<TextRow> rows;
  for (const anju::v1::RankedProject& ranked : response.projects()) {
    const anju::v1::ReserveProject& p = ranked.project();
    rows.push_back({{Count(ranked.rank()), p.id(), CountyName(p.org()),
                     p.name(), Figure(p.priority().score()), Count(p.units()),
                     Count(p.households()), Components(p.priority())}});
  }
  std::string text = absl::StrCat("评分模型 ", response.model_version(), "\n",
                                  RenderTextTable(columns, rows), "共 ",
                                  response.total_size(), " 个项目\n");
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&text, "下一页: --page-token ", response.next_page_token(),
                    "\n");
  }
  return text;
}

std::string PlanText(const anju::v1::AnnualPlan& plan) {
  const bool frozen = plan.state() == anju::v1::PLAN_STATE_FROZEN;
  std::string text = absl::StrCat(
      CountyName(plan.org()), " ", ProgrammeLabel(plan.programme()), " ",
      plan.year(), " 年度计划（", frozen ? "已下达" : "草案", "）  模型 ",
      plan.model_version(), "  etag: ", plan.etag(), "\n");
  const auto& c = plan.constraints();
  if (c.budget_cap_10k_yuan() > 0) {
    absl::StrAppend(&text, "投资上限: ", Figure(c.budget_cap_10k_yuan()),
                    " 万元\n");
  }
  const std::vector<TextColumn> columns = {
      {"名次", 0, true}, {"编号"},
      {"旗县区"},        {"项目名称", kNameWidth},
      {"得分", 0, true}, {"套数", 0, true},
      {"户数", 0, true}, {"投资(万元)", 0, true},
      {"调整"}};
  std::vector<TextRow> rows;
  for (const anju::v1::PlanEntry& e : plan.entries()) {
    rows.push_back({{Count(e.rank()), e.project_id(), CountyName(e.org()),
                     e.name(), Figure(e.score()), Count(e.units()),
                     Count(e.households()), Figure(e.investment_10k_yuan()),
                     e.manual() ? absl::StrCat("手工加入 ", e.reason()) : ""}});
  }
  const anju::v1::PlanTotals& t = plan.totals();
  absl::StrAppend(&text, RenderTextTable(columns, rows), "合计: ", t.projects(),
                  " 个项目，", t.units(), " 套，", t.households(), " 户，",
                  t.buildings(), " 栋，", Figure(t.floor_area_10k_m2()),
                  " 万m²，", t.communities(), " 个小区，投资 ",
                  Figure(t.investment_10k_yuan()), " 万元\n");
  for (const std::string& note : plan.notes()) {
    absl::StrAppend(&text, "注：", note, "\n");
  }
  for (const std::string& adjustment : plan.adjustments()) {
    absl::StrAppend(&text, "调整：", adjustment, "\n");
  }
  if (frozen) {
    absl::StrAppend(&text, "下达: ", plan.frozen_by(), " ",
                    DisplayTime(plan.freeze_time()), "\n");
  }
  return text;
}

std::string ArchiveRecordLine(const anju::v1::ArchiveRecord& r) {
  std::string line = absl::StrCat(ArchiveTypeLabel(r.type()), "  ", r.title());
  for (const auto& [key, value] : r.data()) {
    absl::StrAppend(&line, "  ", key, "=", value);
  }
  if (!r.sha256().empty()) {
    absl::StrAppend(&line, "  ", r.file_name(), " ", r.size_bytes(), " 字节 ",
                    r.content_type(), " sha256:", r.sha256());
  }
  absl::StrAppend(&line, "  ", r.uploaded_by(), " ",
                  DisplayTime(r.upload_time()), "\n");
  return line;
}

std::string ArchiveText(const anju::v1::ListArchiveResponse& response) {
  std::string text;
  for (const anju::v1::ArchiveRecord& r : response.records()) {
    absl::StrAppend(&text, ArchiveRecordLine(r));
  }
  if (text.empty()) text = "无档案记录\n";
  absl::StrAppend(&text, "必需: ", MissingTypes(response.required_types()),
                  "\n");
  if (response.complete()) {
    absl::StrAppend(&text, "档案完整\n");
  } else {
    absl::StrAppend(&text, "档案不完整，缺少: ",
                    MissingTypes(response.missing_types()), "\n");
  }
  return text;
}

std::string ImportText(const anju::v1::ImportProjectsResponse& response,
                       bool dry_run, bool valid_rows_only) {
  std::string text;
  for (const anju::v1::RowError& e : response.errors()) {
    absl::StrAppend(&text, "第", e.row(), "行 ", e.column(), ": ", e.message(),
                    "\n");
  }
  const int bad_rows = [&] {
    int count = 0, last = 0;
    for (const anju::v1::RowError& e : response.errors()) {
      count += e.row() != last;
      last = e.row();
    }
    return count;
  }();
  absl::StrAppend(&text, "读取 ", response.rows(), " 行");
  if (response.errors_size() > 0) {
    absl::StrAppend(&text, "，", bad_rows, " 行有错误（",
                    response.errors_size(), " 处）");
  }
  if (dry_run) {
    absl::StrAppend(&text, "，仅检查，未导入\n");
  } else if (response.errors_size() > 0 && !valid_rows_only) {
    absl::StrAppend(&text,
                    "，未导入（改正后重试，或用 --valid-rows-only "
                    "只导入无错误的行）\n");
  } else {
    absl::StrAppend(&text, "，导入 ", response.imported(), " 行\n");
  }
  return text;
}

}  // namespace anju::cli
