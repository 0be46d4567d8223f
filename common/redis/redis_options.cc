#include "common/redis/redis_options.h"

#include <sys/un.h>

#include "absl/strings/str_cat.h"

namespace anju::redis {
namespace {

// Longer timeouts would defeat their purpose: a cache call must stay short.
constexpr absl::Duration kMaxTimeout = absl::Seconds(60);
constexpr int kMaxConnections = 1024;

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("redis options: ", field, ": ", why));
}

absl::Status CheckTimeout(absl::string_view field, absl::Duration timeout) {
  if (timeout <= absl::ZeroDuration() || timeout > kMaxTimeout) {
    return Invalid(
        field,
        absl::StrCat("must be in (0, ", absl::FormatDuration(kMaxTimeout),
                     "], is ", absl::FormatDuration(timeout)));
  }
  return absl::OkStatus();
}

absl::Status CheckAddress(const RedisOptions& options) {
  if (!options.unix_socket.empty()) {
    if (options.unix_socket.size() >= sizeof(sockaddr_un::sun_path)) {
      return Invalid("unix_socket",
                     absl::StrCat("longer than ",
                                  sizeof(sockaddr_un::sun_path) - 1, " bytes"));
    }
    return absl::OkStatus();
  }
  if (options.host.empty()) return Invalid("host", "empty");
  if (options.port < 1 || options.port > 65535) {
    return Invalid("port",
                   absl::StrCat("must be in [1, 65535], is ", options.port));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRedisOptions(const RedisOptions& options) {
  if (absl::Status s = CheckAddress(options); !s.ok()) return s;
  if (absl::Status s = CheckTimeout("connect_timeout", options.connect_timeout);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckTimeout("command_timeout", options.command_timeout);
      !s.ok()) {
    return s;
  }
  if (options.db < 0) return Invalid("db", "negative");
  if (options.max_connections < 1 ||
      options.max_connections > kMaxConnections) {
    return Invalid("max_connections",
                   absl::StrCat("must be in [1, ", kMaxConnections, "], is ",
                                options.max_connections));
  }
  if (options.min_backoff < absl::ZeroDuration() ||
      options.min_backoff > options.max_backoff ||
      options.max_backoff > kMaxTimeout) {
    return Invalid("min_backoff, max_backoff",
                   absl::StrCat("need 0 <= min_backoff <= max_backoff <= ",
                                absl::FormatDuration(kMaxTimeout)));
  }
  return absl::OkStatus();
}

std::string RedisAddress(const RedisOptions& options) {
  if (!options.unix_socket.empty()) {
    return absl::StrCat("redis unix:", options.unix_socket);
  }
  return absl::StrCat("redis ", options.host, ":", options.port);
}

}  // namespace anju::redis
