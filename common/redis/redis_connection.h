#ifndef ANJU_COMMON_REDIS_REDIS_CONNECTION_H_
#define ANJU_COMMON_REDIS_REDIS_CONNECTION_H_

// One hiredis connection, used by one thread at a time (RedisClient pools
// them). Internal to the library and its tests.
//
// hiredis 0.14 is blocking and its socket timeout (redisSetTimeout) bounds
// each read() and write(), not a whole command: a server that trickles its
// reply byte by byte could hold a caller far beyond the timeout. So a
// command here is sent and its reply read in a loop of poll() calls
// against one deadline; the socket timeout stays as a backstop for the
// write() of a command larger than the socket buffer.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/redis/redis_options.h"
#include "common/redis/redis_reply.h"

struct redisContext;

namespace anju::redis {

class RedisConnection {
 public:
  // Connects, then runs AUTH and SELECT as the options ask, all within
  // connect_timeout. UNAVAILABLE when Redis cannot be reached or does not
  // answer in time; the code of the error reply when AUTH or SELECT is
  // refused (UNAUTHENTICATED for a wrong password).
  static absl::StatusOr<std::unique_ptr<RedisConnection>> Open(
      const RedisOptions& options);

  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command (binary-safe arguments) and reads its reply. Error
  // replies come back as replies (type kError): the connection stays
  // usable. A Status means the connection is not, and broken() is true
  // from then on: UNAVAILABLE on an I/O error or a closed connection,
  // DEADLINE_EXCEEDED when no reply came by `deadline`. In both cases the
  // command may or may not have run.
  absl::StatusOr<RedisReply> Command(absl::Span<const std::string> argv,
                                     absl::Time deadline);

  bool broken() const { return broken_; }

  // True when the connection, idle since its last reply, has become
  // readable: Redis closed it (a restart, its idle timeout) or sent
  // something unasked. Either way it cannot be used. Costs one poll().
  bool PeerClosed() const;

 private:
  RedisConnection(redisContext* context, std::string address);

  absl::Status Handshake(const RedisOptions& options, absl::Time deadline);
  absl::Status Send(absl::Span<const std::string> argv, absl::Time deadline);
  absl::StatusOr<RedisReply> Receive(absl::Time deadline);
  // Waits until the socket is ready for `events` (POLLIN, POLLOUT).
  absl::Status WaitFor(short events, absl::Time deadline);
  absl::Status Fail(absl::Status status);
  absl::Status ContextError();

  redisContext* const context_;
  const std::string address_;
  bool broken_ = false;
};

}  // namespace anju::redis

#endif  // ANJU_COMMON_REDIS_REDIS_CONNECTION_H_
