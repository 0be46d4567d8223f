// anjuctl report edit/show with the project reserve (项目储备库): the real
// anju-scoring and anju-submission binaries, the latter started with
// --registry pointing at a fake RegistryService in this process.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"
#include "tests/submission_hooks/fake_registry.h"

namespace anju::submission::testing {
namespace {

using cli::testing::Result;
using cli::testing::RunProcess;
using cli::testing::Server;
using ::testing::HasSubstr;
using ::testing::Not;

class AnjuctlRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = "/tmp/anjuctl-registry-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    registry_ = std::make_unique<FakeRegistry>();
    registry_->Vouch("150402", "shanty_planned_units", Number(391),
                     "2024年度计划 5 个项目");
    registry_->Vouch("150402", "reserve_established", Flag(true),
                     "储备库已建立");
    auto runner = common::ServerRunner::Start({}, {registry_.get()});
    ASSERT_TRUE(runner.ok()) << runner.status();
    registry_runner_ = *std::move(runner);
    scoring_ = std::make_unique<Server>(SCORING_BIN);
    ASSERT_GT(scoring_->port(), 0) << scoring_->log();
    submission_ = std::make_unique<Server>(
        SUBMISSION_BIN,
        std::vector<std::string>{
            "--data", dir_, "--scoring",
            absl::StrCat("127.0.0.1:", scoring_->port()), "--registry",
            absl::StrCat("127.0.0.1:", registry_runner_->port())});
    ASSERT_GT(submission_->port(), 0) << submission_->log();
    Result r = Anjuctl({"campaign", "create", "--year", "2023",
                        "--county-deadline", "2099-03-31T23:59:59+08:00",
                        "--city-deadline", "2099-04-30T23:59:59+08:00"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  void TearDown() override {
    submission_.reset();
    scoring_.reset();
    registry_runner_.reset();
    std::system(absl::StrCat("rm -rf ", dir_).c_str());
  }

  Result Anjuctl(std::vector<std::string> args) {
    args.insert(
        args.begin(),
        {ANJUCTL_BIN, "--scoring", absl::StrCat("127.0.0.1:", scoring_->port()),
         "--submission", absl::StrCat("127.0.0.1:", submission_->port())});
    return RunProcess(args);
  }

  // 红山区's shanty facts with the planned units it reports.
  std::string FactsFile(int planned_units) {
    const std::string path = absl::StrCat(dir_, "/hongshan.yaml");
    std::ofstream(path) << "org: \"150402\"\nprogramme: shanty\nyear: 2023\n"
                        << "facts:\n  shanty_planned_units: " << planned_units
                        << "\n  shanty_started_units: 391\n";
    return path;
  }

  std::string dir_;
  std::unique_ptr<FakeRegistry> registry_;
  std::unique_ptr<common::ServerRunner> registry_runner_;
  std::unique_ptr<Server> scoring_;
  std::unique_ptr<Server> submission_;
};

TEST_F(AnjuctlRegistryTest, ShowMarksRegistryFactsAndOverridesWithReasons) {
  // An override without a reason: refused, naming both values.
  Result r = Anjuctl({"report", "edit", "--file", FactsFile(400)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("facts.shanty_planned_units: 与项目储备库数据 "
                               "391 不一致 (填报 400)"));
  // With one: saved, and both facts shown with where they come from.
  r = Anjuctl({"report", "edit", "--file", FactsFile(400), "--override-reason",
               "shanty_planned_units=年中追加 9 套"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("shanty_planned_units = 400  已覆盖项目储备库"
                               "数据 391，覆盖原因：年中追加 9 套"));
  EXPECT_THAT(r.out, HasSubstr("reserve_established = 是  来源: 项目储备库"
                               "（储备库已建立）"));
  r = Anjuctl({"report", "show", "--org", "红山区", "--programme", "shanty",
               "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("项目储备库数据：2项"));
  EXPECT_THAT(r.out, HasSubstr("覆盖原因：年中追加 9 套"));
  EXPECT_THAT(r.out, HasSubstr("来源: 项目储备库"));

  // Saving the same file again keeps the reason it was given.
  r = Anjuctl({"report", "edit", "--file", FactsFile(400)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("沿用覆盖原因 shanty_planned_units"));
  // Back to the registry's value: no reason is sent, none is kept.
  r = Anjuctl({"report", "edit", "--file", FactsFile(391)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("shanty_planned_units = 391  来源: 项目储备库"));
  EXPECT_THAT(r.out, Not(HasSubstr("覆盖原因")));

  // The submitted 指标表 still says where the facts came from.
  r = Anjuctl({"report", "submit", "--org", "150402", "--programme", "shanty",
               "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Anjuctl({"report", "show", "--org", "150402", "--programme", "shanty",
               "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("来源: 项目储备库"));
}

TEST_F(AnjuctlRegistryTest, AMalformedOverrideReasonIsAUsageError) {
  for (const char* bad : {"shanty_planned_units", "=原因", "x="}) {
    Result r = Anjuctl(
        {"report", "edit", "--file", FactsFile(400), "--override-reason", bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("FACT=REASON"));
  }
}

}  // namespace
}  // namespace anju::submission::testing
