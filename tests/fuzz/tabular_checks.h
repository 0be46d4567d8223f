#ifndef ANJU_TESTS_FUZZ_TABULAR_CHECKS_H_
#define ANJU_TESTS_FUZZ_TABULAR_CHECKS_H_

// The spreadsheet targets' shared part: the shipped org tree, and
// ReadProjects' promises about what it returns (project_table.h).

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"
#include "common/orgs/org_tree.h"
#include "common/orgs/org_yaml.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/registry/tabular/project_table.h"
#include "tests/fuzz/fuzz_support.h"

namespace anju::fuzz {

inline const orgs::OrgTree& InnerMongolia() {
  static const orgs::OrgTree* const tree = [] {
    auto loaded = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    if (!loaded.ok()) SetupFailed(loaded.status().ToString());
    return loaded->release();
  }();
  return *tree;
}

// Small limits, so that one input costs milliseconds, not the 512 MiB a
// zip bomb may unpack to under the service's defaults.
inline registry::tabular::ReadLimits FuzzLimits() {
  registry::tabular::ReadLimits limits;
  limits.max_rows = 2000;
  limits.max_unzipped_part_bytes = 4 << 20;
  limits.max_unzipped_total_bytes = 8 << 20;
  return limits;
}

// project_table.h: whatever WriteProjects writes, ReadProjects reads back
// to the same projects.
inline void CheckRoundTrip(const registry::tabular::ParsedTable& table,
                           const orgs::OrgTree& tree) {
  if (table.projects.empty()) return;
  std::vector<v1::ReserveProject> projects;
  for (const auto& parsed : table.projects) projects.push_back(parsed.project);
  auto csv =
      registry::tabular::WriteProjects(v1::TABLE_FORMAT_CSV, projects, tree);
  Check(csv.ok(), "projects read are written");
  auto again = registry::tabular::ReadProjects(v1::TABLE_FORMAT_CSV, *csv, tree,
                                               FuzzLimits());
  Check(again.ok() && again->errors.empty() &&
            again->projects.size() == projects.size(),
        "projects written read back without errors");
  for (size_t i = 0; i < projects.size(); ++i) {
    std::string diff;
    google::protobuf::util::MessageDifferencer differ;
    differ.ReportDifferencesToString(&diff);
    // An absent sub-message and an empty one mean the same project: a
    // table without the funding columns reads none, its export writes 0s.
    differ.set_message_field_comparison(
        google::protobuf::util::MessageDifferencer::EQUIVALENT);
    if (!differ.Compare(projects[i], again->projects[i].project)) {
      std::fprintf(stderr, "row %d read back differently:\n%s",
                   table.projects[i].row, diff.c_str());
      Check(false, "projects written read back the same");
    }
  }
}

// Reads `content` as `format`; a table read must respect its own counts,
// and whatever it reads must survive a round trip through CSV.
inline void ReadAndCheck(v1::TableFormat format, absl::string_view content) {
  const orgs::OrgTree& tree = InnerMongolia();
  auto table =
      registry::tabular::ReadProjects(format, content, tree, FuzzLimits());
  if (!table.ok()) {
    Check(table.status().code() == absl::StatusCode::kInvalidArgument ||
              table.status().code() == absl::StatusCode::kResourceExhausted,
          "an unreadable table is INVALID_ARGUMENT or RESOURCE_EXHAUSTED");
    return;
  }
  Check(table->projects.size() <= static_cast<size_t>(table->data_rows),
        "no more projects than data rows");
  Check(table->error_count >= static_cast<int>(table->errors.size()) - 1,
        "error_count counts every error listed");
  for (const v1::RowError& error : table->errors) {
    Check(!error.message().empty(), "a row error says what is wrong");
  }
  CheckRoundTrip(*table, tree);
}

}  // namespace anju::fuzz

#endif  // ANJU_TESTS_FUZZ_TABULAR_CHECKS_H_
