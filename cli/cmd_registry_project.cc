// anjuctl project create|show|list|update|transition|delete|rank: the
// reserve's projects (入库项目) and their ranking (排序).

#include <iostream>
#include <memory>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/cmd_registry.h"
#include "cli/report_args.h"
#include "google/protobuf/field_mask.pb.h"

namespace anju::cli {
namespace {

using Stub = RegistryClient::Stub;
using anju::v1::ReserveProject;

// Every list and ranking page at most; --all follows the page tokens.
constexpr int kMaxPages = 1000;

// --etag, else the project's current one (read first).
absl::StatusOr<std::string> EtagFor(const ProjectOptions& options,
                                    const RegistryClient& client) {
  if (!options.etag.empty()) return options.etag;
  anju::v1::GetProjectRequest request;
  request.set_id(options.id);
  absl::StatusOr<ReserveProject> current =
      client.Call(&Stub::GetProject, request);
  if (!current.ok()) return current.status();
  return current->etag();
}

absl::Status PrintProject(const ProjectOptions& options,
                          const ReserveProject& project, std::ostream& out) {
  return PrintMessage(options.format, ProjectDetail(project), project, out);
}

}  // namespace

absl::Status RunProjectCreate(const ProjectOptions& options,
                              const RegistryClient& client, std::ostream& out) {
  anju::v1::CreateProjectRequest request;
  ReserveProject* project = request.mutable_project();
  project->set_org(OrgArg(options.org));
  absl::StatusOr<std::string> programme =
      ParseProgrammeArg(options.programme, "--programme");
  if (!programme.ok()) return programme.status();
  project->set_programme(*programme);
  absl::StatusOr<std::vector<std::string>> set =
      ApplyProjectFields(options.fields, project);
  if (!set.ok()) return set.status();
  absl::StatusOr<ReserveProject> created =
      client.Call(&Stub::CreateProject, request);
  if (!created.ok()) return created.status();
  return PrintProject(options, *created, out);
}

absl::Status RunProjectShow(const ProjectOptions& options,
                            const RegistryClient& client, std::ostream& out) {
  anju::v1::GetProjectRequest request;
  request.set_id(options.id);
  absl::StatusOr<ReserveProject> project =
      client.Call(&Stub::GetProject, request);
  if (!project.ok()) return project.status();
  return PrintProject(options, *project, out);
}

absl::Status RunProjectList(const ProjectOptions& options,
                            const RegistryClient& client, std::ostream& out) {
  anju::v1::ListProjectsRequest request;
  request.set_org(OrgArg(options.org));
  if (!options.programme.empty()) {
    absl::StatusOr<std::string> programme =
        ParseProgrammeArg(options.programme, "--programme");
    if (!programme.ok()) return programme.status();
    request.set_programme(*programme);
  }
  if (!options.status.empty()) {
    absl::StatusOr<anju::v1::ProjectStatus> status =
        ParseProjectStatus(options.status);
    if (!status.ok()) return status.status();
    request.set_status(*status);
  }
  request.set_plan_year(options.plan_year);
  request.set_name_contains(options.name_contains);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  anju::v1::ListProjectsResponse all;
  for (int page = 0; page < kMaxPages; ++page) {
    absl::StatusOr<anju::v1::ListProjectsResponse> listed =
        client.Call(&Stub::ListProjects, request);
    if (!listed.ok()) return listed.status();
    all.mutable_projects()->MergeFrom(listed->projects());
    all.set_total_size(listed->total_size());
    all.set_next_page_token(listed->next_page_token());
    if (!options.all_pages || listed->next_page_token().empty()) break;
    request.set_page_token(listed->next_page_token());
  }
  return PrintMessage(options.format, ProjectListTable(all), all, out);
}

absl::Status RunProjectUpdate(const ProjectOptions& options,
                              const RegistryClient& client, std::ostream& out) {
  anju::v1::UpdateProjectRequest request;
  ReserveProject* project = request.mutable_project();
  absl::StatusOr<std::vector<std::string>> paths =
      ApplyProjectFields(options.fields, project);
  if (!paths.ok()) return paths.status();
  if (paths->empty()) {
    return UsageError(
        "project update: 至少给出一个要修改的字段, 如 --units 46");
  }
  for (const std::string& path : *paths) {
    request.mutable_update_mask()->add_paths(path);
  }
  absl::StatusOr<std::string> etag = EtagFor(options, client);
  if (!etag.ok()) return etag.status();
  project->set_id(options.id);
  project->set_etag(*etag);
  absl::StatusOr<ReserveProject> updated =
      client.Call(&Stub::UpdateProject, request);
  if (!updated.ok()) return updated.status();
  return PrintProject(options, *updated, out);
}

absl::Status RunProjectTransition(const ProjectOptions& options,
                                  const RegistryClient& client,
                                  std::ostream& out) {
  absl::StatusOr<anju::v1::ProjectStatus> to = ParseProjectStatus(options.to);
  if (!to.ok()) return to.status();
  if (*to == anju::v1::PROJECT_STATUS_PLANNED && options.plan_year == 0) {
    return UsageError("project transition --to 计划: 须给出 --plan-year");
  }
  if (*to > anju::v1::PROJECT_STATUS_PLANNED && options.date.empty()) {
    return UsageError(absl::StrCat("project transition --to ", options.to,
                                   ": 须给出 --date YYYY-MM-DD"));
  }
  absl::StatusOr<std::string> etag = EtagFor(options, client);
  if (!etag.ok()) return etag.status();
  anju::v1::TransitionProjectRequest request;
  request.set_id(options.id);
  request.set_to(*to);
  request.set_plan_year(options.plan_year);
  request.set_date(options.date);
  request.set_etag(*etag);
  request.set_reason(options.reason);
  absl::StatusOr<ReserveProject> moved =
      client.Call(&Stub::TransitionProject, request);
  if (!moved.ok()) return moved.status();
  return PrintProject(options, *moved, out);
}

absl::Status RunProjectDelete(const ProjectOptions& options,
                              const RegistryClient& client, std::ostream& out) {
  absl::StatusOr<std::string> etag = EtagFor(options, client);
  if (!etag.ok()) return etag.status();
  anju::v1::DeleteProjectRequest request;
  request.set_id(options.id);
  request.set_etag(*etag);
  absl::StatusOr<google::protobuf::Empty> deleted =
      client.Call(&Stub::DeleteProject, request);
  if (!deleted.ok()) return deleted.status();
  return PrintMessage(options.format,
                      absl::StrCat("已删除项目 ", options.id, "\n"), *deleted,
                      out);
}

absl::Status RunProjectRank(const ProjectOptions& options,
                            const RegistryClient& client, std::ostream& out) {
  anju::v1::RankProjectsRequest request;
  request.set_org(OrgArg(options.org));
  absl::StatusOr<std::string> programme =
      ParseProgrammeArg(options.programme, "--programme");
  if (!programme.ok()) return programme.status();
  request.set_programme(*programme);
  for (const std::string& text : options.statuses) {
    absl::StatusOr<anju::v1::ProjectStatus> status = ParseProjectStatus(text);
    if (!status.ok()) return status.status();
    request.add_statuses(*status);
  }
  request.set_year(options.year);
  request.set_model_version(options.model_version);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  anju::v1::RankProjectsResponse all;
  for (int page = 0; page < kMaxPages; ++page) {
    absl::StatusOr<anju::v1::RankProjectsResponse> ranked =
        client.Call(&Stub::RankProjects, request);
    if (!ranked.ok()) return ranked.status();
    all.mutable_projects()->MergeFrom(ranked->projects());
    all.set_model_version(ranked->model_version());
    all.set_total_size(ranked->total_size());
    all.set_next_page_token(ranked->next_page_token());
    if (!options.all_pages || ranked->next_page_token().empty()) break;
    request.set_page_token(ranked->next_page_token());
  }
  return PrintMessage(options.format, RankTable(all), all, out);
}

namespace {

// A subcommand of `project` that runs `run` with the registry client.
CLI::App* AddStep(CLI::App* parent, const GlobalOptions& global,
                  absl::Status* outcome, const char* name,
                  const char* description,
                  const std::shared_ptr<ProjectOptions>& options,
                  absl::Status (*run)(const ProjectOptions&,
                                      const RegistryClient&, std::ostream&)) {
  CLI::App* step = parent->add_subcommand(name, description);
  AddMessageFormat(step, &options->format);
  step->final_callback([options, &global, outcome, run] {
    *outcome = WithRegistry(global, [&](const RegistryClient& client) {
      return run(*options, client, std::cout);
    });
  });
  return step;
}

void AddIdArgument(CLI::App* step, ProjectOptions* options) {
  step->add_option("id", options->id, "项目编号")->required();
}

void AddFieldOptions(CLI::App* step, ProjectOptions* options) {
  for (const ProjectFieldFlag& flag : ProjectFieldFlags()) {
    const std::string name = flag.flag;
    step->add_option_function<std::string>(
        absl::StrCat("--", name),
        [options, name](const std::string& value) {
          options->fields[name] = value;
        },
        flag.help);
  }
}

void AddPaging(CLI::App* step, ProjectOptions* options) {
  step->add_option("--page-size", options->page_size, "每页条数 (≤1000)")
      ->check(CLI::Range(0, 1000));
  step->add_option("--page-token", options->page_token, "上一页给出的令牌");
  step->add_flag("--all", options->all_pages, "取回所有页");
}

void AddCrudSteps(CLI::App* project, const GlobalOptions& global,
                  absl::Status* outcome) {
  auto create = std::make_shared<ProjectOptions>();
  CLI::App* c =
      AddStep(project, global, outcome, "create",
              "入库: a new project, status 储备", create, RunProjectCreate);
  c->add_option("--org", create->org, "旗县区 (代码、名称或简称)")->required();
  c->add_option("--programme", create->programme,
                "棚户区改造/保障性租赁住房/公租房/老旧小区改造 or its id")
      ->required();
  AddFieldOptions(c, create.get());

  auto show = std::make_shared<ProjectOptions>();
  AddIdArgument(
      AddStep(project, global, outcome, "show",
              "A project with its priority score", show, RunProjectShow),
      show.get());

  auto list = std::make_shared<ProjectOptions>();
  CLI::App* l = AddStep(project, global, outcome, "list",
                        "Projects of a county, a city or the region", list,
                        RunProjectList);
  l->add_option("--org", list->org, "旗县区、盟市或自治区")->required();
  l->add_option("--programme", list->programme, "only this programme");
  l->add_option("--status", list->status, "储备/计划/开工/竣工/交付");
  l->add_option("--plan-year", list->plan_year, "纳入计划年度");
  l->add_option("--name-contains", list->name_contains, "名称包含");
  AddPaging(l, list.get());

  auto update = std::make_shared<ProjectOptions>();
  CLI::App* u = AddStep(project, global, outcome, "update",
                        "Change the fields given (an update mask of them)",
                        update, RunProjectUpdate);
  AddIdArgument(u, update.get());
  u->add_option("--etag", update->etag, "the etag last read; default: current");
  AddFieldOptions(u, update.get());
}

void AddLifecycleSteps(CLI::App* project, const GlobalOptions& global,
                       absl::Status* outcome) {
  auto move = std::make_shared<ProjectOptions>();
  CLI::App* t =
      AddStep(project, global, outcome, "transition",
              "储备 → 计划 → 开工 → 竣工 → 交付", move, RunProjectTransition);
  AddIdArgument(t, move.get());
  t->add_option("--to", move->to, "计划/开工/竣工/交付")->required();
  t->add_option("--plan-year", move->plan_year, "→ 计划: the plan year");
  t->add_option("--date", move->date, "→ 开工/竣工/交付: YYYY-MM-DD");
  t->add_option("--reason", move->reason, "a note kept in the history");
  t->add_option("--etag", move->etag, "the etag last read; default: current");

  auto remove = std::make_shared<ProjectOptions>();
  CLI::App* d = AddStep(project, global, outcome, "delete",
                        "Remove a project still in 储备 and in no plan", remove,
                        RunProjectDelete);
  AddIdArgument(d, remove.get());
  d->add_option("--etag", remove->etag, "the etag last read; default: current");

  auto rank = std::make_shared<ProjectOptions>();
  CLI::App* r = AddStep(project, global, outcome, "rank",
                        "Projects by priority score (量化计分、排序)", rank,
                        RunProjectRank);
  r->add_option("--org", rank->org, "旗县区、盟市或自治区")->required();
  r->add_option("--programme", rank->programme, "the programme")->required();
  r->add_option("--status", rank->statuses,
                "statuses taking part; default 储备 and 计划");
  r->add_option("--year", rank->year, "reference year for ages");
  r->add_option("--model", rank->model_version, "model version");
  AddPaging(r, rank.get());
}

}  // namespace

void AddProjectCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome) {
  CLI::App* project = app.add_subcommand(
      "project",
      "项目储备库: create, show, list, update, transition, delete, "
      "rank, import, export");
  project->require_subcommand(1);
  AddCrudSteps(project, global, outcome);
  AddLifecycleSteps(project, global, outcome);
  AddProjectTableSteps(project, global, outcome);
}

}  // namespace anju::cli
