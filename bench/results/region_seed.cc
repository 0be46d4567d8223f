#include "bench/results/region_seed.h"

#include <string>

#include "absl/time/clock.h"
#include "tests/scoring_service/requests.h"

namespace anju::bench {
namespace {

using orgs::Org;
using orgs::OrgLevel;

// The sample request of a programme; rental reuses the shanty figures
// (no rental sample exists in the tests, and the store does not check
// facts against a rubric).
v1::EvaluateRequest Sample(const std::string& programme) {
  v1::EvaluateRequest request = programme == "oldcomm"
                                    ? testing::OldcommRequest()
                                    : testing::ShantyRequest();
  request.set_programme(programme == "oldcomm" ? "oldcomm" : "shanty");
  return request;
}

absl::StatusOr<v1::Report> SubmittedReport(
    const Org& org, const std::string& programme,
    const scoring::ScoringServiceImpl& scoring, int variant) {
  v1::EvaluateRequest request = Sample(programme);
  v1::EvaluateResponse scored;
  if (auto s = scoring.DoEvaluate(request, &scored); !s.ok()) return s;
  v1::Report report;
  report.set_org(org.code);
  report.set_programme(programme);
  report.set_year(kSeedYear);
  report.set_version(1);
  report.set_state(org.level == OrgLevel::kCity
                       ? v1::REPORT_STATE_SUBMITTED_TO_REGION
                       : v1::REPORT_STATE_SUBMITTED_TO_CITY);
  *report.mutable_facts() = request.facts();
  (*report.mutable_facts())["bench_variant"].set_number(variant);
  *report.mutable_self_scores() = request.self_scores();
  *report.mutable_scored() = scored;
  report.set_rubric_version(scored.rubric_version());
  return report;
}

}  // namespace

absl::Status SeedRegion(const orgs::OrgTree& tree,
                        const scoring::ScoringServiceImpl& scoring,
                        submission::Store& store) {
  v1::Campaign campaign;
  campaign.set_year(kSeedYear);
  for (const char* programme : kSeedProgrammes) {
    campaign.add_programmes(programme);
  }
  if (auto s = store.CreateCampaign(
          campaign, submission::Change{"bench", absl::Now(), "campaign"});
      !s.ok()) {
    return s;
  }
  int variant = 0;
  for (const Org& org : tree.orgs()) {
    if (org.level == OrgLevel::kRegion) continue;
    for (const char* programme : kSeedProgrammes) {
      auto report = SubmittedReport(org, programme, scoring, ++variant);
      if (!report.ok()) return report.status();
      auto written = store.WriteReport(
          *report, "", submission::Change{"bench", absl::Now(), "seed"});
      if (!written.ok()) return written.status();
    }
  }
  return absl::OkStatus();
}

}  // namespace anju::bench
