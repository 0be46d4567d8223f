#ifndef ANJU_SERVICES_NOTIFICATION_NOTICES_H_
#define ANJU_SERVICES_NOTIFICATION_NOTICES_H_

// From a notice (a planned reminder, an overdue notice, an escalation, a
// workflow event) to its deliveries: one per recipient and channel (e-mail,
// webhook) plus one into the org's inbox, each with its idempotency key
// (campaign, org, kind, due time, recipient, channel) and the Chinese text.

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "anju/v1/notification.pb.h"
#include "anju/v1/submission.pb.h"
#include "common/orgs/org_tree.h"
#include "services/notification/planner.h"

namespace anju::notification {

// One row of the delivery log (投递记录).
struct DeliveryRecord {
  int64_t id = 0;  // assigned by the store
  std::string idempotency_key;
  // The key without the due time: deliveries of one (campaign, org, kind,
  // recipient, channel), of which an outage sends only the latest.
  std::string group_key;
  int year = 0;
  v1::NoticeKind kind = v1::NOTICE_KIND_UNSPECIFIED;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  std::string org;        // the recipient's org
  std::string about_org;  // whose report (re-checked before a reminder)
  std::vector<std::string> programmes;
  std::string contact_id;
  std::string address;  // e-mail, webhook URL, or "inbox"
  std::string subject;
  std::string body;
  std::map<std::string, std::string> fields;  // for webhook JSON
  v1::DeliveryState state = v1::DELIVERY_STATE_PENDING;
  int attempts = 0;
  std::string last_error;
  absl::Time next_attempt = absl::InfinitePast();
  absl::Time sent_time = absl::InfinitePast();  // InfinitePast: not sent
  absl::Time due_time;
  std::string message_id;
  std::string note;
};

// Reminders, overdue notices and escalations are re-checked and, after an
// outage, collapsed to the latest; event notices are neither.
bool IsPlannedKind(v1::NoticeKind kind);

// "reminder", "overdue", … as in keys and logs; "催报提醒", … for people.
const char* KindKey(v1::NoticeKind kind);
const char* KindLabel(v1::NoticeKind kind);
const char* ChannelName(v1::Channel channel);

// The e-mail Message-ID the SMTP sender gives a notice of this key
// (delivery/senders.h, default domain): the same for every attempt, so that
// a receiver recognises a repeat. Recorded on the delivery row.
std::string DeliveryMessageId(const std::string& idempotency_key);

std::vector<DeliveryRecord> DeliveriesOf(const PlannedItem& item, int year,
                                         const orgs::OrgTree& tree);

// The deliveries of a workflow event: returned → the filer org's contacts;
// submitted → the parent org's; reviewed → the (city) org's own.
std::vector<DeliveryRecord> DeliveriesOfEvent(const v1::ReportEvent& event,
                                              absl::Time time,
                                              const ContactBook& contacts,
                                              const orgs::OrgTree& tree);

// The public form of a row (secrets are never in a row).
v1::Delivery ToProto(const DeliveryRecord& record);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_NOTICES_H_
