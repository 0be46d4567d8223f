// anjuctl's submission commands against real anju-scoring and
// anju-submission servers over sockets: a campaign, a county and the city
// filing and submitting, the region reviewing, the exports with the three
// score columns, a stale etag, the audit chain.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
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

const std::string kSamples =
    std::string(ANJU_SOURCE_DIR) + "/data/samples/chifeng-2023/";

std::string MakeTempDir() {
  std::string dir = "/tmp/anjuctl-submission-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) return "";
  return dir;
}

class SubmissionIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    scoring_ = new testing::Server(SCORING_BIN);
    const std::string scoring = absl::StrCat("127.0.0.1:", scoring_->port());
    submission_ = new testing::Server(SUBMISSION_BIN,
                                      {"--data", *dir_, "--scoring", scoring});
    // A second, stateless scoring instance answers the results API from the
    // stored reports (anjuctl totals, rank) and serves anjuctl's scoring.
    results_ = new testing::Server(
        SCORING_BIN,
        {"--submission", absl::StrCat("127.0.0.1:", submission_->port())});
  }
  static void TearDownTestSuite() {
    delete results_;
    delete submission_;
    delete scoring_;
    std::system(absl::StrCat("rm -rf ", *dir_).c_str());
    delete dir_;
  }

  static testing::Result Anjuctl(std::vector<std::string> args) {
    args.insert(
        args.begin(),
        {ANJUCTL_BIN, "--scoring", absl::StrCat("127.0.0.1:", results_->port()),
         "--submission", absl::StrCat("127.0.0.1:", submission_->port())});
    return testing::RunProcess(args);
  }

  static std::string WriteFile(const std::string& name,
                               const std::string& text) {
    const std::string path = absl::StrCat(*dir_, "/", name);
    std::ofstream(path) << text;
    return path;
  }

  static std::string* dir_;
  static testing::Server* scoring_;
  static testing::Server* submission_;
  static testing::Server* results_;
};

std::string* SubmissionIntegrationTest::dir_ = nullptr;
testing::Server* SubmissionIntegrationTest::scoring_ = nullptr;
testing::Server* SubmissionIntegrationTest::submission_ = nullptr;
testing::Server* SubmissionIntegrationTest::results_ = nullptr;

// One test walks the whole workflow: each step depends on the one before.
TEST_F(SubmissionIntegrationTest, CityFilesSubmitsIsReviewedAndExported) {
  ASSERT_GT(scoring_->port(), 0) << scoring_->log();
  ASSERT_GT(submission_->port(), 0) << submission_->log();
  ASSERT_GT(results_->port(), 0) << results_->log();

  testing::Result r = Anjuctl({"campaign", "create", "--year", "2023",
                               "--county-deadline", "2099-03-31T23:59:59+08:00",
                               "--city-deadline", "2099-04-30T23:59:59+08:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rental 指标体系版本 2023.1"));

  // A county files its rental-subsidy figures, by its alias.
  const std::string county = WriteFile("hongshan.yaml", R"(
org: "150402"
programme: rental
year: 2023
facts:
  subsidy_planned_households: 400
  subsidy_issued_households: 423
)");
  r = Anjuctl({"report", "edit", "--file", county});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("草稿（etag r1）"));

  // Its evidence (佐证材料): uploaded, listed, downloaded byte for byte.
  const std::string pdf_text = "%PDF-1.4\n红山区租赁补贴发放台账\n%%EOF\n";
  const std::string pdf = WriteFile("ledger.pdf", pdf_text);
  r = Anjuctl({"evidence", "upload", "--org", "150402", "--programme", "rental",
               "--year", "2023", "--indicator", "rental.fund_raising", "--file",
               pdf, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"content_type\": \"application/pdf\""));
  r = Anjuctl({"evidence", "list", "--org", "红山区", "--programme", "rental",
               "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rental.fund_raising  ledger.pdf"));
  const std::string sha = r.out.substr(r.out.find("sha256:") + 7, 64);
  const std::string copy = absl::StrCat(*dir_, "/copy.pdf");
  r = Anjuctl({"evidence", "download", "--org", "150402", "--programme",
               "rental", "--year", "2023", "--sha256", sha, "--output", copy});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(copy, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), pdf_text);

  r = Anjuctl({"report", "submit", "--org", "红山区", "--programme", "rental",
               "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("已报送盟市"));

  r = Anjuctl({"status", "--city", "赤峰市", "--programme", "rental", "--year",
               "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("| 150402 | 红山区       | 已报送盟市 |"));
  EXPECT_THAT(r.out, HasSubstr("共12个旗县区，已报送1个，逾期0个"));

  // The city files the seed's sample; the derived facts are dropped.
  r = Anjuctl({"report", "edit", "--file", kSamples + "rental.yaml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("忽略事实 submitted_on_time"));
  // A stale etag is refused and nothing changes.
  r = Anjuctl(
      {"report", "edit", "--file", kSamples + "rental.yaml", "--etag", "r0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("ABORTED"));
  // The city's figure against its counties' (only 红山区 has submitted).
  r = Anjuctl({"report", "check", "--org", "150400", "--programme", "rental",
               "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("[警告]"));
  EXPECT_THAT(r.out, HasSubstr("赤峰市填报租赁补贴发放2465户"));
  EXPECT_THAT(r.out, HasSubstr("旗县区合计 subsidy_issued_households = 423"));
  r = Anjuctl({"report", "submit", "--org", "150400", "--programme", "rental",
               "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("计算得分 96，评级 优"));

  // The results API over the stored reports.
  r = Anjuctl({"totals", "--city", "赤峰市", "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rental：旗县区已报送1/12"));
  EXPECT_THAT(r.out, HasSubstr("盟市计算得分 96 自评 96"));
  r = Anjuctl({"rank", "--programme", "rental", "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("|    1 | 赤峰市 |   96 |"));

  // A malformed review file is refused naming the key; then the region
  // accepts the computed scores but one.
  const std::string bad = WriteFile("bad-review.yaml",
                                    "review_scores:\n  rental.fund_raising: "
                                    "{score: 4, reason: x, extra: 1}\n");
  r = Anjuctl({"report", "review", "--org", "赤峰市", "--programme", "rental",
               "--year", "2023", "--file", bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("review_scores.rental.fund_raising.extra"));
  const std::string review =
      WriteFile("review.yaml",
                "review_scores:\n  rental.fund_raising: {score: 4, reason: "
                "佐证材料不完整，扣1分}\n");
  r = Anjuctl({"report", "review", "--org", "赤峰市", "--programme", "rental",
               "--year", "2023", "--accept-computed", "--file", review});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("已审核"));

  // The export: self-score, computed score and review score side by side,
  // with totals for each column.
  r = Anjuctl({"export", "--org", "150400", "--programme", "rental", "--year",
               "2023", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = absl::StrSplit(r.out, "\r\n");
  EXPECT_THAT(lines[0], StartsWith("\xEF\xBB\xBF一级指标,二级指标,分值,得分,"
                                   "自评得分,差异,审核得分,评分理由,审核意见"));
  EXPECT_THAT(lines, Contains(StartsWith("资金管理,资金筹集,5,5,5,0,4,")));
  EXPECT_THAT(lines, Contains(StartsWith("合计,,100,96,96,0,95,")));
  const std::string xlsx = absl::StrCat(*dir_, "/rental.xlsx");
  r = Anjuctl({"export", "--org", "150400", "--programme", "rental", "--year",
               "2023", "--format", "xlsx", "--output", xlsx});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(stat(xlsx.c_str(), &st), 0);
  EXPECT_GT(st.st_size, 4000);

  r = Anjuctl({"report", "show", "--org", "150400", "--programme", "rental",
               "--year", "2023", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"state\": \"REPORT_STATE_REVIEWED\""));

  r = Anjuctl({"audit", "verify"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("审计日志完整"));
}

TEST_F(SubmissionIntegrationTest, UnknownOrgIsNamed) {
  testing::Result r = Anjuctl({"report", "show", "--org", "不存在县",
                               "--programme", "rental", "--year", "2023"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no org is named or aliased \"不存在县\""));
}

}  // namespace
}  // namespace anju::cli
