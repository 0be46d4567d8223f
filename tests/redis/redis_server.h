#ifndef ANJU_TESTS_REDIS_REDIS_SERVER_H_
#define ANJU_TESTS_REDIS_REDIS_SERVER_H_

// A real redis-server for one test: a child process in a fresh temporary
// directory, on a free TCP port of 127.0.0.1 and on a unix socket, without
// persistence (--save "" --appendonly no), stopped and removed at the end.
// It can be stopped and started again on the same port, socket and
// directory, which is how the tests restart Redis.

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/redis_options.h"

namespace anju::redis {

struct RedisServerOptions {
  // Also listen on a free TCP port of 127.0.0.1. Without TCP (--port 0) a
  // restart cannot find its port taken by another process meanwhile, so
  // tests that restart Redis and do not test TCP use the unix socket alone.
  bool tcp = true;
  // After the defaults, e.g. {"--requirepass", "secret"}.
  std::vector<std::string> extra_args;
};

class RedisServer {
 public:
  static constexpr char kBinary[] = "/usr/bin/redis-server";

  // False when redis-server is not installed: tests skip then.
  static bool Installed();

  static absl::StatusOr<std::unique_ptr<RedisServer>> Start(
      RedisServerOptions options = {});

  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // SIGTERM, and waits for it to exit; OK if it is not running.
  absl::Status Stop();
  // Starts it again (stopping it first if running). A dump.rdb in its
  // directory (written by a SAVE command) is loaded, as after a real
  // restart of a Redis with snapshots.
  absl::Status Restart();

  bool running() const { return pid_ > 0; }
  // 0 without TCP.
  int port() const { return port_; }
  RedisOptions TcpOptions() const;
  RedisOptions UnixOptions() const;

 private:
  RedisServer(std::string dir, RedisServerOptions options)
      : dir_(std::move(dir)), options_(std::move(options)) {}

  absl::Status Launch();
  // Until both listeners answer, or the process has exited.
  absl::Status WaitReady();
  bool Answers(const RedisOptions& options) const;
  std::string LogTail() const;

  const std::string dir_;
  const RedisServerOptions options_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace anju::redis

#endif  // ANJU_TESTS_REDIS_REDIS_SERVER_H_
