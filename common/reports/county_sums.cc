#include "common/reports/county_sums.h"

namespace anju::reports {

bool CountsInTotals(const v1::Report& report) {
  switch (report.state()) {
    case v1::REPORT_STATE_SUBMITTED_TO_CITY:
    case v1::REPORT_STATE_SUBMITTED_TO_REGION:
    case v1::REPORT_STATE_RESUBMITTED:
    case v1::REPORT_STATE_REVIEWED:
      return true;
    default:
      return false;
  }
}

std::map<std::string, double> SumNumberFacts(
    const std::vector<const v1::Report*>& reports) {
  std::map<std::string, double> sums;
  for (const v1::Report* report : reports) {
    if (!CountsInTotals(*report)) continue;
    for (const auto& [name, fact] : report->facts()) {
      if (fact.value_case() == v1::Fact::kNumber) sums[name] += fact.number();
    }
  }
  return sums;
}

}  // namespace anju::reports
