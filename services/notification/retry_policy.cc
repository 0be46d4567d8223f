#include "services/notification/retry_policy.h"

#include "absl/strings/str_cat.h"

namespace anju::notification {

absl::Status RetryPolicy::Validate() const {
  if (initial_backoff < absl::Milliseconds(1) ||
      initial_backoff > absl::Hours(1)) {
    return absl::InvalidArgumentError(
        "retry.initial_backoff_ms: 须在 1 ms – 1 h 之间");
  }
  if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
    return absl::InvalidArgumentError("retry.multiplier: 须在 1–10 之间");
  }
  if (max_backoff < initial_backoff || max_backoff > absl::Hours(24)) {
    return absl::InvalidArgumentError(
        "retry.max_backoff_ms: 须不小于 initial_backoff_ms 且不超过 1 天");
  }
  if (max_attempts < 1 || max_attempts > 100) {
    return absl::InvalidArgumentError(absl::StrCat(
        "retry.max_attempts: 须在 1–100 之间 (got ", max_attempts, ")"));
  }
  return absl::OkStatus();
}

}  // namespace anju::notification
