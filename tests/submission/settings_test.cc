#include "services/submission/settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/submission/consistency/rules.h"

namespace anju::submission {
namespace {

using ::testing::HasSubstr;

SubmissionFlags Minimal() {
  SubmissionFlags flags;
  flags.data = "/tmp/anju";
  flags.scoring = "127.0.0.1:50051";
  return flags;
}

TEST(SubmissionSettingsTest, Defaults) {
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(Minimal());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server.listen, "127.0.0.1:50052");
  EXPECT_EQ(settings->database.backend, storage::Backend::kSqlite);
  EXPECT_EQ(settings->database.path, "/tmp/anju/submission.db");
  EXPECT_EQ(settings->scoring_address, "127.0.0.1:50051");
  EXPECT_EQ(settings->scoring_deadline, absl::Seconds(5));
  EXPECT_THAT(settings->orgs_file, HasSubstr("inner-mongolia.yaml"));
}

TEST(SubmissionSettingsTest, RefusesToStartWithoutScoringOrData) {
  SubmissionFlags flags = Minimal();
  flags.scoring.reset();
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("--scoring"));

  flags = Minimal();
  flags.data.reset();
  settings = ResolveSettings(flags);
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("--data"));
}

TEST(SubmissionSettingsTest, BadAddressesNameTheFlag) {
  SubmissionFlags flags = Minimal();
  flags.listen = "nowhere";
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("--listen"));

  flags = Minimal();
  flags.scoring = "scoring:99999";
  settings = ResolveSettings(flags);
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("--scoring"));
}

TEST(SubmissionSettingsTest, ExampleConfigLoads) {
  SubmissionFlags flags;
  flags.config = ANJU_SOURCE_DIR "/services/submission/config.example.yaml";
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->scoring_address, "127.0.0.1:50051");
  EXPECT_THAT(settings->database.path, HasSubstr("var/submission"));
  EXPECT_EQ(settings->workers, 4);
}

// The database: block: PostgreSQL for replicas, the data folder still
// holding the evidence; a key of the wrong kind is refused naming it.
TEST(SubmissionSettingsTest, DatabaseBlockChoosesPostgres) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("anju_submission_db_settings_", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string config = (dir / "submission.yaml").string();
  std::ofstream(config) << "database:\n  backend: postgres\n"
                           "  dsn_file: secrets/dsn\n"
                           "  lock_timeout_ms: 2000\n";
  SubmissionFlags flags = Minimal();
  flags.config = config;
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->database.backend, storage::Backend::kPostgres);
  EXPECT_EQ(settings->database.dsn_file, (dir / "secrets/dsn").string());
  EXPECT_EQ(settings->database.path, "");
  EXPECT_EQ(settings->database.postgres.lock_timeout_ms, 2000);
  EXPECT_EQ(settings->evidence_dir, "/tmp/anju/evidence");

  std::ofstream(config) << "database:\n  backend: postgres\n  pth: x\n";
  settings = ResolveSettings(flags);
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(settings.status().message(), HasSubstr("pth"));
  std::filesystem::remove_all(dir);
}

// The consistency_rules setting: the source tree's rules/ by default, the
// config file's key relative to the file, the flag over both.
TEST(ConsistencySettingsTest, DefaultIsTheRepositoryRules) {
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(Minimal());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->consistency_rules, consistency::DefaultRulesDirectory());
  EXPECT_TRUE(std::filesystem::is_regular_file(settings->consistency_rules +
                                               "/2023/consistency.yaml"));
}

TEST(ConsistencySettingsTest, ConfigKeyIsRelativeToTheFileAndFlagWins) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("anju_consistency_settings_", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string config = (dir / "submission.yaml").string();
  std::ofstream(config) << "consistency_rules: my-rules\n";
  SubmissionFlags flags = Minimal();
  flags.config = config;
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->consistency_rules, (dir / "my-rules").string());

  flags.consistency_rules = "/srv/rules";
  settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->consistency_rules, "/srv/rules");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace anju::submission
