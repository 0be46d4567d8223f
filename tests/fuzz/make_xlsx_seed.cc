// Writes corpus/xlsx_import/chifeng_2024_reserve.xlsx: the 2024 sample
// reserve (data/samples/chifeng-2024-reserve/projects.csv) as the
// registry's export writes it, so that the xlsx target starts from a real
// workbook. Run by hand when the export changes:
//   build-fuzz/bin/make_xlsx_seed
//   tests/fuzz/corpus/xlsx_import/chifeng_2024_reserve.xlsx

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/tabular_checks.h"

int main(int argc, char** argv) {
  using namespace anju;  // NOLINT: a small tool
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_xlsx_seed OUT.xlsx\n");
    return 2;
  }
  std::ifstream in(
      fuzz::SourcePath("data/samples/chifeng-2024-reserve/projects.csv"));
  std::stringstream csv;
  csv << in.rdbuf();
  const orgs::OrgTree& tree = fuzz::InnerMongolia();
  auto table =
      registry::tabular::ReadProjects(v1::TABLE_FORMAT_CSV, csv.str(), tree);
  if (!table.ok() || table->projects.empty()) {
    std::fprintf(stderr, "cannot read the sample\n");
    return 1;
  }
  std::vector<v1::ReserveProject> projects;
  for (const auto& parsed : table->projects) projects.push_back(parsed.project);
  auto xlsx =
      registry::tabular::WriteProjects(v1::TABLE_FORMAT_XLSX, projects, tree);
  if (!xlsx.ok()) {
    std::fprintf(stderr, "%s\n", xlsx.status().ToString().c_str());
    return 1;
  }
  std::ofstream(argv[1], std::ios::binary) << *xlsx;
  std::printf("%zu projects, %zu bytes\n", projects.size(), xlsx->size());
  return 0;
}
