#include "cli/cmd_score.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/facts_file.h"
#include "cli/render.h"
#include "cli/report_view.h"

namespace anju::cli {
namespace {

bool ToStdout(const std::string& output) {
  return output.empty() || output == "-";
}

absl::Status CheckOptions(const ScoreOptions& options) {
  if (options.format != "xlsx") return absl::OkStatus();
  if (options.output.empty()) {
    return UsageError("--format xlsx needs --output FILE.xlsx");
  }
  if (ToStdout(options.output) && options.stdout_is_terminal) {
    return UsageError(
        "refusing to write an xlsx workbook to a terminal; redirect it or "
        "give --output FILE.xlsx");
  }
  return absl::OkStatus();
}

// libxlsxwriter writes to a named file only: for "-" the workbook goes to
// a temporary file first, then to the pipe.
absl::Status XlsxToStream(const ReportView& view, std::ostream& out) {
  char path[] = "/tmp/anjuctl-XXXXXX.xlsx";
  const int fd = mkstemps(path, 5);
  if (fd < 0) return absl::InternalError("cannot create a temporary file");
  close(fd);
  absl::Status status = WriteXlsx(view, path);
  if (status.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    status = WriteOutput("-", bytes.str(), out);
  }
  std::remove(path);
  return status;
}

absl::Status Render(const ReportView& view, const ScoreOptions& options,
                    std::ostream& out) {
  if (options.format == "xlsx") {
    return ToStdout(options.output) ? XlsxToStream(view, out)
                                    : WriteXlsx(view, options.output);
  }
  std::string text;
  if (options.format == "csv") {
    text = RenderCsv(view);
  } else if (options.format == "html") {
    text = RenderHtml(view);
  } else {
    text = RenderTable(view, TableOptions{options.width});
  }
  return WriteOutput(options.output, text, out);
}

}  // namespace

absl::Status RunScore(const ScoreOptions& options, const ScoringClient& client,
                      std::ostream& out) {
  absl::Status status = CheckOptions(options);
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
  return Render(BuildReportView(*response, context), options, out);
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
    const auto client =
        ScoringClient::Connect(global.scoring, global.timeout());
    *outcome = RunScore(*options, *client, std::cout);
  });
}

}  // namespace anju::cli
