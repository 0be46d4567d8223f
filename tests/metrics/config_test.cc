// metrics.listen in a server's config file, read by ServerOptionsFromConfig.

#include "common/config.h"

#include "common/server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::common {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<ServerOptions> FromYaml(const std::string& yaml) {
  absl::StatusOr<Config> config = Config::Parse(yaml, "server.yaml");
  if (!config.ok()) return config.status();
  if (absl::Status s = config->CheckKeys("", ServerConfigKeys()); !s.ok()) {
    return s;
  }
  return ServerOptionsFromConfig(*config, ServerOptions());
}

TEST(MetricsConfig, ReadsMetricsListen) {
  auto options = FromYaml("metrics:\n  listen: 0.0.0.0:9464\n");
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->metrics_listen, "0.0.0.0:9464");
}

TEST(MetricsConfig, OffByDefault) {
  auto options = FromYaml("listen: 127.0.0.1:0\n");
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->metrics_listen, "");
}

TEST(MetricsConfig, RefusesBadValuesNamingTheKey) {
  for (const char* yaml : {"metrics:\n  listen: 127.0.0.1\n",
                           "metrics:\n  listen: 127.0.0.1:70000\n",
                           "metrics:\n  listen: unix:/tmp/metrics.sock\n",
                           "metrics:\n  listen: [1, 2]\n"}) {
    auto options = FromYaml(yaml);
    EXPECT_TRUE(absl::IsInvalidArgument(options.status())) << yaml;
    EXPECT_THAT(options.status().message(), HasSubstr("metrics.listen"))
        << yaml;
  }
  auto typo = FromYaml("metrics:\n  lisen: 127.0.0.1:9464\n");
  EXPECT_TRUE(absl::IsInvalidArgument(typo.status()));
  EXPECT_THAT(typo.status().message(), HasSubstr("lisen"));
}

}  // namespace
}  // namespace anju::common
