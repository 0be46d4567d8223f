#include "common/redis/redis_client.h"

#include <algorithm>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/redis/redis_connection.h"
#include "common/redis/redis_error.h"

namespace anju::redis {
namespace {

using Type = RedisReply::Type;

absl::Status Unexpected(const std::string& address, absl::string_view command,
                        const RedisReply& reply) {
  return absl::InternalError(
      absl::StrCat(address, ": unexpected reply to ", command, " (type ",
                   static_cast<int>(reply.type), "): ", reply.text));
}

bool IsNoScript(const RedisReply& reply) {
  return reply.type == Type::kError && absl::StartsWith(reply.text, "NOSCRIPT");
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisClient>> RedisClient::Create(
    const RedisOptions& options) {
  if (absl::Status s = ValidateRedisOptions(options); !s.ok()) return s;
  return absl::WrapUnique(new RedisClient(options));
}

RedisClient::RedisClient(const RedisOptions& options)
    : options_(options), address_(RedisAddress(options)) {}

RedisClient::~RedisClient() = default;

absl::Status RedisClient::Ping() {
  absl::StatusOr<RedisReply> reply = Command({"PING"});
  if (!reply.ok()) return reply.status();
  if (reply->type != Type::kStatus) return Unexpected(address_, "PING", *reply);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RedisClient::Get(
    absl::string_view key) {
  absl::StatusOr<RedisReply> reply = Command({"GET", std::string(key)});
  if (!reply.ok()) return reply.status();
  if (reply->type == Type::kNil) return std::nullopt;
  if (reply->type != Type::kString) return Unexpected(address_, "GET", *reply);
  return std::move(reply->text);
}

absl::Status RedisClient::Set(absl::string_view key, absl::string_view value,
                              absl::Duration ttl) {
  if (ttl < absl::Milliseconds(1) || ttl == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat(address_, ": SET ttl must be finite and at least 1ms, is ",
                     absl::FormatDuration(ttl)));
  }
  absl::StatusOr<RedisReply> reply =
      Command({"SET", std::string(key), std::string(value), "PX",
               absl::StrCat(absl::ToInt64Milliseconds(ttl))});
  if (!reply.ok()) return reply.status();
  if (reply->type != Type::kStatus) return Unexpected(address_, "SET", *reply);
  return absl::OkStatus();
}

absl::StatusOr<bool> RedisClient::Del(absl::string_view key) {
  absl::StatusOr<RedisReply> reply = Command({"DEL", std::string(key)});
  if (!reply.ok()) return reply.status();
  if (reply->type != Type::kInteger) return Unexpected(address_, "DEL", *reply);
  return reply->integer > 0;
}

absl::StatusOr<int64_t> RedisClient::Incr(absl::string_view key) {
  absl::StatusOr<RedisReply> reply = Command({"INCR", std::string(key)});
  if (!reply.ok()) return reply.status();
  if (reply->type != Type::kInteger) {
    return Unexpected(address_, "INCR", *reply);
  }
  return reply->integer;
}

absl::StatusOr<absl::Duration> RedisClient::Ttl(absl::string_view key) {
  absl::StatusOr<RedisReply> reply = Command({"PTTL", std::string(key)});
  if (!reply.ok()) return reply.status();
  if (reply->type != Type::kInteger) {
    return Unexpected(address_, "PTTL", *reply);
  }
  // Redis's own codes: -2 no such key, -1 no expiry.
  if (reply->integer == -2) {
    return absl::NotFoundError(absl::StrCat(address_, ": no key ", key));
  }
  if (reply->integer == -1) return absl::InfiniteDuration();
  return absl::Milliseconds(reply->integer);
}

absl::StatusOr<RedisReply> RedisClient::Eval(
    const LuaScript& script, absl::Span<const std::string> keys,
    absl::Span<const std::string> args) {
  std::vector<std::string> argv = {"EVALSHA", script.sha1(),
                                   absl::StrCat(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  return Run([&](RedisConnection& connection,
                 absl::Time deadline) -> absl::StatusOr<RedisReply> {
    if (!script.sha1().empty()) {
      absl::StatusOr<RedisReply> reply = connection.Command(argv, deadline);
      if (!reply.ok() || !IsNoScript(*reply)) return reply;
    }
    // EVAL also puts the script back into Redis's script cache.
    argv[0] = "EVAL";
    argv[1] = script.source();
    return connection.Command(argv, deadline);
  });
}

absl::StatusOr<RedisReply> RedisClient::Command(
    absl::Span<const std::string> argv) {
  return Run([argv](RedisConnection& connection, absl::Time deadline) {
    return connection.Command(argv, deadline);
  });
}

absl::StatusOr<RedisReply> RedisClient::Run(Work work) {
  absl::Time deadline = absl::Now() + options_.command_timeout;
  absl::StatusOr<std::unique_ptr<RedisConnection>> connection =
      Acquire(deadline);
  if (!connection.ok()) return connection.status();
  absl::StatusOr<RedisReply> reply = work(**connection, deadline);
  Release(*std::move(connection), reply.status());
  if (reply.ok() && reply->type == Type::kError) {
    return RedisErrorStatus(address_, reply->text);
  }
  return reply;
}

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisClient::Acquire(
    absl::Time& deadline) {
  std::vector<std::unique_ptr<RedisConnection>> closed;  // freed unlocked
  {
    absl::MutexLock lock(&mu_);
    if (absl::Status s = CheckBackoff(); !s.ok()) return s;
    if (!mu_.AwaitWithDeadline(absl::Condition(this, &RedisClient::CanAcquire),
                               deadline)) {
      return absl::DeadlineExceededError(
          absl::StrCat(address_, ": all ", options_.max_connections,
                       " connections stayed busy for the command timeout"));
    }
    // A connection may have failed while this call waited.
    if (absl::Status s = CheckBackoff(); !s.ok()) return s;
    while (!idle_.empty()) {
      std::unique_ptr<RedisConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (!connection->PeerClosed()) return connection;
      closed.push_back(std::move(connection));
      --open_;
    }
    ++open_;  // the slot of the connection opened below
  }
  return Connect(deadline);
}

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisClient::Connect(
    absl::Time& deadline) {
  const absl::Time start = absl::Now();
  absl::StatusOr<std::unique_ptr<RedisConnection>> connection =
      RedisConnection::Open(options_);
  absl::MutexLock lock(&mu_);
  if (!connection.ok()) {
    --open_;
    RecordFailure(connection.status());
    return connection.status();
  }
  deadline += absl::Now() - start;
  return connection;
}

void RedisClient::Release(std::unique_ptr<RedisConnection> connection,
                          const absl::Status& status) {
  std::unique_ptr<RedisConnection> broken;  // freed after unlocking
  absl::MutexLock lock(&mu_);
  if (connection->broken()) {
    broken = std::move(connection);
    --open_;
    RecordFailure(status);
  } else {
    idle_.push_back(std::move(connection));
    RecordSuccess();
  }
}

bool RedisClient::CanAcquire() const {
  return !idle_.empty() || open_ < options_.max_connections;
}

absl::Status RedisClient::CheckBackoff() const {
  const absl::Duration left = retry_after_ - absl::Now();
  if (left <= absl::ZeroDuration()) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(
      "backing off for ",
      absl::FormatDuration(absl::Ceil(left, absl::Milliseconds(1))),
      " after: ", last_failure_.message()));
}

void RedisClient::RecordFailure(const absl::Status& status) {
  backoff_ = backoff_ == absl::ZeroDuration()
                 ? options_.min_backoff
                 : std::min(backoff_ * 2, options_.max_backoff);
  retry_after_ = absl::Now() + backoff_;
  last_failure_ = status;
}

void RedisClient::RecordSuccess() {
  backoff_ = absl::ZeroDuration();
  retry_after_ = absl::InfinitePast();
}

}  // namespace anju::redis
