// anjuctl against a real anju-scoring over a socket: the Chifeng shanty
// sample, scored and printed as CSV.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"

namespace anju::cli {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class ScoringIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new testing::Server(SCORING_BIN); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  testing::Result Anjuctl(std::vector<std::string> args) {
    args.insert(args.begin(), {ANJUCTL_BIN, "--scoring",
                               absl::StrCat("127.0.0.1:", server_->port())});
    return testing::RunProcess(args);
  }

  static testing::Server* server_;
};

testing::Server* ScoringIntegrationTest::server_ = nullptr;

const std::string kShanty =
    std::string(ANJU_SOURCE_DIR) + "/data/samples/chifeng-2023/shanty.yaml";

TEST_F(ScoringIntegrationTest, ShantySampleAsCsv) {
  ASSERT_GT(server_->port(), 0) << server_->log();
  const auto result = Anjuctl({"score", "--file", kShanty, "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> lines = absl::StrSplit(result.out, "\r\n");
  ASSERT_GT(lines.size(), 2u);
  EXPECT_THAT(lines[0], StartsWith("\xEF\xBB\xBF一级指标,二级指标,分值,得分"));
  // The ten shanty indicators (rubrics-2023.md), in the table's order.
  for (const char* name : {"资金筹集", "资金分配", "预算执行", "资金使用管理",
                           "项目库储备", "评价报告报送", "年度计划完成率",
                           "当年达到交付使用条件的棚改安置住房分配率",
                           "工程质量", "棚户区改造拆迁居民满意度"}) {
    EXPECT_THAT(result.out, HasSubstr(absl::StrCat(",", name, ",")));
  }
  // 合计: 100 points, 99 scored and self-scored (the seed's self-score).
  EXPECT_THAT(lines, Contains(StartsWith("合计,,100,99,99,0,")));
  EXPECT_THAT(lines, Contains(StartsWith("评级,,,优,")));
}

TEST_F(ScoringIntegrationTest, RubricsListHasTheThreeProgrammes) {
  ASSERT_GT(server_->port(), 0) << server_->log();
  const auto result = Anjuctl({"rubrics", "list"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* programme : {"rental", "shanty", "oldcomm"}) {
    EXPECT_THAT(result.out, HasSubstr(absl::StrCat("| ", programme, " ")));
  }
}

TEST_F(ScoringIntegrationTest, UnknownProgrammeIsInvalidArgument) {
  ASSERT_GT(server_->port(), 0) << server_->log();
  const auto result = Anjuctl({"rubrics", "show", "castles", "2023"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("anjuctl: "));
  EXPECT_THAT(result.err, HasSubstr("castles"));
}

}  // namespace
}  // namespace anju::cli
