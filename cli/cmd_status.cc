// anjuctl status: every county of a city with its report (报送情况).

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/report_args.h"
#include "cli/submission_client.h"
#include "cli/text_table.h"

namespace anju::cli {
namespace {

struct StatusOptions {
  std::string city;
  std::string programme;
  int year = 0;
  std::string format = "text";
};

std::string StatusTable(const anju::v1::ListReportsResponse& response) {
  const std::vector<TextColumn> columns = {{"代码"},     {"旗县区"},
                                           {"状态"},     {"版本", 0, true},
                                           {"报送时间"}, {"逾期"}};
  std::vector<TextRow> rows;
  int submitted = 0, late = 0;
  for (const auto& entry : response.reports()) {
    const bool done = entry.state() != anju::v1::REPORT_STATE_UNSPECIFIED &&
                      entry.state() != anju::v1::REPORT_STATE_DRAFT;
    submitted += done ? 1 : 0;
    late += entry.late() ? 1 : 0;
    rows.push_back(
        {{entry.org(), entry.org_name(), StateLabel(entry.state()),
          entry.version() > 0 ? absl::StrCat(entry.version()) : "",
          DisplayTime(entry.submit_time()), entry.late() ? "逾期" : ""}});
  }
  return absl::StrCat(RenderTextTable(columns, rows), "共",
                      response.reports_size(), "个旗县区，已报送", submitted,
                      "个，逾期", late, "个\n");
}

absl::Status RunStatus(const StatusOptions& options,
                       const SubmissionClient& client, std::ostream& out) {
  anju::v1::ListReportsRequest request;
  request.set_city(options.city);
  request.set_programme(options.programme);
  request.set_year(options.year);
  auto listed = client.Call(&SubmissionClient::Stub::ListReports, request);
  if (!listed.ok()) return listed.status();
  return PrintMessage(options.format, StatusTable(*listed), *listed, out);
}

}  // namespace

void AddStatusCommand(CLI::App& app, const GlobalOptions& global,
                      absl::Status* outcome) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* status = app.add_subcommand(
      "status", "A city's counties and the state of their reports (报送情况)");
  status->add_option("--city", options->city, "city code or name (赤峰市)")
      ->required();
  status
      ->add_option("--programme", options->programme,
                   "rental, shanty or oldcomm")
      ->required();
  status->add_option("--year", options->year, "e.g. 2023")->required();
  AddMessageFormat(status, &options->format);
  status->final_callback([options, &global, outcome] {
    *outcome = WithSubmission(global, [&](const SubmissionClient& client) {
      return RunStatus(*options, client, std::cout);
    });
  });
}

}  // namespace anju::cli
