#include "common/reports/county_sums.h"

#include <gtest/gtest.h>

namespace anju::reports {
namespace {

v1::Report Report(v1::ReportState state, double households) {
  v1::Report report;
  report.set_state(state);
  (*report.mutable_facts())["subsidy_issued_households"].set_number(households);
  (*report.mutable_facts())["funds_allocated_on_time"].set_flag(true);
  return report;
}

TEST(CountySumsTest, OnlyReportsThatStandAsSubmittedCount) {
  v1::Report submitted = Report(v1::REPORT_STATE_SUBMITTED_TO_CITY, 423);
  v1::Report reviewed = Report(v1::REPORT_STATE_REVIEWED, 36);
  v1::Report draft = Report(v1::REPORT_STATE_DRAFT, 1000);
  v1::Report returned = Report(v1::REPORT_STATE_RETURNED, 1000);
  v1::Report correction = Report(v1::REPORT_STATE_CORRECTION, 1000);
  std::map<std::string, double> sums =
      SumNumberFacts({&submitted, &reviewed, &draft, &returned, &correction});
  EXPECT_EQ(sums.at("subsidy_issued_households"), 459);
  EXPECT_EQ(sums.count("funds_allocated_on_time"), 0u);  // a flag
  EXPECT_FALSE(CountsInTotals(draft));
  EXPECT_TRUE(CountsInTotals(Report(v1::REPORT_STATE_RESUBMITTED, 1)));
}

}  // namespace
}  // namespace anju::reports
