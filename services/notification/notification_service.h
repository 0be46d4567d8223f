#ifndef ANJU_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_
#define ANJU_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_

// anju.v1.NotificationService on gRPC's callback API. Every handler hands
// its blocking work (SQLite, calls to the submission service) to the
// service's worker pool, which finishes the RPC.
//
// Every Do* method is the whole RPC without a server, for tests; it takes
// the auth::Caller, and one that touches an org calls Authorize(caller, org)
// before reading or writing anything, as the submission service does.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "anju/v1/notification.grpc.pb.h"
#include "common/auth/access_gate.h"
#include "common/auth/caller.h"
#include "common/orgs/org_tree.h"
#include "common/worker_pool.h"
#include "services/notification/clock.h"
#include "services/notification/contact_checks.h"
#include "services/notification/store.h"
#include "services/notification/submission_view.h"

namespace anju::notification {

using CallerSource =
    std::function<absl::StatusOr<auth::Caller>(grpc::CallbackServerContext*)>;

struct NotificationLimits {
  ContactLimits contact;
  int max_preview_days = 366;       // PreviewReminders' window
  int max_preview_notices = 10000;  // larger answers are cut (the latest)
};

struct NotificationDeps {
  NotificationStore* store = nullptr;    // outlives the service
  const orgs::OrgTree* orgs = nullptr;   // outlives the service
  SubmissionView* submission = nullptr;  // outlives the service
  const Clock* clock = nullptr;          // outlives the service
  CallerSource caller;  // default: the region's anonymous administrator
  const auth::AccessGate* gate = nullptr;  // null: every known org allowed
  v1::ReminderPolicy default_policy;       // validated
  NotificationLimits limits;
  int workers = 4;
};

class NotificationServiceImpl
    : public v1::NotificationService::CallbackService {
 public:
  explicit NotificationServiceImpl(NotificationDeps deps);
  ~NotificationServiceImpl() override;

#define ANJU_NOTIFICATION_RPC(Name, Request, Response)                       \
  grpc::ServerUnaryReactor* Name(grpc::CallbackServerContext* context,       \
                                 const Request* request, Response* response) \
      override;                                                              \
  absl::Status Do##Name(const auth::Caller& caller, const Request& request,  \
                        Response* response);
  ANJU_NOTIFICATION_RPC(PutContact, v1::PutContactRequest, v1::Contact)
  ANJU_NOTIFICATION_RPC(ListContacts, v1::ListContactsRequest,
                        v1::ListContactsResponse)
  ANJU_NOTIFICATION_RPC(DeleteContact, v1::DeleteContactRequest,
                        google::protobuf::Empty)
  ANJU_NOTIFICATION_RPC(SetReminderPolicy, v1::SetReminderPolicyRequest,
                        v1::ReminderPolicy)
  ANJU_NOTIFICATION_RPC(GetReminderPolicy, v1::GetReminderPolicyRequest,
                        v1::ReminderPolicy)
  ANJU_NOTIFICATION_RPC(PreviewReminders, v1::PreviewRemindersRequest,
                        v1::PreviewRemindersResponse)
  ANJU_NOTIFICATION_RPC(ListInbox, v1::ListInboxRequest, v1::ListInboxResponse)
  ANJU_NOTIFICATION_RPC(MarkRead, v1::MarkReadRequest, v1::InboxMessage)
  ANJU_NOTIFICATION_RPC(ListDeliveries, v1::ListDeliveriesRequest,
                        v1::ListDeliveriesResponse)
  ANJU_NOTIFICATION_RPC(ResendDelivery, v1::ResendDeliveryRequest, v1::Delivery)
#undef ANJU_NOTIFICATION_RPC

 private:
  // OK when the caller's scope reaches `org`; PERMISSION_DENIED otherwise,
  // INVALID_ARGUMENT for an unknown org.
  absl::Status Authorize(const auth::Caller& caller,
                         absl::string_view org) const;
  const std::string& RegionCode() const { return region_; }

  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Dispatch(
      grpc::CallbackServerContext* context, const Request* request,
      Response* response,
      absl::Status (NotificationServiceImpl::*method)(const auth::Caller&,
                                                      const Request&,
                                                      Response*));

  NotificationDeps deps_;
  std::string region_;
  std::unique_ptr<common::WorkerPool> pool_;
};

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_NOTIFICATION_SERVICE_H_
