// What one attempt's result means for the retry loop (see Sender::Send):
// retryable (UNAVAILABLE, DEADLINE_EXCEEDED) or a dead letter at once
// (FAILED_PRECONDITION, INVALID_ARGUMENT). Pure, so every branch is tested
// without a network.
#ifndef ANJU_SERVICES_NOTIFICATION_DELIVERY_OUTCOME_H_
#define ANJU_SERVICES_NOTIFICATION_DELIVERY_OUTCOME_H_

#include <curl/curl.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace anju::notification {

// One attempt as libcurl saw it.
struct Attempt {
  CURLcode result = CURLE_OK;
  long reply_code = 0;     // SMTP or HTTP code of the last reply; 0: none
  std::string reply;       // the server's last reply / response body, capped
  std::string curl_error;  // libcurl's error buffer
};

// SMTP: 2xx/3xx with CURLE_OK sent; 4xx (451 try later) retryable; 5xx
// (550 no such mailbox) a dead letter; refused or reset connections
// UNAVAILABLE, timeouts DEADLINE_EXCEEDED.
absl::Status SmtpOutcome(const Attempt& attempt);

// HTTP: 2xx sent; 408, 429 and 5xx retryable; other 4xx and 3xx (redirects
// are not followed) a dead letter; network errors as for SMTP.
absl::Status HttpOutcome(const Attempt& attempt);

// Keeps the first `cap` bytes of a reply for error messages (Preview shows
// a cut character as \xNN).
void AppendCapped(std::string* reply, absl::string_view bytes, std::size_t cap);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_DELIVERY_OUTCOME_H_
