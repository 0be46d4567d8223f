// The parts that need no server: options, error codes, script hashes, and
// the cache without Redis.

#include <string>

#include "common/redis/lua_script.h"
#include "common/redis/redis_client.h"
#include "common/redis/redis_error.h"
#include "common/redis/redis_options.h"
#include "common/redis/versioned_cache.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::redis {
namespace {

using ::testing::HasSubstr;

absl::Status Validate(void (*change)(RedisOptions&)) {
  RedisOptions options;
  change(options);
  return ValidateRedisOptions(options);
}

TEST(RedisOptionsTest, DefaultsAreValid) {
  EXPECT_TRUE(ValidateRedisOptions(RedisOptions()).ok());
}

TEST(RedisOptionsTest, BadFieldsAreNamed) {
  const struct {
    void (*change)(RedisOptions&);
    const char* field;
  } cases[] = {
      {[](RedisOptions& o) { o.host = ""; }, "host"},
      {[](RedisOptions& o) { o.port = 0; }, "port"},
      {[](RedisOptions& o) { o.port = 65536; }, "port"},
      {[](RedisOptions& o) { o.unix_socket = std::string(200, 'x'); },
       "unix_socket"},
      {[](RedisOptions& o) { o.connect_timeout = absl::ZeroDuration(); },
       "connect_timeout"},
      {[](RedisOptions& o) { o.command_timeout = absl::InfiniteDuration(); },
       "command_timeout"},
      {[](RedisOptions& o) { o.db = -1; }, "db"},
      {[](RedisOptions& o) { o.max_connections = 0; }, "max_connections"},
      {[](RedisOptions& o) { o.min_backoff = absl::Seconds(3); },
       "min_backoff"},
  };
  for (const auto& c : cases) {
    const absl::Status status = Validate(c.change);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(status.message(), HasSubstr(c.field));
  }
}

TEST(RedisOptionsTest, UnixSocketNeedsNoHost) {
  RedisOptions options;
  options.host = "";
  options.unix_socket = "/run/redis/redis.sock";
  EXPECT_TRUE(ValidateRedisOptions(options).ok());
  EXPECT_EQ(RedisAddress(options), "redis unix:/run/redis/redis.sock");
}

TEST(RedisClientCreateTest, RefusesBadOptionsAndDoesNotConnect) {
  RedisOptions options;
  options.port = -1;
  EXPECT_EQ(RedisClient::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Nothing listens on port 1; creating the client must not care.
  options.port = 1;
  EXPECT_TRUE(RedisClient::Create(options).ok());
}

TEST(RedisErrorTest, CodesByFirstWord) {
  EXPECT_EQ(RedisErrorCode("LOADING Redis is loading the dataset in memory"),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(RedisErrorCode("NOAUTH Authentication required."),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(RedisErrorCode("WRONGPASS invalid username-password pair"),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(RedisErrorCode("NOSCRIPT No matching script."),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(RedisErrorCode("WRONGTYPE Operation against a key"),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RedisErrorCode("OOM command not allowed"),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(RedisErrorCode("ERR max number of clients reached"),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(RedisErrorCode("ERR value is not an integer or out of range"),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RedisErrorCode("ERR unknown command 'FOO'"),
            absl::StatusCode::kInternal);
  // A word that only starts like a known one.
  EXPECT_EQ(RedisErrorCode("BUSYKEY Target key name already exists."),
            absl::StatusCode::kInternal);
}

TEST(LuaScriptTest, Sha1IsRedisOwn) {
  // `redis-cli SCRIPT LOAD "return 1"` prints this.
  EXPECT_EQ(LuaScript("return 1").sha1(),
            "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
}

TEST(VersionedCacheWithoutRedisTest, WithoutRedisEveryReadComputes) {
  absl::StatusOr<std::unique_ptr<VersionedCache>> cache =
      VersionedCache::Create(nullptr, {});
  ASSERT_TRUE(cache.ok()) << cache.status();
  int computations = 0;
  const auto compute = [&]() -> absl::StatusOr<std::string> {
    return std::string(++computations == 1 ? "first" : "second");
  };
  EXPECT_EQ((*cache)->Get("k", 1, compute).value(), "first");
  EXPECT_EQ((*cache)->Get("k", 1, compute).value(), "second");
  EXPECT_FALSE((*cache)->Store("k", 1, "v").value());
  EXPECT_EQ((*cache)->stats().misses, 2);
  EXPECT_EQ((*cache)->stats().errors, 0);
}

TEST(VersionedCacheWithoutRedisTest, RefusesNegativeVersionsWithoutComputing) {
  auto cache = VersionedCache::Create(nullptr, {});
  ASSERT_TRUE(cache.ok());
  bool computed = false;
  const absl::StatusOr<std::string> value =
      (*cache)->Get("k", -1, [&]() -> absl::StatusOr<std::string> {
        computed = true;
        return "v";
      });
  EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(computed);
}

TEST(VersionedCacheWithoutRedisTest, RefusesATtlThatNeverExpires) {
  EXPECT_EQ(VersionedCache::Create(nullptr, {"p:", absl::ZeroDuration()})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VersionedCache::Create(nullptr, {"p:", absl::InfiniteDuration()})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace anju::redis
