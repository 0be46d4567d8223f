// Model files: the shipped one loads; every validation error names the file
// and the field path; versions and the model in force.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/priority/priority_model.h"
#include "tests/registry_priority/fixtures.h"

namespace anju::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A small valid model; the cases below break it one edit at a time.
constexpr const char* kBase = R"(version: "2024.1"
title: 测试模型
tie_breakers: [readiness]
factors:
  - id: readiness
    label: 前期工作成熟度
    kind: steps
    field: readiness
    steps:
      - {field: approved, label: 立项, share: 0.5}
      - {field: land, label: 用地, share: 0.5}
  - id: consent
    label: 居民改造意愿
    kind: bands
    field: resident_consent_pct
    unit: "%"
    bands:
      - {below: 66.66, share: 0, note: 不足三分之二}
      - {min: 66.66, share: 1, note: 达到三分之二}
  - id: households
    label: 受益户数
    kind: linear
    field: households
    from: 0
    to: 100
programmes:
  oldcomm: {readiness: 40, consent: 30, households: 30}
  shanty: {readiness: 60, households: 40}
)";

const std::string kFile = "config/registry/priority/2024.1.yaml";

absl::Status Parse(const std::string& text, const std::string& file = kFile) {
  bool in_force = false;
  return ParsePriorityModel(text, file, &in_force).status();
}

// kBase with `from` replaced by `to` (which must occur).
std::string Edit(const std::string& from, const std::string& to) {
  const std::string text = kBase;
  EXPECT_NE(text.find(from), std::string::npos) << from;
  return absl::StrReplaceAll(text, {{from, to}});
}

void ExpectError(const absl::Status& status, const std::string& path,
                 const std::string& rule) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr(kFile + ": " + path)) << status;
  EXPECT_THAT(status.message(), HasSubstr(rule)) << status;
}

TEST(PriorityModelFile, BaseIsValid) { EXPECT_TRUE(Parse(kBase).ok()); }

TEST(PriorityModelFile, ShippedModelLoadsAndIsInForce) {
  const PriorityModels& models = testing::ShippedModels();
  EXPECT_EQ(models.in_force().version(), "2024.1");
  absl::StatusOr<const PriorityModel*> found = models.Find("");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ((*found)->version(), "2024.1");
  for (const char* p :
       {"oldcomm", "shanty", "affordable_rental", "public_rental"}) {
    EXPECT_TRUE(models.in_force().Covers(p)) << p;
  }
  const v1::PriorityModel proto = models.in_force().ToProto();
  EXPECT_EQ(proto.version(), "2024.1");
  EXPECT_EQ(proto.tie_breakers(proto.tie_breakers_size() - 1), "id");
  EXPECT_GE(proto.factors_size(), 6);
  EXPECT_EQ(proto.factors(0).id(), "readiness");
  EXPECT_EQ(proto.factors(0).kind(), "steps");
  EXPECT_THAT(proto.factors(0).description(), HasSubstr("oldcomm 20"));
}

TEST(PriorityModelFile, UnknownKind) {
  ExpectError(Parse(Edit("kind: linear", "kind: logistic")), "factors[2].kind",
              "未知类型 \"logistic\"");
}

TEST(PriorityModelFile, WeightsMustSumTo100) {
  ExpectError(Parse(Edit("households: 30}", "households: 31}")),
              "programmes.oldcomm", "权重之和须为100");
}

TEST(PriorityModelFile, WeightMustBePositive) {
  ExpectError(Parse(Edit("shanty: {readiness: 60, households: 40}",
                         "shanty: {readiness: 110, households: -10}")),
              "programmes.shanty.readiness", "0–100");
}

TEST(PriorityModelFile, MissingField) {
  ExpectError(Parse(Edit("    label: 受益户数\n", "")), "factors[2].label",
              "缺少");
  ExpectError(Parse(Edit("    to: 100\n", "")), "factors[2].to", "缺少");
  ExpectError(Parse(Edit("title: 测试模型\n", "")), "title", "缺少");
}

TEST(PriorityModelFile, UnknownKeyIsATypo) {
  ExpectError(Parse(Edit("    from: 0\n", "    from: 0\n    weight: 3\n")),
              "factors[2].weight", "未知字段");
}

TEST(PriorityModelFile, KeysOfAnotherKindAreRefused) {
  ExpectError(Parse(Edit("    from: 0\n", "    from: 0\n    bands: []\n")),
              "factors[2].bands", "未知字段");
}

TEST(PriorityModelFile, BandsMustBeContiguous) {
  ExpectError(Parse(Edit("{min: 66.66, share: 1", "{min: 70, share: 1")),
              "factors[1].bands[1].min", "contiguous");
}

TEST(PriorityModelFile, BandShareWithinZeroAndOne) {
  ExpectError(Parse(Edit("share: 1, note", "share: 1.5, note")),
              "factors[1].bands[1].share", "0–1");
}

TEST(PriorityModelFile, BandMinBelowBelow) {
  ExpectError(Parse(Edit("{min: 66.66, share: 1,",
                         "{min: 66.66, below: 50, share: 1,")),
              "factors[1].bands[1]", "min 须小于 below");
}

TEST(PriorityModelFile, NumbersMustBeNumbers) {
  ExpectError(Parse(Edit("to: 100", "to: lots")), "factors[2].to", "有限数值");
  ExpectError(Parse(Edit("to: 100", "to: .nan")), "factors[2].to", "有限数值");
}

TEST(PriorityModelFile, LinearNeedsFromBelowTo) {
  ExpectError(Parse(Edit("from: 0", "from: 100")), "factors[2].to",
              "须大于 from");
}

TEST(PriorityModelFile, StepSharesSumToOne) {
  ExpectError(Parse(Edit("label: 用地, share: 0.5", "label: 用地, share: 0.4")),
              "factors[0].steps", "sum to 1");
}

TEST(PriorityModelFile, UnknownStepAndField) {
  ExpectError(Parse(Edit("field: land", "field: moon")),
              "factors[0].steps[1].field", "未知步骤");
  ExpectError(Parse(Edit("field: households", "field: happiness")),
              "factors[2].field", "未知字段");
}

TEST(PriorityModelFile, ProgrammeNamesKnownFactors) {
  ExpectError(Parse(Edit("shanty: {readiness: 60, households: 40}",
                         "shanty: {readiness: 60, beauty: 40}")),
              "programmes.shanty.beauty", "未定义的因子");
  ExpectError(Parse(Edit("shanty:", "villas:")), "programmes.villas",
              "未知项目类别");
}

TEST(PriorityModelFile, AFactorCountsOncePerProgramme) {
  const absl::Status status =
      Parse(Edit("shanty: {readiness: 60, households: 40}",
                 "shanty: {readiness: 50, readiness: 50}"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr("programmes.shanty.readiness"));
}

TEST(PriorityModelFile, TieBreakersNameFactors) {
  ExpectError(Parse(Edit("tie_breakers: [readiness]", "tie_breakers: [luck]")),
              "tie_breakers[0]", "未定义的因子");
}

TEST(PriorityModelFile, TieBreakersAreUnique) {
  ExpectError(Parse(Edit("tie_breakers: [readiness]",
                         "tie_breakers: [readiness, readiness]")),
              "tie_breakers[1]", "重复");
}

TEST(PriorityModelFile, DuplicateFactorId) {
  ExpectError(Parse(Edit("  - id: households", "  - id: consent")),
              "factors[2].id", "重复");
}

TEST(PriorityModelFile, VersionMatchesFileName) {
  ExpectError(Parse(Edit("version: \"2024.1\"", "version: \"2025.1\"")),
              "version", "须与文件名一致");
  ExpectError(Parse(Edit("version: \"2024.1\"", "version: \"v1\"")), "version",
              "以点分隔的数字");
}

TEST(PriorityModelFile, SyntaxErrorNamesFileAndLine) {
  const absl::Status status = Parse("version: [\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr(kFile + ": YAML 语法错误 (line"));
}

class ModelDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("anju-priority-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& version, bool in_force) {
    std::string text =
        absl::StrReplaceAll(kBase, {{"\"2024.1\"", "\"" + version + "\""}});
    if (in_force) text += "in_force: true\n";
    std::ofstream(dir_ / (version + ".yaml")) << text;
  }

  std::filesystem::path dir_;
};

TEST_F(ModelDirectory, HighestVersionIsInForceByDefault) {
  Write("2024.1", false);
  Write("2024.10", false);
  Write("2024.9", false);
  absl::StatusOr<PriorityModels> models =
      PriorityModels::LoadDirectory(dir_.string());
  ASSERT_TRUE(models.ok()) << models.status();
  EXPECT_EQ(models->in_force().version(), "2024.10");
  EXPECT_THAT(models->versions(), ElementsAre("2024.1", "2024.10", "2024.9"));
  ASSERT_TRUE(models->Find("2024.9").ok());
  EXPECT_EQ((*models->Find("2024.9"))->version(), "2024.9");
}

TEST_F(ModelDirectory, TheFileThatSaysSoIsInForce) {
  Write("2024.1", true);
  Write("2025.1", false);
  absl::StatusOr<PriorityModels> models =
      PriorityModels::LoadDirectory(dir_.string());
  ASSERT_TRUE(models.ok()) << models.status();
  EXPECT_EQ(models->in_force().version(), "2024.1");
}

TEST_F(ModelDirectory, TwoInForceIsAnError) {
  Write("2024.1", true);
  Write("2025.1", true);
  const absl::Status status =
      PriorityModels::LoadDirectory(dir_.string()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("2025.1.yaml: in_force"));
}

TEST_F(ModelDirectory, UnknownVersionIsNotFoundNamingIt) {
  Write("2024.1", false);
  absl::StatusOr<PriorityModels> models =
      PriorityModels::LoadDirectory(dir_.string());
  ASSERT_TRUE(models.ok());
  const absl::Status status = models->Find("2030.7").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("2030.7"));
}

TEST_F(ModelDirectory, EmptyOrMissingDirectoryIsNotFound) {
  EXPECT_EQ(PriorityModels::LoadDirectory(dir_.string()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      PriorityModels::LoadDirectory((dir_ / "nope").string()).status().code(),
      absl::StatusCode::kNotFound);
}

TEST_F(ModelDirectory, ABadFileFailsTheLoadNamingIt) {
  Write("2024.1", false);
  std::ofstream(dir_ / "2025.1.yaml") << Edit("kind: linear", "kind: x");
  const absl::Status status =
      PriorityModels::LoadDirectory(dir_.string()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("2025.1.yaml: "));
}

}  // namespace
}  // namespace anju::registry
