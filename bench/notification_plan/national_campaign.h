#ifndef ANJU_BENCH_NOTIFICATION_PLAN_NATIONAL_CAMPAIGN_H_
#define ANJU_BENCH_NOTIFICATION_PLAN_NATIONAL_CAMPAIGN_H_

// A national-scale campaign for the planning benchmark: the whole
// country's divisions (/work/shared/data/china-divisions), three
// programmes, two contacts per org (a filer with e-mail and inbox, a
// coordinator with e-mail and a webhook), and report states of which a
// deterministic share is already submitted.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/orgs/org_tree.h"
#include "services/notification/planner.h"

namespace anju::bench {

struct NationalCampaign {
  std::unique_ptr<orgs::OrgTree> tree;
  notification::CampaignCalendar calendar;
  notification::ReportStates states;
  notification::ContactBook contacts;
  int counties = 0;
  int cities = 0;
};

// `submitted_percent` of the (org, programme) reports are submitted.
absl::StatusOr<NationalCampaign> MakeNationalCampaign(
    const std::string& divisions_dir, int submitted_percent);

std::string DefaultDivisionsDir();

}  // namespace anju::bench

#endif  // ANJU_BENCH_NOTIFICATION_PLAN_NATIONAL_CAMPAIGN_H_
