// How long a region-sized sheet takes: 100,000 projects written and read
// back as CSV and as xlsx. Disabled in the suite (timings on a shared
// machine are no pass/fail criterion); run by hand:
//   build/bin/registry_tabular_test --gtest_also_run_disabled_tests \
//     --gtest_filter='*LargeSheet*'

#include <chrono>
#include <iostream>

#include "gtest/gtest.h"
#include "services/registry/tabular/project_table.h"
#include "tests/registry_tabular/org_tree_fixture.h"

namespace anju::registry::tabular {
namespace {

constexpr int kProjects = 100000;

std::vector<v1::ReserveProject> ManyProjects() {
  const char* counties[] = {"150402", "150425", "150429", "150430"};
  std::vector<v1::ReserveProject> projects(kProjects);
  for (int i = 0; i < kProjects; ++i) {
    v1::ReserveProject& p = projects[i];
    p.set_id("P-" + std::to_string(i));
    p.set_org(counties[i % 4]);
    p.set_programme(i % 2 == 0 ? "shanty" : "oldcomm");
    p.set_name("项目 " + std::to_string(i) + " 号老旧小区改造");
    p.set_address("某街道");
    p.set_units(i % 300);
    p.set_households(i % 500);
    p.set_investment_10k_yuan(1234.56 + i % 100);
    p.mutable_funding()->set_central(600.5);
    p.mutable_readiness()->set_approved(i % 3 == 0);
    p.set_resident_consent_pct(90.5);
    p.set_building_year(1990 + i % 20);
  }
  return projects;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

void Measure(v1::TableFormat format, const char* name) {
  const std::vector<v1::ReserveProject> projects = ManyProjects();
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::string> sheet =
      WriteProjects(format, projects, InnerMongolia());
  const double write = Seconds(start);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  start = std::chrono::steady_clock::now();
  absl::StatusOr<ParsedTable> table =
      ReadProjects(format, *sheet, InnerMongolia());
  const double read = Seconds(start);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->projects.size(), projects.size());
  std::cout << name << ": " << kProjects << " projects, " << sheet->size()
            << " bytes; write " << write << " s, read " << read << " s\n";
}

TEST(LargeSheet, DISABLED_Csv) { Measure(v1::TABLE_FORMAT_CSV, "csv"); }
TEST(LargeSheet, DISABLED_Xlsx) { Measure(v1::TABLE_FORMAT_XLSX, "xlsx"); }

}  // namespace
}  // namespace anju::registry::tabular
