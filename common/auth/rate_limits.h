#ifndef ANJU_COMMON_AUTH_RATE_LIMITS_H_
#define ANJU_COMMON_AUTH_RATE_LIMITS_H_

// Per-principal rate limits, set per role in a server's `auth:` section:
//
//   auth:
//     rate_limits:
//       external_system: {per_second: 50, burst: 100}
//
// Each principal of a listed role has its own token bucket
// (common/rate_limit); a role not listed is not limited. A call over the
// limit ends RESOURCE_EXHAUSTED before its handler does any work, with a
// message saying the limit and when to retry. Checked by the interceptor
// after authentication, so that only authenticated callers hold buckets
// (their number is bounded by the credentials file).

#include <array>
#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/config.h"
#include "common/rate_limit/token_bucket.h"

namespace anju::auth {

struct RoleRateLimits {
  std::array<std::optional<rate_limit::BucketSpec>, kRoleCount> by_role{};
  bool empty() const;
};

// Reads auth.rate_limits. INVALID_ARGUMENT naming the key and the rule: an
// unknown role or field, per_second outside 1–1000000, burst outside
// 1–1000000 (default: per_second).
absl::StatusOr<RoleRateLimits> RateLimitsFromConfig(
    const common::Config& config);

class CallerRateLimiter {
 public:
  explicit CallerRateLimiter(
      RoleRateLimits limits,
      rate_limit::KeyedRateLimiter::Clock clock = &absl::Now);

  // OK, or RESOURCE_EXHAUSTED: "请求过于频繁 … 请 N 毫秒后重试 (… retry
  // after N ms)".
  absl::Status Admit(const Principal& principal);

 private:
  const RoleRateLimits limits_;
  rate_limit::KeyedRateLimiter buckets_;
};

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_RATE_LIMITS_H_
