#ifndef ANJU_SERVICES_NOTIFICATION_DELIVERY_SENDER_H_
#define ANJU_SERVICES_NOTIFICATION_DELIVERY_SENDER_H_

// The contract between the notification service (what is due, to whom,
// recorded durably) and the delivery channels (how one message leaves the
// machine). A Sender makes one attempt; the service records the outcome and
// decides, with RetryPolicy, when to try again.

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "anju/v1/notification.pb.h"

namespace anju::notification {

// One message to one recipient over one channel.
struct Notice {
  // campaign, org, kind, due time, recipient, channel. The same key on a
  // resend: e-mails carry a Message-ID derived from it, webhooks an
  // Idempotency-Key header, so that a receiver recognises a repeat.
  std::string idempotency_key;
  v1::NoticeKind kind = v1::NOTICE_KIND_UNSPECIFIED;
  std::string org;  // the recipient's org
  std::string org_name;
  std::string subject;  // UTF-8, Chinese
  std::string body;     // UTF-8 plain text
  absl::Time due_time;  // the reminder's send time / the event's time
  // Structured facts for machine receivers (webhook JSON): "year",
  // "programme", "deadline", "about_org", "state"…
  std::map<std::string, std::string> fields;
  // Where it goes.
  std::string recipient_name;
  std::string address;         // e-mail address or webhook URL
  std::string webhook_secret;  // HMAC-SHA256 key; webhooks only
};

class Sender {
 public:
  virtual ~Sender() = default;
  // One attempt. OK: the receiver accepted it. UNAVAILABLE or
  // DEADLINE_EXCEEDED: worth retrying (connection refused, timeout, SMTP 4xx,
  // HTTP 5xx or 429). Any other code: retrying cannot help (SMTP 5xx, HTTP
  // 4xx, a malformed address); the delivery becomes a dead letter at once.
  // The message says what the receiver answered.
  virtual absl::Status Send(const Notice& notice) = 0;
};

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_DELIVERY_SENDER_H_
