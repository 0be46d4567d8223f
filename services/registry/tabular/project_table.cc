#include "services/registry/tabular/project_table.h"

#include "absl/status/status.h"

namespace anju::registry::tabular {

// Placeholder so that the service can link while the reader is written.
absl::StatusOr<ParsedTable> ReadProjects(v1::TableFormat, absl::string_view,
                                         const orgs::OrgTree&, int) {
  return absl::UnimplementedError("ReadProjects: not yet implemented");
}

absl::StatusOr<std::string> WriteProjects(
    v1::TableFormat, const std::vector<v1::ReserveProject>&,
    const orgs::OrgTree&) {
  return absl::UnimplementedError("WriteProjects: not yet implemented");
}

}  // namespace anju::registry::tabular
