// Issue 4's last check on the real binaries: a report's reserve facts come
// from the registry. anju-registry, anju-scoring and anju-submission (with
// --registry) run as child processes; anjuctl imports the Chifeng 2024
// reserve sample, drafts and freezes the city's shanty plan, and the city's
// shanty report, saved without the reserve facts, comes back with them
// filled in from the registry and marked as such (来源: 项目储备库).

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"

namespace anju::testing {
namespace {

using cli::testing::Result;
using cli::testing::RunProcess;
using cli::testing::Server;
using ::testing::HasSubstr;

class ReserveFactsEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = "/tmp/anju-reserve-facts-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    registry_ = std::make_unique<Server>(
        ANJU_REGISTRY_BINARY,
        std::vector<std::string>{"--data", dir_ + "/registry"});
    ASSERT_GT(registry_->port(), 0) << registry_->log();
    scoring_ = std::make_unique<Server>(ANJU_SCORING_BINARY);
    ASSERT_GT(scoring_->port(), 0) << scoring_->log();
    submission_ = std::make_unique<Server>(
        ANJU_SUBMISSION_BINARY,
        std::vector<std::string>{"--data", dir_ + "/submission", "--scoring",
                                 Address(*scoring_), "--registry",
                                 Address(*registry_)});
    ASSERT_GT(submission_->port(), 0) << submission_->log();
  }

  void TearDown() override {
    submission_.reset();
    scoring_.reset();
    registry_.reset();
    std::system(absl::StrCat("rm -rf ", dir_).c_str());
  }

  static std::string Address(const Server& server) {
    return absl::StrCat("127.0.0.1:", server.port());
  }

  Result Anjuctl(std::vector<std::string> args) {
    args.insert(args.begin(), {ANJUCTL_BINARY, "--scoring", Address(*scoring_),
                               "--submission", Address(*submission_),
                               "--registry", Address(*registry_)});
    return RunProcess(args);
  }

  std::string dir_;
  std::unique_ptr<Server> registry_;
  std::unique_ptr<Server> scoring_;
  std::unique_ptr<Server> submission_;
};

TEST_F(ReserveFactsEndToEndTest, TheCitysShantyReportIsFilledFromTheReserve) {
  const std::string sample = std::string(ANJU_SOURCE_DIR) +
                             "/data/samples/chifeng-2024-reserve/projects.csv";
  Result r = Anjuctl({"project", "import", sample, "--org", "150400"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // The 2023 plan of the city's shanty projects: uncapped, all five.
  const std::vector<std::string> plan = {"--org",  "150400", "--programme",
                                         "shanty", "--year", "2023"};
  std::vector<std::string> draft = {"plan", "draft"};
  draft.insert(draft.end(), plan.begin(), plan.end());
  r = Anjuctl(draft);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<std::string> freeze = {"plan", "freeze"};
  freeze.insert(freeze.end(), plan.begin(), plan.end());
  r = Anjuctl(freeze);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;

  r = Anjuctl({"campaign", "create", "--year", "2023", "--county-deadline",
               "2099-03-31T23:59:59+08:00", "--city-deadline",
               "2099-04-30T23:59:59+08:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The city files a fact of its own; the reserve's are left out.
  const std::string facts = dir_ + "/chifeng-shanty.yaml";
  std::ofstream(facts) << "org: \"150400\"\nprogramme: shanty\nyear: 2023\n"
                       << "facts:\n  funds_allocated_on_time: true\n";
  r = Anjuctl({"report", "edit", "--file", facts});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = Anjuctl({"report", "show", "--org", "赤峰市", "--programme", "shanty",
               "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("shanty_planned_units = 391  来源: 项目储备库"));
  EXPECT_THAT(r.out, HasSubstr("reserve_established = 是  来源: 项目储备库"));
  // None of the five projects has started yet: the registry says 0.
  EXPECT_THAT(r.out, HasSubstr("shanty_started_units = 0  来源: 项目储备库"));

  // Filing another planned figure needs a reason.
  std::ofstream(facts) << "org: \"150400\"\nprogramme: shanty\nyear: 2023\n"
                       << "facts:\n  shanty_planned_units: 400\n";
  r = Anjuctl({"report", "edit", "--file", facts});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("与项目储备库数据 391 不一致"));
}

}  // namespace
}  // namespace anju::testing
