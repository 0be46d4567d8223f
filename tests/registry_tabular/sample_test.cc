// The Chifeng 2024 reserve sample: the seed's totals (5 棚改 projects of
// 391 套, 6 保租房 projects of 886 套), and the file with one bad row.

#include <fstream>
#include <map>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/tabular/project_table.h"
#include "tests/registry_tabular/org_tree_fixture.h"

namespace anju::registry::tabular {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  EXPECT_TRUE(in.good() || in.eof()) << path;
  return out.str();
}

struct Totals {
  int projects = 0;
  int units = 0;
};

std::map<std::string, Totals> ByProgramme(const ParsedTable& table) {
  std::map<std::string, Totals> totals;
  for (const ParsedProject& p : table.projects) {
    ++totals[p.project.programme()].projects;
    totals[p.project.programme()].units += p.project.units();
  }
  return totals;
}

TEST(ChifengSample, SeedTotals) {
  absl::StatusOr<ParsedTable> table = ReadProjects(
      v1::TABLE_FORMAT_CSV,
      ReadFile(SourcePath("data/samples/chifeng-2024-reserve/projects.csv")),
      InnerMongolia());
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_TRUE(table->errors.empty()) << table->errors[0].DebugString();
  const auto totals = ByProgramme(*table);
  EXPECT_EQ(totals.at("shanty").projects, 5);
  EXPECT_EQ(totals.at("shanty").units, 391);
  EXPECT_EQ(totals.at("affordable_rental").projects, 6);
  EXPECT_EQ(totals.at("affordable_rental").units, 886);
  EXPECT_GE(totals.at("oldcomm").projects, 1);
  for (const ParsedProject& p : table->projects) {
    EXPECT_EQ(p.project.org().substr(0, 4), "1504") << p.project.name();
  }
}

TEST(ChifengSample, OneBadRowGivesThatRowsError) {
  absl::StatusOr<ParsedTable> table = ReadProjects(
      v1::TABLE_FORMAT_CSV,
      ReadFile(SourcePath("tests/registry_tabular/testdata/one-bad-row.csv")),
      InnerMongolia());
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->errors.size(), 1u);
  EXPECT_EQ(table->errors[0].row(), 4);
  EXPECT_EQ(table->errors[0].column(), "居民同意率(%)");
  EXPECT_EQ(table->errors[0].message(), "须在 0–100 之间 (got 120)");
  EXPECT_EQ(table->data_rows, 14);
  EXPECT_EQ(table->projects.size(), 13u);
}

}  // namespace
}  // namespace anju::registry::tabular
