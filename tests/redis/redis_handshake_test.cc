// AUTH and SELECT while connecting, against a redis-server with a password.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/redis/redis_fixture.h"

namespace anju::redis {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

class RedisHandshakeTest : public RedisFixture {
 protected:
  RedisServerOptions ServerOptions() const override {
    RedisServerOptions options;
    options.extra_args = {"--requirepass", "s3cret"};
    return options;
  }

  RedisOptions With(absl::string_view password, int db) const {
    RedisOptions options = Relaxed(server_->TcpOptions());
    options.password = std::string(password);
    options.db = db;
    return options;
  }
};

TEST_F(RedisHandshakeTest, PasswordAndDatabaseAreUsed) {
  std::unique_ptr<RedisClient> db1 = NewClient(With("s3cret", 1));
  std::unique_ptr<RedisClient> db0 = NewClient(With("s3cret", 0));
  ASSERT_TRUE(db1->Set("k", "in db 1", absl::Seconds(10)).ok());
  EXPECT_THAT(db1->Get("k").value(), Optional(std::string("in db 1")));
  EXPECT_EQ(db0->Get("k").value(), std::nullopt);
}

TEST_F(RedisHandshakeTest, MissingOrWrongPasswordIsUnauthenticated) {
  const absl::Status missing = NewClient(With("", 0))->Ping();
  EXPECT_EQ(missing.code(), absl::StatusCode::kUnauthenticated) << missing;
  const absl::Status wrong = NewClient(With("wrong", 0))->Ping();
  EXPECT_EQ(wrong.code(), absl::StatusCode::kUnauthenticated) << wrong;
  EXPECT_THAT(wrong.message(), HasSubstr("AUTH"));
}

TEST_F(RedisHandshakeTest, DatabaseOutOfRangeIsFailedPrecondition) {
  const absl::Status status = NewClient(With("s3cret", 99))->Ping();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(status.message(), HasSubstr("SELECT"));
}

}  // namespace
}  // namespace anju::redis
