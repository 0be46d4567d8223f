// anjuctl inbox list|read (站内信) and deliveries list|resend (投递记录,
// 投递失败, 重发).

#include "absl/strings/str_cat.h"
#include "cli/cmd_notify.h"
#include "cli/command.h"
#include "cli/org_names.h"
#include "cli/report_args.h"
#include "cli/text_table.h"

namespace anju::cli {
namespace {

using Stub = NotificationClient::Stub;

std::string NextPage(const std::string& token) {
  return token.empty() ? ""
                       : absl::StrCat("下一页：--page-token ", token, "\n");
}

std::string OrgText(const std::string& code) {
  const std::string name = OrgName(code);
  return name.empty() ? code : name;
}

// When it went, or when it will be tried again, for the delivery table.
std::string DeliveryTime(const anju::v1::Delivery& d) {
  if (!d.sent_time().empty()) return DisplayTime(d.sent_time());
  if (!d.next_attempt_time().empty()) {
    return absl::StrCat("下次 ", DisplayTime(d.next_attempt_time()));
  }
  return "";
}

}  // namespace

std::string InboxTable(const anju::v1::ListInboxResponse& response) {
  const std::vector<TextColumn> columns = {
      {"ID"}, {"时间"}, {"类型"}, {"标题", 40}, {"状态"}};
  std::vector<TextRow> rows;
  for (const anju::v1::InboxMessage& m : response.messages()) {
    rows.push_back({{m.id(), DisplayTime(m.create_time()), KindLabel(m.kind()),
                     m.subject(), m.read() ? "已读" : "未读"}});
  }
  return absl::StrCat(RenderTextTable(columns, rows), "本页",
                      response.messages_size(), "条，未读", response.unread(),
                      "条\n", NextPage(response.next_page_token()));
}

std::string InboxMessageText(const anju::v1::InboxMessage& m) {
  return absl::StrCat("【", KindLabel(m.kind()), "】", m.subject(), "\n", "  ",
                      OrgText(m.org()), "  ", DisplayTime(m.create_time()),
                      m.read()
                          ? absl::StrCat("  已读 ", DisplayTime(m.read_time()))
                          : std::string(),
                      "\n\n", m.body(),
                      m.body().empty() || m.body().back() == '\n' ? "" : "\n");
}

absl::StatusOr<anju::v1::ListDeliveriesRequest> BuildListDeliveries(
    const DeliveryOptions& options) {
  anju::v1::ListDeliveriesRequest request;
  request.set_year(options.year);
  request.set_org(options.org);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  if (options.dead && !options.state.empty() && options.state != "dead") {
    return UsageError("--dead 与 --state " + options.state + " 不能同时使用");
  }
  if (options.dead) {
    request.set_state(anju::v1::DELIVERY_STATE_DEAD);
  } else if (!options.state.empty()) {
    absl::StatusOr<anju::v1::DeliveryState> state =
        ParseDeliveryState(options.state);
    if (!state.ok()) return state.status();
    request.set_state(*state);
  }
  return request;
}

std::string DeliveryTable(const anju::v1::ListDeliveriesResponse& response) {
  const std::vector<TextColumn> columns = {
      {"ID"},   {"单位"},          {"类型"}, {"渠道"},        {"地址", 32},
      {"状态"}, {"次数", 0, true}, {"时间"}, {"最后错误", 36}};
  std::vector<TextRow> rows;
  for (const anju::v1::Delivery& d : response.deliveries()) {
    rows.push_back(
        {{d.id(), OrgText(d.org()), KindLabel(d.kind()),
          ChannelLabel(d.channel()), d.address(), DeliveryStateLabel(d.state()),
          absl::StrCat(d.attempts()), DeliveryTime(d),
          d.note().empty()
              ? d.last_error()
              : absl::StrCat(d.last_error(), d.last_error().empty() ? "" : "；",
                             d.note())}});
  }
  return absl::StrCat(RenderTextTable(columns, rows), "本页",
                      response.deliveries_size(), "条\n",
                      NextPage(response.next_page_token()));
}

absl::Status RunInboxList(const InboxOptions& options,
                          const NotificationClient& client, std::ostream& out) {
  anju::v1::ListInboxRequest request;
  request.set_org(options.org);
  request.set_unread_only(options.unread_only);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  auto listed = client.Call(&Stub::ListInbox, request);
  if (!listed.ok()) return listed.status();
  return PrintMessage(options.format, InboxTable(*listed), *listed, out);
}

absl::Status RunInboxRead(const InboxOptions& options,
                          const NotificationClient& client, std::ostream& out) {
  anju::v1::MarkReadRequest request;
  request.set_org(options.org);
  request.set_id(options.id);
  auto message = client.Call(&Stub::MarkRead, request);
  if (!message.ok()) return message.status();
  return PrintMessage(options.format, InboxMessageText(*message), *message,
                      out);
}

absl::Status RunDeliveriesList(const DeliveryOptions& options,
                               const NotificationClient& client,
                               std::ostream& out) {
  absl::StatusOr<anju::v1::ListDeliveriesRequest> request =
      BuildListDeliveries(options);
  if (!request.ok()) return request.status();
  auto listed = client.Call(&Stub::ListDeliveries, *request);
  if (!listed.ok()) return listed.status();
  return PrintMessage(options.format, DeliveryTable(*listed), *listed, out);
}

absl::Status RunDeliveryResend(const DeliveryOptions& options,
                               const NotificationClient& client,
                               std::ostream& out) {
  anju::v1::ResendDeliveryRequest request;
  request.set_id(options.id);
  auto delivery = client.Call(&Stub::ResendDelivery, request);
  if (!delivery.ok()) return delivery.status();
  anju::v1::ListDeliveriesResponse one;
  *one.add_deliveries() = *delivery;
  return PrintMessage(options.format,
                      absl::StrCat("已安排重发：\n", DeliveryTable(one)),
                      *delivery, out);
}

void AddInboxCommand(CLI::App& app, const GlobalOptions& global,
                     absl::Status* outcome) {
  CLI::App* inbox =
      app.add_subcommand("inbox", "An org's in-app messages (站内信)");
  inbox->require_subcommand(1);

  auto list_options = std::make_shared<InboxOptions>();
  CLI::App* list =
      AddNotifyStep(inbox, global, outcome, "list", "Messages, newest first",
                    list_options, &RunInboxList);
  list->add_option("--org", list_options->org, "org code")->required();
  list->add_flag("--unread", list_options->unread_only, "unread only");
  list->add_option("--page-size", list_options->page_size,
                   "default 50, at most 500")
      ->check(CLI::Range(1, 500));
  list->add_option("--page-token", list_options->page_token,
                   "from the previous page");

  auto read_options = std::make_shared<InboxOptions>();
  CLI::App* read = AddNotifyStep(inbox, global, outcome, "read",
                                 "Show a message and mark it read",
                                 read_options, &RunInboxRead);
  read->add_option("--org", read_options->org, "org code")->required();
  read->add_option("id", read_options->id, "message id")->required();
}

void AddDeliveriesCommand(CLI::App& app, const GlobalOptions& global,
                          absl::Status* outcome) {
  CLI::App* deliveries = app.add_subcommand(
      "deliveries", "The delivery log, dead letters and resend (投递记录)");
  deliveries->require_subcommand(1);

  auto list_options = std::make_shared<DeliveryOptions>();
  CLI::App* list = AddNotifyStep(deliveries, global, outcome, "list",
                                 "Deliveries; --dead for the dead letters",
                                 list_options, &RunDeliveriesList);
  list->add_option("--year", list_options->year, "campaign; default all");
  list->add_option("--org", list_options->org, "recipient org; default all");
  list->add_flag("--dead", list_options->dead, "only dead letters (投递失败)");
  list->add_option("--state", list_options->state,
                   "pending, sending, sent, dead or skipped");
  list->add_option("--page-size", list_options->page_size,
                   "default 100, at most 1000")
      ->check(CLI::Range(1, 1000));
  list->add_option("--page-token", list_options->page_token,
                   "from the previous page");

  auto resend_options = std::make_shared<DeliveryOptions>();
  CLI::App* resend = AddNotifyStep(deliveries, global, outcome, "resend",
                                   "Send a dead (or sent) delivery again now",
                                   resend_options, &RunDeliveryResend);
  resend->add_option("id", resend_options->id, "delivery id")->required();
}

}  // namespace anju::cli
