#include <string>

#include "cli/render.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/sample_response.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RenderHtmlTest, SelfContainedPrintablePage) {
  const std::string html = RenderHtml(testing::SampleView());
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("@page { size: A4"));
  EXPECT_THAT(html, HasSubstr("<h1>赤峰市城镇老旧小区改造绩效评价指标表</h1>"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
}

TEST(RenderHtmlTest, Level1SpansItsRows) {
  const std::string html = RenderHtml(testing::SampleView());
  EXPECT_THAT(html,
              HasSubstr("<td class=\"level1\" rowspan=\"3\">资金管理</td>"));
  EXPECT_THAT(html,
              HasSubstr("<td class=\"level1\" rowspan=\"2\">项目管理</td>"));
  EXPECT_THAT(html,
              HasSubstr("<td class=\"level1\" rowspan=\"3\">加分项</td>"));
  // Each group's name is written once: the rows below have no such cell.
  EXPECT_EQ(html.find(">资金管理<"), html.rfind(">资金管理<"));
}

TEST(RenderHtmlTest, EscapesText) {
  const std::string html = RenderHtml(testing::SampleView());
  EXPECT_THAT(html,
              HasSubstr("&quot;偏低&quot;, 得8分 &lt;b&gt;&amp;&lt;/b&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<b>&</b>")));
}

TEST(RenderHtmlTest, SummaryRows) {
  const std::string html = RenderHtml(testing::SampleView());
  EXPECT_THAT(html, HasSubstr("<tr class=\"total\"><td class=\"level1\" "
                              "rowspan=\"1\">合计</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num not-scorable\">无法评分</td>"));
  EXPECT_THAT(html, HasSubstr("<li>注：示意值"));
}

}  // namespace
}  // namespace anju::cli
