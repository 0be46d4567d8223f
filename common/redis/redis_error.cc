#include "common/redis/redis_error.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace anju::redis {
namespace {

struct Prefix {
  absl::string_view word;
  absl::StatusCode code;
};

constexpr Prefix kPrefixes[] = {
    {"LOADING", absl::StatusCode::kUnavailable},
    {"BUSY", absl::StatusCode::kUnavailable},
    {"MASTERDOWN", absl::StatusCode::kUnavailable},
    {"TRYAGAIN", absl::StatusCode::kUnavailable},
    {"CLUSTERDOWN", absl::StatusCode::kUnavailable},
    // A primary that became a replica in a fail-over: the next connection
    // (through the Service) reaches the new primary.
    {"READONLY", absl::StatusCode::kUnavailable},
    {"NOAUTH", absl::StatusCode::kUnauthenticated},
    {"WRONGPASS", absl::StatusCode::kUnauthenticated},
    {"NOPERM", absl::StatusCode::kPermissionDenied},
    {"OOM", absl::StatusCode::kResourceExhausted},
    {"NOSCRIPT", absl::StatusCode::kNotFound},
    {"WRONGTYPE", absl::StatusCode::kFailedPrecondition},
    {"MOVED", absl::StatusCode::kFailedPrecondition},
    {"ASK", absl::StatusCode::kFailedPrecondition},
};

// Generic "ERR" replies worth telling apart.
absl::StatusCode GenericErrorCode(absl::string_view error) {
  if (absl::StrContains(error, "max number of clients")) {
    return absl::StatusCode::kUnavailable;
  }
  if (absl::StrContains(error, "not an integer")) {
    return absl::StatusCode::kFailedPrecondition;
  }
  return absl::StatusCode::kInternal;
}

}  // namespace

absl::StatusCode RedisErrorCode(absl::string_view error) {
  const absl::string_view word = error.substr(0, error.find(' '));
  for (const Prefix& prefix : kPrefixes) {
    if (word == prefix.word) return prefix.code;
  }
  return GenericErrorCode(error);
}

absl::Status RedisErrorStatus(absl::string_view address,
                              absl::string_view error) {
  return absl::Status(RedisErrorCode(error),
                      absl::StrCat(address, ": ", error));
}

}  // namespace anju::redis
