#include "cli/report_args.h"

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
