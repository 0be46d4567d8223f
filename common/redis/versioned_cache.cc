#include "common/redis/versioned_cache.h"

#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/metrics/registry.h"

namespace anju::redis {
namespace {

// KEYS[1] the entry; ARGV[1] the version in decimal, ARGV[2] the entry
// "<version>:<value>", ARGV[3] its time to live in ms. Versions compare as
// decimal strings, exact for any int64 where Lua's numbers (doubles) would
// not be: the longer is larger, and at equal length the order of the
// digits, the same in every locale. A newer or equal entry is kept.
constexpr char kStoreScript[] = R"lua(
local stored = redis.call('GET', KEYS[1])
if stored then
  local v = string.match(stored, '^(%d+):')
  if v and (#v > #ARGV[1] or (#v == #ARGV[1] and v >= ARGV[1])) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
)lua";

absl::Status CheckVersion(int64_t version) {
  if (version >= 0) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("cache version must not be negative, is ", version));
}

// "anju:scoring:results:" → "anju:scoring:results": the cache label.
std::string CacheName(absl::string_view key_prefix) {
  absl::ConsumeSuffix(&key_prefix, ":");
  return std::string(key_prefix);
}

metrics::Counter* RequestCounter(absl::string_view key_prefix,
                                 const char* result) {
  static metrics::CounterFamily& family =
      metrics::DefaultRegistry().MustAddCounter(
          "anju_cache_requests_total",
          "Cache reads: hit, miss (computed and stored), bypass (computed "
          "without Redis: none configured, or it failed).",
          {"cache", "result"});
  return &family.WithLabels({CacheName(key_prefix), result});
}

metrics::Counter* ErrorCounter(absl::string_view key_prefix) {
  static metrics::CounterFamily& family =
      metrics::DefaultRegistry().MustAddCounter(
          "anju_cache_errors_total", "Failed Redis calls of a cache.",
          {"cache"});
  return &family.WithLabels({CacheName(key_prefix)});
}

}  // namespace

absl::StatusOr<std::unique_ptr<VersionedCache>> VersionedCache::Create(
    RedisClient* redis, VersionedCacheOptions options) {
  if (options.ttl < absl::Milliseconds(1) ||
      options.ttl == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cache ttl must be finite and at least 1ms, is ",
                     absl::FormatDuration(options.ttl)));
  }
  return absl::WrapUnique(new VersionedCache(redis, std::move(options)));
}

VersionedCache::VersionedCache(RedisClient* redis,
                               VersionedCacheOptions options)
    : redis_(redis),
      options_(std::move(options)),
      store_script_(kStoreScript),
      hit_metric_(RequestCounter(options_.key_prefix, "hit")),
      miss_metric_(RequestCounter(options_.key_prefix, "miss")),
      bypass_metric_(RequestCounter(options_.key_prefix, "bypass")),
      error_metric_(ErrorCounter(options_.key_prefix)) {}

absl::StatusOr<std::string> VersionedCache::Get(absl::string_view key,
                                                int64_t version,
                                                Compute compute) {
  if (absl::Status s = CheckVersion(version); !s.ok()) return s;
  if (redis_ == nullptr) {
    ++misses_;
    bypass_metric_->Increment();
    return compute();
  }
  absl::StatusOr<std::optional<std::string>> cached = Lookup(key, version);
  if (cached.ok() && cached->has_value()) {
    ++hits_;
    hit_metric_->Increment();
    return **std::move(cached);
  }
  ++misses_;
  (cached.ok() ? miss_metric_ : bypass_metric_)->Increment();
  absl::StatusOr<std::string> value = compute();
  // After a failed lookup Redis is most likely down: do not wait for it a
  // second time.
  if (value.ok() && cached.ok()) {
    Store(key, version, *value).status().IgnoreError();  // counted
  }
  return value;
}

absl::StatusOr<bool> VersionedCache::Store(absl::string_view key,
                                           int64_t version,
                                           absl::string_view value) {
  if (absl::Status s = CheckVersion(version); !s.ok()) return s;
  if (redis_ == nullptr) return false;
  const std::string decimal = absl::StrCat(version);
  absl::StatusOr<RedisReply> reply =
      redis_->Eval(store_script_, {FullKey(key)},
                   {decimal, absl::StrCat(decimal, ":", value),
                    absl::StrCat(absl::ToInt64Milliseconds(options_.ttl))});
  if (reply.ok() && reply->type != RedisReply::Type::kInteger) {
    reply = absl::InternalError(absl::StrCat(
        redis_->address(), ": the cache's store script returned no integer"));
  }
  if (!reply.ok()) {
    ++errors_;
    error_metric_->Increment();
    return reply.status();
  }
  return reply->integer == 1;
}

absl::StatusOr<std::optional<std::string>> VersionedCache::Lookup(
    absl::string_view key, int64_t version) {
  absl::StatusOr<std::optional<std::string>> entry = redis_->Get(FullKey(key));
  if (!entry.ok()) {
    ++errors_;
    error_metric_->Increment();
    return entry.status();
  }
  if (!entry->has_value()) return std::nullopt;
  const absl::string_view text = **entry;
  const size_t colon = text.find(':');
  if (colon == absl::string_view::npos ||
      text.substr(0, colon) != absl::StrCat(version)) {
    return std::nullopt;
  }
  return std::string(text.substr(colon + 1));
}

std::string VersionedCache::FullKey(absl::string_view key) const {
  return absl::StrCat(options_.key_prefix, key);
}

VersionedCache::Stats VersionedCache::stats() const {
  return Stats{hits_.load(), misses_.load(), errors_.load()};
}

}  // namespace anju::redis
