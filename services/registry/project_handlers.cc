// The project RPCs of RegistryServiceImpl: create, read, update (field
// masks, etags), delete, list (filters, page tokens) and the lifecycle.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/text.h"
#include "services/registry/lifecycle.h"
#include "services/registry/page_token.h"
#include "services/registry/project_rules.h"
#include "services/registry/registry_service.h"
#include "services/registry/update_mask.h"

namespace anju::registry {
namespace {

constexpr int kMaxReasonBytes = 2000;
constexpr int kMaxEtagBytes = 64;

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status RequireEtag(absl::string_view etag,
                         absl::string_view field = "etag") {
  if (etag.empty()) {
    return Invalid(field, "必填: 先读取项目, 带上其 etag (required)");
  }
  if (etag.size() > kMaxEtagBytes) return Invalid(field, "过长 (too long)");
  return absl::OkStatus();
}

// Only what a caller may set: the lifecycle and computed fields are the
// service's.
v1::ReserveProject Editable(v1::ReserveProject project) {
  project.clear_id();
  project.clear_status();
  project.clear_plan_year();
  project.clear_start_date();
  project.clear_completion_date();
  project.clear_delivery_date();
  project.clear_etag();
  project.clear_create_time();
  project.clear_update_time();
  project.clear_priority();
  project.clear_missing_archive_types();
  return project;
}

// The violations of `project`; the org's first, so that the caller is
// authorized against a county that exists before anything else is said.
absl::Status CheckOrgFirst(const std::vector<FieldViolation>& violations) {
  std::vector<FieldViolation> org;
  for (const FieldViolation& v : violations) {
    if (v.field == "org") org.push_back(v);
  }
  return ViolationsStatus(org, "project.");
}

}  // namespace

absl::Status RegistryServiceImpl::DoCreateProject(
    const auth::Caller& caller, const v1::CreateProjectRequest& request,
    v1::ReserveProject* response) {
  const v1::ReserveProject project = Editable(request.project());
  const std::vector<FieldViolation> violations =
      CheckProject(project, *deps_.orgs);
  if (auto s = CheckOrgFirst(violations); !s.ok()) return s;
  if (auto s = Authorize(caller, project.org()); !s.ok()) return s;
  if (auto s = ViolationsStatus(violations, "project."); !s.ok()) return s;
  absl::StatusOr<v1::ReserveProject> created =
      deps_.store->CreateProject(project, ActorOf(caller));
  if (!created.ok()) return created.status();
  *response = *std::move(created);
  return Decorate({response});
}

absl::Status RegistryServiceImpl::DoGetProject(
    const auth::Caller& caller, const v1::GetProjectRequest& request,
    v1::ReserveProject* response) {
  absl::StatusOr<v1::ReserveProject> project =
      LoadAuthorized(caller, request.id());
  if (!project.ok()) return project.status();
  *response = *std::move(project);
  return Decorate({response});
}

absl::Status RegistryServiceImpl::DoUpdateProject(
    const auth::Caller& caller, const v1::UpdateProjectRequest& request,
    v1::ReserveProject* response) {
  const v1::ReserveProject& sent = request.project();
  if (auto s = RequireEtag(sent.etag(), "project.etag"); !s.ok()) return s;
  absl::StatusOr<v1::ReserveProject> stored = LoadAuthorized(caller, sent.id());
  if (!stored.ok()) return stored.status();
  absl::StatusOr<v1::ReserveProject> merged =
      ApplyUpdateMask(*stored, sent, request.update_mask());
  if (!merged.ok()) return merged.status();
  // A planned or started project belongs to a programme's plan and counts.
  if (merged->programme() != stored->programme() &&
      stored->status() != v1::PROJECT_STATUS_RESERVE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "project.programme: 只有储备状态的项目可以改变项目类型, 该项目为",
        StatusLabel(stored->status()),
        " (only a 储备 project can change programme)"));
  }
  if (auto s = ViolationsStatus(CheckProject(*merged, *deps_.orgs), "project.");
      !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::ReserveProject> written =
      deps_.store->ReplaceProject(*merged, sent.etag(), ActorOf(caller));
  if (!written.ok()) return written.status();
  *response = *std::move(written);
  return Decorate({response});
}

absl::Status RegistryServiceImpl::DoDeleteProject(
    const auth::Caller& caller, const v1::DeleteProjectRequest& request,
    google::protobuf::Empty*) {
  if (auto s = RequireEtag(request.etag()); !s.ok()) return s;
  absl::StatusOr<v1::ReserveProject> stored =
      LoadAuthorized(caller, request.id());
  if (!stored.ok()) return stored.status();
  if (stored->status() != v1::PROJECT_STATUS_RESERVE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "id: 只能删除储备状态的项目, 该项目为", StatusLabel(stored->status()),
        " (only a 储备 project can be deleted)"));
  }
  return deps_.store->DeleteProject(request.id(), request.etag());
}

absl::Status RegistryServiceImpl::DoTransitionProject(
    const auth::Caller& caller, const v1::TransitionProjectRequest& request,
    v1::ReserveProject* response) {
  if (auto s = RequireEtag(request.etag()); !s.ok()) return s;
  if (request.reason().size() > kMaxReasonBytes ||
      !common::IsValidUtf8(request.reason())) {
    return Invalid("reason", absl::StrCat("至多 ", kMaxReasonBytes,
                                          " 字节的 UTF-8 文本 (at most ",
                                          kMaxReasonBytes, " bytes)"));
  }
  absl::StatusOr<v1::ReserveProject> stored =
      LoadAuthorized(caller, request.id());
  if (!stored.ok()) return stored.status();
  absl::StatusOr<v1::ReserveProject> next = ApplyTransition(*stored, request);
  if (!next.ok()) return next.status();
  const Actor actor = ActorOf(caller);
  const Transition transition{
      stored->id(),   stored->status(), next->status(), next->plan_year(),
      request.date(), request.reason(), actor.id,       ApiTime(actor.at)};
  absl::StatusOr<v1::ReserveProject> written =
      deps_.store->ReplaceProject(*next, request.etag(), actor, &transition);
  if (!written.ok()) return written.status();
  *response = *std::move(written);
  return Decorate({response});
}

absl::Status RegistryServiceImpl::DoListProjects(
    const auth::Caller& caller, const v1::ListProjectsRequest& request,
    v1::ListProjectsResponse* response) {
  const std::string org =
      request.org().empty() ? caller.principal.org : request.org();
  const orgs::Org* scope = deps_.orgs->FindByCode(org);
  if (scope == nullptr) {
    return Invalid("org", absl::StrCat("未知的机构代码 (unknown org code) \"",
                                       common::Preview(org), "\""));
  }
  if (auto s = Authorize(caller, org); !s.ok()) return s;
  ProjectQuery query;
  if (scope->level == orgs::OrgLevel::kCounty) query.county = org;
  if (scope->level == orgs::OrgLevel::kCity) query.city = org;
  if (!request.programme().empty() &&
      !IsRegistryProgramme(request.programme())) {
    return Invalid("programme",
                   absl::StrCat("未知的项目类别 (unknown programme) \"",
                                common::Preview(request.programme()), "\""));
  }
  query.programme = request.programme();
  if (!v1::ProjectStatus_IsValid(request.status())) {
    return Invalid("status", absl::StrCat("未知的状态 (unknown status) ",
                                          request.status()));
  }
  query.status = request.status();
  if (request.plan_year() != 0 &&
      (request.plan_year() < 2000 || request.plan_year() > 2100)) {
    return Invalid("plan_year", absl::StrCat("须为 0 或 2000–2100 (got ",
                                             request.plan_year(), ")"));
  }
  query.plan_year = request.plan_year();
  const RegistryLimits& limits = deps_.limits;
  if (request.name_contains().size() >
          static_cast<size_t>(limits.max_name_filter_bytes) ||
      !common::IsValidUtf8(request.name_contains())) {
    return Invalid("name_contains",
                   absl::StrCat("至多 ", limits.max_name_filter_bytes,
                                " 字节的 UTF-8 文本 (at most ",
                                limits.max_name_filter_bytes, " bytes)"));
  }
  query.name_contains = request.name_contains();
  if (request.page_size() < 0) {
    return Invalid("page_size",
                   absl::StrCat("须 ≥ 0 (got ", request.page_size(), ")"));
  }
  query.limit = request.page_size() == 0
                    ? limits.default_page_size
                    : std::min(request.page_size(), limits.max_page_size);
  const std::string fingerprint =
      FilterFingerprint({org, query.programme, absl::StrCat(query.status),
                         absl::StrCat(query.plan_year), query.name_contains});
  if (!request.page_token().empty()) {
    absl::StatusOr<std::vector<std::string>> position =
        DecodePageToken(request.page_token(), fingerprint, 3);
    if (!position.ok()) return position.status();
    query.after = ProjectKey{(*position)[0], (*position)[1], (*position)[2]};
  }
  absl::StatusOr<ProjectPage> page = deps_.store->ListProjects(query);
  if (!page.ok()) return page.status();
  std::vector<v1::ReserveProject*> listed;
  for (v1::ReserveProject& project : page->projects) {
    listed.push_back(response->add_projects());
    *listed.back() = std::move(project);
  }
  if (page->more && !listed.empty()) {
    const v1::ReserveProject& last = *listed.back();
    response->set_next_page_token(EncodePageToken(
        {last.org(), last.programme(), last.id()}, fingerprint));
  }
  response->set_total_size(static_cast<int32_t>(page->total));
  return Decorate(std::move(listed));
}

}  // namespace anju::registry
