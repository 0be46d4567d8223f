// anju-scoring's settings: defaults < config file < flags.

#include "services/scoring/settings.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::scoring {
namespace {

using ::testing::HasSubstr;

std::string WriteConfig(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("anju-settings-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / name;
  std::ofstream(file) << text;
  return file.string();
}

ScoringFlags Flags(std::optional<std::string> listen,
                   std::optional<std::string> config,
                   std::optional<std::string> rubrics = std::nullopt) {
  ScoringFlags flags;
  flags.listen = std::move(listen);
  flags.config = std::move(config);
  flags.rubrics = std::move(rubrics);
  return flags;
}

TEST(ResolveSettingsTest, DefaultsWithoutFlagsOrFile) {
  auto s = ResolveSettings({});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->server.listen, "127.0.0.1:50051");
  EXPECT_EQ(s->rubrics_dir, std::string(ANJU_SOURCE_DIR) + "/rubrics");
  EXPECT_EQ(s->server.max_receive_message_bytes, 4 * 1024 * 1024);
  EXPECT_EQ(s->limits.max_facts, 256);
  EXPECT_THAT(s->server.health_services,
              ::testing::ElementsAre("anju.v1.ScoringService"));
}

// The example documents the defaults: loading it changes nothing.
TEST(ResolveSettingsTest, TheExampleConfigStatesTheDefaults) {
  auto example = ResolveSettings(Flags(
      std::nullopt, ANJU_SOURCE_DIR "/services/scoring/config.example.yaml"));
  ASSERT_TRUE(example.ok()) << example.status();
  auto defaults = ResolveSettings({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(example->server.listen, defaults->server.listen);
  EXPECT_EQ(example->server.max_receive_message_bytes,
            defaults->server.max_receive_message_bytes);
  EXPECT_EQ(example->server.drain, defaults->server.drain);
  EXPECT_EQ(example->server.shutdown_grace, defaults->server.shutdown_grace);
  EXPECT_EQ(example->server.keepalive_time, defaults->server.keepalive_time);
  EXPECT_EQ(example->server.keepalive_timeout,
            defaults->server.keepalive_timeout);
  EXPECT_EQ(example->rubrics_dir, defaults->rubrics_dir);
  const ScoringLimits& a = example->limits;
  const ScoringLimits& b = defaults->limits;
  EXPECT_EQ(std::tie(a.max_facts, a.max_fact_name_bytes, a.max_self_scores,
                     a.max_indicator_id_bytes, a.max_reason_bytes,
                     a.max_evidence_refs, a.max_evidence_ref_bytes,
                     a.max_batch_items, a.max_org_bytes),
            std::tie(b.max_facts, b.max_fact_name_bytes, b.max_self_scores,
                     b.max_indicator_id_bytes, b.max_reason_bytes,
                     b.max_evidence_refs, b.max_evidence_ref_bytes,
                     b.max_batch_items, b.max_org_bytes));
}

TEST(ResolveSettingsTest, FileOverridesDefaultsAndFlagsOverrideTheFile) {
  const std::string config = WriteConfig("a.yaml",
                                         "listen: 0.0.0.0:6000\n"
                                         "rubrics_dir: data/rubrics\n"
                                         "max_message_bytes: 1048576\n"
                                         "shutdown_grace_seconds: 2\n"
                                         "keepalive: {time_seconds: 30}\n"
                                         "limits: {max_facts: 10}\n");
  auto s = ResolveSettings(Flags(std::nullopt, config));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->server.listen, "0.0.0.0:6000");
  // Relative to the file's folder.
  EXPECT_EQ(
      s->rubrics_dir,
      (std::filesystem::path(config).parent_path() / "data/rubrics").string());
  EXPECT_EQ(s->server.max_receive_message_bytes, 1048576);
  EXPECT_EQ(s->server.shutdown_grace, absl::Seconds(2));
  EXPECT_EQ(s->server.keepalive_time, absl::Seconds(30));
  EXPECT_EQ(s->limits.max_facts, 10);

  auto flagged = ResolveSettings(Flags("127.0.0.1:0", config, "/r"));
  ASSERT_TRUE(flagged.ok()) << flagged.status();
  EXPECT_EQ(flagged->server.listen, "127.0.0.1:0");
  EXPECT_EQ(flagged->rubrics_dir, "/r");
  EXPECT_EQ(flagged->limits.max_facts, 10);
}

TEST(ResolveSettingsTest, ErrorsNameTheFileTheLineAndTheKey) {
  struct Case {
    std::string yaml;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"listen: nowhere\n", "listen"},
           {"lisen: 127.0.0.1:0\n", "lisen"},
           {"max_message_bytes: lots\n", "max_message_bytes"},
           {"keepalive: {time_second: 3}\n", "keepalive.time_second"},
           {"limits: [1, 2]\n", "limits"},
           {"listen: [unclosed\n", "YAML"},
           {"- a list\n", "mapping"},
       }) {
    const std::string config = WriteConfig("bad.yaml", c.yaml);
    auto s = ResolveSettings(Flags(std::nullopt, config));
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << c.yaml;
    EXPECT_THAT(s.status().message(), HasSubstr("bad.yaml")) << c.yaml;
    EXPECT_THAT(s.status().message(), HasSubstr(c.expected)) << c.yaml;
  }
}

TEST(ResolveSettingsTest, MissingFileAndBadListenFlag) {
  auto missing = ResolveSettings(Flags(std::nullopt, "/nonexistent/anju.yaml"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("/nonexistent/anju.yaml"));

  auto listen = ResolveSettings(Flags("127.0.0.1:99999", std::nullopt));
  EXPECT_EQ(listen.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(listen.status().message(), HasSubstr("--listen"));
}

}  // namespace
}  // namespace anju::scoring
