#ifndef ANJU_COMMON_RATE_LIMIT_TOKEN_BUCKET_H_
#define ANJU_COMMON_RATE_LIMIT_TOKEN_BUCKET_H_

// Token buckets (令牌桶) for per-caller rate limits: a bucket holds up to
// `burst` tokens and refills at `per_second`; each call takes one. A caller
// that stays under its rate is never refused, one that bursts may spend the
// whole bucket at once, and one that keeps going gets a refusal saying how
// long until its next token.

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace anju::rate_limit {

struct BucketSpec {
  double per_second = 0;  // refill rate, > 0
  double burst = 0;       // capacity, >= 1
};

class TokenBucket {
 public:
  // Starts full.
  TokenBucket(BucketSpec spec, absl::Time now);

  // Takes a token at `now`: nullopt when one was there, otherwise how long
  // until one will be (nothing is taken then).
  std::optional<absl::Duration> Take(absl::Time now);

 private:
  BucketSpec spec_;
  double tokens_;
  absl::Time last_;
};

// One bucket per key (a principal's id), created full on its first call.
// Thread-safe. The keys are the credentials' ids, so the map is bounded by
// the credentials file.
class KeyedRateLimiter {
 public:
  using Clock = absl::Time (*)();
  explicit KeyedRateLimiter(Clock clock = &absl::Now) : clock_(clock) {}

  // As TokenBucket::Take for `key`'s bucket. A key keeps the spec it was
  // first seen with.
  std::optional<absl::Duration> Take(const std::string& key,
                                     const BucketSpec& spec);

 private:
  const Clock clock_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, TokenBucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anju::rate_limit

#endif  // ANJU_COMMON_RATE_LIMIT_TOKEN_BUCKET_H_
