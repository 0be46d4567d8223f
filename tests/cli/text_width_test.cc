#include "cli/text_width.h"

#include <string>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace anju::cli {
namespace {

TEST(DisplayWidthTest, ChineseIsTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("赤峰市"), 6);
  EXPECT_EQ(DisplayWidth("满意度80%"), 9);
  EXPECT_EQ(DisplayWidth("（一）"), 6);  // full-width brackets
  EXPECT_EQ(DisplayWidth(""), 0);
}

TEST(WrapTextTest, ChineseWrapsWithinWidthAndLosesNothing) {
  const std::string text =
      "建立了预算执行、绩效监控机制，但预算执行率偏低，计划开工建设2198套，"
      "实际开工2198套";
  const auto lines = WrapText(text, 20);
  ASSERT_GT(lines.size(), 2u);
  for (const std::string& line : lines) {
    EXPECT_LE(DisplayWidth(line), 20) << line;
    // UAX #14: no line starts with closing punctuation.
    EXPECT_NE(line.rfind("，", 0), 0u) << line;
  }
  EXPECT_EQ(absl::StrJoin(lines, ""), text);
}

TEST(WrapTextTest, KeepsNumbersWithTheirUnits) {
  // UAX #14 alone would fill the first line with "资金分配得2" (11 columns).
  const auto lines = WrapText("资金分配得2分", 11);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "资金分配得");
  EXPECT_EQ(lines[1], "2分");
}

TEST(WrapTextTest, KeepsNewlinesAndEmptyLines) {
  const auto lines = WrapText("第一行\n\n第三行", 40);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "第一行");
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[2], "第三行");
}

TEST(WrapTextTest, CutsRunsWithoutBreakOpportunity) {
  const auto lines = WrapText(std::string(25, 'x'), 10);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], std::string(10, 'x'));
  EXPECT_EQ(lines[2], std::string(5, 'x'));
}

TEST(WrapTextTest, BreaksEnglishAtSpaces) {
  const auto lines = WrapText("alpha beta gamma", 11);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "alpha beta");
  EXPECT_EQ(lines[1], "gamma");
}

TEST(PadTest, PadsByDisplayWidth) {
  EXPECT_EQ(Pad("小计", 6, false), "小计  ");
  EXPECT_EQ(Pad("96", 4, true), "  96");
  EXPECT_EQ(Pad("一级指标", 4, false), "一级指标");
}

}  // namespace
}  // namespace anju::cli
