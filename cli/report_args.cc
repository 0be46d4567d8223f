#include "cli/report_args.h"

#include <map>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/render.h"
#include "cli/report_view.h"

namespace anju::cli {

void AddReportKeyOptions(CLI::App* command, ReportKeyOptions* options) {
  command
      ->add_option("--org", options->org,
                   "org code, name or alias (150402, 红山区, 克旗)")
      ->required();
  command
      ->add_option("--programme", options->programme,
                   "rental, shanty or oldcomm")
      ->required();
  command->add_option("--year", options->year, "e.g. 2023")->required();
  command->add_option("--etag", options->etag,
                      "the etag last read: refuse the change if it moved on");
}

void AddMessageFormat(CLI::App* command, std::string* format) {
  command->add_option("--format", *format, "output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

std::string StateLabel(anju::v1::ReportState state) {
  switch (state) {
    case anju::v1::REPORT_STATE_DRAFT:
      return "草稿";
    case anju::v1::REPORT_STATE_SUBMITTED_TO_CITY:
      return "已报送盟市";
    case anju::v1::REPORT_STATE_SUBMITTED_TO_REGION:
      return "已报送自治区";
    case anju::v1::REPORT_STATE_RETURNED:
      return "已退回";
    case anju::v1::REPORT_STATE_CORRECTION:
      return "更正稿";
    case anju::v1::REPORT_STATE_RESUBMITTED:
      return "已重新报送";
    case anju::v1::REPORT_STATE_REVIEWED:
      return "已审核";
    default:
      return "未填报";
  }
}

std::string FindingLines(
    const google::protobuf::RepeatedPtrField<anju::v1::Finding>& findings) {
  if (findings.empty()) return "一致性检查：未发现问题\n";
  std::string text = absl::StrCat("一致性检查：", findings.size(), "项\n");
  for (const anju::v1::Finding& finding : findings) {
    const char* level = finding.severity() == anju::v1::Finding::SEVERITY_ERROR
                            ? "错误"
                            : "警告";
    absl::StrAppend(&text, "  [", level, "] ", finding.rule(), "：",
                    finding.message(), "\n");
  }
  return text;
}

std::string DisplayTime(const std::string& rfc3339) {
  const size_t dot = rfc3339.find('.');
  if (dot == std::string::npos) return rfc3339;
  const size_t zone = rfc3339.find_first_of("+-Z", dot);
  return rfc3339.substr(0, dot) +
         (zone == std::string::npos ? "" : rfc3339.substr(zone));
}

std::string ReportHead(const anju::v1::Report& report) {
  std::string text = absl::StrCat(report.org(), " ", report.programme(), " ",
                                  report.year(), "年度 第", report.version(),
                                  "版 ", StateLabel(report.state()), "（etag ",
                                  report.etag(), "）\n");
  if (!report.update_time().empty()) {
    absl::StrAppend(&text, "  更新时间 ", DisplayTime(report.update_time()),
                    "\n");
  }
  if (!report.submit_time().empty()) {
    absl::StrAppend(&text, "  报送时间 ", DisplayTime(report.submit_time()),
                    "\n");
  }
  if (report.has_scored()) {
    const anju::v1::EvaluateResponse& scored = report.scored();
    absl::StrAppend(&text, "  计算得分 ", FormatPoints(scored.total()),
                    scored.complete()
                        ? absl::StrCat("，评级 ", scored.grade_label())
                        : "，有指标无法评分，不评级",
                    "（指标体系版本 ", report.rubric_version(), "）\n");
  }
  if (!report.return_reason().empty()) {
    absl::StrAppend(&text, "  退回原因 ", report.return_reason(), "\n");
  }
  return text;
}

namespace {

std::string FactValue(const anju::v1::Fact& fact) {
  if (fact.has_flag()) return fact.flag() ? "是" : "否";
  if (fact.has_number()) return absl::StrCat(fact.number());
  return "（空）";
}

}  // namespace

std::string RegistryFactLines(const anju::v1::Report& report) {
  if (report.registry_facts().empty()) return "";
  // Sorted by fact name: the map's own order is unspecified.
  const std::map<std::string, anju::v1::RegistryFact> sorted(
      report.registry_facts().begin(), report.registry_facts().end());
  std::string text = absl::StrCat("项目储备库数据：", sorted.size(), "项\n");
  for (const auto& [name, fact] : sorted) {
    auto filed = report.facts().find(name);
    if (fact.overridden()) {
      absl::StrAppend(
          &text, "  ", name, " = ",
          filed == report.facts().end() ? "（空）" : FactValue(filed->second),
          "  已覆盖项目储备库数据 ", FactValue(fact.value()), "，覆盖原因：",
          fact.override_reason(), "\n");
    } else {
      absl::StrAppend(&text, "  ", name, " = ", FactValue(fact.value()),
                      "  来源: 项目储备库");
      if (!fact.explanation().empty()) {
        absl::StrAppend(&text, "（", fact.explanation(), "）");
      }
      absl::StrAppend(&text, "\n");
    }
  }
  return text;
}

absl::StatusOr<std::map<std::string, std::string>> ParseOverrideReasons(
    const std::vector<std::string>& entries) {
  std::map<std::string, std::string> reasons;
  for (const std::string& entry : entries) {
    const size_t eq = entry.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size()) {
      return UsageError(
          absl::StrCat("--override-reason \"", entry,
                       "\": 应为 FACT=REASON（指标名=覆盖原因）"));
    }
    const std::string fact = entry.substr(0, eq);
    if (!reasons.emplace(fact, entry.substr(eq + 1)).second) {
      return UsageError(
          absl::StrCat("--override-reason: ", fact, " 给出了两次"));
    }
  }
  return reasons;
}

absl::Status PrintMessage(const std::string& format, const std::string& text,
                          const google::protobuf::Message& message,
                          std::ostream& out) {
  if (format == "json") {
    absl::StatusOr<std::string> json = RenderJson(message);
    if (!json.ok()) return json.status();
    return WriteOutput("-", *json, out);
  }
  return WriteOutput("-", text, out);
}

}  // namespace anju::cli
