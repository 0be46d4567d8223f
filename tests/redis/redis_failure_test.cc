// Servers that misbehave: the client never holds a caller beyond its
// timeouts, and a hang-up is an error, never a signal that kills the
// process. These need no redis-server: the misbehaving servers are our own.

#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "common/redis/redis_client.h"
#include "common/redis/redis_connection.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/redis/redis_fixture.h"
#include "tests/redis/silent_listener.h"

namespace anju::redis {
namespace {

using ::testing::HasSubstr;

RedisOptions At(int port) {
  RedisOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.connect_timeout = kTestTimeout;
  options.command_timeout = kTestTimeout;
  return options;
}

std::unique_ptr<RedisClient> NewClient(const RedisOptions& options) {
  absl::StatusOr<std::unique_ptr<RedisClient>> client =
      RedisClient::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

TEST(RedisFailureTest, ServerThatNeverAnswersIsDeadlineExceeded) {
  SilentListener silent;
  std::unique_ptr<RedisClient> client = NewClient(At(silent.port()));
  ASSERT_NE(client, nullptr);
  absl::Status status;
  const absl::Duration took =
      Timed([&] { status = client->Get("k").status(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_THAT(status.message(), HasSubstr("waiting for the reply"));
  // It waited for the timeout, not less, and not much more.
  EXPECT_GE(took, kTestTimeout - absl::Milliseconds(5));
  EXPECT_LT(took, kHangBound);
}

TEST(RedisFailureTest, ConnectThatHangsIsUnavailableWithinTheTimeout) {
  SilentListener full(SilentListener::Kind::kFull);
  std::unique_ptr<RedisClient> client = NewClient(At(full.port()));
  ASSERT_NE(client, nullptr);
  absl::Status status;
  const absl::Duration took = Timed([&] { status = client->Ping(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_GE(took, kTestTimeout - absl::Milliseconds(5));
  EXPECT_LT(took, kHangBound);
}

TEST(RedisFailureTest, HandshakeThatHangsIsUnavailable) {
  SilentListener silent;
  RedisOptions options = At(silent.port());
  options.password = "secret";  // AUTH is sent while connecting
  std::unique_ptr<RedisClient> client = NewClient(options);
  absl::Status status;
  EXPECT_LT(Timed([&] { status = client->Ping(); }), kHangBound);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_THAT(status.message(), HasSubstr("AUTH while connecting"));
}

TEST(RedisFailureTest, CallersQueuedForABusyPoolStayWithinTheirTimeouts) {
  SilentListener silent;
  RedisOptions options = At(silent.port());
  options.max_connections = 1;
  std::unique_ptr<RedisClient> client = NewClient(options);
  constexpr int kCallers = 4;
  std::vector<absl::Status> statuses(kCallers);
  std::vector<absl::Duration> took(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      took[i] = Timed([&] { statuses[i] = client->Get("k").status(); });
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < kCallers; ++i) {
    // One waits for the silent server; the others for the one connection,
    // or see the back-off its failure started.
    EXPECT_THAT(statuses[i].code(),
                testing::AnyOf(absl::StatusCode::kDeadlineExceeded,
                               absl::StatusCode::kUnavailable))
        << statuses[i];
    EXPECT_LT(took[i], kHangBound) << statuses[i];
  }
}

// A unix socket whose server hangs up on the client: writing to it raises
// SIGPIPE, which would kill the test process if the client let it through.
TEST(RedisFailureTest, WriteToAClosedConnectionIsUnavailableNotSigpipe) {
  std::string dir = testing::TempDir() + "anju-redis-pipe-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string path = dir + "/hangup.sock";
  const int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  path.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)),
            0);
  ASSERT_EQ(listen(listener, 4), 0);

  RedisOptions options = At(1);
  options.unix_socket = path;
  absl::StatusOr<std::unique_ptr<RedisConnection>> connection =
      RedisConnection::Open(options);
  ASSERT_TRUE(connection.ok()) << connection.status();
  close(accept(listener, nullptr, nullptr));  // hang up at once
  ASSERT_TRUE((*connection)->PeerClosed());

  const absl::StatusOr<RedisReply> reply =
      (*connection)->Command({"PING"}, absl::Now() + kTestTimeout);
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable)
      << reply.status();
  EXPECT_TRUE((*connection)->broken());
  close(listener);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace anju::redis
