#include "cli/cmd_score.h"

#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/facts_file.h"
#include "cli/render.h"
#include "cli/report_view.h"
#include "cli/view_output.h"

namespace anju::cli {

absl::Status RunScore(const ScoreOptions& options, const ScoringClient& client,
                      std::ostream& out) {
  const ViewOutput output{options.format, options.output, options.width,
                          options.stdout_is_terminal};
  absl::Status status = CheckViewOutput(output);
  if (!status.ok()) return status;
  absl::StatusOr<FactsFile> file = ReadFactsFile(options.file);
  if (!file.ok()) return file.status();
  absl::StatusOr<anju::v1::EvaluateResponse> response =
      client.Evaluate(file->request);
  if (!response.ok()) return response.status();
  if (options.format == "json") {
    absl::StatusOr<std::string> json = RenderJson(*response);
    if (!json.ok()) return json.status();
    return WriteOutput(options.output, *json, out);
  }
  // The table's title is the rubric's (e.g. 城市棚户区改造绩效评价指标表).
  absl::StatusOr<anju::v1::Rubric> rubric =
      client.GetRubric(response->programme(), response->year());
  if (!rubric.ok()) return rubric.status();
  const ReportContext context{file->org, file->org_name, &*rubric,
                              file->illustrative};
  return WriteView(BuildReportView(*response, context), output, out);
}

void AddScoreCommand(CLI::App& app, const GlobalOptions& global,
                     absl::Status* outcome) {
  auto options = std::make_shared<ScoreOptions>();
  CLI::App* score = app.add_subcommand(
      "score", "Score a facts file and print the 指标表 (indicator table)");
  score->add_option("-f,--file", options->file, "facts file (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  score->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "json", "csv", "xlsx", "html"}))
      ->capture_default_str();
  score->add_option("-o,--output", options->output,
                    "write to this file instead of standard output");
  score
      ->add_option("--width", options->width,
                   "table format: columns of the 评分理由 column")
      ->check(CLI::Range(10, 400))
      ->capture_default_str();
  score->final_callback([options, &global, outcome] {
    options->stdout_is_terminal = global.stdout_is_terminal;
    *outcome = WithScoring(global, [&](const ScoringClient& client) {
      return RunScore(*options, client, std::cout);
    });
  });
}

}  // namespace anju::cli
