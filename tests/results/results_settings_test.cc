// The results API's settings: all optional, flags over the file, errors
// naming the flag or the key.

#include "services/scoring/results/results_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace anju::scoring::results {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<ResultsSettings> Resolve(const std::string& yaml,
                                        const ResultsFlags& flags = {}) {
  auto config = common::Config::Parse(yaml, "scoring.yaml");
  if (!config.ok()) return config.status();
  return ResolveResultsSettings(*config, flags);
}

TEST(ResultsSettingsTest, WithoutSettingsTheApiIsOffAndThereIsNoCache) {
  auto settings = Resolve("{}");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_TRUE(settings->submission.empty());
  EXPECT_FALSE(settings->redis.has_value());
  EXPECT_THAT(settings->orgs_file, HasSubstr("inner-mongolia.yaml"));
}

TEST(ResultsSettingsTest, FlagsOverrideTheFile) {
  ResultsFlags flags;
  flags.submission = "127.0.0.1:7000";
  flags.redis = "10.0.0.5:6380";
  auto settings = Resolve(
      "submission: 127.0.0.1:50052\n"
      "redis: {address: 127.0.0.1:6379, command_timeout_ms: 50}\n",
      flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->submission, "127.0.0.1:7000");
  ASSERT_TRUE(settings->redis.has_value());
  EXPECT_EQ(settings->redis->host, "10.0.0.5");
  EXPECT_EQ(settings->redis->port, 6380);
  EXPECT_EQ(settings->redis->command_timeout, absl::Milliseconds(50));
}

TEST(ResultsSettingsTest, BadRedisAddressNamesTheFlagOrKey) {
  ResultsFlags flags;
  flags.redis = "localhost";
  auto settings = Resolve("{}", flags);
  EXPECT_EQ(settings.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(settings.status().message(), HasSubstr("--redis"));

  settings = Resolve("redis: {address: \"h:0\"}\n");
  EXPECT_THAT(settings.status().message(), HasSubstr("redis.address"));
  settings = Resolve("redis: {adress: \"h:1\"}\n");
  EXPECT_THAT(settings.status().message(), HasSubstr("adress"));
}

}  // namespace
}  // namespace anju::scoring::results
