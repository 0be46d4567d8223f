#ifndef ANJU_SERVICES_SUBMISSION_REPORT_CHECKER_H_
#define ANJU_SERVICES_SUBMISSION_REPORT_CHECKER_H_

// The consistency check of one report as the service runs it: gathers what
// the pure rules (consistency/checks.h) need — the city's counties and
// their latest reports, the rubric (fetched once per programme, year and
// pinned version) — and sets Report.findings and Report.county_sums.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <tuple>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "anju/v1/submission.pb.h"
#include "common/orgs/org_tree.h"
#include "services/submission/consistency/rules.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"

namespace anju::submission {

class ReportChecker {
 public:
  // `rules` may be null (no rules: only a city's county sums are set).
  ReportChecker(const consistency::RuleBook* rules, Store* store,
                const orgs::OrgTree* orgs, ScoringClient* scoring);

  // SaveDraft: supplementary facts within their declared range.
  absl::Status CheckSupplementary(const v1::SaveDraftRequest& request) const;
  // SubmitReport: the facts sent to Evaluate, without the supplementary
  // ones that no rubric declares.
  void StripSupplementary(
      int year, google::protobuf::Map<std::string, v1::Fact>* facts) const;

  // Sets report->findings and, for a city, report->county_sums, from the
  // report's content and its counties' latest reports as they stand now.
  // `evidence`: the report's indicators with uploaded evidence.
  absl::Status Apply(const orgs::Org& org, const v1::Campaign& campaign,
                     const std::set<std::string>& evidence, v1::Report* report);

 private:
  absl::StatusOr<std::shared_ptr<const v1::Rubric>> RubricFor(
      const consistency::RuleSet& rules, const v1::Campaign& campaign,
      const std::string& programme);

  const consistency::RuleBook* rules_;
  Store* store_;
  const orgs::OrgTree* orgs_;
  ScoringClient* scoring_;
  std::mutex mu_;
  // (programme, year, version) → the rubric, checked against the rules.
  std::map<std::tuple<std::string, int, std::string>,
           std::shared_ptr<const v1::Rubric>>
      rubrics_;  // guarded by mu_
};

// At start: every rubric the scoring service serves for a year with rules,
// checked against the rules (consistency::CheckAgainstRubric), so that a
// rule naming a fact no rubric has stops the start (INVALID_ARGUMENT naming
// file, rule and field). The scoring service's own errors come back as
// they are (UNAVAILABLE when it is not up yet: the rules are then checked
// when each rubric is first fetched).
absl::Status CheckRulesAgainstServedRubrics(const consistency::RuleBook& rules,
                                            ScoringClient& scoring);

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_REPORT_CHECKER_H_
