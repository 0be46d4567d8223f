#ifndef ANJU_COMMON_REDIS_REDIS_ERROR_H_
#define ANJU_COMMON_REDIS_REDIS_ERROR_H_

// Redis error replies ("-WRONGTYPE Operation against a key…") as
// absl::Status. An error reply leaves the connection usable; failures of
// the connection itself are UNAVAILABLE or DEADLINE_EXCEEDED and are made
// in redis_connection.cc.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace anju::redis {

// By the error's first word:
//   UNAVAILABLE          LOADING, BUSY, MASTERDOWN, TRYAGAIN, CLUSTERDOWN,
//                        READONLY, "ERR max number of clients": retry later;
//   UNAUTHENTICATED      NOAUTH, WRONGPASS;
//   PERMISSION_DENIED    NOPERM;
//   RESOURCE_EXHAUSTED   OOM;
//   NOT_FOUND            NOSCRIPT;
//   FAILED_PRECONDITION  WRONGTYPE, MOVED, ASK (no cluster support), and
//                        "ERR value is not an integer";
//   INTERNAL             anything else (a bad command or script: our bug).
absl::StatusCode RedisErrorCode(absl::string_view error);

// "<address>: <error>" with the code above.
absl::Status RedisErrorStatus(absl::string_view address,
                              absl::string_view error);

}  // namespace anju::redis

#endif  // ANJU_COMMON_REDIS_REDIS_ERROR_H_
