#ifndef ANJU_SERVICES_REGISTRY_TABULAR_COLUMNS_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_COLUMNS_H_

// The columns of a reserve-project sheet, in export order: one table that
// both the readers and the writers follow. A header is matched with
// spaces ignored, full-width brackets as ASCII and the unit optional
// ("套数", "套数（套）" and "套数(套)" are the same column).

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"
#include "common/orgs/org_tree.h"
#include "services/registry/tabular/csv_sheet.h"

namespace anju::registry::tabular {

enum class CellKind {
  kId,         // 项目编号: letters, digits, - and _
  kCounty,     // 旗县区: code, name or alias of a county
  kProgramme,  // 项目类型
  kName,       // one line of text, required
  kText,       // one line of text, optional
  kCount,      // a non-negative integer up to `max`
  kAmount,     // a non-negative number up to `max`
  kFlag,       // 是/否
  kPercent,    // 0–100
  kYear,       // 1900–2100 or empty
  kReadOnly,   // written on export, ignored on import
};

// A cell's value once parsed by its kind.
struct CellValue {
  std::string text;   // kId, kCounty (the code), kProgramme (the id), texts
  double number = 0;  // kCount, kAmount, kPercent, kYear
  bool flag = false;  // kFlag
};

struct Column {
  absl::string_view header;  // as written, with the unit
  CellKind kind;
  bool required;  // a file without this column is refused
  double max;     // kCount, kAmount, kText (code points)
  double width;   // xlsx column width, in characters
  void (*set)(v1::ReserveProject& project, const CellValue& value);
  OutCell (*get)(const v1::ReserveProject& project, const orgs::OrgTree& tree);
};

const std::vector<Column>& ProjectColumns();

// The column a header names, as an index into ProjectColumns().
std::optional<std::size_t> FindColumn(absl::string_view header);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_COLUMNS_H_
