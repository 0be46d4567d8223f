#include "services/notification/planner.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/notification/clock.h"
#include "services/notification/policy.h"

namespace anju::notification {
namespace {

using orgs::Org;
using orgs::OrgLevel;

// One due time of one deadline.
struct DueSlot {
  v1::NoticeKind kind;
  absl::Time due;
  int overdue_day;
};

absl::Time At(absl::CivilDay day, const LocalTimeOfDay& time) {
  return absl::FromCivil(absl::CivilMinute(day.year(), day.month(), day.day(),
                                           time.hour, time.minute),
                         ShanghaiZone());
}

// Every due time of `deadline` in (from, to]. Overdue slots are counted
// from the first send time after the deadline (overdue day 1).
std::vector<DueSlot> DueSlots(absl::Time deadline,
                              const v1::ReminderPolicy& policy, absl::Time from,
                              absl::Time to) {
  std::vector<DueSlot> slots;
  LocalTimeOfDay send;
  if (auto t = ParseSendTime(policy.send_time(), "send_time"); t.ok())
    send = *t;
  const absl::CivilDay day = absl::ToCivilDay(deadline, ShanghaiZone());
  auto in_window = [&](absl::Time t) { return t > from && t <= to; };
  for (int before : policy.remind_days_before()) {
    absl::Time due = At(day - before, send);
    if (due < deadline && in_window(due)) {
      slots.push_back({v1::NOTICE_KIND_REMINDER, due, 0});
    }
  }
  const absl::CivilDay first =
      At(day, send) > deadline ? day : day + 1;  // overdue day 1
  const int every = policy.overdue_every_days();
  if (every > 0 && to >= At(first, send)) {
    // Start near `from` instead of walking from the deadline.
    const absl::CivilDay from_day = absl::ToCivilDay(from, ShanghaiZone());
    int64_t k = std::max<int64_t>(0, (from_day - first) / every - 1);
    for (;; ++k) {
      const absl::Time due = At(first + k * every, send);
      if (due > to) break;
      if (in_window(due)) {
        slots.push_back(
            {v1::NOTICE_KIND_OVERDUE, due, static_cast<int>(k * every + 1)});
      }
    }
  }
  if (policy.escalate_after_days() > 0) {
    const int n = policy.escalate_after_days();
    const absl::Time due = At(first + (n - 1), send);
    if (in_window(due)) slots.push_back({v1::NOTICE_KIND_ESCALATION, due, n});
  }
  return slots;
}

std::vector<std::string> Missing(const CampaignCalendar& calendar,
                                 const ReportStates& states,
                                 const std::string& org) {
  std::vector<std::string> missing;
  auto found = states.find(org);
  for (const std::string& programme : calendar.programmes) {
    v1::ReportState state = v1::REPORT_STATE_UNSPECIFIED;
    if (found != states.end()) {
      auto p = found->second.find(programme);
      if (p != found->second.end()) state = p->second;
    }
    if (!IsSubmitted(state)) missing.push_back(programme);
  }
  return missing;
}

std::vector<const v1::Contact*> Recipients(const ContactBook& book,
                                           const std::string& org,
                                           v1::NoticeKind kind,
                                           bool coordinators_only) {
  std::vector<const v1::Contact*> out;
  auto found = book.find(org);
  if (found == book.end()) return out;
  for (const v1::Contact& contact : found->second) {
    if (coordinators_only && contact.role() != "coordinator") continue;
    if (Wants(contact, kind)) out.push_back(&contact);
  }
  return out;
}

}  // namespace

absl::StatusOr<CampaignCalendar> CalendarOf(const v1::Campaign& campaign) {
  CampaignCalendar calendar;
  calendar.year = campaign.year();
  calendar.programmes.assign(campaign.programmes().begin(),
                             campaign.programmes().end());
  auto county = ParseInstant(campaign.deadlines().county_to_city(),
                             "campaign.deadlines.county_to_city");
  if (!county.ok()) return county.status();
  auto city = ParseInstant(campaign.deadlines().city_to_region(),
                           "campaign.deadlines.city_to_region");
  if (!city.ok()) return city.status();
  calendar.county_deadline = *county;
  calendar.city_deadline = *city;
  return calendar;
}

bool IsSubmitted(v1::ReportState state) {
  switch (state) {
    case v1::REPORT_STATE_SUBMITTED_TO_CITY:
    case v1::REPORT_STATE_SUBMITTED_TO_REGION:
    case v1::REPORT_STATE_RESUBMITTED:
    case v1::REPORT_STATE_REVIEWED:
      return true;
    default:
      return false;
  }
}

bool Wants(const v1::Contact& contact, v1::NoticeKind kind) {
  if (contact.kinds().empty()) return true;
  for (int k : contact.kinds()) {
    if (k == kind) return true;
  }
  return false;
}

std::vector<PlannedItem> PlanNotices(const PlanInput& input) {
  std::vector<PlannedItem> items;
  const CampaignCalendar& calendar = input.calendar;
  const std::vector<DueSlot> county_slots =
      DueSlots(calendar.county_deadline, input.policy, input.from, input.to);
  const std::vector<DueSlot> city_slots =
      DueSlots(calendar.city_deadline, input.policy, input.from, input.to);
  for (const Org& org : input.tree->orgs()) {
    if (org.level == OrgLevel::kRegion) continue;
    const bool county = org.level == OrgLevel::kCounty;
    const std::vector<DueSlot>& slots = county ? county_slots : city_slots;
    if (slots.empty()) continue;
    std::vector<std::string> missing =
        Missing(calendar, *input.states, org.code);
    if (missing.empty()) continue;
    for (const DueSlot& slot : slots) {
      PlannedItem item;
      item.about_org = org.code;
      item.kind = slot.kind;
      item.deadline =
          county ? calendar.county_deadline : calendar.city_deadline;
      item.due = slot.due;
      item.overdue_day = slot.overdue_day;
      item.programmes = missing;
      const bool escalation = slot.kind == v1::NOTICE_KIND_ESCALATION;
      item.org = escalation ? org.parent : org.code;
      item.recipients =
          Recipients(*input.contacts, item.org, slot.kind, escalation);
      items.push_back(std::move(item));
    }
  }
  std::sort(items.begin(), items.end(),
            [](const PlannedItem& a, const PlannedItem& b) {
              return std::tie(a.due, a.org, a.about_org, a.kind) <
                     std::tie(b.due, b.org, b.about_org, b.kind);
            });
  return items;
}

bool AnyDueIn(const CampaignCalendar& calendar,
              const v1::ReminderPolicy& policy, absl::Time from,
              absl::Time to) {
  return !DueSlots(calendar.county_deadline, policy, from, to).empty() ||
         !DueSlots(calendar.city_deadline, policy, from, to).empty();
}

}  // namespace anju::notification
