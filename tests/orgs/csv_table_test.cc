#include "common/orgs/csv_table.h"

#include "gtest/gtest.h"

namespace anju::orgs {
namespace {

TEST(CsvTableTest, ReadsQuotesBomAndCrlf) {
  absl::StatusOr<CsvTable> table = ParseCsv(
      "\xEF\xBB\xBF"
      "code,name\r\n110101,\"东城区\"\r\n110102,\"say \"\"hi\"\", ok\"\r\n\r\n",
      "t.csv");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->header, (std::vector<std::string>{"code", "name"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].fields[1], "东城区");
  EXPECT_EQ(table->rows[1].fields[1], "say \"hi\", ok");
  EXPECT_EQ(table->rows[1].line, 3);
  EXPECT_EQ(table->Column("name"), 1u);
  EXPECT_FALSE(table->Column("cityCode").has_value());
}

TEST(CsvTableTest, KeepsNewlinesInsideQuotes) {
  absl::StatusOr<CsvTable> table =
      ParseCsv("a,b\n\"x\ny\",z\nlast,row\n", "t.csv");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].fields[0], "x\ny");
  EXPECT_EQ(table->rows[1].line, 4);
}

TEST(CsvTableTest, RefusesAnUnclosedQuoteNamingTheLine) {
  absl::StatusOr<CsvTable> table = ParseCsv("a,b\n1,2\n3,\"open\n", "t.csv");
  ASSERT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(table.status().message()),
            "t.csv:3: a quoted field is not closed");
}

TEST(CsvTableTest, RefusesARowWithTheWrongFieldCount) {
  absl::StatusOr<CsvTable> table = ParseCsv("a,b\n1,2\n3,4,5\n", "t.csv");
  ASSERT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(table.status().message()),
            "t.csv:3: 3 fields where the header has 2");
}

TEST(CsvTableTest, RefusesAStrayQuote) {
  EXPECT_EQ(ParseCsv("a\nx\"y\n", "t.csv").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCsv("a\n\"x\"y\n", "t.csv").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace anju::orgs
