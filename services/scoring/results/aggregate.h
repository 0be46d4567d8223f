#ifndef ANJU_SERVICES_SCORING_RESULTS_AGGREGATE_H_
#define ANJU_SERVICES_SCORING_RESULTS_AGGREGATE_H_

// City totals and city rankings from stored reports: pure functions of the
// reports that count (the submission service's ListScoredReports), so that
// they are tested on hand-built reports and give the same answer on every
// call for the same reports. Scores are summed as integer hundredths, as
// the scoring engine does, so that no float drift changes a rank.

#include <cstdint>
#include <string>
#include <vector>

#include "anju/v1/scoring.pb.h"
#include "anju/v1/submission.pb.h"
#include "common/orgs/org_tree.h"

namespace anju::scoring::results {

// A score in hundredths: round(x * 100).
int64_t Hundredths(double score);

// 自治区审核得分: the sum of the review scores, when the report is reviewed;
// 0 otherwise.
double ReviewTotal(const v1::Report& report);

// The city's totals for `programmes`, from `reports` (those that count, of
// the city and its counties, ordered by org and programme, as
// ListScoredReports returns them); `version` is theirs.
v1::CityTotals AggregateCityTotals(
    const orgs::OrgTree& tree, const orgs::Org& city, int year,
    const std::vector<std::string>& programmes,
    const v1::ListScoredReportsResponse& reports);

// Every city of the region ranked on `programme` by the review total when
// reviewed, else the computed total; equal scores (in hundredths) share a
// rank (1, 1, 3), ties in code order. Cities without a counting report of
// the programme are listed in cities_not_submitted.
v1::RankCitiesResponse RankCities(const orgs::OrgTree& tree,
                                  const std::string& programme,
                                  const v1::ListScoredReportsResponse& reports);

// The programmes of `reports` in name order; `fallback` when there is none.
std::vector<std::string> ProgrammesOf(
    const v1::ListScoredReportsResponse& reports,
    const std::vector<std::string>& fallback);

}  // namespace anju::scoring::results

#endif  // ANJU_SERVICES_SCORING_RESULTS_AGGREGATE_H_
