#ifndef ANJU_COMMON_REDIS_REDIS_OPTIONS_H_
#define ANJU_COMMON_REDIS_REDIS_OPTIONS_H_

// Where Redis is and how long a caller may wait for it.

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace anju::redis {

struct RedisOptions {
  // TCP address. Prefer an IP address or a name the local resolver answers
  // at once (a Kubernetes Service): name resolution is the one step that
  // hiredis cannot bound with a timeout. "localhost" may resolve to ::1
  // first, and hiredis 0.14 does not try the next address.
  std::string host = "127.0.0.1";
  int port = 6379;
  // When set, connect to this unix socket instead; host and port are
  // ignored.
  std::string unix_socket;

  // Opening a connection (TCP connect plus AUTH and SELECT).
  absl::Duration connect_timeout = absl::Milliseconds(500);
  // One command, from the call until its reply, including the wait for a
  // free connection of the pool. The cache would rather compute a total
  // than wait long for Redis.
  absl::Duration command_timeout = absl::Milliseconds(200);

  // Sent with AUTH after connecting; empty: no AUTH.
  std::string password;
  // Sent with SELECT after connecting when not 0.
  int db = 0;

  // Connections opened at most, so at most this many commands in flight.
  int max_connections = 8;
  // After a connection fails, calls fail fast with UNAVAILABLE for this
  // long, doubling on each further failure up to max_backoff, so that a
  // down Redis is not hammered and callers do not each wait for a timeout.
  absl::Duration min_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
};

// INVALID_ARGUMENT naming the first bad field.
absl::Status ValidateRedisOptions(const RedisOptions& options);

// "redis 127.0.0.1:6379" or "redis unix:/run/redis.sock", for messages.
std::string RedisAddress(const RedisOptions& options);

}  // namespace anju::redis

#endif  // ANJU_COMMON_REDIS_REDIS_OPTIONS_H_
