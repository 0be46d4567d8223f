#ifndef ANJU_COMMON_REDIS_VERSIONED_CACHE_H_
#define ANJU_COMMON_REDIS_VERSIONED_CACHE_H_

// A cache in Redis that never serves a stale value (issue 3, item 9):
// "after a write is acknowledged, no stale total is ever served — also
// when Redis restarts in between; with Redis down, answers are computed
// directly and stay correct."
//
// The rule is kept by the database, not by Redis:
//  - The database (the source of truth) keeps a version per cache key (say
//    per city × year), a number that only grows and is bumped in the same
//    transaction as every write the cached value depends on. So once a
//    write is acknowledged, every later read of the version sees the bump.
//  - An entry in Redis holds a value with the version it was computed
//    from. A read takes the current version from the database and uses the
//    entry only if its version is equal; otherwise it computes the value
//    and stores it with a compare-and-set (a Lua script, atomic in Redis)
//    that never replaces an entry of a newer version with an older one.
//  - Hence Redis can lose entries (eviction, expiry, a restart without
//    persistence), keep old ones (a restart from a snapshot, a fail-over to
//    a lagging replica) or be unreachable: none of it can make a read
//    return a value computed before the version it read. Losing entries
//    costs a recomputation; old entries are never equal to a newer version.
//  - Correctness rests on that equality alone. The compare-and-set keeps
//    the hit rate: without it, a slow reader that computed from version 5
//    could overwrite the entry of version 6 stored in between, and readers
//    at 6 would miss (never serve it) until one of them stored 6 again.
//
// What the caller must keep:
//  - Read the version before computing, or in the same read transaction
//    as the computation, so that the value is at least as new as the
//    version it is stored under.
//  - Bump the version in every transaction that changes an input of the
//    value, and never let it go back. After restoring the database from a
//    backup, versions can repeat with other data: flush the cache's keys,
//    or put a number that changes on every restore into key_prefix.
//
// With Redis down, every read computes (a RedisClient in back-off fails in
// microseconds) and counts an error; errors never reach the caller.
//
// Thread-safe: the counters are atomic and RedisClient is thread-safe.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/redis/lua_script.h"
#include "common/redis/redis_client.h"

namespace anju::metrics {
class Counter;
}  // namespace anju::metrics

namespace anju::redis {

struct VersionedCacheOptions {
  // Put before every key, e.g. "anju:scoring:city-totals:".
  std::string key_prefix;
  // Entries expire so that keys nobody reads any more (past years) leave
  // Redis's memory; a read after expiry recomputes.
  absl::Duration ttl = absl::Hours(24);
};

class VersionedCache {
 public:
  // Counters for metrics. A read counts one hit or one miss; errors count
  // failed Redis calls (a read can count a miss and an error). A service
  // exports them to say that it serves while Redis is down.
  struct Stats {
    int64_t hits = 0;
    int64_t misses = 0;
    int64_t errors = 0;
  };

  using Compute = absl::FunctionRef<absl::StatusOr<std::string>()>;

  // `redis` may be null: no cache, every read computes (and counts a
  // miss), for a deployment without Redis. It must outlive the cache.
  // INVALID_ARGUMENT for a ttl below 1 ms or infinite.
  static absl::StatusOr<std::unique_ptr<VersionedCache>> Create(
      RedisClient* redis, VersionedCacheOptions options);

  // The value of `key` at `version` (>= 0, from the database): the cached
  // one if it was computed from exactly this version, else compute()'s,
  // which is then stored. compute()'s error is returned as is, and nothing
  // is stored.
  absl::StatusOr<std::string> Get(absl::string_view key, int64_t version,
                                  Compute compute);

  // Stores `value` as computed from `version` unless the entry holds this
  // version or a newer one. True when stored; false also without Redis.
  // A Redis error is returned (and counted).
  absl::StatusOr<bool> Store(absl::string_view key, int64_t version,
                             absl::string_view value);

  Stats stats() const;

 private:
  VersionedCache(RedisClient* redis, VersionedCacheOptions options);

  // The cached value if its version is `version`; nullopt on a miss.
  absl::StatusOr<std::optional<std::string>> Lookup(absl::string_view key,
                                                    int64_t version);
  std::string FullKey(absl::string_view key) const;

  RedisClient* const redis_;
  const VersionedCacheOptions options_;
  const LuaScript store_script_;
  std::atomic<int64_t> hits_{0};
  std::atomic<int64_t> misses_{0};
  std::atomic<int64_t> errors_{0};
  // The same, exported as anju_cache_requests_total{cache,result} and
  // anju_cache_errors_total{cache} (common/metrics/README.md); a read
  // without Redis, or whose lookup failed, is a "bypass" there.
  metrics::Counter* const hit_metric_;
  metrics::Counter* const miss_metric_;
  metrics::Counter* const bypass_metric_;
  metrics::Counter* const error_metric_;
};

}  // namespace anju::redis

#endif  // ANJU_COMMON_REDIS_VERSIONED_CACHE_H_
