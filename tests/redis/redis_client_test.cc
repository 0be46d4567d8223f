#include "common/redis/redis_client.h"

#include <atomic>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/redis/redis_fixture.h"

namespace anju::redis {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

enum class Transport { kTcp, kUnix };

// Names the parameter in test listings (and so in CTest's test names).
void PrintTo(Transport transport, std::ostream* os) {
  *os << (transport == Transport::kTcp ? "Tcp" : "Unix");
}

class RedisClientTest : public RedisFixture,
                        public testing::WithParamInterface<Transport> {
 protected:
  void SetUp() override {
    RedisFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    client_ = NewClient(Options());
    ASSERT_NE(client_, nullptr);
  }

  RedisOptions Options() const {
    return Relaxed(GetParam() == Transport::kTcp ? server_->TcpOptions()
                                                 : server_->UnixOptions());
  }

  std::unique_ptr<RedisClient> client_;
};

INSTANTIATE_TEST_SUITE_P(Transports, RedisClientTest,
                         testing::Values(Transport::kTcp, Transport::kUnix),
                         [](const testing::TestParamInfo<Transport>& info) {
                           return info.param == Transport::kTcp ? "Tcp"
                                                                : "Unix";
                         });

TEST_P(RedisClientTest, SetGetTtlDel) {
  ASSERT_TRUE(client_->Set("k", "v", absl::Seconds(10)).ok());
  EXPECT_THAT(client_->Get("k").value(), Optional(std::string("v")));

  absl::StatusOr<absl::Duration> ttl = client_->Ttl("k");
  ASSERT_TRUE(ttl.ok()) << ttl.status();
  EXPECT_GT(*ttl, absl::Seconds(8));
  EXPECT_LE(*ttl, absl::Seconds(10));

  EXPECT_EQ(client_->Del("k").value(), true);
  EXPECT_EQ(client_->Get("k").value(), std::nullopt);
  EXPECT_EQ(client_->Del("k").value(), false);
  EXPECT_EQ(client_->Ttl("k").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(RedisClientTest, ValuesAreBinarySafe) {
  const std::string value = std::string("赤峰\0\r\n$3\r\n", 14);
  ASSERT_TRUE(client_->Set("bin", value, absl::Seconds(10)).ok());
  EXPECT_THAT(client_->Get("bin").value(), Optional(value));
}

TEST_P(RedisClientTest, SetRefusesEntriesThatNeverExpire) {
  EXPECT_EQ(client_->Set("k", "v", absl::ZeroDuration()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client_->Set("k", "v", absl::InfiniteDuration()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client_->Get("k").value(), std::nullopt);
}

TEST_P(RedisClientTest, IncrCountsAndRefusesText) {
  EXPECT_EQ(client_->Incr("n").value(), 1);
  EXPECT_EQ(client_->Incr("n").value(), 2);
  ASSERT_TRUE(client_->Set("text", "七", absl::Seconds(10)).ok());
  const absl::StatusOr<int64_t> bad = client_->Incr("text");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kFailedPrecondition)
      << bad.status();
}

TEST_P(RedisClientTest, ErrorRepliesKeepTheConnection) {
  ASSERT_TRUE(client_->Set("text", "x", absl::Seconds(10)).ok());
  const absl::StatusOr<RedisReply> wrong =
      client_->Command({"LPUSH", "text", "y"});
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(wrong.status().message(), HasSubstr("WRONGTYPE"));
  EXPECT_TRUE(client_->Ping().ok());  // no back-off after an error reply
}

TEST_P(RedisClientTest, EvalRunsScriptsAndReloadsThemAfterAFlush) {
  const LuaScript script(
      "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('STRLEN', "
      "KEYS[1])");
  absl::StatusOr<RedisReply> reply = client_->Eval(script, {"s"}, {"abc"});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->integer, 3);

  // EVAL loaded it: EVALSHA finds it by the SHA-1 computed here.
  reply = client_->Command({"SCRIPT", "EXISTS", script.sha1()});
  ASSERT_TRUE(reply.ok()) << reply.status();
  ASSERT_EQ(reply->elements.size(), 1u);
  EXPECT_EQ(reply->elements[0].integer, 1);

  // As after a Redis restart: NOSCRIPT, then EVAL.
  ASSERT_TRUE(client_->Command({"SCRIPT", "FLUSH"}).ok());
  reply = client_->Eval(script, {"s"}, {"abcde"});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->integer, 5);
}

TEST_P(RedisClientTest, ScriptErrorsAreStatuses) {
  const LuaScript script("return redis.call('NOSUCHCOMMAND')");
  EXPECT_EQ(client_->Eval(script, {}, {}).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_TRUE(client_->Ping().ok());
}

TEST_P(RedisClientTest, StoppedServerFailsFastWithUnavailable) {
  RedisOptions options = WithTestTimeouts(Options());
  options.min_backoff = absl::Seconds(5);  // outlasts the test
  options.max_backoff = absl::Seconds(5);
  std::unique_ptr<RedisClient> client = NewClient(options);
  ASSERT_TRUE(client->Ping().ok());
  ASSERT_TRUE(server_->Stop().ok());

  absl::Status status;
  EXPECT_LT(Timed([&] { status = client->Get("k").status(); }), kHangBound);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;

  // Within the back-off the client does not even try.
  EXPECT_LT(Timed([&] { status = client->Ping(); }), absl::Milliseconds(100));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_THAT(status.message(), HasSubstr("backing off"));

  // A client that never reached it.
  std::unique_ptr<RedisClient> fresh = NewClient(WithTestTimeouts(Options()));
  EXPECT_LT(Timed([&] { status = fresh->Ping(); }), kHangBound);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
}

TEST_P(RedisClientTest, RestartIsInvisibleToTheNextCall) {
  ASSERT_TRUE(client_->Set("k", "v", absl::Seconds(10)).ok());
  ASSERT_TRUE(server_->Restart().ok());
  // The pooled connection was closed by the restart: it is replaced before
  // use, and the first call succeeds (the key is gone: no persistence).
  const absl::StatusOr<std::optional<std::string>> value = client_->Get("k");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(*value, std::nullopt);
}

TEST_P(RedisClientTest, ReconnectsWhenRedisComesBack) {
  ASSERT_TRUE(server_->Stop().ok());
  EXPECT_EQ(client_->Ping().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(server_->Restart().ok());

  // The back-off (at most 100 ms here) delays the reconnection a little.
  absl::Status status;
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (!(status = client_->Set("k", "back", absl::Seconds(10))).ok() &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(client_->Get("k").value(), Optional(std::string("back")));
}

TEST_P(RedisClientTest, ConcurrentCallersShareThePool) {
  RedisOptions options = Options();
  options.max_connections = 3;
  options.command_timeout = absl::Seconds(5);  // waits for the pool here
  std::unique_ptr<RedisClient> client = NewClient(options);
  constexpr int kThreads = 8;
  constexpr int kIncrements = 200;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        if (!client->Incr("counter").ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_THAT(client->Get("counter").value(),
              Optional(absl::StrCat(kThreads * kIncrements)));
}

}  // namespace
}  // namespace anju::redis
