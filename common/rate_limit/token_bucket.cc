#include "common/rate_limit/token_bucket.h"

#include <algorithm>

namespace anju::rate_limit {

TokenBucket::TokenBucket(BucketSpec spec, absl::Time now)
    : spec_(spec), tokens_(spec.burst), last_(now) {}

std::optional<absl::Duration> TokenBucket::Take(absl::Time now) {
  if (now > last_) {
    tokens_ =
        std::min(spec_.burst, tokens_ + absl::ToDoubleSeconds(now - last_) *
                                            spec_.per_second);
    last_ = now;
  }
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return std::nullopt;
  }
  // Rounded up to the millisecond, so that waiting that long is enough.
  const double seconds = (1 - tokens_) / spec_.per_second;
  return absl::Milliseconds(
      std::max<int64_t>(1, static_cast<int64_t>(seconds * 1000 + 0.999)));
}

std::optional<absl::Duration> KeyedRateLimiter::Take(const std::string& key,
                                                     const BucketSpec& spec) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = buckets_.try_emplace(key, spec, now);
  return it->second.Take(now);
}

}  // namespace anju::rate_limit
