#include "bench/submission/samples.h"

#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cli/facts_file.h"
#include "common/status.h"

namespace anju::bench {
namespace {

constexpr const char* kProgrammes[] = {"rental", "shanty", "oldcomm"};
// Set by the service at submission; a filer sending them is refused.
constexpr char kSubmittedOnTime[] = "submitted_on_time";
constexpr char kReportComplete[] = "report_complete";

absl::StatusOr<v1::EvaluateResponse> Score(v1::ScoringService::Stub& scoring,
                                           const v1::EvaluateRequest& request) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  context.set_wait_for_ready(true);
  v1::EvaluateResponse response;
  grpc::Status s = scoring.Evaluate(&context, request, &response);
  if (!s.ok()) return common::FromGrpcStatus(s);
  return response;
}

absl::StatusOr<ProgrammeSample> LoadProgramme(
    const std::string& dir, const std::string& programme,
    v1::ScoringService::Stub& scoring) {
  absl::StatusOr<cli::FactsFile> file =
      cli::ReadFactsFile(absl::StrCat(dir, "/", programme, ".yaml"));
  if (!file.ok()) return file.status();
  v1::EvaluateRequest evaluate = std::move(file->request);
  ProgrammeSample sample;
  sample.programme = programme;
  sample.draft.set_programme(programme);
  sample.draft.set_year(kSampleYear);
  for (const auto& [name, fact] : evaluate.facts()) {
    if (name == kSubmittedOnTime || name == kReportComplete) continue;
    (*sample.draft.mutable_facts())[name] = fact;
  }
  *sample.draft.mutable_self_scores() = evaluate.self_scores();

  (*evaluate.mutable_facts())[kSubmittedOnTime].set_flag(true);
  (*evaluate.mutable_facts())[kReportComplete].set_flag(true);
  absl::StatusOr<v1::EvaluateResponse> scored = Score(scoring, evaluate);
  if (!scored.ok()) return scored.status();
  v1::Report& r = sample.submitted;
  r.set_programme(programme);
  r.set_state(v1::REPORT_STATE_SUBMITTED_TO_CITY);
  *r.mutable_facts() = sample.draft.facts();
  *r.mutable_self_scores() = sample.draft.self_scores();
  for (const char* name : {kSubmittedOnTime, kReportComplete}) {
    (*r.mutable_derived_facts())[name] = evaluate.facts().at(name);
  }
  r.set_rubric_version(scored->rubric_version());
  r.set_submit_time("2024-03-01T09:00:00+08:00");
  *r.mutable_scored() = *std::move(scored);
  return sample;
}

}  // namespace

absl::StatusOr<Samples> LoadSamples(const std::string& samples_dir,
                                    const orgs::OrgTree& orgs,
                                    v1::ScoringService::Stub& scoring) {
  Samples samples;
  for (const char* programme : kProgrammes) {
    absl::StatusOr<ProgrammeSample> sample =
        LoadProgramme(samples_dir, programme, scoring);
    if (!sample.ok()) return sample.status();
    samples.programmes.push_back(*std::move(sample));
  }
  for (const orgs::Org& org : orgs.orgs()) {
    if (org.level == orgs::OrgLevel::kCounty) {
      samples.counties.push_back(org.code);
    }
  }
  if (samples.counties.empty()) {
    return absl::FailedPreconditionError("the org tree has no counties");
  }
  return samples;
}

absl::StatusOr<std::vector<std::string>> SubmittedJson(const Samples& samples) {
  std::vector<std::string> rows;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;  // as services/submission/store
  for (const ProgrammeSample& sample : samples.programmes) {
    v1::Report report = sample.submitted;
    report.set_org(samples.counties.front());
    report.set_year(kSampleYear);
    report.set_version(1);
    std::string json;
    if (!google::protobuf::util::MessageToJsonString(report, &json, options)
             .ok()) {
      return absl::InternalError("cannot write a sample report as JSON");
    }
    rows.push_back(std::move(json));
  }
  return rows;
}

}  // namespace anju::bench
