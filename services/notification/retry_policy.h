#ifndef ANJU_SERVICES_NOTIFICATION_RETRY_POLICY_H_
#define ANJU_SERVICES_NOTIFICATION_RETRY_POLICY_H_

// When a failed delivery is tried again: exponential backoff with a cap,
// and a bounded number of attempts, after which it is a dead letter (投递
// 失败) that an operator can resend.

#include <optional>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace anju::notification {

struct RetryPolicy {
  absl::Duration initial_backoff = absl::Seconds(30);
  double multiplier = 2.0;
  absl::Duration max_backoff = absl::Minutes(30);
  int max_attempts = 8;  // including the first

  // The wait after the `attempts`-th failed attempt (1, 2, …), or nullopt
  // when none is left: initial × multiplier^(attempts−1), at most
  // max_backoff.
  std::optional<absl::Duration> BackoffAfter(int attempts) const {
    if (attempts >= max_attempts) return std::nullopt;
    absl::Duration wait = initial_backoff;
    for (int i = 1; i < attempts && wait < max_backoff; ++i) {
      wait = wait * multiplier;
    }
    return wait < max_backoff ? wait : max_backoff;
  }

  // Bounds: initial 1 ms–1 h, multiplier 1–10, max ≥ initial and ≤ 1 day,
  // attempts 1–100.
  absl::Status Validate() const;
};

// Whether a Sender's status is worth another attempt (sender.h).
inline bool IsRetryable(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_RETRY_POLICY_H_
