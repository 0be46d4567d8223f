#include "cli/cmd_rubrics.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "cli/render.h"
#include "cli/report_view.h"
#include "cli/text_table.h"
#include "cli/text_width.h"

namespace anju::cli {
namespace {

using anju::v1::FactSpec;
using anju::v1::IndicatorSpec;
using anju::v1::Rubric;

constexpr int kShowWidth = 76;  // criterion and note text, after the indent

const char* TypeLabel(FactSpec::Type type) {
  switch (type) {
    case FactSpec::TYPE_FLAG:
      return "是/否";
    case FactSpec::TYPE_COUNT:
      return "计数";
    case FactSpec::TYPE_PERCENT:
      return "百分比";
    default:
      return "数值";
  }
}

// "shanty_planned_units（计划开工，套，计数）"
std::string DescribeFact(const Rubric& rubric, const std::string& name) {
  for (const FactSpec& fact : rubric.facts()) {
    if (fact.name() != name) continue;
    std::vector<std::string> parts;
    if (!fact.label().empty()) parts.push_back(fact.label());
    if (!fact.unit().empty()) parts.push_back(fact.unit());
    parts.push_back(TypeLabel(fact.type()));
    return absl::StrCat(name, "（", absl::StrJoin(parts, "，"), "）");
  }
  return name;
}

// "  评分标准：…" with continuation lines under the text, not the label.
std::string Labelled(absl::string_view label, const std::string& text) {
  if (text.empty()) return "";
  const std::string head = absl::StrCat("  ", label, "：");
  const std::string indent(DisplayWidth(head), ' ');
  std::string out;
  const std::vector<std::string> lines = WrapText(text, kShowWidth);
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? head : indent, lines[i], "\n");
  }
  return out;
}

std::string ShowIndicator(const Rubric& rubric, const IndicatorSpec& spec) {
  std::string out = absl::StrCat(spec.id(), "  ", spec.level1(), " / ",
                                 spec.name(), "  ", spec.bonus() ? "+" : "",
                                 FormatPoints(spec.max_score()), "分");
  if (spec.judged()) out += "  定性（自评得分、理由和佐证材料）";
  out += "\n" + Labelled("评分标准", spec.criterion());
  std::vector<std::string> facts;
  for (const std::string& name : spec.facts()) {
    facts.push_back(DescribeFact(rubric, name));
  }
  out += Labelled("事实", absl::StrJoin(facts, "\n"));
  out += Labelled("规则", spec.rule_kinds());
  return out + Labelled("说明", spec.note());
}

std::string ShowRubric(const Rubric& rubric) {
  std::string out =
      absl::StrCat(rubric.title(), "（", rubric.programme(), " ", rubric.year(),
                   "，版本", rubric.version(), "）\n");
  if (!rubric.source().empty())
    absl::StrAppend(&out, "来源：", rubric.source(), "\n");
  absl::StrAppend(&out, "满分", FormatPoints(rubric.total_points()), "分");
  if (rubric.bonus_points() > 0) {
    absl::StrAppend(&out, "，加分项最多", FormatPoints(rubric.bonus_points()),
                    "分");
  }
  std::vector<std::string> levels;
  for (const auto& level : rubric.levels()) {
    levels.push_back(
        absl::StrCat(level.name(), FormatPoints(level.max_score()), "分"));
  }
  absl::StrAppend(&out, "；", absl::StrJoin(levels, "，"), "\n");
  for (const IndicatorSpec& spec : rubric.indicators()) {
    absl::StrAppend(&out, "\n", ShowIndicator(rubric, spec));
  }
  return out;
}

std::string ListTable(const anju::v1::ListRubricsResponse& list) {
  const std::vector<TextColumn> columns = {{"项目", 0, false},
                                           {"年度", 0, true},
                                           {"版本", 0, false},
                                           {"名称", 0, false},
                                           {"指标数", 0, true}};
  std::vector<TextRow> rows;
  for (const auto& entry : list.rubrics()) {
    rows.push_back(
        {{entry.programme(), absl::StrCat(entry.year()), entry.version(),
          entry.title(), absl::StrCat(entry.indicator_count())},
         false});
  }
  return RenderTextTable(columns, rows);
}

absl::Status PrintJson(const google::protobuf::Message& message,
                       std::ostream& out) {
  absl::StatusOr<std::string> json = RenderJson(message);
  if (!json.ok()) return json.status();
  return WriteOutput("", *json + "\n", out);
}

CLI::Option* AddFormat(CLI::App* command, std::string* format) {
  return command->add_option("--format", *format, "output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
}

}  // namespace

absl::Status RunRubricsList(const RubricsOptions& options,
                            const ScoringClient& client, std::ostream& out) {
  anju::v1::ListRubricsRequest request;
  request.set_programme(options.programme);
  request.set_year(options.year);
  absl::StatusOr<anju::v1::ListRubricsResponse> list =
      client.ListRubrics(request);
  if (!list.ok()) return list.status();
  if (options.format == "json") return PrintJson(*list, out);
  return WriteOutput("", ListTable(*list), out);
}

absl::Status RunRubricsShow(const RubricsOptions& options,
                            const ScoringClient& client, std::ostream& out) {
  absl::StatusOr<Rubric> rubric =
      client.GetRubric(options.programme, options.year);
  if (!rubric.ok()) return rubric.status();
  if (options.format == "json") return PrintJson(*rubric, out);
  return WriteOutput("", ShowRubric(*rubric), out);
}

void AddRubricsCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome) {
  CLI::App* rubrics = app.add_subcommand(
      "rubrics", "The indicator systems (评价指标体系) the service has loaded");
  rubrics->require_subcommand(1);

  auto list_options = std::make_shared<RubricsOptions>();
  CLI::App* list = rubrics->add_subcommand("list", "List the rubrics");
  list->add_option("--programme", list_options->programme,
                   "only this programme (rental, shanty, oldcomm)");
  list->add_option("--year", list_options->year, "only this year");
  AddFormat(list, &list_options->format);
  list->final_callback([list_options, &global, outcome] {
    *outcome = WithScoring(global, [&](const ScoringClient& client) {
      return RunRubricsList(*list_options, client, std::cout);
    });
  });

  auto show_options = std::make_shared<RubricsOptions>();
  CLI::App* show = rubrics->add_subcommand(
      "show", "Show one rubric: indicators, points, criteria, facts, notes");
  show->add_option("programme", show_options->programme,
                   "rental, shanty or oldcomm")
      ->required();
  show->add_option("year", show_options->year, "e.g. 2023")->required();
  AddFormat(show, &show_options->format);
  show->final_callback([show_options, &global, outcome] {
    *outcome = WithScoring(global, [&](const ScoringClient& client) {
      return RunRubricsShow(*show_options, client, std::cout);
    });
  });
}

}  // namespace anju::cli
