// anjuctl reminders policy show|set, reminders preview: when reminders,
// overdue notices and escalations go out (提醒策略), and who will get them
// (提醒预览).

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/cmd_notify.h"
#include "cli/command.h"
#include "cli/org_names.h"
#include "cli/report_args.h"
#include "cli/text_table.h"

namespace anju::cli {
namespace {

using Stub = NotificationClient::Stub;

constexpr int kMaxDaysBefore = 366;

bool IsClockTime(const std::string& text) {
  int hour = 0, minute = 0;
  return text.size() == 5 && text[2] == ':' &&
         absl::SimpleAtoi(text.substr(0, 2), &hour) &&
         absl::SimpleAtoi(text.substr(3, 2), &minute) && hour >= 0 &&
         hour < 24 && minute >= 0 && minute < 60;
}

std::string OrgText(const std::string& code, const std::string& name) {
  if (!name.empty()) return name;
  const std::string known = OrgName(code);
  return known.empty() ? code : known;
}

}  // namespace

absl::StatusOr<anju::v1::ReminderPolicy> ApplyPolicyOptions(
    const PolicyOptions& options, anju::v1::ReminderPolicy policy) {
  policy.set_year(options.year);
  if (!options.remind_days_before.empty()) {
    policy.clear_remind_days_before();
    for (int days : options.remind_days_before) {
      if (days < 1 || days > kMaxDaysBefore) {
        return UsageError(absl::StrCat("--days: 须在 1–", kMaxDaysBefore,
                                       " 之间 (got ", days, ")"));
      }
      policy.add_remind_days_before(days);
    }
  }
  if (!options.send_time.empty()) {
    if (!IsClockTime(options.send_time)) {
      return UsageError(absl::StrCat("--send-time: 须为 HH:MM (got \"",
                                     options.send_time, "\")"));
    }
    policy.set_send_time(options.send_time);
  }
  if (options.overdue_every_days >= 0) {
    policy.set_overdue_every_days(options.overdue_every_days);
  }
  if (options.escalate_after_days >= 0) {
    policy.set_escalate_after_days(options.escalate_after_days);
  }
  policy.clear_update_time();
  policy.clear_is_default();
  return policy;
}

std::string PolicyText(const anju::v1::ReminderPolicy& p) {
  std::vector<std::string> days;
  for (int d : p.remind_days_before()) days.push_back(absl::StrCat("T-", d));
  return absl::StrCat(
      p.year(), "年度提醒策略", p.is_default() ? "（默认）" : "", "\n",
      "  截止前提醒 ", days.empty() ? "无" : absl::StrJoin(days, "、"),
      "，每天 ", p.send_time(), "（北京时间）\n", "  逾期通知 ",
      p.overdue_every_days() > 0
          ? absl::StrCat("每 ", p.overdue_every_days(), " 天")
          : std::string("不发送"),
      "\n", "  逾期督办 ",
      p.escalate_after_days() > 0
          ? absl::StrCat("逾期 ", p.escalate_after_days(), " 天后报上级负责人")
          : std::string("不督办"),
      "\n",
      p.update_time().empty()
          ? std::string()
          : absl::StrCat("  更新时间 ", DisplayTime(p.update_time()), "\n"));
}

std::string PreviewTable(const anju::v1::PreviewRemindersResponse& response) {
  const std::vector<TextColumn> columns = {
      {"发送时间"}, {"单位"},       {"类型"},    {"项目"},
      {"截止时间"}, {"接收人", 24}, {"督办对象"}};
  std::vector<TextRow> rows;
  for (const anju::v1::PlannedNotice& n : response.notices()) {
    rows.push_back(
        {{DisplayTime(n.send_time()), OrgText(n.org(), n.org_name()),
          KindLabel(n.kind()), n.programme(), DisplayTime(n.deadline()),
          absl::StrJoin(n.contact_ids(), ", "),
          n.about_org().empty() ? "" : OrgText(n.about_org(), "")}});
  }
  return absl::StrCat(RenderTextTable(columns, rows), "共",
                      response.notices_size(), "条待发通知\n");
}

absl::Status RunPolicyShow(const PolicyOptions& options,
                           const NotificationClient& client,
                           std::ostream& out) {
  anju::v1::GetReminderPolicyRequest request;
  request.set_year(options.year);
  auto policy = client.Call(&Stub::GetReminderPolicy, request);
  if (!policy.ok()) return policy.status();
  return PrintMessage(options.format, PolicyText(*policy), *policy, out);
}

absl::Status RunPolicySet(const PolicyOptions& options,
                          const NotificationClient& client, std::ostream& out) {
  // Refuse bad options before any call.
  if (absl::Status s = ApplyPolicyOptions(options, {}).status(); !s.ok()) {
    return s;
  }
  // Read, change what was given, write: unnamed settings stay as they are.
  anju::v1::GetReminderPolicyRequest get;
  get.set_year(options.year);
  auto current = client.Call(&Stub::GetReminderPolicy, get);
  if (!current.ok()) return current.status();
  absl::StatusOr<anju::v1::ReminderPolicy> changed =
      ApplyPolicyOptions(options, *current);
  if (!changed.ok()) return changed.status();
  anju::v1::SetReminderPolicyRequest set;
  *set.mutable_policy() = *changed;
  auto stored = client.Call(&Stub::SetReminderPolicy, set);
  if (!stored.ok()) return stored.status();
  return PrintMessage(options.format, PolicyText(*stored), *stored, out);
}

absl::Status RunPreview(const PreviewOptions& options,
                        const NotificationClient& client, std::ostream& out) {
  anju::v1::PreviewRemindersRequest request;
  request.set_year(options.year);
  request.set_from(options.from);
  request.set_to(options.to);
  request.set_org(options.org);
  auto preview = client.Call(&Stub::PreviewReminders, request);
  if (!preview.ok()) return preview.status();
  return PrintMessage(options.format, PreviewTable(*preview), *preview, out);
}

void AddRemindersCommand(CLI::App& app, const GlobalOptions& global,
                         absl::Status* outcome) {
  CLI::App* reminders =
      app.add_subcommand("reminders", "Reminder policy and preview (催报提醒)");
  reminders->require_subcommand(1);
  CLI::App* policy =
      reminders->add_subcommand("policy", "A campaign's reminder policy");
  policy->require_subcommand(1);

  auto show_options = std::make_shared<PolicyOptions>();
  CLI::App* show = AddNotifyStep(policy, global, outcome, "show",
                                 "The policy of a year (defaults until set)",
                                 show_options, &RunPolicyShow);
  show->add_option("--year", show_options->year, "e.g. 2023")->required();

  auto set_options = std::make_shared<PolicyOptions>();
  CLI::App* set =
      AddNotifyStep(policy, global, outcome, "set",
                    "Change the policy of a year; settings not given stay",
                    set_options, &RunPolicySet);
  set->add_option("--year", set_options->year, "e.g. 2023")->required();
  set->add_option("--days", set_options->remind_days_before,
                  "days before each deadline, e.g. 7,3,1")
      ->delimiter(',');
  set->add_option("--send-time", set_options->send_time,
                  "HH:MM Asia/Shanghai, e.g. 09:00");
  set->add_option("--overdue-every", set_options->overdue_every_days,
                  "days between overdue notices; 0: none")
      ->check(CLI::Range(0, 365));
  set->add_option("--escalate-after", set_options->escalate_after_days,
                  "days overdue before the parent org is told; 0: never")
      ->check(CLI::Range(0, 365));

  auto preview_options = std::make_shared<PreviewOptions>();
  CLI::App* preview = AddNotifyStep(reminders, global, outcome, "preview",
                                    "Who will be reminded when (提醒预览)",
                                    preview_options, &RunPreview);
  preview->add_option("--year", preview_options->year, "e.g. 2023")->required();
  preview->add_option("--from", preview_options->from, "RFC 3339; default now");
  preview->add_option("--to", preview_options->to,
                      "RFC 3339; default 30 days after --from");
  preview->add_option("--org", preview_options->org,
                      "one org; default every org you may see");
}

}  // namespace anju::cli
