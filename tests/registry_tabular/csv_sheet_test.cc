#include "services/registry/tabular/csv_sheet.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::registry::tabular {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(ReadCsvSheet, QuotesDoubledQuotesNewlinesAndCommas) {
  absl::StatusOr<Sheet> sheet = ReadCsvSheet(
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\n", 10);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  ASSERT_EQ(sheet->rows.size(), 3u);
  EXPECT_THAT(sheet->rows[1].cells,
              ElementsAre("x, y", "say \"hi\"", "two\nlines"));
  // The quoted line break stays in row 2, as Excel numbers rows.
  EXPECT_EQ(sheet->rows[2].number, 3);
  EXPECT_THAT(sheet->rows[2].cells, ElementsAre("last", "", ""));
}

TEST(ReadCsvSheet, BomIsDroppedAndBlankRowsSkippedButCounted) {
  absl::StatusOr<Sheet> sheet =
      ReadCsvSheet("\xEF\xBB\xBFh1,h2\n\n , \nv1,v2\n,\n\n", 10);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  ASSERT_EQ(sheet->rows.size(), 2u);
  EXPECT_EQ(sheet->rows[0].cells[0], "h1");
  EXPECT_EQ(sheet->rows[1].number, 4);
}

TEST(ReadCsvSheet, LastRowWithoutNewlineAndLoneCr) {
  absl::StatusOr<Sheet> sheet = ReadCsvSheet("a\rb\r\"c\"", 10);
  ASSERT_TRUE(sheet.ok());
  ASSERT_EQ(sheet->rows.size(), 3u);
  EXPECT_EQ(sheet->rows[2].cells[0], "c");
}

TEST(ReadCsvSheet, StrayQuoteInsideAFieldIsACharacter) {
  absl::StatusOr<Sheet> sheet = ReadCsvSheet("12\"5,x\n", 10);
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(sheet->rows[0].cells[0], "12\"5");
}

TEST(ReadCsvSheet, UnterminatedQuoteFailsNamingTheRow) {
  absl::StatusOr<Sheet> sheet = ReadCsvSheet("a\nb\n\"open,\n", 10);
  ASSERT_FALSE(sheet.ok());
  EXPECT_EQ(sheet.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(sheet.status().message(), HasSubstr("第3行: 引号未闭合"));
}

TEST(ReadCsvSheet, GbkIsRefusedWithAHint) {
  // "项目" in GBK.
  absl::StatusOr<Sheet> sheet = ReadCsvSheet("a\n\xCF\xEE\xC4\xBF\n", 10);
  ASSERT_FALSE(sheet.ok());
  EXPECT_THAT(sheet.status().message(), HasSubstr("第2行附近: 不是 UTF-8"));
}

TEST(ReadCsvSheet, RowLimitAndColumnLimit) {
  EXPECT_THAT(ReadCsvSheet("a\nb\nc\n", 2).status().message(),
              HasSubstr("超过上限 2"));
  absl::StatusOr<Sheet> wide = ReadCsvSheet(std::string(1000, ',') + "x\n", 5);
  ASSERT_TRUE(wide.ok());
  EXPECT_TRUE(wide->rows.empty());  // "x" is past the last kept column
}

TEST(WriteCsv, BomCrlfQuotingAndInjectionGuard) {
  const std::string csv = WriteCsv({
      {{"名称"}, {"数"}},
      {{"=HYPERLINK(\"x\")"}, {"-5", false, -5}},
      {{"a,\"b\"\nc"}, {"+1"}},
      {{"@SUM(A1)"}, {"-x"}},
  });
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF名称,数\r\n"));
  // Text gets the quote; a number cell is left alone.
  EXPECT_THAT(csv, HasSubstr("\r\n\"'=HYPERLINK(\"\"x\"\")\",-5\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\n\"a,\"\"b\"\"\nc\",'+1\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\n'@SUM(A1),'-x\r\n"));
  absl::StatusOr<Sheet> back = ReadCsvSheet(csv, 10);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(StripInjectionGuard(back->rows[1].cells[0]), "=HYPERLINK(\"x\")");
  EXPECT_EQ(back->rows[2].cells[0], "a,\"b\"\nc");
  EXPECT_EQ(StripInjectionGuard("'plain"), "'plain");
}

}  // namespace
}  // namespace anju::registry::tabular
