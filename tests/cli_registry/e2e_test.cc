// anjuctl's registry commands against a real anju-registry on
// 127.0.0.1:0 (authentication off, a fresh data folder): the Chifeng 2024
// reserve imported from its spreadsheet, the file with one bad row, the
// ranking, a plan under a budget cap adjusted and frozen, an export that
// re-imports, an archive that is reported incomplete.

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSource = ANJU_SOURCE_DIR;

class RegistryEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string("/tmp/anjuctl-registry-XXXXXX");
    ASSERT_NE(mkdtemp(dir_->data()), nullptr);
    registry_ = new testing::Server(REGISTRY_BIN, {"--data", *dir_});
    ASSERT_NE(registry_->port(), 0) << registry_->log();
  }
  static void TearDownTestSuite() {
    delete registry_;
    std::system(absl::StrCat("rm -rf ", *dir_).c_str());
    delete dir_;
  }

  static testing::Result Anjuctl(std::vector<std::string> args) {
    args.insert(args.begin(), {ANJUCTL_BIN, "--registry",
                               absl::StrCat("127.0.0.1:", registry_->port())});
    return testing::RunProcess(args);
  }

  static std::string* dir_;
  static testing::Server* registry_;
};

std::string* RegistryEndToEnd::dir_ = nullptr;
testing::Server* RegistryEndToEnd::registry_ = nullptr;

// One scenario: the steps depend on each other.
TEST_F(RegistryEndToEnd, ChifengReserveFromSpreadsheetToFrozenPlan) {
  // The file with one bad row: that row's error, nothing imported, exit 1.
  testing::Result bad =
      Anjuctl({"project", "import",
               kSource + "/tests/registry_tabular/testdata/one-bad-row.csv",
               "--org", "赤峰市"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  EXPECT_THAT(bad.out,
              HasSubstr("第4行 居民同意率(%): 须在 0–100 之间 (got 120)"));
  EXPECT_THAT(bad.out, HasSubstr("未导入"));

  testing::Result good =
      Anjuctl({"project", "import",
               kSource + "/data/samples/chifeng-2024-reserve/projects.csv",
               "--org", "赤峰市"});
  ASSERT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_THAT(good.out, HasSubstr("读取 14 行，导入 14 行"));

  testing::Result shanty = Anjuctl(
      {"project", "list", "--org", "赤峰市", "--programme", "棚户区改造"});
  ASSERT_EQ(shanty.exit_code, 0) << shanty.err;
  EXPECT_THAT(shanty.out, HasSubstr("共 5 个项目"));
  EXPECT_THAT(shanty.out, HasSubstr("克什克腾旗"));

  testing::Result rank =
      Anjuctl({"project", "rank", "--org", "赤峰市", "--programme", "棚改"});
  ASSERT_EQ(rank.exit_code, 0) << rank.err;
  EXPECT_THAT(rank.out, HasSubstr("评分模型"));
  EXPECT_THAT(rank.out, HasSubstr("共 5 个项目"));

  // Under a cap of 20,000 万元 not every shanty project fits (49,680 in all).
  testing::Result draft =
      Anjuctl({"plan", "draft", "--org", "赤峰市", "--programme", "棚改",
               "--year", "2024", "--budget-cap", "20000"});
  ASSERT_EQ(draft.exit_code, 0) << draft.err;
  EXPECT_THAT(draft.out, HasSubstr("2024 年度计划（草案）"));
  EXPECT_THAT(draft.out, HasSubstr("投资上限: 20000 万元"));
  EXPECT_THAT(draft.out, HasSubstr("注："));

  testing::Result frozen = Anjuctl({"plan", "freeze", "--org", "赤峰市",
                                    "--programme", "棚改", "--year", "2024"});
  ASSERT_EQ(frozen.exit_code, 0) << frozen.err;
  EXPECT_THAT(frozen.out, HasSubstr("（已下达）"));

  const std::string xlsx = *dir_ + "/export.xlsx";
  testing::Result exported = Anjuctl(
      {"project", "export", "--org", "赤峰市", "--format", "xlsx", "-o", xlsx});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  testing::Result again =
      Anjuctl({"project", "import", xlsx, "--org", "赤峰市", "--dry-run"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_THAT(again.out, HasSubstr("读取 14 行，仅检查"));
  EXPECT_THAT(again.out, Not(HasSubstr("第")));
}

TEST_F(RegistryEndToEnd, CreateShowArchiveIncomplete) {
  testing::Result created = Anjuctl(
      {"project", "create", "--org", "克旗", "--programme", "老旧小区改造",
       "--name", "经棚镇北区老旧小区改造", "--households", "320",
       "--communities", "2", "--consent", "91", "--approved", "是"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::size_t at = created.out.find("项目 ");
  ASSERT_NE(at, std::string::npos);
  const std::string id =
      created.out.substr(at + 7, created.out.find(' ', at + 7) - at - 7);
  testing::Result archived =
      Anjuctl({"archive", "upload", "--project", id, "--type", "基本情况",
               "--data", "楼栋数=6"});
  ASSERT_EQ(archived.exit_code, 0) << archived.err;
  testing::Result listed = Anjuctl({"archive", "list", "--project", id});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("档案不完整，缺少: "));
  EXPECT_THAT(listed.out, HasSubstr("楼栋数=6"));
  testing::Result updated =
      Anjuctl({"project", "update", id, "--households", "abc"});
  EXPECT_EQ(updated.exit_code, 2);
  testing::Result deleted = Anjuctl({"project", "delete", id});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
}

}  // namespace
}  // namespace anju::cli
