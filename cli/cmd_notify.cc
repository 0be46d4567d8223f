// anjuctl's notification commands: the labels and names they share, and
// the one entry main.cc lists.

#include "cli/cmd_notify.h"

#include "absl/strings/str_cat.h"
#include "cli/command.h"

namespace anju::cli {
namespace {

using anju::v1::DeliveryState;
using anju::v1::NoticeKind;

struct KindName {
  const char* name;
  NoticeKind kind;
  const char* label;
};
constexpr KindName kKinds[] = {
    {"reminder", anju::v1::NOTICE_KIND_REMINDER, "截止前提醒"},
    {"overdue", anju::v1::NOTICE_KIND_OVERDUE, "逾期通知"},
    {"escalation", anju::v1::NOTICE_KIND_ESCALATION, "逾期督办"},
    {"report_returned", anju::v1::NOTICE_KIND_REPORT_RETURNED, "报告被退回"},
    {"report_submitted", anju::v1::NOTICE_KIND_REPORT_SUBMITTED, "下级已报送"},
    {"review_published", anju::v1::NOTICE_KIND_REVIEW_PUBLISHED,
     "审核结果发布"},
};

struct StateName {
  const char* name;
  DeliveryState state;
  const char* label;
};
constexpr StateName kStates[] = {
    {"pending", anju::v1::DELIVERY_STATE_PENDING, "待发送"},
    {"sending", anju::v1::DELIVERY_STATE_SENDING, "发送中"},
    {"sent", anju::v1::DELIVERY_STATE_SENT, "已发送"},
    {"dead", anju::v1::DELIVERY_STATE_DEAD, "投递失败"},
    {"skipped", anju::v1::DELIVERY_STATE_SKIPPED, "已跳过"},
};

}  // namespace

std::string KindLabel(NoticeKind kind) {
  for (const KindName& k : kKinds) {
    if (k.kind == kind) return k.label;
  }
  return "未知";
}

std::string ChannelLabel(anju::v1::Channel channel) {
  switch (channel) {
    case anju::v1::CHANNEL_INBOX:
      return "站内信";
    case anju::v1::CHANNEL_EMAIL:
      return "邮件";
    case anju::v1::CHANNEL_WEBHOOK:
      return "Webhook";
    default:
      return "未知";
  }
}

std::string DeliveryStateLabel(DeliveryState state) {
  for (const StateName& s : kStates) {
    if (s.state == state) return s.label;
  }
  return "未知";
}

std::string RoleLabel(const std::string& role) {
  if (role == "filer") return "填报人";
  if (role == "coordinator") return "负责人";
  return role;
}

absl::StatusOr<NoticeKind> ParseKind(const std::string& name) {
  for (const KindName& k : kKinds) {
    if (name == k.name) return k.kind;
  }
  return UsageError(
      absl::StrCat("--kinds: 未知的通知类型 \"", name,
                   "\" (可选 reminder, overdue, escalation, report_returned, "
                   "report_submitted, review_published)"));
}

absl::StatusOr<DeliveryState> ParseDeliveryState(const std::string& name) {
  for (const StateName& s : kStates) {
    if (name == s.name) return s.state;
  }
  return UsageError(
      absl::StrCat("--state: 未知的投递状态 \"", name,
                   "\" (可选 pending, sending, sent, dead, skipped)"));
}

void AddNotifyCommands(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome) {
  AddContactCommand(app, global, outcome);
  AddRemindersCommand(app, global, outcome);
  AddInboxCommand(app, global, outcome);
  AddDeliveriesCommand(app, global, outcome);
}

}  // namespace anju::cli
