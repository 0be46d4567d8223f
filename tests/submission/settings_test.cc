#include "services/submission/settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  EXPECT_EQ(settings->database_path, "/tmp/anju/submission.db");
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
  EXPECT_THAT(settings->database_path, HasSubstr("var/submission"));
  EXPECT_EQ(settings->workers, 4);
}

}  // namespace
}  // namespace anju::submission
