// anjuctl report show|edit|submit|return|review|check: one report's
// workflow (填报、报送、退回、审核).

#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/facts_file.h"
#include "cli/render.h"
#include "cli/report_args.h"
#include "cli/review_file.h"
#include "cli/scoring_client.h"
#include "cli/stored_view.h"
#include "cli/submission_client.h"

namespace anju::cli {
namespace {

using Stub = SubmissionClient::Stub;

struct ReportOptions {
  ReportKeyOptions key;
  int version = 0;
  std::string file;    // edit: a facts file; review: a review file
  std::string reason;  // return; review: the reason for accepted scores
  bool accept_computed = false;
  std::string format = "text";
  // edit: FACT=REASON, why a fact differs from the registry's (覆盖原因).
  std::vector<std::string> override_reasons;
};

absl::Status PrintReport(const ReportOptions& options,
                         const anju::v1::Report& report, std::ostream& out) {
  return PrintMessage(
      options.format,
      absl::StrCat(ReportHead(report), RegistryFactLines(report),
                   FindingLines(report.findings())),
      report, out);
}

absl::Status RunShow(const ReportOptions& options,
                     const SubmissionClient& client,
                     const ScoringClient& scoring, std::ostream& out) {
  auto request = KeyedRequest<anju::v1::GetReportRequest>(options.key);
  request.set_version(options.version);
  auto report = client.Call(&Stub::GetReport, request);
  if (!report.ok()) return report.status();
  if (options.format == "json" || !report->has_scored()) {
    return PrintReport(options, *report, out);
  }
  absl::StatusOr<ReportView> view =
      StoredReportView(*report, scoring, /*all_score_columns=*/false);
  if (!view.ok()) return view.status();
  return WriteOutput(
      "-",
      absl::StrCat(ReportHead(*report), RegistryFactLines(*report),
                   RenderTable(*view, TableOptions{})),
      out);
}

// The report as it stands (null: not created yet), for its etag and its
// override reasons.
absl::StatusOr<std::unique_ptr<anju::v1::Report>> CurrentForEdit(
    const ReportKeyOptions& key, const SubmissionClient& client) {
  auto current = client.Call(&Stub::GetReport,
                             KeyedRequest<anju::v1::GetReportRequest>(key));
  if (current.ok()) {
    return std::make_unique<anju::v1::Report>(*std::move(current));
  }
  if (current.status().code() == absl::StatusCode::kNotFound) {
    return std::unique_ptr<anju::v1::Report>();
  }
  return current.status();
}

// The reasons to send: --override-reason, plus the stored reason of every
// fact still overridden with the value the registry was overridden with
// (the file replaces the draft as a whole, reasons included).
void SetOverrideReasons(const std::map<std::string, std::string>& given,
                        const anju::v1::Report* current,
                        anju::v1::SaveDraftRequest* request) {
  auto& reasons = *request->mutable_override_reasons();
  for (const auto& [fact, reason] : given) reasons[fact] = reason;
  if (current == nullptr) return;
  for (const auto& [fact, vouched] : current->registry_facts()) {
    if (!vouched.overridden() || reasons.contains(fact)) continue;
    auto filed = request->facts().find(fact);
    auto stored = current->facts().find(fact);
    if (filed == request->facts().end() || stored == current->facts().end() ||
        filed->second.SerializeAsString() !=
            stored->second.SerializeAsString()) {
      continue;
    }
    reasons[fact] = vouched.override_reason();
    std::cerr << "anjuctl: 沿用覆盖原因 " << fact << "："
              << vouched.override_reason() << "\n";
  }
}

// The facts of the 报送情况 indicators that the service derives at
// submission (submission.proto, Report.derived_facts): a facts file written
// for `anjuctl score` carries them, a draft may not.
constexpr const char* kDerivedFacts[] = {"submitted_on_time",
                                         "report_complete"};

void DropDerivedFacts(anju::v1::SaveDraftRequest* request) {
  for (const char* name : kDerivedFacts) {
    if (request->mutable_facts()->erase(name) > 0) {
      std::cerr << "anjuctl: 忽略事实 " << name
                << "：由系统在报送时根据截止时间和完整性生成\n";
    }
  }
}

absl::Status RunEdit(ReportOptions options, const SubmissionClient& client,
                     std::ostream& out) {
  absl::StatusOr<FactsFile> file = ReadFactsFile(options.file);
  if (!file.ok()) return file.status();
  if (options.key.org.empty()) options.key.org = file->org;
  options.key.programme = file->request.programme();
  options.key.year = file->request.year();
  if (options.key.org.empty()) {
    return UsageError("the facts file names no org: give --org");
  }
  absl::StatusOr<std::map<std::string, std::string>> reasons =
      ParseOverrideReasons(options.override_reasons);
  if (!reasons.ok()) return reasons.status();
  absl::StatusOr<std::unique_ptr<anju::v1::Report>> current =
      CurrentForEdit(options.key, client);
  if (!current.ok()) return current.status();
  auto request = KeyedRequest<anju::v1::SaveDraftRequest>(options.key);
  *request.mutable_facts() = file->request.facts();
  // 补充数据 travel with the facts; the service checks them against its
  // consistency rules and keeps them out of scoring.
  for (const auto& [name, fact] : file->supplementary) {
    (*request.mutable_facts())[name] = fact;
  }
  *request.mutable_self_scores() = file->request.self_scores();
  DropDerivedFacts(&request);
  SetOverrideReasons(*reasons, current->get(), &request);
  // --etag, else the current one (the file replaces the draft as a whole),
  // else "" for a new report.
  request.set_etag(!options.key.etag.empty() ? options.key.etag
                   : *current != nullptr     ? (*current)->etag()
                                             : "");
  auto saved = client.Call(&Stub::SaveDraft, request);
  if (!saved.ok()) return saved.status();
  return PrintReport(options, *saved, out);
}

absl::Status RunSubmit(const ReportOptions& options,
                       const SubmissionClient& client, std::ostream& out) {
  auto request = KeyedRequest<anju::v1::SubmitReportRequest>(options.key);
  request.set_etag(options.key.etag);
  auto submitted = client.Call(&Stub::SubmitReport, request);
  if (!submitted.ok()) return submitted.status();
  return PrintReport(options, *submitted, out);
}

absl::Status RunReturn(const ReportOptions& options,
                       const SubmissionClient& client, std::ostream& out) {
  auto request = KeyedRequest<anju::v1::ReturnReportRequest>(options.key);
  request.set_reason(options.reason);
  request.set_etag(options.key.etag);
  auto returned = client.Call(&Stub::ReturnReport, request);
  if (!returned.ok()) return returned.status();
  return PrintReport(options, *returned, out);
}

absl::Status RunReview(const ReportOptions& options,
                       const SubmissionClient& client, std::ostream& out) {
  if (options.file.empty() && !options.accept_computed) {
    return UsageError("give --file REVIEW.yaml or --accept-computed");
  }
  auto current = client.Call(
      &Stub::GetReport, KeyedRequest<anju::v1::GetReportRequest>(options.key));
  if (!current.ok()) return current.status();
  auto request = KeyedRequest<anju::v1::ReviewReportRequest>(options.key);
  request.set_etag(options.key.etag.empty() ? current->etag()
                                            : options.key.etag);
  if (options.accept_computed) {
    AcceptComputedScores(*current, options.reason, &request);
  }
  if (!options.file.empty()) {
    absl::Status read = ReadReviewFile(options.file, &request);
    if (!read.ok()) return read;
  }
  auto reviewed = client.Call(&Stub::ReviewReport, request);
  if (!reviewed.ok()) return reviewed.status();
  return PrintReport(options, *reviewed, out);
}

absl::Status RunCheck(const ReportOptions& options,
                      const SubmissionClient& client, std::ostream& out) {
  auto request = KeyedRequest<anju::v1::CheckReportRequest>(options.key);
  request.set_version(options.version);
  auto checked = client.Call(&Stub::CheckReport, request);
  if (!checked.ok()) return checked.status();
  std::string text = FindingLines(checked->findings());
  // By name: a protobuf map's order differs from one call to the next.
  const std::map<std::string, double> sums(checked->county_sums().begin(),
                                           checked->county_sums().end());
  for (const auto& [fact, sum] : sums) {
    absl::StrAppend(&text, "  旗县区合计 ", fact, " = ", sum, "\n");
  }
  return PrintMessage(options.format, text, *checked, out);
}

}  // namespace

void AddReportCommand(CLI::App& app, const GlobalOptions& global,
                      absl::Status* outcome) {
  CLI::App* report =
      app.add_subcommand("report", "One report: show, edit, submit, review");
  report->require_subcommand(1);

  auto show_options = std::make_shared<ReportOptions>();
  CLI::App* show = report->add_subcommand(
      "show", "Show a report; a scored one as its 指标表");
  AddReportKeyOptions(show, &show_options->key);
  AddMessageFormat(show, &show_options->format);
  show->add_option("--version", show_options->version, "0: the latest");
  show->final_callback([show_options, &global, outcome] {
    *outcome = WithSubmission(global, [&](const SubmissionClient& client) {
      return WithScoring(global, [&](const ScoringClient& scoring) {
        return RunShow(*show_options, client, scoring, std::cout);
      });
    });
  });

  auto edit_options = std::make_shared<ReportOptions>();
  CLI::App* edit = report->add_subcommand(
      "edit", "Save a facts file as the report's draft (草稿)");
  edit->add_option("-f,--file", edit_options->file, "facts file (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  edit->add_option("--org", edit_options->key.org,
                   "org code, name or alias; default: the file's org");
  edit->add_option("--etag", edit_options->key.etag,
                   "the etag last read; default: the current one");
  edit->add_option("--override-reason", edit_options->override_reasons,
                   "FACT=REASON, repeatable: why FACT differs from the "
                   "project reserve's value (覆盖原因)");
  AddMessageFormat(edit, &edit_options->format);
  edit->final_callback([edit_options, &global, outcome] {
    *outcome = WithSubmission(global, [&](const SubmissionClient& client) {
      return RunEdit(*edit_options, client, std::cout);
    });
  });

  AddReportStep(report, global, outcome, "submit",
                "Submit: a county to its city, a city to the region (报送)",
                std::make_shared<ReportOptions>(), RunSubmit);
  auto return_options = std::make_shared<ReportOptions>();
  AddReportStep(report, global, outcome, "return",
                "Return for correction (退回)", return_options, RunReturn)
      ->add_option("--reason", return_options->reason, "退回原因")
      ->required();
  auto review_options = std::make_shared<ReportOptions>();
  CLI::App* review = AddReportStep(report, global, outcome, "review",
                                   "Set the review scores (自治区审核)",
                                   review_options, RunReview);
  review->add_option("-f,--file", review_options->file,
                     "review file: review_scores: {ID: {score, reason}}");
  review->add_flag("--accept-computed", review_options->accept_computed,
                   "review score = computed score for every indicator the "
                   "file does not set");
  review
      ->add_option("--reason", review_options->reason,
                   "reason for the accepted scores")
      ->default_val("经审核，认可系统计算得分");
  auto check_options = std::make_shared<ReportOptions>();
  AddReportStep(report, global, outcome, "check",
                "Consistency findings of a report (一致性检查)", check_options,
                RunCheck)
      ->add_option("--version", check_options->version, "0: the latest");
}

}  // namespace anju::cli
