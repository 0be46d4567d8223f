#ifndef ANJU_SERVICES_NOTIFICATION_PLANNER_H_
#define ANJU_SERVICES_NOTIFICATION_PLANNER_H_

// The reminder planner (催报计划): a pure function from a campaign's
// deadlines, its reminder policy, the state of every report and the
// contacts to the notices due in a time window. The dispatcher inserts what
// it plans up to now; PreviewReminders answers from the same function.
//
// Counties are reminded against deadlines.county_to_city, cities against
// city_to_region, and only while a report of theirs is not yet submitted
// (no report, draft, returned, correction): one notice per org and due time
// naming the programmes still missing. Overdue notices follow the deadline
// every overdue_every_days; on overdue day escalate_after_days the parent
// org's coordinators get an escalation (督办) naming the overdue org.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/notification.pb.h"
#include "anju/v1/submission.pb.h"
#include "common/orgs/org_tree.h"

namespace anju::notification {

struct CampaignCalendar {
  int year = 0;
  std::vector<std::string> programmes;
  absl::Time county_deadline;  // 旗县区报送盟市
  absl::Time city_deadline;    // 盟市报送自治区
};

// INVALID_ARGUMENT when a deadline is missing or unreadable.
absl::StatusOr<CampaignCalendar> CalendarOf(const v1::Campaign& campaign);

// org code → programme → state; an absent entry means no report yet.
using ReportStates =
    absl::flat_hash_map<std::string,
                        absl::flat_hash_map<std::string, v1::ReportState>>;

// Submitted upwards (or further along): reminders stop.
bool IsSubmitted(v1::ReportState state);

// org code → its contacts (secrets included).
using ContactBook = absl::flat_hash_map<std::string, std::vector<v1::Contact>>;

// One notice: one org, one due time.
struct PlannedItem {
  std::string org;        // who receives it
  std::string about_org;  // whose report is missing (= org but escalations)
  v1::NoticeKind kind = v1::NOTICE_KIND_UNSPECIFIED;
  absl::Time deadline;
  absl::Time due;
  int overdue_day = 0;  // overdue and escalation: the day after the deadline
  std::vector<std::string> programmes;         // still not submitted
  std::vector<const v1::Contact*> recipients;  // into the ContactBook
};

struct PlanInput {
  const orgs::OrgTree* tree = nullptr;
  CampaignCalendar calendar;
  v1::ReminderPolicy policy;  // validated
  const ReportStates* states = nullptr;
  const ContactBook* contacts = nullptr;
  absl::Time from;  // exclusive
  absl::Time to;    // inclusive
};

// Ordered by due time, then org, then about_org.
std::vector<PlannedItem> PlanNotices(const PlanInput& input);

// Whether any reminder, overdue or escalation time of the campaign falls in
// (from, to], whatever the reports: lets the dispatcher skip asking the
// submission service on ticks when nothing can be due.
bool AnyDueIn(const CampaignCalendar& calendar,
              const v1::ReminderPolicy& policy, absl::Time from, absl::Time to);

// Whether a contact wants notices of `kind` (an empty list: every kind).
bool Wants(const v1::Contact& contact, v1::NoticeKind kind);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_PLANNER_H_
