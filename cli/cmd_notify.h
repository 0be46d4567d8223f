#ifndef ANJU_CLI_CMD_NOTIFY_H_
#define ANJU_CLI_CMD_NOTIFY_H_

// anjuctl's notification commands (催报提醒与通知): contact, reminders,
// inbox, deliveries. The pieces are declared here so that tests check the
// argument handling and the tables without a server: each command is
// options → request (Build…), client call (Run…), response → text (…Table).

#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "anju/v1/notification.pb.h"
#include "cli/notification_client.h"

namespace anju::cli {

// Chinese labels: 截止前提醒, 邮件, 投递失败, 填报人…
std::string KindLabel(anju::v1::NoticeKind kind);
std::string ChannelLabel(anju::v1::Channel channel);
std::string DeliveryStateLabel(anju::v1::DeliveryState state);
std::string RoleLabel(const std::string& role);

// "reminder" → NOTICE_KIND_REMINDER; the names of the webhook body
// (reminder overdue escalation report_returned report_submitted
// review_published). A usage error names the unknown one.
absl::StatusOr<anju::v1::NoticeKind> ParseKind(const std::string& name);
// pending sending sent dead skipped.
absl::StatusOr<anju::v1::DeliveryState> ParseDeliveryState(
    const std::string& name);

// contact put|list|delete
struct ContactOptions {
  std::string org;
  std::string id;  // put: empty assigns one; delete: required
  std::string name;
  std::string role = "filer";
  std::string email;
  std::string webhook_url;
  std::string webhook_secret_file;  // the secret is never on the command line
  bool inbox = true;
  std::vector<std::string> kinds;  // empty: every kind
  std::string format = "text";
};
absl::StatusOr<anju::v1::PutContactRequest> BuildPutContact(
    const ContactOptions& options);
std::string ContactTable(const anju::v1::ListContactsResponse& response);
absl::Status RunContactPut(const ContactOptions& options,
                           const NotificationClient& client, std::ostream& out);
absl::Status RunContactList(const ContactOptions& options,
                            const NotificationClient& client,
                            std::ostream& out);
absl::Status RunContactDelete(const ContactOptions& options,
                              const NotificationClient& client,
                              std::ostream& out);

// reminders policy show|set, reminders preview
struct PolicyOptions {
  int year = 0;
  std::vector<int> remind_days_before;  // empty: keep
  std::string send_time;                // empty: keep
  int overdue_every_days = -1;          // -1: keep
  int escalate_after_days = -1;         // -1: keep
  std::string format = "text";
};
// The current policy with what the options change.
absl::StatusOr<anju::v1::ReminderPolicy> ApplyPolicyOptions(
    const PolicyOptions& options, anju::v1::ReminderPolicy current);
std::string PolicyText(const anju::v1::ReminderPolicy& policy);
absl::Status RunPolicyShow(const PolicyOptions& options,
                           const NotificationClient& client, std::ostream& out);
absl::Status RunPolicySet(const PolicyOptions& options,
                          const NotificationClient& client, std::ostream& out);

struct PreviewOptions {
  int year = 0;
  std::string from, to, org;
  std::string format = "text";
};
std::string PreviewTable(const anju::v1::PreviewRemindersResponse& response);
absl::Status RunPreview(const PreviewOptions& options,
                        const NotificationClient& client, std::ostream& out);

// inbox list|read
struct InboxOptions {
  std::string org;
  std::string id;  // read
  bool unread_only = false;
  int page_size = 0;
  std::string page_token;
  std::string format = "text";
};
std::string InboxTable(const anju::v1::ListInboxResponse& response);
std::string InboxMessageText(const anju::v1::InboxMessage& message);
absl::Status RunInboxList(const InboxOptions& options,
                          const NotificationClient& client, std::ostream& out);
absl::Status RunInboxRead(const InboxOptions& options,
                          const NotificationClient& client, std::ostream& out);

// deliveries list|resend
struct DeliveryOptions {
  int year = 0;
  std::string org;
  bool dead = false;
  std::string state;  // pending|sending|sent|dead|skipped
  int page_size = 0;
  std::string page_token;
  std::string id;  // resend
  std::string format = "text";
};
absl::StatusOr<anju::v1::ListDeliveriesRequest> BuildListDeliveries(
    const DeliveryOptions& options);
std::string DeliveryTable(const anju::v1::ListDeliveriesResponse& response);
absl::Status RunDeliveriesList(const DeliveryOptions& options,
                               const NotificationClient& client,
                               std::ostream& out);
absl::Status RunDeliveryResend(const DeliveryOptions& options,
                               const NotificationClient& client,
                               std::ostream& out);

// The four commands; AddNotifyCommands (command.h) adds them all.
void AddContactCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome);
void AddRemindersCommand(CLI::App& app, const GlobalOptions& global,
                         absl::Status* outcome);
void AddInboxCommand(CLI::App& app, const GlobalOptions& global,
                     absl::Status* outcome);
void AddDeliveriesCommand(CLI::App& app, const GlobalOptions& global,
                          absl::Status* outcome);

// A subcommand of `parent` with --format text|json that runs `run` with the
// notification client once parsed.
template <typename Options>
CLI::App* AddNotifyStep(CLI::App* parent, const GlobalOptions& global,
                        absl::Status* outcome, const char* name,
                        const char* description,
                        const std::shared_ptr<Options>& options,
                        absl::Status (*run)(const Options&,
                                            const NotificationClient&,
                                            std::ostream&)) {
  CLI::App* step = parent->add_subcommand(name, description);
  step->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  step->final_callback([options, &global, outcome, run] {
    *outcome = WithNotification(global, [&](const NotificationClient& client) {
      return run(*options, client, std::cout);
    });
  });
  return step;
}

}  // namespace anju::cli

#endif  // ANJU_CLI_CMD_NOTIFY_H_
