#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "cli/render.h"
#include "cli/text_width.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/sample_response.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> TableLines(const std::string& text) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, "+") || absl::StartsWith(line, "|")) {
      lines.emplace_back(line);
    }
  }
  return lines;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(RenderTableTest, EveryTableLineHasTheSameDisplayWidth) {
  for (int width : {16, 44, 80}) {
    const std::string text =
        RenderTable(testing::SampleView(), TableOptions{width});
    const std::vector<std::string> lines = TableLines(text);
    ASSERT_GT(lines.size(), 20u);
    const int expected = DisplayWidth(lines[0]);
    for (const std::string& line : lines) {
      EXPECT_EQ(DisplayWidth(line), expected)
          << "width " << width << ": " << line;
    }
  }
}

TEST(RenderTableTest, WrapsTheReasonColumn) {
  const std::string text = RenderTable(testing::SampleView(), TableOptions{20});
  const std::string reason = testing::SampleResponse().indicators(0).reason();
  EXPECT_THAT(text, Not(HasSubstr(reason)));
  EXPECT_THAT(text, HasSubstr("市场化规模化实施"));
  // 20 columns of reason plus the other columns: narrower than the text.
  EXPECT_LT(DisplayWidth(TableLines(text)[0]), DisplayWidth(reason) + 40);
}

TEST(RenderTableTest, HeaderRowsSummaryAndNotes) {
  const std::string text = RenderTable(testing::SampleView(), TableOptions{});
  EXPECT_TRUE(absl::StartsWith(text,
                               "赤峰市城镇老旧小区改造绩效评价指标表\n"
                               "2023年度，指标体系版本2023.1"));
  for (const char* header : {"一级指标", "二级指标", "分值", "得分", "自评得分",
                             "差异", "评分理由"}) {
    EXPECT_THAT(text, HasSubstr(header));
  }
  // The 一级指标 is shown once per group, like a merged cell.
  EXPECT_EQ(Count(text, "资金管理"), 1);
  EXPECT_EQ(Count(text, "小计"), 4);
  EXPECT_EQ(Count(text, "加分项"), 2);  // the group, and the 合计 reason
  EXPECT_THAT(text, HasSubstr("无法评分"));
  EXPECT_THAT(text, HasSubstr("28+4"));
  EXPECT_THAT(text, HasSubstr("| 合计"));
  EXPECT_THAT(text, HasSubstr("| 评级"));
  EXPECT_THAT(text, HasSubstr("\n注：示意值"));
}

}  // namespace
}  // namespace anju::cli
