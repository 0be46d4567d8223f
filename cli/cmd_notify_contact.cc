// anjuctl contact put|list|delete: who of an org receives notices (联系人)
// and over which channels.

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
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

constexpr std::size_t kMaxSecretBytes = 4096;

absl::StatusOr<std::string> ReadSecret(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("--webhook-secret-file ", path, ": 无法读取"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret(absl::StripAsciiWhitespace(text.str()));
  if (secret.empty() || secret.size() > kMaxSecretBytes) {
    return UsageError(absl::StrCat("--webhook-secret-file ", path, ": 须为 1–",
                                   kMaxSecretBytes, " 字节"));
  }
  return secret;
}

std::string KindsText(const anju::v1::Contact& contact) {
  if (contact.kinds().empty()) return "全部";
  std::vector<std::string> labels;
  for (int kind : contact.kinds()) {
    labels.push_back(KindLabel(static_cast<anju::v1::NoticeKind>(kind)));
  }
  return absl::StrJoin(labels, "、");
}

std::string ContactText(const anju::v1::Contact& c) {
  return absl::StrCat("联系人 ", c.id(), "：", c.name(), "（",
                      RoleLabel(c.role()), "，", c.org(), "）\n", "  邮箱 ",
                      c.email().empty() ? "-" : c.email(), "；Webhook ",
                      c.webhook_url().empty() ? "-" : c.webhook_url(),
                      "；站内信 ", c.inbox() ? "是" : "否", "\n", "  通知类型 ",
                      KindsText(c), "\n");
}

}  // namespace

absl::StatusOr<anju::v1::PutContactRequest> BuildPutContact(
    const ContactOptions& options) {
  anju::v1::PutContactRequest request;
  anju::v1::Contact* contact = request.mutable_contact();
  contact->set_id(options.id);
  contact->set_org(options.org);
  contact->set_name(options.name);
  contact->set_role(options.role);
  contact->set_email(options.email);
  contact->set_webhook_url(options.webhook_url);
  contact->set_inbox(options.inbox);
  if (!options.webhook_secret_file.empty()) {
    absl::StatusOr<std::string> secret =
        ReadSecret(options.webhook_secret_file);
    if (!secret.ok()) return secret.status();
    contact->set_webhook_secret(*secret);
  }
  for (const std::string& name : options.kinds) {
    absl::StatusOr<anju::v1::NoticeKind> kind = ParseKind(name);
    if (!kind.ok()) return kind.status();
    contact->add_kinds(*kind);
  }
  if (options.email.empty() && options.webhook_url.empty() && !options.inbox) {
    return UsageError("联系人须至少有一个渠道: --email, --webhook 或 --inbox");
  }
  return request;
}

std::string ContactTable(const anju::v1::ListContactsResponse& response) {
  const std::vector<TextColumn> columns = {
      {"ID"},          {"单位"},   {"姓名", 20},     {"角色"},    {"邮箱", 32},
      {"Webhook", 40}, {"站内信"}, {"通知类型", 24}, {"更新时间"}};
  std::vector<TextRow> rows;
  for (const anju::v1::Contact& c : response.contacts()) {
    const std::string org_name = OrgName(c.org());
    rows.push_back({{c.id(), org_name.empty() ? c.org() : org_name, c.name(),
                     RoleLabel(c.role()), c.email(), c.webhook_url(),
                     c.inbox() ? "是" : "否", KindsText(c),
                     DisplayTime(c.update_time())}});
  }
  return absl::StrCat(RenderTextTable(columns, rows), "共",
                      response.contacts_size(), "个联系人\n");
}

absl::Status RunContactPut(const ContactOptions& options,
                           const NotificationClient& client,
                           std::ostream& out) {
  absl::StatusOr<anju::v1::PutContactRequest> request =
      BuildPutContact(options);
  if (!request.ok()) return request.status();
  auto put = client.Call(&Stub::PutContact, *request);
  if (!put.ok()) return put.status();
  return PrintMessage(options.format, ContactText(*put), *put, out);
}

absl::Status RunContactList(const ContactOptions& options,
                            const NotificationClient& client,
                            std::ostream& out) {
  anju::v1::ListContactsRequest request;
  request.set_org(options.org);
  auto listed = client.Call(&Stub::ListContacts, request);
  if (!listed.ok()) return listed.status();
  return PrintMessage(options.format, ContactTable(*listed), *listed, out);
}

absl::Status RunContactDelete(const ContactOptions& options,
                              const NotificationClient& client,
                              std::ostream& out) {
  anju::v1::DeleteContactRequest request;
  request.set_org(options.org);
  request.set_id(options.id);
  auto deleted = client.Call(&Stub::DeleteContact, request);
  if (!deleted.ok()) return deleted.status();
  return PrintMessage(options.format,
                      absl::StrCat("已删除联系人 ", options.id, "\n"), *deleted,
                      out);
}

void AddContactCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome) {
  CLI::App* contact = app.add_subcommand(
      "contact", "An org's contacts for notices (通知联系人)");
  contact->require_subcommand(1);

  auto put_options = std::make_shared<ContactOptions>();
  CLI::App* put = AddNotifyStep(contact, global, outcome, "put",
                                "Create or replace a contact (--id replaces)",
                                put_options, &RunContactPut);
  put->add_option("--org", put_options->org, "org code, e.g. 150402")
      ->required();
  put->add_option("--id", put_options->id, "the contact to replace");
  put->add_option("--name", put_options->name, "e.g. 王科长")->required();
  put->add_option("--role", put_options->role, "filer (填报人) or coordinator")
      ->check(CLI::IsMember({"filer", "coordinator"}))
      ->capture_default_str();
  put->add_option("--email", put_options->email, "e-mail address");
  put->add_option("--webhook", put_options->webhook_url, "http(s) URL");
  put->add_option("--webhook-secret-file", put_options->webhook_secret_file,
                  "file holding the HMAC key (write-only)")
      ->check(CLI::ExistingFile);
  put->add_flag("--inbox,!--no-inbox", put_options->inbox,
                "also into the in-app inbox (站内信)")
      ->capture_default_str();
  put->add_option("--kinds", put_options->kinds,
                  "notice kinds, comma-separated; default all")
      ->delimiter(',');

  auto list_options = std::make_shared<ContactOptions>();
  CLI::App* list =
      AddNotifyStep(contact, global, outcome, "list", "An org's contacts",
                    list_options, &RunContactList);
  list->add_option("--org", list_options->org, "org code")->required();

  auto delete_options = std::make_shared<ContactOptions>();
  CLI::App* remove =
      AddNotifyStep(contact, global, outcome, "delete", "Delete a contact",
                    delete_options, &RunContactDelete);
  remove->add_option("--org", delete_options->org, "org code")->required();
  remove->add_option("--id", delete_options->id, "contact id")->required();
}

}  // namespace anju::cli
