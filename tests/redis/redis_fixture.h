#ifndef ANJU_TESTS_REDIS_REDIS_FIXTURE_H_
#define ANJU_TESTS_REDIS_REDIS_FIXTURE_H_

// A test with its own redis-server, skipped where none is installed (CI
// installs Debian's redis-server, so there these tests run).

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "common/redis/redis_client.h"
#include "gtest/gtest.h"
#include "tests/redis/redis_server.h"

namespace anju::redis {

// The timeouts of the tests that time calls, and the bound a call must
// stay under: generous, so that a loaded CI machine does not fail them,
// but far below what a hang would take.
constexpr absl::Duration kTestTimeout = absl::Milliseconds(200);
constexpr absl::Duration kHangBound = absl::Seconds(2);
// The timeouts of the other tests: a busy machine must not fail them.
constexpr absl::Duration kRelaxedTimeout = absl::Seconds(2);

class RedisFixture : public testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::Installed()) {
      GTEST_SKIP() << RedisServer::kBinary
                   << " is not installed (Debian: apt-get install "
                      "redis-server); skipping a test that needs Redis";
    }
    absl::StatusOr<std::unique_ptr<RedisServer>> server =
        RedisServer::Start(ServerOptions());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  virtual RedisServerOptions ServerOptions() const { return {}; }

  // Relaxed timeouts, and a short back-off so that recovery is quick to
  // observe.
  static RedisOptions Relaxed(RedisOptions options) {
    options.connect_timeout = kRelaxedTimeout;
    options.command_timeout = kRelaxedTimeout;
    options.min_backoff = absl::Milliseconds(20);
    options.max_backoff = absl::Milliseconds(100);
    return options;
  }

  // For tests that time calls.
  static RedisOptions WithTestTimeouts(RedisOptions options) {
    options = Relaxed(options);
    options.connect_timeout = kTestTimeout;
    options.command_timeout = kTestTimeout;
    return options;
  }

  static std::unique_ptr<RedisClient> NewClient(const RedisOptions& options) {
    absl::StatusOr<std::unique_ptr<RedisClient>> client =
        RedisClient::Create(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  std::unique_ptr<RedisServer> server_;
};

// Runs `call` and returns how long it took.
template <typename Call>
absl::Duration Timed(Call call) {
  const absl::Time start = absl::Now();
  call();
  return absl::Now() - start;
}

}  // namespace anju::redis

#endif  // ANJU_TESTS_REDIS_REDIS_FIXTURE_H_
