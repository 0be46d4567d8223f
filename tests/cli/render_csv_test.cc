#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "cli/render.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/sample_response.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kBom[] = "\xEF\xBB\xBF";

TEST(RenderCsvTest, StartsWithBomAndHeader) {
  const std::string csv = RenderCsv(testing::SampleView());
  EXPECT_TRUE(absl::StartsWith(
      csv, std::string(kBom) +
               "一级指标,二级指标,分值,得分,自评得分,差异,评分理由\r\n"));
}

TEST(RenderCsvTest, EveryLineEndsWithCrLf) {
  const std::string csv = RenderCsv(testing::SampleView());
  ASSERT_TRUE(absl::EndsWith(csv, "\r\n"));
  for (size_t at = csv.find('\n'); at != std::string::npos;
       at = csv.find('\n', at + 1)) {
    ASSERT_GT(at, 0u);
    EXPECT_EQ(csv[at - 1], '\r') << "bare LF at byte " << at;
  }
  // Header, 4 + 1 + 1 + 2 indicators, 4 小计, 合计, 评级.
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(csv, "\r\n")).size(),
            1u + 1 + 6 + 4 + 2);
}

TEST(RenderCsvTest, QuotesCommaAndQuote) {
  const std::string csv = RenderCsv(testing::SampleView());
  EXPECT_THAT(
      csv, HasSubstr("资金管理,预算执行,10,8,9,+1,"
                     "\"预算执行率88.0%，\"\"偏低\"\", 得8分 <b>&</b>\"\r\n"));
  // Fields without special characters stay bare.
  EXPECT_THAT(csv, HasSubstr("\r\n资金管理,小计,20,15.5,16.5,+1,\r\n"));
}

TEST(RenderCsvTest, RepeatsLevel1AndEndsWithTotalAndGrade) {
  const std::string csv = RenderCsv(testing::SampleView());
  EXPECT_THAT(csv,
              HasSubstr("\r\n加分项,争取政府债券用于老旧小区改造,1,1,1,0,"));
  EXPECT_THAT(csv,
              HasSubstr("\r\n产出效益,完成改造小区居民满意度,5,无法评分,5,,"));
  EXPECT_THAT(csv, HasSubstr("\r\n合计,,28+4,22.5,28.5,+6,"));
  EXPECT_THAT(csv, HasSubstr("\r\n评级,,,不评级,,,"));
}

}  // namespace
}  // namespace anju::cli
