// PreviewReminders (提醒预览): the planner run over a window for the orgs
// the caller may see, from the same code the dispatcher plans with.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/notification/dispatcher.h"
#include "services/notification/notification_service.h"

namespace anju::notification {
namespace {

struct Window {
  absl::Time from;
  absl::Time to;
};

absl::StatusOr<Window> WindowOf(const v1::PreviewRemindersRequest& request,
                                absl::Time now, int max_days) {
  Window w{now, now};
  if (!request.from().empty()) {
    auto from = ParseInstant(request.from(), "from");
    if (!from.ok()) return from.status();
    w.from = *from;
  }
  w.to = w.from + absl::Hours(24 * 30);
  if (!request.to().empty()) {
    auto to = ParseInstant(request.to(), "to");
    if (!to.ok()) return to.status();
    w.to = *to;
  }
  if (w.to <= w.from) return absl::InvalidArgumentError("to: 须晚于 from");
  if (w.to - w.from > absl::Hours(24) * max_days) {
    return absl::InvalidArgumentError(
        absl::StrCat("to: 预览窗口至多 ", max_days, " 天"));
  }
  return w;
}

v1::PlannedNotice ToProto(const PlannedItem& item, const orgs::OrgTree& tree) {
  v1::PlannedNotice notice;
  notice.set_org(item.org);
  const orgs::Org* org = tree.FindByCode(item.org);
  notice.set_org_name(org == nullptr ? item.org : org->name);
  notice.set_kind(item.kind);
  notice.set_programme(absl::StrJoin(item.programmes, ","));
  notice.set_deadline(FormatShanghai(item.deadline));
  notice.set_send_time(FormatShanghai(item.due));
  for (const v1::Contact* c : item.recipients) notice.add_contact_ids(c->id());
  if (item.about_org != item.org) notice.set_about_org(item.about_org);
  return notice;
}

}  // namespace

absl::Status NotificationServiceImpl::DoPreviewReminders(
    const auth::Caller& caller, const v1::PreviewRemindersRequest& request,
    v1::PreviewRemindersResponse* response) {
  if (request.year() < 2000 || request.year() > 2100) {
    return absl::InvalidArgumentError(
        absl::StrCat("year: 须在 2000–2100 之间 (got ", request.year(), ")"));
  }
  // The orgs shown: the one asked for, or all the caller may see.
  std::string scope = request.org();
  if (scope.empty()) {
    const bool everything = !caller.authenticated ||
                            caller.scope == auth::Scope::kRegion ||
                            caller.scope == auth::Scope::kAny;
    scope = everything ? RegionCode() : caller.principal.org;
  }
  if (auto s = Authorize(caller, scope); !s.ok()) return s;
  auto window =
      WindowOf(request, deps_.clock->Now(), deps_.limits.max_preview_days);
  if (!window.ok()) return window.status();
  auto campaign = deps_.submission->GetCampaign(request.year());
  if (absl::IsNotFound(campaign.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat("year: ", request.year(), " 年度的评价任务尚未创建"));
  }
  if (!campaign.ok()) return campaign.status();
  auto calendar = CalendarOf(*campaign);
  if (!calendar.ok()) return calendar.status();
  auto policy =
      EffectivePolicy(*deps_.store, deps_.default_policy, request.year());
  if (!policy.ok()) return policy.status();
  auto states = FetchReportStates(*deps_.submission, *deps_.orgs, *calendar);
  if (!states.ok()) return states.status();
  auto contacts = deps_.store->AllContacts();
  if (!contacts.ok()) return contacts.status();
  PlanInput input{deps_.orgs, *calendar,    *policy,   &*states,
                  &*contacts, window->from, window->to};
  const orgs::OrgTree& tree = *deps_.orgs;
  auto visible = [&](const std::string& org) {
    return org == scope || tree.IsAncestor(scope, org);
  };
  for (const PlannedItem& item : PlanNotices(input)) {
    if (!visible(item.org) && !visible(item.about_org)) continue;
    if (response->notices_size() >= deps_.limits.max_preview_notices) break;
    *response->add_notices() = ToProto(item, tree);
  }
  return absl::OkStatus();
}

}  // namespace anju::notification
