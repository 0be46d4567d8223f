// anju_cache_requests_total and anju_cache_errors_total, as VersionedCache
// counts them in the default registry: with no Redis, with a live one, and
// with one that went away (scoring keeps serving; the metrics say so).

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/metrics/registry.h"
#include "common/redis/versioned_cache.h"
#include "gtest/gtest.h"
#include "tests/metrics/exposition_parser.h"
#include "tests/redis/redis_fixture.h"

namespace anju::redis {
namespace {

double Requests(const std::string& cache, const std::string& result) {
  auto parsed =
      metrics::testing::ParseExposition(metrics::DefaultRegistry().Render());
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  if (!parsed.ok()) return -1;
  return parsed->samples[absl::StrCat("anju_cache_requests_total{cache=\"",
                                      cache, "\",result=\"", result, "\"}")];
}

double Errors(const std::string& cache) {
  auto parsed =
      metrics::testing::ParseExposition(metrics::DefaultRegistry().Render());
  if (!parsed.ok()) return -1;
  return parsed
      ->samples[absl::StrCat("anju_cache_errors_total{cache=\"", cache, "\"}")];
}

absl::StatusOr<std::string> Compute() { return std::string("2546"); }

TEST(CacheMetrics, WithoutRedisEveryReadIsABypass) {
  auto cache = VersionedCache::Create(nullptr, {"anju:test:none:"});
  ASSERT_TRUE(cache.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*cache)->Get("k", 1, Compute).ok());
  EXPECT_EQ(Requests("anju:test:none", "bypass"), 3);
  EXPECT_EQ(Requests("anju:test:none", "hit"), 0);
}

class CacheMetricsRedis : public RedisFixture {};

TEST_F(CacheMetricsRedis, CountsHitsMissesAndBypassesWhenRedisIsDown) {
  std::unique_ptr<RedisClient> client =
      NewClient(WithTestTimeouts(server_->UnixOptions()));
  ASSERT_NE(client, nullptr);
  auto cache = VersionedCache::Create(client.get(), {"anju:test:live:"});
  ASSERT_TRUE(cache.ok());
  ASSERT_TRUE((*cache)->Get("city", 1, Compute).ok());  // miss, stored
  ASSERT_TRUE((*cache)->Get("city", 1, Compute).ok());  // hit
  ASSERT_TRUE((*cache)->Get("city", 2, Compute).ok());  // newer: miss
  EXPECT_EQ(Requests("anju:test:live", "miss"), 2);
  EXPECT_EQ(Requests("anju:test:live", "hit"), 1);
  EXPECT_EQ(Errors("anju:test:live"), 0);

  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE((*cache)->Get("city", 2, Compute).ok());  // computed anyway
  EXPECT_EQ(Requests("anju:test:live", "bypass"), 1);
  EXPECT_GE(Errors("anju:test:live"), 1);
  EXPECT_EQ(Requests("anju:test:live", "miss"), 2);
}

}  // namespace
}  // namespace anju::redis
