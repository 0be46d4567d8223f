#include "bench/notification_plan/national_campaign.h"

#include "absl/strings/str_cat.h"
#include "common/orgs/national_divisions.h"
#include "services/notification/clock.h"

namespace anju::bench {
namespace {

v1::Contact MakeContact(const orgs::Org& org, const std::string& role) {
  v1::Contact c;
  c.set_id(absl::StrCat(org.code, "-", role));
  c.set_org(org.code);
  c.set_name(absl::StrCat(org.name, role == "filer" ? "填报人" : "负责人"));
  c.set_role(role);
  c.set_email(absl::StrCat(role, "@", org.code, ".example.gov.cn"));
  if (role == "filer") {
    c.set_inbox(true);
  } else {
    c.set_webhook_url(absl::StrCat("http://127.0.0.1:9/hook/", org.code));
    c.set_webhook_secret("secret");
  }
  return c;
}

}  // namespace

std::string DefaultDivisionsDir() {
  return ANJU_SOURCE_DIR "/../shared/data/china-divisions";
}

absl::StatusOr<NationalCampaign> MakeNationalCampaign(
    const std::string& divisions_dir, int submitted_percent) {
  NationalCampaign campaign;
  auto tree = orgs::LoadNationalDivisions(divisions_dir);
  if (!tree.ok()) return tree.status();
  campaign.tree = *std::move(tree);
  campaign.calendar.year = 2023;
  campaign.calendar.programmes = {"rental", "shanty", "oldcomm"};
  auto county = notification::ParseInstant("2024-03-20T18:00:00+08:00", "");
  auto city = notification::ParseInstant("2024-03-31T18:00:00+08:00", "");
  campaign.calendar.county_deadline = *county;
  campaign.calendar.city_deadline = *city;
  uint64_t mix = 88172645463325252ull;  // xorshift: the same states each run
  for (const orgs::Org& org : campaign.tree->orgs()) {
    if (org.level == orgs::OrgLevel::kRegion) continue;
    (org.level == orgs::OrgLevel::kCounty ? campaign.counties
                                          : campaign.cities)++;
    for (const std::string& p : campaign.calendar.programmes) {
      mix ^= mix << 13;
      mix ^= mix >> 7;
      mix ^= mix << 17;
      const bool submitted = static_cast<int>(mix % 100) < submitted_percent;
      campaign.states[org.code][p] = submitted
                                         ? v1::REPORT_STATE_SUBMITTED_TO_CITY
                                         : v1::REPORT_STATE_DRAFT;
    }
  }
  for (const orgs::Org& org : campaign.tree->orgs()) {
    campaign.contacts[org.code].push_back(MakeContact(org, "filer"));
    campaign.contacts[org.code].push_back(MakeContact(org, "coordinator"));
  }
  return campaign;
}

}  // namespace anju::bench
