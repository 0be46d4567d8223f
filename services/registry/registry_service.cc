#include "services/registry/registry_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/status.h"

namespace anju::registry {

auth::Caller AnonymousRegionCaller(const orgs::OrgTree& orgs) {
  auth::Caller caller;
  caller.principal.id = "anonymous";
  caller.principal.role = auth::Role::kRegionAdmin;
  for (const orgs::Org& org : orgs.orgs()) {
    if (org.level == orgs::OrgLevel::kRegion) {
      caller.principal.org = org.code;
      break;
    }
  }
  caller.scope = auth::Scope::kRegion;
  caller.authenticated = false;
  return caller;
}

RegistryServiceImpl::RegistryServiceImpl(RegistryDeps deps)
    : deps_(std::move(deps)) {
  if (!deps_.caller) {
    auth::Caller anonymous = AnonymousRegionCaller(*deps_.orgs);
    deps_.caller = [anonymous](grpc::CallbackServerContext*) {
      return absl::StatusOr<auth::Caller>(anonymous);
    };
  }
  if (!deps_.clock) deps_.clock = [] { return absl::Now(); };
  pool_ = std::make_unique<common::WorkerPool>(deps_.workers, "registry");
}

RegistryServiceImpl::~RegistryServiceImpl() { pool_.reset(); }

void RegistryServiceImpl::PostWork(std::function<void()> work) {
  pool_->Post(std::move(work));
}

absl::Status RegistryServiceImpl::Authorize(const auth::Caller& caller,
                                            absl::string_view org) const {
  if (deps_.gate != nullptr) return deps_.gate->Authorize(caller, org);
  if (deps_.orgs->FindByCode(org) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("org: 未知的机构代码 (unknown org code) \"", org, "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ReserveProject> RegistryServiceImpl::LoadAuthorized(
    const auth::Caller& caller, absl::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError("id: 必填 (required)");
  if (id.size() > 64) {
    return absl::InvalidArgumentError("id: 不是项目编号 (too long for an id)");
  }
  absl::StatusOr<v1::ReserveProject> project = deps_.store->GetProject(id);
  if (!project.ok()) return project.status();
  if (auto s = Authorize(caller, project->org()); !s.ok()) return s;
  return project;
}

std::string RegistryServiceImpl::OrgName(const std::string& code) const {
  const orgs::Org* org = deps_.orgs->FindByCode(code);
  return org == nullptr ? "" : org->name;
}

int RegistryServiceImpl::ThisYear() const {
  return static_cast<int>(
      absl::ToCivilYear(deps_.clock(), absl::FixedTimeZone(8 * 3600)).year());
}

absl::Status RegistryServiceImpl::Decorate(
    std::vector<v1::ReserveProject*> projects, bool with_priority) {
  if (with_priority && deps_.priority_models != nullptr) {
    const PriorityModel& model = deps_.priority_models->in_force();
    const int year = ThisYear();
    for (v1::ReserveProject* p : projects) {
      if (!p->has_priority()) *p->mutable_priority() = model.Score(*p, year);
    }
  }
  if (projects.empty() || deps_.archive_rules == nullptr) {
    return absl::OkStatus();
  }
  std::vector<std::string> ids;
  for (const v1::ReserveProject* p : projects) ids.push_back(p->id());
  absl::StatusOr<std::map<std::string, std::set<int>>> present =
      deps_.store->ArchiveTypes(ids);
  if (!present.ok()) return present.status();
  static const std::set<int>* kNone = new std::set<int>();
  for (v1::ReserveProject* p : projects) {
    auto it = present->find(p->id());
    p->clear_missing_archive_types();
    for (v1::ArchiveType type : deps_.archive_rules->Missing(
             p->programme(), it == present->end() ? *kNone : it->second)) {
      p->add_missing_archive_types(type);
    }
  }
  return absl::OkStatus();
}

Actor RegistryServiceImpl::ActorOf(const auth::Caller& caller) const {
  return Actor{caller.principal.id, deps_.clock()};
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* RegistryServiceImpl::Dispatch(
    grpc::CallbackServerContext* context, const Request* request,
    Response* response,
    absl::Status (RegistryServiceImpl::*method)(const auth::Caller&,
                                                const Request&, Response*)) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<auth::Caller> caller = deps_.caller(context);
  if (!caller.ok()) {
    reactor->Finish(common::ToGrpcStatus(caller.status()));
    return reactor;
  }
  pool_->Post(
      [this, reactor, request, response, method, caller = *std::move(caller)] {
        reactor->Finish(
            common::ToGrpcStatus((this->*method)(caller, *request, response)));
      });
  return reactor;
}

// The unary RPCs: each hands its Do* method to the workers.
#define ANJU_REGISTRY_UNARY(Name, Request, Response)                \
  grpc::ServerUnaryReactor* RegistryServiceImpl::Name(              \
      grpc::CallbackServerContext* context, const Request* request, \
      Response* response) {                                         \
    return Dispatch(context, request, response,                     \
                    &RegistryServiceImpl::Do##Name);                \
  }

ANJU_REGISTRY_UNARY(CreateProject, v1::CreateProjectRequest, v1::ReserveProject)
ANJU_REGISTRY_UNARY(GetProject, v1::GetProjectRequest, v1::ReserveProject)
ANJU_REGISTRY_UNARY(UpdateProject, v1::UpdateProjectRequest, v1::ReserveProject)
ANJU_REGISTRY_UNARY(DeleteProject, v1::DeleteProjectRequest,
                    google::protobuf::Empty)
ANJU_REGISTRY_UNARY(ListProjects, v1::ListProjectsRequest,
                    v1::ListProjectsResponse)
ANJU_REGISTRY_UNARY(TransitionProject, v1::TransitionProjectRequest,
                    v1::ReserveProject)
ANJU_REGISTRY_UNARY(ListArchive, v1::ListArchiveRequest,
                    v1::ListArchiveResponse)
ANJU_REGISTRY_UNARY(GetPriorityModel, v1::GetPriorityModelRequest,
                    v1::PriorityModel)
ANJU_REGISTRY_UNARY(RankProjects, v1::RankProjectsRequest,
                    v1::RankProjectsResponse)
ANJU_REGISTRY_UNARY(DraftPlan, v1::DraftPlanRequest, v1::AnnualPlan)
ANJU_REGISTRY_UNARY(GetPlan, v1::GetPlanRequest, v1::AnnualPlan)
ANJU_REGISTRY_UNARY(AdjustPlan, v1::AdjustPlanRequest, v1::AnnualPlan)
ANJU_REGISTRY_UNARY(FreezePlan, v1::FreezePlanRequest, v1::AnnualPlan)
ANJU_REGISTRY_UNARY(GetReserveFacts, v1::GetReserveFactsRequest,
                    v1::ReserveFacts)
ANJU_REGISTRY_UNARY(ImportProjects, v1::ImportProjectsRequest,
                    v1::ImportProjectsResponse)
ANJU_REGISTRY_UNARY(ExportProjects, v1::ExportProjectsRequest,
                    v1::ExportProjectsResponse)

#undef ANJU_REGISTRY_UNARY

}  // namespace anju::registry
