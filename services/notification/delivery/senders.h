// The delivery channels behind Sender (投递渠道): e-mail over SMTP and
// webhooks over HTTP(S), both with libcurl. The notification service builds
// its senders here from its configuration and owns retries and the log.
#ifndef ANJU_SERVICES_NOTIFICATION_DELIVERY_SENDERS_H_
#define ANJU_SERVICES_NOTIFICATION_DELIVERY_SENDERS_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/notification/delivery/sender.h"

namespace anju::notification {

struct SmtpSettings {
  std::string url;       // smtp://host:port or smtps://host:port
  std::string from;      // "安居绩效评价 <noreply@anju.local>"
  std::string username;  // empty: no AUTH
  std::string password;
  // smtp://: true requires STARTTLS (refused if the server does not offer
  // it), false sends in the clear (a relay on the local network). smtps://
  // is TLS from the start either way.
  bool require_tls = false;
  absl::Duration timeout = absl::Seconds(20);
  std::string message_id_domain = "anju.local";
};

struct WebhookSettings {
  absl::Duration timeout = absl::Seconds(10);
  std::string user_agent = "anju-notification";
};

// Notice::address is the recipient's e-mail address, Notice::recipient_name
// their display name. Thread-safe: one Sender may serve many threads.
std::unique_ptr<Sender> NewSmtpSender(SmtpSettings settings);

// Notice::address is the http:// or https:// URL, Notice::webhook_secret the
// HMAC key. The JSON body is documented in webhook_body.h.
std::unique_ptr<Sender> NewWebhookSender(WebhookSettings settings);

// "<" + first 32 hex digits of SHA-256(idempotency_key) + "@" + domain + ">":
// the same for every attempt of one notice, so a resend is recognisable.
std::string MessageIdFor(const Notice& notice, absl::string_view domain);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_DELIVERY_SENDERS_H_
