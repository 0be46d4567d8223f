#include "common/redis/redis_connection.h"

#include <errno.h>
#include <hiredis/hiredis.h>
#include <poll.h>

#include <cstring>
#include <utility>
#include <vector>

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "common/redis/redis_error.h"
#include "common/redis/sigpipe_guard.h"

namespace anju::redis {
namespace {

RedisReply Convert(const redisReply& raw) {
  RedisReply reply;
  switch (raw.type) {
    case REDIS_REPLY_INTEGER:
      reply.type = RedisReply::Type::kInteger;
      reply.integer = raw.integer;
      break;
    case REDIS_REPLY_STRING:
      reply.type = RedisReply::Type::kString;
      reply.text.assign(raw.str, raw.len);
      break;
    case REDIS_REPLY_STATUS:
      reply.type = RedisReply::Type::kStatus;
      reply.text.assign(raw.str, raw.len);
      break;
    case REDIS_REPLY_ERROR:
      reply.type = RedisReply::Type::kError;
      reply.text.assign(raw.str, raw.len);
      break;
    case REDIS_REPLY_ARRAY:
      reply.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < raw.elements; ++i) {
        reply.elements.push_back(Convert(*raw.element[i]));
      }
      break;
    default:  // REDIS_REPLY_NIL
      break;
  }
  return reply;
}

// AUTH and SELECT are fixed commands: when Redis refuses them for a reason
// other than the usual ones, the configuration does not match the server.
absl::Status HandshakeError(absl::string_view address, absl::string_view step,
                            absl::string_view error) {
  absl::StatusCode code = RedisErrorCode(error);
  if (code == absl::StatusCode::kInternal) {
    code = absl::StatusCode::kFailedPrecondition;
  }
  return absl::Status(code, absl::StrCat(address, ": ", step, ": ", error));
}

}  // namespace

RedisConnection::RedisConnection(redisContext* context, std::string address)
    : context_(context), address_(std::move(address)) {}

RedisConnection::~RedisConnection() { redisFree(context_); }

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisConnection::Open(
    const RedisOptions& options) {
  const absl::Time deadline = absl::Now() + options.connect_timeout;
  const timeval connect_timeout = absl::ToTimeval(options.connect_timeout);
  redisContext* context =
      options.unix_socket.empty()
          ? redisConnectWithTimeout(options.host.c_str(), options.port,
                                    connect_timeout)
          : redisConnectUnixWithTimeout(options.unix_socket.c_str(),
                                        connect_timeout);
  const std::string address = RedisAddress(options);
  // hiredis returns no context only when it could not allocate one.
  if (context == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat(address, ": no memory for a connection"));
  }
  auto connection = absl::WrapUnique(new RedisConnection(context, address));
  if (context->err != 0) {
    return absl::UnavailableError(
        absl::StrCat(address, ": connect: ", context->errstr));
  }
  if (redisSetTimeout(context, absl::ToTimeval(options.command_timeout)) !=
      REDIS_OK) {
    return absl::UnavailableError(absl::StrCat(
        address, ": setting the socket timeout: ", context->errstr));
  }
  if (absl::Status s = connection->Handshake(options, deadline); !s.ok()) {
    return s;
  }
  return connection;
}

absl::Status RedisConnection::Handshake(const RedisOptions& options,
                                        absl::Time deadline) {
  std::vector<std::vector<std::string>> steps;
  if (!options.password.empty()) steps.push_back({"AUTH", options.password});
  if (options.db != 0) steps.push_back({"SELECT", absl::StrCat(options.db)});
  for (const std::vector<std::string>& step : steps) {
    absl::StatusOr<RedisReply> reply = Command(step, deadline);
    // Nothing of the caller's has run yet: a timeout here means Redis
    // cannot be used now, not that a command's fate is unknown.
    if (!reply.ok()) {
      return absl::UnavailableError(absl::StrCat(
          reply.status().message(), " (", step[0], " while connecting)"));
    }
    if (reply->type == RedisReply::Type::kError) {
      return HandshakeError(address_, step[0], reply->text);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisConnection::Command(
    absl::Span<const std::string> argv, absl::Time deadline) {
  if (broken_) {
    return absl::UnavailableError(
        absl::StrCat(address_, ": the connection has already failed"));
  }
  if (absl::Status s = Send(argv, deadline); !s.ok()) return Fail(s);
  absl::StatusOr<RedisReply> reply = Receive(deadline);
  if (!reply.ok()) return Fail(reply.status());
  return reply;
}

absl::Status RedisConnection::Send(absl::Span<const std::string> argv,
                                   absl::Time deadline) {
  std::vector<const char*> args;
  std::vector<size_t> lengths;
  for (const std::string& arg : argv) {
    args.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(context_, static_cast<int>(args.size()),
                             args.data(), lengths.data()) != REDIS_OK) {
    return ContextError();
  }
  int done = 0;
  while (!done) {
    if (absl::Status s = WaitFor(POLLOUT, deadline); !s.ok()) return s;
    const SigpipeGuard guard;
    if (redisBufferWrite(context_, &done) != REDIS_OK) return ContextError();
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisConnection::Receive(absl::Time deadline) {
  while (true) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) {
      return ContextError();
    }
    if (raw != nullptr) {
      RedisReply reply = Convert(*static_cast<redisReply*>(raw));
      freeReplyObject(raw);
      return reply;
    }
    if (absl::Status s = WaitFor(POLLIN, deadline); !s.ok()) return s;
    // One read() of what is there: poll said it would not block.
    if (redisBufferRead(context_) != REDIS_OK) return ContextError();
  }
}

absl::Status RedisConnection::WaitFor(short events, absl::Time deadline) {
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat(
          address_, ": timed out ",
          events == POLLIN ? "waiting for the reply" : "sending the command"));
    }
    const int64_t ms =
        absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1)));
    pollfd fd = {context_->fd, events, 0};
    const int ready = poll(&fd, 1, static_cast<int>(ms));
    // Ready, or in error: the read() or write() that follows reports it.
    if (ready > 0) return absl::OkStatus();
    if (ready < 0 && errno != EINTR) {
      return absl::UnavailableError(
          absl::StrCat(address_, ": poll: ", std::strerror(errno)));
    }
  }
}

absl::Status RedisConnection::Fail(absl::Status status) {
  broken_ = true;
  return status;
}

absl::Status RedisConnection::ContextError() {
  return absl::UnavailableError(absl::StrCat(address_, ": ", context_->errstr));
}

bool RedisConnection::PeerClosed() const {
  pollfd fd = {context_->fd, POLLIN, 0};
  return poll(&fd, 1, 0) != 0;
}

}  // namespace anju::redis
