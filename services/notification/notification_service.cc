#include "services/notification/notification_service.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "services/notification/dispatcher.h"
#include "services/notification/policy.h"

namespace anju::notification {
namespace {

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status CheckYear(int year, absl::string_view field, bool zero_ok) {
  if ((zero_ok && year == 0) || (year >= kMinYear && year <= kMaxYear)) {
    return absl::OkStatus();
  }
  return Invalid(field, absl::StrCat("须在 ", kMinYear, "–", kMaxYear,
                                     " 之间 (got ", year, ")"));
}

// A page token or an id: a positive decimal number.
absl::StatusOr<int64_t> ParseId(absl::string_view text, absl::string_view field,
                                bool empty_ok) {
  if (text.empty() && empty_ok) return 0;
  int64_t id = 0;
  if (text.size() > 19 || !absl::SimpleAtoi(text, &id) || id <= 0) {
    return Invalid(field,
                   absl::StrCat("无效的编号 \"", text.substr(0, 32), "\""));
  }
  return id;
}

absl::StatusOr<int> PageSize(int requested, int fallback, int max,
                             absl::string_view field) {
  if (requested == 0) return fallback;
  if (requested < 0 || requested > max) {
    return Invalid(field,
                   absl::StrCat("须在 1–", max, " 之间 (got ", requested, ")"));
  }
  return requested;
}

}  // namespace

NotificationServiceImpl::NotificationServiceImpl(NotificationDeps deps)
    : deps_(std::move(deps)) {
  for (const orgs::Org& org : deps_.orgs->orgs()) {
    if (org.level == orgs::OrgLevel::kRegion) {
      region_ = org.code;
      break;
    }
  }
  if (!deps_.caller) {
    auth::Caller anonymous;
    anonymous.principal.id = "anonymous";
    anonymous.principal.role = auth::Role::kRegionAdmin;
    anonymous.principal.org = region_;
    anonymous.scope = auth::Scope::kRegion;
    anonymous.authenticated = false;
    deps_.caller = [anonymous](grpc::CallbackServerContext*) {
      return absl::StatusOr<auth::Caller>(anonymous);
    };
  }
  pool_ = std::make_unique<common::WorkerPool>(deps_.workers, "notification");
}

NotificationServiceImpl::~NotificationServiceImpl() = default;

absl::Status NotificationServiceImpl::Authorize(const auth::Caller& caller,
                                                absl::string_view org) const {
  if (org.empty()) return Invalid("org", "必填: 组织代码");
  if (deps_.gate != nullptr) return deps_.gate->Authorize(caller, org);
  if (deps_.orgs->FindByCode(org) == nullptr) {
    return Invalid("org",
                   absl::StrCat("未知的组织代码 \"", org.substr(0, 32), "\""));
  }
  return absl::OkStatus();
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* NotificationServiceImpl::Dispatch(
    grpc::CallbackServerContext* context, const Request* request,
    Response* response,
    absl::Status (NotificationServiceImpl::*method)(const auth::Caller&,
                                                    const Request&,
                                                    Response*)) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<auth::Caller> caller = deps_.caller(context);
  if (!caller.ok()) {
    reactor->Finish(common::ToGrpcStatus(caller.status()));
    return reactor;
  }
  pool_->Post(
      [this, reactor, request, response, method, caller = *std::move(caller)] {
        reactor->Finish(
            common::ToGrpcStatus((this->*method)(caller, *request, response)));
      });
  return reactor;
}

#define ANJU_NOTIFICATION_HANDLER(Name, Request, Response)          \
  grpc::ServerUnaryReactor* NotificationServiceImpl::Name(          \
      grpc::CallbackServerContext* context, const Request* request, \
      Response* response) {                                         \
    return Dispatch(context, request, response,                     \
                    &NotificationServiceImpl::Do##Name);            \
  }
ANJU_NOTIFICATION_HANDLER(PutContact, v1::PutContactRequest, v1::Contact)
ANJU_NOTIFICATION_HANDLER(ListContacts, v1::ListContactsRequest,
                          v1::ListContactsResponse)
ANJU_NOTIFICATION_HANDLER(DeleteContact, v1::DeleteContactRequest,
                          google::protobuf::Empty)
ANJU_NOTIFICATION_HANDLER(SetReminderPolicy, v1::SetReminderPolicyRequest,
                          v1::ReminderPolicy)
ANJU_NOTIFICATION_HANDLER(GetReminderPolicy, v1::GetReminderPolicyRequest,
                          v1::ReminderPolicy)
ANJU_NOTIFICATION_HANDLER(PreviewReminders, v1::PreviewRemindersRequest,
                          v1::PreviewRemindersResponse)
ANJU_NOTIFICATION_HANDLER(ListInbox, v1::ListInboxRequest,
                          v1::ListInboxResponse)
ANJU_NOTIFICATION_HANDLER(MarkRead, v1::MarkReadRequest, v1::InboxMessage)
ANJU_NOTIFICATION_HANDLER(ListDeliveries, v1::ListDeliveriesRequest,
                          v1::ListDeliveriesResponse)
ANJU_NOTIFICATION_HANDLER(ResendDelivery, v1::ResendDeliveryRequest,
                          v1::Delivery)
#undef ANJU_NOTIFICATION_HANDLER

// --- Contacts ---

absl::Status NotificationServiceImpl::DoPutContact(
    const auth::Caller& caller, const v1::PutContactRequest& request,
    v1::Contact* response) {
  v1::Contact contact = request.contact();
  if (auto s = Authorize(caller, contact.org()); !s.ok()) return s;
  if (auto s = CheckContact(contact, deps_.limits.contact); !s.ok()) return s;
  if (!contact.id().empty()) {
    // Replacing: only a contact of the same org (never another org's).
    auto existing = deps_.store->GetContact(contact.id());
    if (!existing.ok() || existing->org() != contact.org()) {
      return absl::NotFoundError(absl::StrCat(
          "contact.id: ", contact.org(), " 没有联系人 \"", contact.id(), "\""));
    }
    // The secret is write-only: an empty one keeps the stored secret.
    if (contact.webhook_secret().empty()) {
      contact.set_webhook_secret(existing->webhook_secret());
    }
  } else {
    auto existing = deps_.store->ListContacts(contact.org());
    if (!existing.ok()) return existing.status();
    if (static_cast<int>(existing->size()) >=
        deps_.limits.contact.max_contacts_per_org) {
      return absl::FailedPreconditionError(
          absl::StrCat("contact.org: 每个组织至多 ",
                       deps_.limits.contact.max_contacts_per_org, " 个联系人"));
    }
  }
  contact.clear_update_time();
  auto stored = deps_.store->PutContact(contact, deps_.clock->Now());
  if (!stored.ok()) return stored.status();
  *response = *std::move(stored);
  response->clear_webhook_secret();
  return absl::OkStatus();
}

absl::Status NotificationServiceImpl::DoListContacts(
    const auth::Caller& caller, const v1::ListContactsRequest& request,
    v1::ListContactsResponse* response) {
  if (auto s = Authorize(caller, request.org()); !s.ok()) return s;
  auto contacts = deps_.store->ListContacts(request.org());
  if (!contacts.ok()) return contacts.status();
  for (v1::Contact& contact : *contacts) {
    contact.clear_webhook_secret();
    *response->add_contacts() = std::move(contact);
  }
  return absl::OkStatus();
}

absl::Status NotificationServiceImpl::DoDeleteContact(
    const auth::Caller& caller, const v1::DeleteContactRequest& request,
    google::protobuf::Empty*) {
  if (auto s = Authorize(caller, request.org()); !s.ok()) return s;
  if (request.id().empty() || request.id().size() > 64) {
    return Invalid("id", "须为 1–64 字节的联系人编号");
  }
  return deps_.store->DeleteContact(request.org(), request.id());
}

// --- Policies ---

absl::Status NotificationServiceImpl::DoSetReminderPolicy(
    const auth::Caller& caller, const v1::SetReminderPolicyRequest& request,
    v1::ReminderPolicy* response) {
  // Policies span the region: only its administrators set them.
  if (auto s = Authorize(caller, RegionCode()); !s.ok()) return s;
  v1::ReminderPolicy policy = request.policy();
  if (auto s = CheckYear(policy.year(), "policy.year", false); !s.ok())
    return s;
  if (auto s = ValidatePolicy(policy); !s.ok()) return s;
  policy.set_is_default(false);
  policy.set_update_time(FormatShanghai(deps_.clock->Now()));
  if (auto s = deps_.store->SetPolicy(policy); !s.ok()) return s;
  *response = std::move(policy);
  return absl::OkStatus();
}

absl::Status NotificationServiceImpl::DoGetReminderPolicy(
    const auth::Caller&, const v1::GetReminderPolicyRequest& request,
    v1::ReminderPolicy* response) {
  if (auto s = CheckYear(request.year(), "year", false); !s.ok()) return s;
  auto policy =
      EffectivePolicy(*deps_.store, deps_.default_policy, request.year());
  if (!policy.ok()) return policy.status();
  *response = *std::move(policy);
  return absl::OkStatus();
}

// --- Inbox ---

absl::Status NotificationServiceImpl::DoListInbox(
    const auth::Caller& caller, const v1::ListInboxRequest& request,
    v1::ListInboxResponse* response) {
  if (auto s = Authorize(caller, request.org()); !s.ok()) return s;
  auto size = PageSize(request.page_size(), 50, 500, "page_size");
  if (!size.ok()) return size.status();
  auto before = ParseId(request.page_token(), "page_token", true);
  if (!before.ok()) return before.status();
  auto page = deps_.store->ListInbox(request.org(), request.unread_only(),
                                     *before, *size);
  if (!page.ok()) return page.status();
  for (v1::InboxMessage& m : page->messages) {
    *response->add_messages() = std::move(m);
  }
  if (page->last_id > 0) {
    response->set_next_page_token(absl::StrCat(page->last_id));
  }
  response->set_unread(page->unread);
  return absl::OkStatus();
}

absl::Status NotificationServiceImpl::DoMarkRead(
    const auth::Caller& caller, const v1::MarkReadRequest& request,
    v1::InboxMessage* response) {
  if (auto s = Authorize(caller, request.org()); !s.ok()) return s;
  auto id = ParseId(request.id(), "id", false);
  if (!id.ok()) return id.status();
  auto message = deps_.store->MarkRead(request.org(), *id, deps_.clock->Now());
  if (!message.ok()) return message.status();
  *response = *std::move(message);
  return absl::OkStatus();
}

// --- Deliveries ---

absl::Status NotificationServiceImpl::DoListDeliveries(
    const auth::Caller& caller, const v1::ListDeliveriesRequest& request,
    v1::ListDeliveriesResponse* response) {
  const std::string& org = request.org().empty() ? RegionCode() : request.org();
  if (auto s = Authorize(caller, org); !s.ok()) return s;
  if (auto s = CheckYear(request.year(), "year", true); !s.ok()) return s;
  if (!v1::DeliveryState_IsValid(request.state())) {
    return Invalid("state", absl::StrCat("未知的状态 ", request.state()));
  }
  DeliveryFilter filter;
  filter.year = request.year();
  filter.org = request.org();
  filter.state = request.state();
  auto size = PageSize(request.page_size(), 100, 1000, "page_size");
  if (!size.ok()) return size.status();
  filter.limit = *size + 1;  // one more tells whether a next page exists
  auto after = ParseId(request.page_token(), "page_token", true);
  if (!after.ok()) return after.status();
  filter.after_id = *after;
  auto rows = deps_.store->ListDeliveries(filter);
  if (!rows.ok()) return rows.status();
  for (int i = 0; i < static_cast<int>(rows->size()) && i < *size; ++i) {
    *response->add_deliveries() = ToProto((*rows)[i]);
  }
  if (static_cast<int>(rows->size()) > *size) {
    response->set_next_page_token(absl::StrCat((*rows)[*size - 1].id));
  }
  return absl::OkStatus();
}

absl::Status NotificationServiceImpl::DoResendDelivery(
    const auth::Caller& caller, const v1::ResendDeliveryRequest& request,
    v1::Delivery* response) {
  auto id = ParseId(request.id(), "id", false);
  if (!id.ok()) return id.status();
  auto record = deps_.store->GetDelivery(*id);
  if (!record.ok()) return record.status();
  if (auto s = Authorize(caller, record->org); !s.ok()) return s;
  auto resent = deps_.store->Resend(*id, deps_.clock->Now());
  if (!resent.ok()) return resent.status();
  *response = ToProto(*resent);
  return absl::OkStatus();
}

}  // namespace anju::notification
