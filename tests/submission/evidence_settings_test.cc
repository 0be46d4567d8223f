// The `evidence:` settings section and the rubric indicator cache.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/submission/evidence_indicators.h"
#include "services/submission/settings.h"

namespace anju::submission {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

absl::StatusOr<SubmissionSettings> WithConfig(const std::string& yaml) {
  const std::filesystem::path file =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("anju_evidence_settings_", ::getpid(), ".yaml");
  std::ofstream(file) << yaml;
  SubmissionFlags flags;
  flags.config = file.string();
  flags.data = "/tmp/anju";
  flags.scoring = "127.0.0.1:50051";
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  std::filesystem::remove(file);
  return settings;
}

TEST(EvidenceSettingsTest, DefaultsAreTwentyMiBAndTheOfficeTypes) {
  absl::StatusOr<SubmissionSettings> settings = WithConfig("workers: 2\n");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->evidence.max_bytes, 20 << 20);
  EXPECT_THAT(settings->evidence.allowed_types, SizeIs(7));
  EXPECT_EQ(settings->evidence_dir, "/tmp/anju/evidence");
}

TEST(EvidenceSettingsTest, TheSectionOverridesBoth) {
  absl::StatusOr<SubmissionSettings> settings = WithConfig(
      "evidence:\n"
      "  max_bytes: 1048576\n"
      "  allowed_types: >-\n"
      "    application/pdf,\n"
      "    image/png\n");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->evidence.max_bytes, 1 << 20);
  EXPECT_THAT(settings->evidence.allowed_types,
              ElementsAre("application/pdf", "image/png"));
}

TEST(EvidenceSettingsTest, BadValuesNameTheKey) {
  absl::StatusOr<SubmissionSettings> zero =
      WithConfig("evidence:\n  max_bytes: 0\n");
  EXPECT_THAT(zero.status().message(), HasSubstr("evidence.max_bytes"));
  absl::StatusOr<SubmissionSettings> typo =
      WithConfig("evidence:\n  max_byte: 10\n");
  EXPECT_THAT(typo.status().message(), HasSubstr("evidence.max_byte"));
}

TEST(EvidenceSettingsTest, ExampleConfigHasTheDefaults) {
  SubmissionFlags flags;
  flags.config = ANJU_SOURCE_DIR "/services/submission/config.example.yaml";
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->evidence.max_bytes, EvidenceLimits().max_bytes);
  EXPECT_EQ(settings->evidence.allowed_types,
            EvidenceLimits::DefaultAllowedTypes());
}

// Counts GetRubric calls; serves one rubric at version "2023.1".
class CountingScoring : public ScoringClient {
 public:
  absl::StatusOr<v1::EvaluateResponse> Evaluate(
      const v1::EvaluateRequest&) override {
    return absl::UnimplementedError("not used");
  }
  absl::StatusOr<v1::ListRubricsResponse> ListRubrics(
      const v1::ListRubricsRequest&) override {
    return absl::UnimplementedError("not used");
  }
  absl::StatusOr<v1::Rubric> GetRubric(
      const v1::GetRubricRequest& request) override {
    ++calls;
    v1::Rubric rubric;
    rubric.set_programme(request.programme());
    rubric.set_version("2023.1");
    rubric.add_indicators()->set_id("shanty.fund_use");
    return rubric;
  }
  int calls = 0;
};

TEST(RubricIndicatorCacheTest, AsksOncePerRubricVersion) {
  CountingScoring scoring;
  RubricIndicatorCache cache;
  for (int i = 0; i < 3; ++i) {
    auto ids = cache.Get(scoring, "shanty", 2023, "2023.1");
    ASSERT_TRUE(ids.ok()) << ids.status();
    EXPECT_TRUE((*ids)->contains("shanty.fund_use"));
  }
  EXPECT_EQ(scoring.calls, 1);
  ASSERT_TRUE(cache.Get(scoring, "rental", 2023, "2023.1").ok());
  EXPECT_EQ(scoring.calls, 2);
}

TEST(RubricIndicatorCacheTest, AnotherServedVersionIsAFailedPrecondition) {
  CountingScoring scoring;
  RubricIndicatorCache cache;
  auto ids = cache.Get(scoring, "shanty", 2023, "2022.9");
  EXPECT_EQ(ids.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(ids.status().message(), HasSubstr("2022.9"));
}

}  // namespace
}  // namespace anju::submission
