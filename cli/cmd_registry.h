#ifndef ANJU_CLI_CMD_REGISTRY_H_
#define ANJU_CLI_CMD_REGISTRY_H_

// anjuctl's registry commands (项目储备库, issue 4): `project`
// create|show|list|update|transition|delete|rank|import|export, `archive`
// upload|list|download and `plan` draft|show|adjust|freeze. What they
// share is declared here so that tests reach it without a server: the
// option structs, the argument parsers, the renderers, the Run functions.

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"
#include "cli/command.h"
#include "cli/registry_client.h"

namespace CLI {
class App;
}  // namespace CLI

namespace anju::cli {

void AddProjectCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome);
void AddArchiveCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome);
void AddPlanCommand(CLI::App& app, const GlobalOptions& global,
                    absl::Status* outcome);
// project import|export, under `project` (cmd_registry_table.cc).
void AddProjectTableSteps(CLI::App* project, const GlobalOptions& global,
                          absl::Status* outcome);

// ---- Arguments (cmd_registry_args.cc) ----

// A project field as a command-line option of create and update, e.g.
// --units → "units", --approved → "readiness.approved".
struct ProjectFieldFlag {
  const char* flag;  // without the dashes
  const char* path;  // the field mask path
  const char* help;  // Chinese, with the unit
};
const std::vector<ProjectFieldFlag>& ProjectFieldFlags();

// Sets the fields given (flag → text) on `project` and returns their paths,
// in flag order, for an update mask. Numbers as the spreadsheets take them
// ("1,234"), flags 是/否. A usage error naming the flag and the rule.
absl::StatusOr<std::vector<std::string>> ApplyProjectFields(
    const std::map<std::string, std::string>& fields,
    anju::v1::ReserveProject* project);

// 储备 / reserve, 计划 / planned, 开工 / started, 竣工 / completed, 交付 /
// delivered.
absl::StatusOr<anju::v1::ProjectStatus> ParseProjectStatus(
    absl::string_view text);
std::string ProjectStatusLabel(anju::v1::ProjectStatus status);

// 基本情况 / basic_info, 居民改造意愿 / resident_willingness, 改造方案 /
// renovation_plan, 工程进度 / progress, 改造前后效果 / before_after.
absl::StatusOr<anju::v1::ArchiveType> ParseArchiveType(absl::string_view text);
std::string ArchiveTypeLabel(anju::v1::ArchiveType type);

// A programme id from its id or Chinese name (棚户区改造 → shanty).
absl::StatusOr<std::string> ParseProgrammeArg(absl::string_view text,
                                              absl::string_view flag);
std::string ProgrammeLabel(absl::string_view id);

// An org argument as its code when the hierarchy file knows it ("克旗" →
// "150425"), else as given: the service has the last word.
std::string OrgArg(const std::string& text);

// csv or xlsx from --format, else from the file's extension.
absl::StatusOr<anju::v1::TableFormat> TableFormatFor(const std::string& format,
                                                     const std::string& path);

// "150425=120" (units) or "克旗=120/300" (units/households) for --target.
absl::StatusOr<std::pair<std::string, anju::v1::CountyTarget>>
ParseCountyTarget(absl::string_view text);

// "key=value" pairs of --data.
absl::StatusOr<std::map<std::string, std::string>> ParseDataPairs(
    const std::vector<std::string>& pairs);

// ---- Views (cmd_registry_view.cc) ----

std::string ProjectListTable(const anju::v1::ListProjectsResponse& response);
std::string ProjectDetail(const anju::v1::ReserveProject& project);
std::string RankTable(const anju::v1::RankProjectsResponse& response);
std::string PlanText(const anju::v1::AnnualPlan& plan);
std::string ArchiveRecordLine(const anju::v1::ArchiveRecord& record);
std::string ArchiveText(const anju::v1::ListArchiveResponse& response);
// Every row error as "第N行 列: 消息", then a summary line.
std::string ImportText(const anju::v1::ImportProjectsResponse& response,
                       bool dry_run, bool valid_rows_only);

// ---- Runs (cmd_registry_project.cc, _archive.cc, _plan.cc) ----

struct ProjectOptions {
  std::string id;
  std::string etag;  // optional: without it the current one is read first
  std::string org;
  std::string programme;
  std::map<std::string, std::string> fields;  // create, update
  // list and rank
  std::string status;
  std::vector<std::string> statuses;
  int plan_year = 0;
  int year = 0;
  std::string name_contains;
  std::string model_version;
  int page_size = 0;
  std::string page_token;
  bool all_pages = false;
  // transition
  std::string to;
  std::string date;
  std::string reason;
  std::string format = "text";
};

absl::Status RunProjectCreate(const ProjectOptions& options,
                              const RegistryClient& client, std::ostream& out);
absl::Status RunProjectShow(const ProjectOptions& options,
                            const RegistryClient& client, std::ostream& out);
absl::Status RunProjectList(const ProjectOptions& options,
                            const RegistryClient& client, std::ostream& out);
absl::Status RunProjectUpdate(const ProjectOptions& options,
                              const RegistryClient& client, std::ostream& out);
absl::Status RunProjectTransition(const ProjectOptions& options,
                                  const RegistryClient& client,
                                  std::ostream& out);
absl::Status RunProjectDelete(const ProjectOptions& options,
                              const RegistryClient& client, std::ostream& out);
absl::Status RunProjectRank(const ProjectOptions& options,
                            const RegistryClient& client, std::ostream& out);

struct SheetOptions {
  std::string file;    // import: the sheet; export: where to write
  std::string format;  // csv | xlsx; default from the file's extension
  std::string org;
  std::string programme;  // export
  bool valid_rows_only = false;
  bool dry_run = false;
  bool stdout_is_terminal = false;
};

// Non-OK when the sheet had errors, also after importing the valid rows.
absl::Status RunProjectImport(const SheetOptions& options,
                              const RegistryClient& client, std::ostream& out);
absl::Status RunProjectExport(const SheetOptions& options,
                              const RegistryClient& client, std::ostream& out);

struct ArchiveOptions {
  std::string project_id;
  std::string type;
  std::string title;
  std::vector<std::string> data;  // key=value
  std::string file;               // upload: the file; download: the output
  std::string content_type;
  std::string sha256;
  std::string format = "text";
};

absl::Status RunArchiveUpload(const ArchiveOptions& options,
                              const RegistryClient& client, std::ostream& out);
absl::Status RunArchiveList(const ArchiveOptions& options,
                            const RegistryClient& client, std::ostream& out);
absl::Status RunArchiveDownload(const ArchiveOptions& options,
                                const RegistryClient& client,
                                std::ostream& out);

struct PlanOptions {
  std::string org;
  std::string programme;
  int year = 0;
  double budget_cap = 0;             // 万元; 0: none
  std::vector<std::string> targets;  // county=units[/households]
  std::vector<std::string> add;
  std::vector<std::string> remove;
  std::string reason;
  std::string etag;
  std::string format = "text";
};

absl::Status RunPlanDraft(const PlanOptions& options,
                          const RegistryClient& client, std::ostream& out);
absl::Status RunPlanShow(const PlanOptions& options,
                         const RegistryClient& client, std::ostream& out);
absl::Status RunPlanAdjust(const PlanOptions& options,
                           const RegistryClient& client, std::ostream& out);
absl::Status RunPlanFreeze(const PlanOptions& options,
                           const RegistryClient& client, std::ostream& out);

}  // namespace anju::cli

#endif  // ANJU_CLI_CMD_REGISTRY_H_
