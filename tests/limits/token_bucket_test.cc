// Token buckets and the per-role rate limits of the `auth:` section, with a
// clock the test moves.

#include "common/rate_limit/token_bucket.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/auth/rate_limits.h"
#include "common/config.h"

namespace anju::rate_limit {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

absl::Time now_for_test = absl::FromUnixSeconds(1700000000);
absl::Time TestNow() { return now_for_test; }

TEST(TokenBucketTest, ABurstThenOneTokenPerInterval) {
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  TokenBucket bucket({/*per_second=*/2, /*burst=*/3}, t0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bucket.Take(t0), std::nullopt) << i;
  EXPECT_THAT(bucket.Take(t0), Optional(absl::Milliseconds(500)));
  // Half a token after 250 ms: still refused, with the remaining wait.
  EXPECT_THAT(bucket.Take(t0 + absl::Milliseconds(250)),
              Optional(absl::Milliseconds(250)));
  EXPECT_EQ(bucket.Take(t0 + absl::Milliseconds(500)), std::nullopt);
  // Idle for a minute: full again, never more than the burst.
  const absl::Time later = t0 + absl::Minutes(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bucket.Take(later), std::nullopt) << i;
  EXPECT_NE(bucket.Take(later), std::nullopt);
}

TEST(KeyedRateLimiterTest, EachKeyHasItsOwnBucket) {
  KeyedRateLimiter limiter(&TestNow);
  const BucketSpec spec{1, 2};
  EXPECT_EQ(limiter.Take("a", spec), std::nullopt);
  EXPECT_EQ(limiter.Take("a", spec), std::nullopt);
  EXPECT_THAT(limiter.Take("a", spec), Optional(absl::Seconds(1)));
  EXPECT_EQ(limiter.Take("b", spec), std::nullopt);
  now_for_test += absl::Seconds(1);
  EXPECT_EQ(limiter.Take("a", spec), std::nullopt);
}

absl::StatusOr<auth::RoleRateLimits> Parse(const std::string& yaml) {
  absl::StatusOr<common::Config> config = common::Config::Parse(yaml, "t.yaml");
  if (!config.ok()) return config.status();
  return auth::RateLimitsFromConfig(*config);
}

TEST(RateLimitsConfigTest, ReadsPerRoleLimitsAndDefaultsBurstToTheRate) {
  auto limits = Parse(
      "auth:\n  rate_limits:\n"
      "    external_system: {per_second: 50, burst: 100}\n"
      "    county_filer: {per_second: 5}\n");
  ASSERT_TRUE(limits.ok()) << limits.status();
  const auto& external =
      limits->by_role[static_cast<int>(auth::Role::kExternalSystem)];
  ASSERT_TRUE(external.has_value());
  EXPECT_EQ(external->per_second, 50);
  EXPECT_EQ(external->burst, 100);
  const auto& filer =
      limits->by_role[static_cast<int>(auth::Role::kCountyFiler)];
  ASSERT_TRUE(filer.has_value());
  EXPECT_EQ(filer->burst, 5);
  EXPECT_FALSE(limits->by_role[static_cast<int>(auth::Role::kService)]);
  EXPECT_TRUE(Parse("auth: {}\n")->empty());
}

TEST(RateLimitsConfigTest, BadEntriesNameTheKey) {
  auto unknown_role =
      Parse("auth:\n  rate_limits:\n    robot: {per_second: 1}\n");
  EXPECT_TRUE(absl::IsInvalidArgument(unknown_role.status()));
  EXPECT_THAT(unknown_role.status().message(),
              HasSubstr("auth.rate_limits.robot"));
  auto unknown_field = Parse(
      "auth:\n  rate_limits:\n    service: {per_second: 1, per_minute: 2}\n");
  EXPECT_THAT(unknown_field.status().message(), HasSubstr("per_minute"));
  auto missing = Parse("auth:\n  rate_limits:\n    service: {burst: 3}\n");
  EXPECT_THAT(missing.status().message(),
              HasSubstr("auth.rate_limits.service.per_second"));
  auto zero = Parse("auth:\n  rate_limits:\n    service: {per_second: 0}\n");
  EXPECT_TRUE(absl::IsInvalidArgument(zero.status()));
}

TEST(CallerRateLimiterTest, OverTheLimitIsResourceExhaustedWithARetryHint) {
  auth::RoleRateLimits limits;
  limits.by_role[static_cast<int>(auth::Role::kExternalSystem)] =
      BucketSpec{10, 1};
  auth::CallerRateLimiter limiter(limits, &TestNow);
  const auth::Principal fund{"fund-system", auth::Role::kExternalSystem,
                             "150000"};
  const auth::Principal filer{"filer", auth::Role::kCountyFiler, "150402"};
  EXPECT_TRUE(limiter.Admit(fund).ok());
  absl::Status refused = limiter.Admit(fund);
  EXPECT_TRUE(absl::IsResourceExhausted(refused)) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("请求过于频繁"));
  EXPECT_THAT(refused.message(), HasSubstr("retry after 100 ms"));
  // Roles without a limit are never refused.
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.Admit(filer).ok());
}

}  // namespace
}  // namespace anju::rate_limit
