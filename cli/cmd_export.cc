// anjuctl export: a stored report's 指标表 with the three score columns
// (自评得分, 得分, 审核得分) and their totals, as table, csv, xlsx or html.

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/report_args.h"
#include "cli/scoring_client.h"
#include "cli/stored_view.h"
#include "cli/submission_client.h"
#include "cli/view_output.h"

namespace anju::cli {
namespace {

struct ExportOptions {
  ReportKeyOptions key;
  int version = 0;
  ViewOutput output;
};

absl::Status RunExport(const ExportOptions& options,
                       const SubmissionClient& client,
                       const ScoringClient& scoring, std::ostream& out) {
  absl::Status usage = CheckViewOutput(options.output);
  if (!usage.ok()) return usage;
  auto request = KeyedRequest<anju::v1::GetReportRequest>(options.key);
  request.set_version(options.version);
  auto report = client.Call(&SubmissionClient::Stub::GetReport, request);
  if (!report.ok()) return report.status();
  absl::StatusOr<ReportView> view =
      StoredReportView(*report, scoring, /*all_score_columns=*/true);
  if (!view.ok()) return view.status();
  return WriteView(*view, options.output, out);
}

}  // namespace

void AddExportCommand(CLI::App& app, const GlobalOptions& global,
                      absl::Status* outcome) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* command = app.add_subcommand(
      "export",
      "A stored report's 指标表 with self, computed and review scores");
  AddReportKeyOptions(command, &options->key);
  command->add_option("--version", options->version, "0: the latest");
  command->add_option("--format", options->output.format, "output format")
      ->check(CLI::IsMember({"table", "csv", "xlsx", "html"}))
      ->capture_default_str();
  command->add_option("-o,--output", options->output.output,
                      "write to this file instead of standard output");
  command->final_callback([options, &global, outcome] {
    options->output.stdout_is_terminal = global.stdout_is_terminal;
    *outcome = WithSubmission(global, [&](const SubmissionClient& client) {
      return WithScoring(global, [&](const ScoringClient& scoring) {
        return RunExport(*options, client, scoring, std::cout);
      });
    });
  });
}

}  // namespace anju::cli
