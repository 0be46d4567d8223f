// The webhook request (Webhook 推送): a JSON body with a fixed schema and
// the headers that sign it.
//
// Body (UTF-8, keys in this order, every value a string):
//   {"idempotency_key": "…",      same on every attempt and resend
//    "kind": "reminder",          reminder | overdue | escalation |
//                                 report_returned | report_submitted |
//                                 review_published
//    "org": "150402",             the recipient's org (GB/T 2260)
//    "org_name": "红山区",
//    "subject": "…", "body": "…", the human text, Chinese
//    "due_time": "2024-03-24T09:00:00+08:00",  RFC 3339, China time
//    "fields": {"year": "2023", "programme": "rental", …}}  Notice::fields
//
// Headers: Content-Type: application/json; charset=utf-8, Idempotency-Key,
// X-Anju-Timestamp (Unix seconds of this attempt) and, when the contact has
// a secret, X-Anju-Signature: sha256=<hex HMAC-SHA256(secret,
// "<timestamp>.<body>")>. A receiver recomputes the signature, refuses a
// timestamp older than a few minutes (replay) and de-duplicates on
// Idempotency-Key (a retry or resend of the same notice).
#ifndef ANJU_SERVICES_NOTIFICATION_DELIVERY_WEBHOOK_BODY_H_
#define ANJU_SERVICES_NOTIFICATION_DELIVERY_WEBHOOK_BODY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/notification/delivery/sender.h"

namespace anju::notification {

inline constexpr std::size_t kMaxUrlBytes = 2048;
inline constexpr std::size_t kMaxWebhookBodyBytes = 1 << 20;  // 1 MiB
inline constexpr std::size_t kMaxFields = 64;

// s as a JSON string literal, quotes included: ", \ and controls escaped
// (\n, \t, \u00XX), U+2028/U+2029 as \u2028/\u2029 (they break JavaScript
// receivers), everything else UTF-8 as is. s must be valid UTF-8.
std::string JsonQuote(absl::string_view s);

// "reminder", "overdue", …; "unspecified" for anything else.
absl::string_view KindName(v1::NoticeKind kind);

// RFC 3339 in China time: "2024-03-24T09:00:00+08:00".
std::string ChinaTime(absl::Time time);

// The body above. INVALID_ARGUMENT naming the field for text that is not
// UTF-8, too many fields or a body over kMaxWebhookBodyBytes.
absl::StatusOr<std::string> WebhookBody(const Notice& notice);

// "sha256=" + hex HMAC-SHA256(secret, "<timestamp>.<body>").
std::string WebhookSignature(absl::string_view secret, int64_t timestamp,
                             absl::string_view body);

// The Idempotency-Key header value: the key when it is visible ASCII, else
// percent-encoded (so no byte can end the header).
std::string HeaderSafeKey(absl::string_view key);

// http:// or https:// with a host, visible ASCII, at most kMaxUrlBytes.
absl::Status CheckWebhookUrl(absl::string_view field, absl::string_view url);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_DELIVERY_WEBHOOK_BODY_H_
