#ifndef ANJU_SERVICES_SUBMISSION_CONSISTENCY_CHECKS_H_
#define ANJU_SERVICES_SUBMISSION_CONSISTENCY_CHECKS_H_

// Evaluating the consistency rules on one report: pure functions over the
// report, its counties' latest reports (cities) and the rubric.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "anju/v1/rubric.pb.h"
#include "anju/v1/submission.pb.h"
#include "services/submission/consistency/rules.h"

namespace anju::submission::consistency {

// A county of the city whose report is checked.
struct CountyReport {
  std::string code;
  std::string name;
  const v1::Report* report = nullptr;  // its latest; null: none yet
};

struct ReportUnderCheck {
  const v1::Report* report = nullptr;  // facts and self-scores as they stand
  std::string org_name;                // 赤峰市
  bool city = false;
  std::vector<CountyReport> counties;  // cities: every county, by code
  const v1::Rubric* rubric = nullptr;  // of the report's programme and year
  // Indicators with uploaded evidence (Store::EvidenceFor): evidence counts
  // whether referenced in SelfScore.evidence or uploaded.
  std::set<std::string> indicators_with_evidence;
};

// Every rule of `rules` that applies to the report's programme, in file
// order; each finding names the figures, the indicator or the counties.
std::vector<v1::Finding> CheckReport(const RuleSet& rules,
                                     const ReportUnderCheck& in);

// 旗县区合计: the number facts of the counties' reports that count in
// totals (common/reports/county_sums.h), summed.
std::map<std::string, double> CountySums(
    const std::vector<CountyReport>& counties);

// FAILED_PRECONDITION listing the findings of severity error, one a line;
// OK when there are none.
absl::Status RefuseOnErrors(
    const google::protobuf::RepeatedPtrField<v1::Finding>& findings);

// INVALID_ARGUMENT naming facts[name] when a supplementary fact is not a
// number within its declared range.
absl::Status CheckSupplementaryFacts(
    const RuleSet& rules,
    const google::protobuf::Map<std::string, v1::Fact>& facts);

// Removes the supplementary facts: the scoring service refuses facts its
// rubric does not declare.
void StripSupplementaryFacts(
    const RuleSet& rules, google::protobuf::Map<std::string, v1::Fact>* facts);

}  // namespace anju::submission::consistency

#endif  // ANJU_SERVICES_SUBMISSION_CONSISTENCY_CHECKS_H_
