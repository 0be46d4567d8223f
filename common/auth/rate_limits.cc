#include "common/auth/rate_limits.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace anju::auth {
namespace {

constexpr int64_t kMaxRate = 1000000;

}  // namespace

bool RoleRateLimits::empty() const {
  for (const auto& spec : by_role) {
    if (spec.has_value()) return false;
  }
  return true;
}

absl::StatusOr<RoleRateLimits> RateLimitsFromConfig(
    const common::Config& config) {
  std::vector<std::string> roles;
  for (Role role : AllRoles()) roles.emplace_back(RoleName(role));
  if (absl::Status s = config.CheckKeys("auth.rate_limits", roles); !s.ok()) {
    return s;
  }
  RoleRateLimits limits;
  for (Role role : AllRoles()) {
    const std::string key = absl::StrCat("auth.rate_limits.", RoleName(role));
    if (!config.Has(key)) continue;
    if (absl::Status s = config.CheckKeys(key, {"per_second", "burst"});
        !s.ok()) {
      return s;
    }
    absl::StatusOr<int64_t> per_second =
        config.GetInt(key + ".per_second", 0, 1, kMaxRate);
    if (!per_second.ok()) return per_second.status();
    if (*per_second == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          config.file(), ": ", key,
          ".per_second: 必须填写 (required: calls per second, 1–1000000)"));
    }
    absl::StatusOr<int64_t> burst =
        config.GetInt(key + ".burst", *per_second, 1, kMaxRate);
    if (!burst.ok()) return burst.status();
    limits.by_role[static_cast<int>(role)] = rate_limit::BucketSpec{
        static_cast<double>(*per_second), static_cast<double>(*burst)};
  }
  return limits;
}

CallerRateLimiter::CallerRateLimiter(RoleRateLimits limits,
                                     rate_limit::KeyedRateLimiter::Clock clock)
    : limits_(std::move(limits)), buckets_(clock) {}

absl::Status CallerRateLimiter::Admit(const Principal& principal) {
  const std::optional<rate_limit::BucketSpec>& spec =
      limits_.by_role[static_cast<int>(principal.role)];
  if (!spec.has_value()) return absl::OkStatus();
  std::optional<absl::Duration> wait = buckets_.Take(principal.id, *spec);
  if (!wait.has_value()) return absl::OkStatus();
  const int64_t ms = absl::ToInt64Milliseconds(*wait);
  return absl::ResourceExhaustedError(absl::StrCat(
      "请求过于频繁: ", principal.id, " (", RoleName(principal.role),
      ") 每秒最多 ", spec->per_second, " 次, 突发 ", spec->burst, " 次; 请 ",
      ms, " 毫秒后重试 (rate limit exceeded: ", spec->per_second, "/s, burst ",
      spec->burst, "; retry after ", ms, " ms)"));
}

}  // namespace anju::auth
