// Digests for delivery: the Message-ID from the idempotency key, and the
// webhook signature (签名) a receiver checks to refuse forgeries and replays.
#ifndef ANJU_SERVICES_NOTIFICATION_DELIVERY_CRYPTO_H_
#define ANJU_SERVICES_NOTIFICATION_DELIVERY_CRYPTO_H_

#include <string>

#include "absl/strings/string_view.h"

namespace anju::notification {

// Lower-case hex of SHA-256(bytes): 64 digits.
std::string Sha256Hex(absl::string_view bytes);

// Lower-case hex of HMAC-SHA256(key, message): 64 digits (RFC 4231).
std::string HmacSha256Hex(absl::string_view key, absl::string_view message);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_DELIVERY_CRYPTO_H_
