#ifndef ANJU_COMMON_REDIS_REDIS_CLIENT_H_
#define ANJU_COMMON_REDIS_REDIS_CLIENT_H_

// A Redis client for caches: every call returns within its timeouts,
// whatever Redis does, and a Redis that is down costs callers almost
// nothing.
//
// Time: a call waits for a free connection and for its reply until
// command_timeout after it started; when it has to open a connection, that
// may add up to connect_timeout. So no call takes longer than
// connect_timeout + command_timeout (name resolution aside, see
// RedisOptions::host).
//
// Errors: UNAVAILABLE when Redis cannot be reached or the connection broke;
// DEADLINE_EXCEEDED when the reply did not come in time, or no connection
// of the pool came free in time. After either, a command that writes may or
// may not have run. Error replies map by redis_error.h.
//
// Failures and reconnection: a connection that failed (I/O error, timeout)
// is dropped; the next call opens a new one. After each failure, calls fail
// fast with UNAVAILABLE for a back-off (options.min_backoff, doubling up to
// max_backoff, reset by the next success), so that a down Redis is neither
// hammered nor makes every caller wait for a timeout. An idle connection
// that Redis closed (say, it restarted) is noticed before use and replaced
// without an error.
//
// Thread-safety: safe to share. It keeps a pool of up to
// options.max_connections connections rather than one connection behind a
// mutex: behind a mutex, a caller would queue after every command ahead of
// it, and with Redis slow its wait would grow with the number of callers
// instead of staying within its own timeout. Each call holds a connection
// of its own; hiredis contexts are not thread-safe and are never shared.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/redis/lua_script.h"
#include "common/redis/redis_options.h"
#include "common/redis/redis_reply.h"

namespace anju::redis {

class RedisConnection;

class RedisClient {
 public:
  // INVALID_ARGUMENT for bad options. Does not connect: a service that
  // caches must start, and serve, while Redis is down. Call Ping to check.
  static absl::StatusOr<std::unique_ptr<RedisClient>> Create(
      const RedisOptions& options);

  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  absl::Status Ping();
  // nullopt when the key does not exist.
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key);
  // SET with an expiry (PX); ttl must be at least 1 ms. A cache entry
  // without one would outlive its use.
  absl::Status Set(absl::string_view key, absl::string_view value,
                   absl::Duration ttl);
  // True when the key existed.
  absl::StatusOr<bool> Del(absl::string_view key);
  absl::StatusOr<int64_t> Incr(absl::string_view key);
  // The time to live left (PTTL): NOT_FOUND when the key does not exist,
  // absl::InfiniteDuration() when it has no expiry.
  absl::StatusOr<absl::Duration> Ttl(absl::string_view key);

  // Runs the script by EVALSHA, falling back to EVAL on NOSCRIPT, on one
  // connection and within one deadline. An error the script raises
  // comes back as a Status by redis_error.h.
  absl::StatusOr<RedisReply> Eval(const LuaScript& script,
                                  absl::Span<const std::string> keys,
                                  absl::Span<const std::string> args);

  // Any other command; an error reply comes back as a Status.
  absl::StatusOr<RedisReply> Command(absl::Span<const std::string> argv);

  // "redis host:port" or "redis unix:path".
  const std::string& address() const { return address_; }

 private:
  using Work = absl::FunctionRef<absl::StatusOr<RedisReply>(RedisConnection&,
                                                            absl::Time)>;

  explicit RedisClient(const RedisOptions& options);

  // Runs `work` on a pooled connection with the call's deadline; an error
  // reply it returns is turned into a Status.
  absl::StatusOr<RedisReply> Run(Work work);
  // An idle connection, or a new one if the pool has room. `deadline` is
  // moved on by the time spent connecting.
  absl::StatusOr<std::unique_ptr<RedisConnection>> Acquire(
      absl::Time& deadline);
  absl::StatusOr<std::unique_ptr<RedisConnection>> Connect(
      absl::Time& deadline);
  void Release(std::unique_ptr<RedisConnection> connection,
               const absl::Status& status);

  bool CanAcquire() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status CheckBackoff() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RecordFailure(const absl::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RecordSuccess() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const RedisOptions options_;
  const std::string address_;

  absl::Mutex mu_;
  std::vector<std::unique_ptr<RedisConnection>> idle_ ABSL_GUARDED_BY(mu_);
  // Idle, in use, and being opened.
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Duration backoff_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
  absl::Time retry_after_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Status last_failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anju::redis

#endif  // ANJU_COMMON_REDIS_REDIS_CLIENT_H_
