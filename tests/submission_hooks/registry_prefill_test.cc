// registry_prefill.h on its own (no network), and the settings that
// configure the registry.

#include "services/submission/registry_prefill.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>

#include "services/submission/settings.h"
#include "tests/auth/auth_fixture.h"

namespace anju::submission {
namespace {

using ::testing::HasSubstr;

v1::ReserveFacts Reserve() {
  v1::ReserveFacts reserve;
  (*reserve.mutable_facts())["shanty_planned_units"].set_number(391);
  (*reserve.mutable_facts())["reserve_established"].set_flag(true);
  (*reserve.mutable_explanations())["shanty_planned_units"] = "5 个项目";
  return reserve;
}

TEST(ApplyReserveFactsTest, FillsWhatIsLeftOutAndKeepsWhatIsEqual) {
  v1::Report report;
  (*report.mutable_facts())["reserve_established"].set_flag(true);
  ASSERT_TRUE(ApplyReserveFacts(Reserve(), {}, &report).ok());
  EXPECT_EQ(report.facts().at("shanty_planned_units").number(), 391);
  EXPECT_EQ(report.registry_facts().at("shanty_planned_units").explanation(),
            "5 个项目");
  EXPECT_FALSE(report.registry_facts().at("reserve_established").overridden());
}

TEST(ApplyReserveFactsTest, AnOverrideNeedsAReasonNamingBothValues) {
  v1::Report report;
  (*report.mutable_facts())["shanty_planned_units"].set_number(400);
  absl::Status s = ApplyReserveFacts(Reserve(), {}, &report);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "facts.shanty_planned_units: 与项目储备库数据 391 不一致 (填报 "
            "400)，覆盖须在 override_reasons 中说明原因");

  OverrideReasons reasons;
  reasons["shanty_planned_units"] = "追加";
  ASSERT_TRUE(ApplyReserveFacts(Reserve(), reasons, &report).ok());
  EXPECT_EQ(report.facts().at("shanty_planned_units").number(), 400);
  EXPECT_TRUE(report.registry_facts().at("shanty_planned_units").overridden());
  EXPECT_EQ(
      report.registry_facts().at("shanty_planned_units").override_reason(),
      "追加");
}

TEST(ApplyReserveFactsTest, AFlagGivenAsANumberIsAnOverride) {
  v1::Report report;
  (*report.mutable_facts())["reserve_established"].set_number(1);
  absl::Status s = ApplyReserveFacts(Reserve(), {}, &report);
  EXPECT_THAT(s.message(), HasSubstr("与项目储备库数据 是 不一致 (填报 1)"));
}

TEST(ApplyReserveFactsTest, ReasonsWithoutAnOverrideAreRefused) {
  for (const char* name : {"violations", "shanty_planned_units"}) {
    v1::Report report;
    OverrideReasons reasons;
    reasons[name] = "原因";
    absl::Status s = ApplyReserveFacts(Reserve(), reasons, &report);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(s.message(),
                HasSubstr(absl::StrCat("override_reasons[", name, "]")));
  }
}

TEST(CheckOverrideReasonsTest, BoundsCountNamesAndLengths) {
  PrefillLimits limits;
  limits.max_facts = 2;
  limits.max_reason_bytes = 10;
  OverrideReasons reasons;
  reasons["a"] = "ok";
  EXPECT_TRUE(CheckOverrideReasons(reasons, limits).ok());
  reasons["a"] = "";
  EXPECT_THAT(CheckOverrideReasons(reasons, limits).message(),
              HasSubstr("override_reasons[a]: 覆盖原因不能为空"));
  reasons["a"] = std::string(11, 'x');
  EXPECT_THAT(CheckOverrideReasons(reasons, limits).message(),
              HasSubstr("不能超过 10 字节 (got 11)"));
  reasons["a"] = "ok";
  reasons[std::string(65, 'n')] = "ok";
  EXPECT_THAT(CheckOverrideReasons(reasons, limits).message(),
              HasSubstr("指标名须为 1–64 字节"));
  reasons.erase(std::string(65, 'n'));
  reasons["b"] = "ok";
  reasons["c"] = "ok";
  EXPECT_THAT(CheckOverrideReasons(reasons, limits).message(),
              HasSubstr("最多 2 项"));
}

TEST(CheckReserveFactsTest, ABrokenAnswerIsInternal) {
  PrefillLimits limits;
  v1::ReserveFacts reserve = Reserve();
  EXPECT_TRUE(CheckReserveFacts(reserve, limits).ok());
  (*reserve.mutable_facts())["x"].set_number(
      std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(CheckReserveFacts(reserve, limits).code(),
            absl::StatusCode::kInternal);
  reserve = Reserve();
  (*reserve.mutable_facts())["empty"];
  EXPECT_EQ(CheckReserveFacts(reserve, limits).code(),
            absl::StatusCode::kInternal);
}

// --- settings: registry_address, registry_token_file, --registry ---

SubmissionFlags Minimal() {
  SubmissionFlags flags;
  flags.data = "/tmp/anju";
  flags.scoring = "127.0.0.1:50051";
  return flags;
}

TEST(RegistrySettingsTest, NoneByDefault) {
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(Minimal());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->registry_address, "");
  EXPECT_EQ(settings->registry_token, "");
}

TEST(RegistrySettingsTest, FromTheFileAndTheFlag) {
  auth::testing::TempDir dir;
  const std::string token = dir.Write("registry.token", "s3cr3t-token\n");
  const std::string config = dir.Write("submission.yaml",
                                       "registry_address: 127.0.0.1:50054\n"
                                       "registry_deadline_ms: 2500\n"
                                       "registry_token_file: registry.token\n");
  SubmissionFlags flags = Minimal();
  flags.config = config;
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->registry_address, "127.0.0.1:50054");
  EXPECT_EQ(settings->registry_deadline, absl::Milliseconds(2500));
  EXPECT_EQ(settings->registry_token, "s3cr3t-token");

  flags.registry = "127.0.0.1:6000";
  settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->registry_address, "127.0.0.1:6000");

  flags.registry = "registry:99999";
  settings = ResolveSettings(flags);
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("--registry"));
}

TEST(RegistrySettingsTest, AnUnreadableTokenFileStopsTheStart) {
  auth::testing::TempDir dir;
  SubmissionFlags flags = Minimal();
  flags.config = dir.Write("submission.yaml",
                           "registry_address: 127.0.0.1:50054\n"
                           "registry_token_file: missing.token\n");
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("registry_token_file"));
}

}  // namespace
}  // namespace anju::submission
