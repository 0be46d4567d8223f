#ifndef ANJU_COMMON_REPORTS_COUNTY_SUMS_H_
#define ANJU_COMMON_REPORTS_COUNTY_SUMS_H_

// 旗县区合计: a city's figures summed over its counties' reports. One
// definition for the submission service (the sums fixed in a city report at
// submission, the consistency rules) and the scoring service (GetCityTotals),
// so that both always agree on which reports count and how.

#include <map>
#include <string>
#include <vector>

#include "anju/v1/submission.pb.h"

namespace anju::reports {

// A report counts in totals and rankings when it stands as submitted:
// submitted to the city or the region, resubmitted or reviewed. Drafts,
// corrections and returned reports do not (a returned report is being
// corrected; its figures are not accepted).
bool CountsInTotals(const v1::Report& report);

// The number facts of the reports that count, summed per fact name, in the
// order of `reports` (callers pass them ordered by org, so that the floating
// point sums are the same on every call). Flags are not summed.
std::map<std::string, double> SumNumberFacts(
    const std::vector<const v1::Report*>& reports);

}  // namespace anju::reports

#endif  // ANJU_COMMON_REPORTS_COUNTY_SUMS_H_
