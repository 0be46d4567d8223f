#include "services/registry/tabular/cells.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/registry_tabular/org_tree_fixture.h"

namespace anju::registry::tabular {
namespace {

using ::testing::HasSubstr;

std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

TEST(ParseAmount, AcceptsPlainThousandsAndExponents) {
  EXPECT_EQ(*ParseAmount("1234.5", 1e9), 1234.5);
  EXPECT_EQ(*ParseAmount(" 1,234,567.25 ", 1e9), 1234567.25);
  EXPECT_EQ(*ParseAmount("1.5E-2", 1e9), 0.015);
  EXPECT_EQ(*ParseAmount("", 1e9), 0);
  EXPECT_EQ(*ParseAmount("\xE3\x80\x80"
                         "12\xE3\x80\x80",
                         1e9),
            12);
}

TEST(ParseAmount, RefusesNanInfNegativeGarbageAndTooLarge) {
  for (const char* bad : {"NaN", "nan", "inf", "Infinity", "abc", "1.2.3",
                          "0x10", "12元", "1e", ".", "e5", "+-1"}) {
    absl::StatusOr<double> value = ParseAmount(bad, 1e9);
    EXPECT_FALSE(value.ok()) << bad;
    EXPECT_THAT(Message(value.status()), HasSubstr("须为数字")) << bad;
  }
  EXPECT_THAT(Message(ParseAmount("-5", 1e9).status()),
              HasSubstr("须为非负数 (got -5)"));
  EXPECT_THAT(Message(ParseAmount("-inf", 1e9).status()),
              HasSubstr("须为非负数"));
  EXPECT_THAT(Message(ParseAmount("1e400", 1e300).status()),
              HasSubstr("超出范围"));
  EXPECT_THAT(Message(ParseAmount("2000", 1000).status()),
              HasSubstr("不能超过 1000 (got 2000)"));
  // Commas that are not thousands separators: a European decimal comma.
  EXPECT_FALSE(ParseAmount("12,5", 1e9).ok());
  EXPECT_FALSE(ParseAmount("1,23,456", 1e9).ok());
}

TEST(ParseCount, IntegersOnly) {
  EXPECT_EQ(*ParseCount("391", 1000000), 391);
  EXPECT_EQ(*ParseCount("12.0", 1000000), 12);
  EXPECT_THAT(Message(ParseCount("12.5", 100).status()),
              HasSubstr("须为整数 (got 12.5)"));
  EXPECT_THAT(Message(ParseCount("abc", 100).status()),
              HasSubstr("须为数字 (got abc)"));
}

TEST(ParsePercent, ZeroToHundredWithOptionalSign) {
  EXPECT_EQ(*ParsePercent("95.5"), 95.5);
  EXPECT_EQ(*ParsePercent("95%"), 95);
  EXPECT_EQ(*ParsePercent("100"), 100);
  EXPECT_THAT(Message(ParsePercent("120").status()),
              HasSubstr("须在 0–100 之间 (got 120)"));
  EXPECT_FALSE(ParsePercent("-1").ok());
  EXPECT_FALSE(ParsePercent("NaN").ok());
}

TEST(ParseYear, RangeAndSuffix) {
  EXPECT_EQ(*ParseYear("1998"), 1998);
  EXPECT_EQ(*ParseYear("1998年"), 1998);
  EXPECT_EQ(*ParseYear(""), 0);
  EXPECT_THAT(Message(ParseYear("1850").status()),
              HasSubstr("1900–2100 之间的年份 (got 1850)"));
  EXPECT_FALSE(ParseYear("1998.5").ok());
}

TEST(ParseFlag, EveryAcceptedSpelling) {
  for (const char* yes : {"是", "√", "true", "TRUE", "1", "Yes", " 是 "}) {
    EXPECT_TRUE(*ParseFlag(yes)) << yes;
  }
  for (const char* no : {"否", "×", "false", "0", "", "No"}) {
    EXPECT_FALSE(*ParseFlag(no)) << no;
  }
  EXPECT_THAT(Message(ParseFlag("可能").status()), HasSubstr("须为 是/否"));
}

TEST(ParseProgramme, NamesShortNamesAndIds) {
  EXPECT_EQ(*ParseProgramme("棚户区改造"), "shanty");
  EXPECT_EQ(*ParseProgramme("棚改"), "shanty");
  EXPECT_EQ(*ParseProgramme("保障性租赁住房"), "affordable_rental");
  EXPECT_EQ(*ParseProgramme("公租房"), "public_rental");
  EXPECT_EQ(*ParseProgramme("oldcomm"), "oldcomm");
  EXPECT_THAT(Message(ParseProgramme("廉租房").status()),
              HasSubstr("之一 (got 廉租房)"));
  EXPECT_EQ(ProgrammeName("affordable_rental"), "保障性租赁住房");
}

TEST(ParseCounty, CodeNameAliasButNotCity) {
  const orgs::OrgTree& tree = InnerMongolia();
  EXPECT_EQ(*ParseCounty("150425", tree), "150425");
  EXPECT_EQ(*ParseCounty("克什克腾旗", tree), "150425");
  EXPECT_EQ(*ParseCounty("克旗", tree), "150425");
  EXPECT_THAT(Message(ParseCounty("赤峰市", tree).status()),
              HasSubstr("须为旗县区"));
  EXPECT_THAT(Message(ParseCounty("不存在县", tree).status()),
              HasSubstr("不是已知的旗县区"));
  EXPECT_FALSE(ParseCounty("", tree).ok());
}

TEST(FormatNumber, ShortestFixed) {
  EXPECT_EQ(FormatNumber(1234.56), "1234.56");
  EXPECT_EQ(FormatNumber(1000000), "1000000");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(*ParseAmount(FormatNumber(1.0 / 3), 10), 1.0 / 3);
}

}  // namespace
}  // namespace anju::registry::tabular
