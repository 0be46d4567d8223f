// The priority, ranking, plan and reserve-facts RPCs of RegistryServiceImpl.
// The scoring, ranking, drafting and facts are pure functions of priority/;
// this file loads what they read, checks identity and input, and stores.

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/text.h"
#include "services/registry/page_token.h"
#include "services/registry/priority/plan_draft.h"
#include "services/registry/priority/priority_model.h"
#include "services/registry/priority/ranking.h"
#include "services/registry/priority/reserve_facts.h"
#include "services/registry/project_rules.h"
#include "services/registry/registry_service.h"

namespace anju::registry {
namespace {

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;
constexpr int kMaxReasonBytes = 2000;
constexpr int kMaxAdjustIds = 1000;
constexpr int kMaxEtagBytes = 64;

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status CheckYear(int year, absl::string_view field, bool zero_ok) {
  if ((zero_ok && year == 0) || (year >= kMinYear && year <= kMaxYear)) {
    return absl::OkStatus();
  }
  return Invalid(field, absl::StrCat("须在 ", kMinYear, "–", kMaxYear,
                                     " 之间 (got ", year, ")"));
}

absl::Status CheckProgramme(absl::string_view programme) {
  if (IsRegistryProgramme(programme)) return absl::OkStatus();
  return Invalid("programme",
                 absl::StrCat("须为 shanty, affordable_rental, public_rental, "
                              "oldcomm 之一 (got \"",
                              common::Preview(programme), "\")"));
}

absl::Status RequireEtag(absl::string_view etag) {
  if (etag.empty()) return Invalid("etag", "必填: 先读取计划 (required)");
  if (etag.size() > kMaxEtagBytes) return Invalid("etag", "过长 (too long)");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<const orgs::Org*> RegistryServiceImpl::ResolveScope(
    const auth::Caller& caller, absl::string_view org) const {
  const orgs::Org* found = deps_.orgs->FindByCode(org);
  if (found == nullptr) {
    return Invalid("org", absl::StrCat("未知的机构代码 (unknown org code) \"",
                                       common::Preview(org), "\""));
  }
  if (auto s = Authorize(caller, org); !s.ok()) return s;
  return found;
}

absl::StatusOr<std::vector<v1::ReserveProject>>
RegistryServiceImpl::ProjectsUnder(const orgs::Org& org,
                                   absl::string_view programme) {
  ProjectQuery query;
  if (org.level == orgs::OrgLevel::kCounty) query.county = org.code;
  if (org.level == orgs::OrgLevel::kCity) query.city = org.code;
  query.programme = std::string(programme);
  query.limit = 0;
  absl::StatusOr<ProjectPage> page = deps_.store->ListProjects(query);
  if (!page.ok()) return page.status();
  return std::move(page->projects);
}

absl::StatusOr<const PriorityModel*> RegistryServiceImpl::Model(
    absl::string_view version) const {
  if (deps_.priority_models == nullptr) {
    return absl::FailedPreconditionError(
        "model_version: 本服务未加载评分模型 (no priority models loaded)");
  }
  if (version.size() > 64) return Invalid("model_version", "过长 (too long)");
  absl::StatusOr<const PriorityModel*> model =
      deps_.priority_models->Find(version);
  if (!model.ok() && absl::IsNotFound(model.status())) {
    return absl::NotFoundError(
        absl::StrCat("model_version: 没有此版本的评分模型 (no model \"",
                     common::Preview(version), "\")"));
  }
  return model;
}

absl::Status RegistryServiceImpl::DoGetPriorityModel(
    const auth::Caller&, const v1::GetPriorityModelRequest& request,
    v1::PriorityModel* response) {
  absl::StatusOr<const PriorityModel*> model = Model(request.version());
  if (!model.ok()) return model.status();
  *response = (*model)->ToProto();
  return absl::OkStatus();
}

absl::Status RegistryServiceImpl::DoRankProjects(
    const auth::Caller& caller, const v1::RankProjectsRequest& request,
    v1::RankProjectsResponse* response) {
  absl::StatusOr<const orgs::Org*> org = ResolveScope(caller, request.org());
  if (!org.ok()) return org.status();
  if (auto s = CheckProgramme(request.programme()); !s.ok()) return s;
  if (auto s = CheckYear(request.year(), "year", true); !s.ok()) return s;
  std::set<int> statuses;
  for (int status : request.statuses()) {
    if (status == v1::PROJECT_STATUS_UNSPECIFIED ||
        !v1::ProjectStatus_IsValid(status)) {
      return Invalid("statuses",
                     absl::StrCat("未知的状态 (unknown status) ", status));
    }
    statuses.insert(status);
  }
  if (statuses.empty()) {
    statuses = {v1::PROJECT_STATUS_RESERVE, v1::PROJECT_STATUS_PLANNED};
  }
  if (request.page_size() < 0) {
    return Invalid("page_size",
                   absl::StrCat("须 ≥ 0 (got ", request.page_size(), ")"));
  }
  absl::StatusOr<const PriorityModel*> model = Model(request.model_version());
  if (!model.ok()) return model.status();
  const int year = request.year() == 0 ? ThisYear() : request.year();
  const int page_size =
      request.page_size() == 0
          ? deps_.limits.default_page_size
          : std::min(request.page_size(), deps_.limits.max_page_size);
  std::vector<std::string> filter = {(*org)->code, request.programme(),
                                     absl::StrCat(year), (*model)->version()};
  for (int status : statuses) filter.push_back(absl::StrCat(status));
  const std::string fingerprint = FilterFingerprint(filter);
  size_t offset = 0;
  if (!request.page_token().empty()) {
    absl::StatusOr<std::vector<std::string>> position =
        DecodePageToken(request.page_token(), fingerprint, 1);
    if (!position.ok()) return position.status();
    if (!absl::SimpleAtoi((*position)[0], &offset)) {
      return Invalid("page_token", "无效的分页标记 (not a page token)");
    }
  }
  absl::StatusOr<std::vector<v1::ReserveProject>> projects =
      ProjectsUnder(**org, request.programme());
  if (!projects.ok()) return projects.status();
  projects->erase(std::remove_if(projects->begin(), projects->end(),
                                 [&](const v1::ReserveProject& p) {
                                   return statuses.count(p.status()) == 0;
                                 }),
                  projects->end());
  std::vector<v1::RankedProject> ranked =
      anju::registry::RankProjects(**model, *std::move(projects), year);
  response->set_model_version((*model)->version());
  response->set_total_size(static_cast<int32_t>(ranked.size()));
  std::vector<v1::ReserveProject*> page;
  for (size_t i = offset;
       i < ranked.size() && page.size() < static_cast<size_t>(page_size); ++i) {
    v1::RankedProject* out = response->add_projects();
    *out = std::move(ranked[i]);
    page.push_back(out->mutable_project());
  }
  if (offset + page.size() < ranked.size()) {
    response->set_next_page_token(
        EncodePageToken({absl::StrCat(offset + page.size())}, fingerprint));
  }
  return Decorate(std::move(page), /*with_priority=*/false);
}

absl::Status RegistryServiceImpl::CheckConstraints(
    const orgs::Org& org, const v1::PlanConstraints& constraints) const {
  if (auto s = ValidatePlanConstraints(constraints); !s.ok()) return s;
  for (const auto& entry : constraints.county_targets()) {
    const std::string& county = entry.first;
    const std::string field = absl::StrCat("constraints.county_targets[",
                                           common::Preview(county), "]");
    const orgs::Org* found = deps_.orgs->FindByCode(county);
    if (found == nullptr || found->level != orgs::OrgLevel::kCounty ||
        (county != org.code && !deps_.orgs->IsAncestor(org.code, county))) {
      return Invalid(field, absl::StrCat("须为 ", org.name,
                                         " 的旗县区 (a county of the plan's "
                                         "org)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<const orgs::Org*> RegistryServiceImpl::ResolvePlanKey(
    const auth::Caller& caller, absl::string_view org,
    absl::string_view programme, int year) const {
  absl::StatusOr<const orgs::Org*> found = ResolveScope(caller, org);
  if (!found.ok()) return found.status();
  if ((*found)->level == orgs::OrgLevel::kRegion) {
    return Invalid("org", "年度计划属于旗县区或盟市 (a county or a city)");
  }
  if (auto s = CheckProgramme(programme); !s.ok()) return s;
  if (auto s = CheckYear(year, "year", false); !s.ok()) return s;
  return found;
}

absl::Status RegistryServiceImpl::DoDraftPlan(
    const auth::Caller& caller, const v1::DraftPlanRequest& request,
    v1::AnnualPlan* response) {
  absl::StatusOr<const orgs::Org*> org = ResolvePlanKey(
      caller, request.org(), request.programme(), request.year());
  if (!org.ok()) return org.status();
  if (auto s = CheckConstraints(**org, request.constraints()); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<v1::AnnualPlan>> existing =
      deps_.store->GetPlan(request.org(), request.programme(), request.year());
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    if ((*existing)->state() == v1::PLAN_STATE_FROZEN) {
      return absl::FailedPreconditionError(
          "year: 该年度计划已下达, 不能重新起草 (the plan is frozen)");
    }
    if (auto s = RequireEtag(request.etag()); !s.ok()) return s;
  }
  absl::StatusOr<const PriorityModel*> model = Model("");
  if (!model.ok()) return model.status();
  absl::StatusOr<std::vector<v1::ReserveProject>> projects =
      ProjectsUnder(**org, request.programme());
  if (!projects.ok()) return projects.status();
  // The plan draws from the reserve (and keeps projects already planned
  // for its year); DraftPlan skips every other status.
  projects->erase(
      std::remove_if(projects->begin(), projects->end(),
                     [&](const v1::ReserveProject& p) {
                       return p.status() != v1::PROJECT_STATUS_RESERVE &&
                              !(p.status() == v1::PROJECT_STATUS_PLANNED &&
                                p.plan_year() == request.year());
                     }),
      projects->end());
  const std::vector<v1::RankedProject> ranked = anju::registry::RankProjects(
      **model, *std::move(projects), request.year());
  PlanDraft draft = anju::registry::DraftPlan(
      ranked, request.constraints(), request.year(),
      [this](const std::string& code) { return OrgName(code); });
  v1::AnnualPlan plan;
  plan.set_org(request.org());
  plan.set_programme(request.programme());
  plan.set_year(request.year());
  plan.set_state(v1::PLAN_STATE_DRAFT);
  *plan.mutable_constraints() = request.constraints();
  for (v1::PlanEntry& entry : draft.entries) {
    *plan.add_entries() = std::move(entry);
  }
  *plan.mutable_totals() = draft.totals;
  for (std::string& note : draft.notes) plan.add_notes(std::move(note));
  plan.set_model_version((*model)->version());
  absl::StatusOr<v1::AnnualPlan> stored = deps_.store->PutPlan(
      std::move(plan), existing->has_value() ? request.etag() : "",
      ActorOf(caller));
  if (!stored.ok()) return stored.status();
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status RegistryServiceImpl::DoGetPlan(const auth::Caller& caller,
                                            const v1::GetPlanRequest& request,
                                            v1::AnnualPlan* response) {
  absl::StatusOr<const orgs::Org*> org = ResolvePlanKey(
      caller, request.org(), request.programme(), request.year());
  if (!org.ok()) return org.status();
  absl::StatusOr<std::optional<v1::AnnualPlan>> plan =
      deps_.store->GetPlan(request.org(), request.programme(), request.year());
  if (!plan.ok()) return plan.status();
  if (!plan->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("year: ", request.org(), " 尚无 ", request.year(), " 年度",
                     request.programme(), "计划 (no plan: draft one first)"));
  }
  *response = **std::move(plan);
  return absl::OkStatus();
}

// The draft of (org, programme, year), which must exist and not be frozen.
absl::StatusOr<v1::AnnualPlan> RegistryServiceImpl::EditableDraft(
    absl::string_view org, absl::string_view programme, int year) {
  absl::StatusOr<std::optional<v1::AnnualPlan>> plan =
      deps_.store->GetPlan(org, programme, year);
  if (!plan.ok()) return plan.status();
  if (!plan->has_value()) {
    return absl::NotFoundError(
        "year: 尚无该年度计划 (no plan: draft one first)");
  }
  if ((*plan)->state() == v1::PLAN_STATE_FROZEN) {
    return absl::FailedPreconditionError(
        "year: 该年度计划已下达, 不能再调整 (the plan is frozen)");
  }
  return **std::move(plan);
}

absl::Status RegistryServiceImpl::DoAdjustPlan(
    const auth::Caller& caller, const v1::AdjustPlanRequest& request,
    v1::AnnualPlan* response) {
  absl::StatusOr<const orgs::Org*> org = ResolvePlanKey(
      caller, request.org(), request.programme(), request.year());
  if (!org.ok()) return org.status();
  if (auto s = RequireEtag(request.etag()); !s.ok()) return s;
  if (request.reason().empty() ||
      request.reason().size() > static_cast<size_t>(kMaxReasonBytes) ||
      !common::IsValidUtf8(request.reason())) {
    return Invalid("reason", absl::StrCat("必填, 至多 ", kMaxReasonBytes,
                                          " 字节 (required: why the plan "
                                          "changes)"));
  }
  if (request.add_project_ids_size() + request.remove_project_ids_size() == 0 ||
      request.add_project_ids_size() > kMaxAdjustIds ||
      request.remove_project_ids_size() > kMaxAdjustIds) {
    return Invalid(
        "add_project_ids",
        absl::StrCat("须加入或移出至少一个、至多 ", kMaxAdjustIds,
                     " 个项目 (one to ", kMaxAdjustIds, " project ids)"));
  }
  absl::StatusOr<v1::AnnualPlan> plan =
      EditableDraft(request.org(), request.programme(), request.year());
  if (!plan.ok()) return plan.status();
  // Stale before anything else: the ids were chosen against another plan.
  if (plan->etag() != request.etag()) {
    return absl::AbortedError(
        absl::StrCat("etag: \"", common::Preview(request.etag()),
                     "\" 已过期 (stale): the plan is at \"", plan->etag(),
                     "\"; read it again and retry"));
  }
  std::vector<v1::PlanEntry> entries(plan->entries().begin(),
                                     plan->entries().end());
  for (const std::string& id : request.remove_project_ids()) {
    auto it = std::find_if(
        entries.begin(), entries.end(),
        [&](const v1::PlanEntry& e) { return e.project_id() == id; });
    if (it == entries.end()) {
      return Invalid("remove_project_ids",
                     absl::StrCat("项目 ", common::Preview(id),
                                  " 不在计划中 (not in the plan)"));
    }
    entries.erase(it);
    plan->add_adjustments(
        absl::StrCat("移出 ", id, " (", request.reason(), ")"));
  }
  absl::StatusOr<const PriorityModel*> model = Model(plan->model_version());
  if (!model.ok()) model = Model("");
  if (!model.ok()) return model.status();
  for (const std::string& id : request.add_project_ids()) {
    absl::StatusOr<v1::PlanEntry> entry =
        ManualEntry(caller, **org, *plan, entries, id, **model);
    if (!entry.ok()) return entry.status();
    entry->set_reason(request.reason());
    entries.push_back(*std::move(entry));
    plan->add_adjustments(
        absl::StrCat("加入 ", id, " (", request.reason(), ")"));
  }
  plan->clear_entries();
  std::vector<v1::ReserveProject> planned;
  for (v1::PlanEntry& entry : entries) {
    absl::StatusOr<v1::ReserveProject> project =
        deps_.store->GetProject(entry.project_id());
    if (!project.ok()) return project.status();
    planned.push_back(*std::move(project));
    *plan->add_entries() = std::move(entry);
  }
  *plan->mutable_totals() = SumPlan(planned);
  const std::string etag = request.etag();
  absl::StatusOr<v1::AnnualPlan> stored =
      deps_.store->PutPlan(*std::move(plan), etag, ActorOf(caller));
  if (!stored.ok()) return stored.status();
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::StatusOr<v1::PlanEntry> RegistryServiceImpl::ManualEntry(
    const auth::Caller& caller, const orgs::Org& org,
    const v1::AnnualPlan& plan, const std::vector<v1::PlanEntry>& entries,
    absl::string_view id, const PriorityModel& model) {
  const std::string field =
      absl::StrCat("add_project_ids[", common::Preview(id), "]");
  for (const v1::PlanEntry& e : entries) {
    if (e.project_id() == id) return Invalid(field, "已在计划中 (already in)");
  }
  absl::StatusOr<v1::ReserveProject> project = LoadAuthorized(caller, id);
  if (!project.ok()) return project.status();
  if ((project->org() != org.code &&
       !deps_.orgs->IsAncestor(org.code, project->org())) ||
      project->programme() != plan.programme()) {
    return Invalid(field,
                   absl::StrCat("不是 ", org.name, " 的", plan.programme(),
                                "项目 (not of this plan's org and "
                                "programme)"));
  }
  if (project->status() != v1::PROJECT_STATUS_RESERVE) {
    return absl::FailedPreconditionError(
        absl::StrCat(field,
                     ": 只有储备状态的项目可以纳入计划 (only 储备 "
                     "projects can be planned)"));
  }
  const v1::PriorityScore score = model.Score(*project, plan.year());
  v1::PlanEntry entry;
  entry.set_project_id(project->id());
  entry.set_org(project->org());
  entry.set_name(project->name());
  entry.set_score(score.score());
  entry.set_units(project->units());
  entry.set_households(project->households());
  entry.set_investment_10k_yuan(project->investment_10k_yuan());
  entry.set_manual(true);
  return entry;
}

absl::Status RegistryServiceImpl::DoFreezePlan(
    const auth::Caller& caller, const v1::FreezePlanRequest& request,
    v1::AnnualPlan* response) {
  absl::StatusOr<const orgs::Org*> org = ResolvePlanKey(
      caller, request.org(), request.programme(), request.year());
  if (!org.ok()) return org.status();
  if (auto s = RequireEtag(request.etag()); !s.ok()) return s;
  absl::StatusOr<v1::AnnualPlan> plan =
      EditableDraft(request.org(), request.programme(), request.year());
  if (!plan.ok()) return plan.status();
  const Actor actor = ActorOf(caller);
  plan->set_state(v1::PLAN_STATE_FROZEN);
  plan->set_freeze_time(ApiTime(actor.at));
  plan->set_frozen_by(actor.id);
  absl::StatusOr<v1::AnnualPlan> stored = deps_.store->PutPlan(
      *std::move(plan), request.etag(), actor, request.year());
  if (!stored.ok()) return stored.status();
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status RegistryServiceImpl::DoGetReserveFacts(
    const auth::Caller& caller, const v1::GetReserveFactsRequest& request,
    v1::ReserveFacts* response) {
  absl::StatusOr<const orgs::Org*> org = ResolveScope(caller, request.org());
  if (!org.ok()) return org.status();
  if ((*org)->level == orgs::OrgLevel::kRegion) {
    return Invalid("org", "须为旗县区或盟市 (a county or a city)");
  }
  const std::vector<std::string> registry_programmes =
      RegistryProgrammes(request.programme());
  if (registry_programmes.empty()) {
    return Invalid("programme",
                   absl::StrCat("须为 rental, shanty, oldcomm 之一 (got \"",
                                common::Preview(request.programme()), "\")"));
  }
  if (auto s = CheckYear(request.year(), "year", false); !s.ok()) return s;
  ReserveSnapshot snapshot;
  for (const std::string& programme : registry_programmes) {
    absl::StatusOr<std::vector<v1::ReserveProject>> projects =
        ProjectsUnder(**org, programme);
    if (!projects.ok()) return projects.status();
    for (v1::ReserveProject& p : *projects) {
      snapshot.projects.push_back(std::move(p));
    }
  }
  std::vector<std::string> ids;
  for (const v1::ReserveProject& p : snapshot.projects) ids.push_back(p.id());
  absl::StatusOr<std::map<std::string, std::set<int>>> present =
      deps_.store->ArchiveTypes(ids);
  if (!present.ok()) return present.status();
  for (const v1::ReserveProject& p : snapshot.projects) {
    auto it = present->find(p.id());
    const std::set<int> none;
    if (deps_.archive_rules != nullptr &&
        deps_.archive_rules
            ->Missing(p.programme(), it == present->end() ? none : it->second)
            .empty()) {
      snapshot.archive_complete.insert(p.id());
    }
  }
  std::vector<std::string> orgs = {(*org)->code};
  for (const orgs::Org* child : deps_.orgs->ChildrenOf((*org)->code)) {
    orgs.push_back(child->code);
  }
  absl::StatusOr<std::vector<v1::AnnualPlan>> plans =
      deps_.store->PlansOf(orgs, request.year(), request.year() + 1);
  if (!plans.ok()) return plans.status();
  snapshot.plans = *std::move(plans);
  absl::StatusOr<const PriorityModel*> model = Model("");
  if (model.ok()) snapshot.model = *model;
  snapshot.org_name = [this](const std::string& code) { return OrgName(code); };
  *response = ComputeReserveFacts((*org)->code, request.programme(),
                                  request.year(), snapshot);
  return absl::OkStatus();
}

}  // namespace anju::registry
