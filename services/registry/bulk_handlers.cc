// ImportProjects and ExportProjects: spreadsheets (CSV, xlsx) through
// tabular/, every parsed row checked by CheckProject, one transaction.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/text.h"
#include "services/registry/project_rules.h"
#include "services/registry/registry_service.h"
#include "services/registry/tabular/project_table.h"

namespace anju::registry {
namespace {

constexpr int kMaxExportRows = 200000;

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

// The spreadsheet column of a project field, for a row error (the headers
// of tabular/); the field path itself when it has none.
std::string ColumnOf(absl::string_view field) {
  static const auto* kColumns =
      new std::map<std::string, std::string, std::less<>>{
          {"id", "项目编号"},
          {"org", "旗县区"},
          {"programme", "项目类型"},
          {"name", "项目名称"},
          {"address", "项目地址"},
          {"units", "套数(套)"},
          {"households", "户数(户)"},
          {"buildings", "栋数(栋)"},
          {"floor_area_10k_m2", "建筑面积(万m²)"},
          {"communities", "小区个数"},
          {"investment_10k_yuan", "估算总投资(万元)"},
          {"funding", "估算总投资(万元)"},
          {"funding.central", "中央补助(万元)"},
          {"funding.region", "自治区补助(万元)"},
          {"funding.city", "盟市配套(万元)"},
          {"funding.county", "旗县配套(万元)"},
          {"funding.social", "社会及居民出资(万元)"},
          {"funding.loans_bonds", "贷款或债券(万元)"},
          {"resident_consent_pct", "居民同意率(%)"},
          {"building_year", "建成年份"},
          {"shortfalls.basic", "基础类短板"},
          {"shortfalls.improvement", "完善类短板"},
          {"shortfalls.upgrade", "提升类短板"},
      };
  auto it = kColumns->find(field);
  return it == kColumns->end() ? std::string(field) : it->second;
}

v1::RowError RowErrorOf(int row, absl::string_view field,
                        absl::string_view message) {
  v1::RowError error;
  error.set_row(row);
  error.set_column(ColumnOf(field));
  error.set_message(std::string(message));
  return error;
}

absl::Status CheckFormat(v1::TableFormat format) {
  if (format == v1::TABLE_FORMAT_CSV || format == v1::TABLE_FORMAT_XLSX) {
    return absl::OkStatus();
  }
  return Invalid("format", "须为 CSV 或 XLSX (required)");
}

}  // namespace

// A parsed row's errors beyond the parser's: the project rules, the
// import's org, and an id that must name an existing project of that org.
std::vector<v1::RowError> RegistryServiceImpl::CheckImportRow(
    const auth::Caller& caller, const orgs::Org& scope, int row,
    const v1::ReserveProject& project) {
  std::vector<v1::RowError> errors;
  for (const FieldViolation& v : CheckProject(project, *deps_.orgs)) {
    errors.push_back(RowErrorOf(row, v.field, v.rule));
  }
  if (!project.org().empty() && project.org() != scope.code &&
      !deps_.orgs->IsAncestor(scope.code, project.org())) {
    errors.push_back(RowErrorOf(row, "org",
                                absl::StrCat("不属于 ", scope.name,
                                             " (the row's county is not of "
                                             "the import's org)")));
  }
  if (!project.id().empty()) {
    absl::StatusOr<v1::ReserveProject> stored =
        deps_.store->GetProject(project.id());
    if (!stored.ok()) {
      errors.push_back(
          RowErrorOf(row, "id",
                     absl::StrCat("项目编号不存在 (no project ",
                                  common::Preview(project.id()), ")")));
    } else if (stored->org() != project.org() ||
               !Authorize(caller, stored->org()).ok()) {
      errors.push_back(RowErrorOf(
          row, "id", "项目编号属于其他旗县区 (the id is another county's)"));
    }
  }
  return errors;
}

absl::Status RegistryServiceImpl::DoImportProjects(
    const auth::Caller& caller, const v1::ImportProjectsRequest& request,
    v1::ImportProjectsResponse* response) {
  if (auto s = CheckFormat(request.format()); !s.ok()) return s;
  if (static_cast<int64_t>(request.content().size()) >
      deps_.limits.max_import_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("content: 文件超过 ", deps_.limits.max_import_bytes,
                     " 字节 (too large: the import limit is ",
                     deps_.limits.max_import_bytes, " bytes)"));
  }
  absl::StatusOr<const orgs::Org*> scope = ResolveScope(caller, request.org());
  if (!scope.ok()) return scope.status();
  absl::StatusOr<tabular::ParsedTable> table =
      tabular::ReadProjects(request.format(), request.content(), *deps_.orgs);
  if (!table.ok()) return table.status();
  response->set_rows(table->data_rows);
  std::vector<v1::RowError> errors = table->errors;
  std::vector<v1::ReserveProject> valid;
  for (const tabular::ParsedProject& parsed : table->projects) {
    std::vector<v1::RowError> row_errors =
        CheckImportRow(caller, **scope, parsed.row, parsed.project);
    if (row_errors.empty()) {
      valid.push_back(parsed.project);
    } else {
      errors.insert(errors.end(), row_errors.begin(), row_errors.end());
    }
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const v1::RowError& a, const v1::RowError& b) {
                     return a.row() < b.row();
                   });
  for (v1::RowError& error : errors) *response->add_errors() = std::move(error);
  const bool refused = !errors.empty() && !request.valid_rows_only();
  if (refused || request.dry_run() || valid.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<v1::ReserveProject>> written =
      deps_.store->WriteProjects(std::move(valid), ActorOf(caller));
  if (!written.ok()) return written.status();
  response->set_imported(static_cast<int32_t>(written->size()));
  for (const v1::ReserveProject& p : *written)
    response->add_project_ids(p.id());
  return absl::OkStatus();
}

absl::Status RegistryServiceImpl::DoExportProjects(
    const auth::Caller& caller, const v1::ExportProjectsRequest& request,
    v1::ExportProjectsResponse* response) {
  if (auto s = CheckFormat(request.format()); !s.ok()) return s;
  absl::StatusOr<const orgs::Org*> org = ResolveScope(caller, request.org());
  if (!org.ok()) return org.status();
  if (!request.programme().empty() &&
      !IsRegistryProgramme(request.programme())) {
    return Invalid("programme",
                   absl::StrCat("未知的项目类别 (unknown programme) \"",
                                common::Preview(request.programme()), "\""));
  }
  absl::StatusOr<std::vector<v1::ReserveProject>> projects =
      ProjectsUnder(**org, request.programme());
  if (!projects.ok()) return projects.status();
  if (projects->size() > static_cast<size_t>(kMaxExportRows)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "org: 项目超过 ", kMaxExportRows, " 个, 请按项目类别分别导出"));
  }
  absl::StatusOr<std::string> content =
      tabular::WriteProjects(request.format(), *projects, *deps_.orgs);
  if (!content.ok()) return content.status();
  const bool csv = request.format() == v1::TABLE_FORMAT_CSV;
  response->set_content(*std::move(content));
  response->set_file_name(absl::StrCat(
      "项目储备库-", (*org)->code, request.programme().empty() ? "" : "-",
      request.programme(), csv ? ".csv" : ".xlsx"));
  response->set_content_type(
      csv ? "text/csv; charset=utf-8"
          : "application/"
            "vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  response->set_rows(static_cast<int32_t>(projects->size()));
  return absl::OkStatus();
}

}  // namespace anju::registry
