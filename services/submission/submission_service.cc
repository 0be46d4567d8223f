#include "services/submission/submission_service.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status.h"
#include "services/submission/consistency/checks.h"
#include "services/submission/time_text.h"
#include "services/submission/workflow.h"

namespace anju::submission {

namespace {

using orgs::Org;
using orgs::OrgLevel;

// The facts of the 报送情况 indicators: the service's, never the filer's.
constexpr char kSubmittedOnTime[] = "submitted_on_time";
constexpr char kReportComplete[] = "report_complete";

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status CheckYear(int year, absl::string_view field) {
  if (year < kMinYear || year > kMaxYear) {
    return Invalid(field,
                   absl::StrCat(year, " is outside ", kMinYear, "–", kMaxYear));
  }
  return absl::OkStatus();
}

absl::Status CheckName(absl::string_view name, absl::string_view field,
                       const SubmissionLimits& limits) {
  if (name.empty()) return Invalid(field, "an empty name");
  if (static_cast<int>(name.size()) > limits.max_name_bytes) {
    return Invalid(
        field, absl::StrCat("longer than ", limits.max_name_bytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status CheckReason(absl::string_view reason, absl::string_view field,
                         const SubmissionLimits& limits) {
  if (static_cast<int>(reason.size()) > limits.max_reason_bytes) {
    return Invalid(
        field, absl::StrCat("longer than ", limits.max_reason_bytes, " bytes"));
  }
  return absl::OkStatus();
}

// Facts and self-scores as a filer may send them.
absl::Status CheckContent(
    const google::protobuf::Map<std::string, v1::Fact>& facts,
    const google::protobuf::Map<std::string, v1::SelfScore>& self_scores,
    const SubmissionLimits& limits) {
  if (facts.size() > static_cast<size_t>(limits.max_facts)) {
    return Invalid("facts", absl::StrCat("more than ", limits.max_facts));
  }
  for (const auto& [name, fact] : facts) {
    const std::string field = absl::StrCat("facts[", name, "]");
    if (auto s = CheckName(name, field, limits); !s.ok()) return s;
    if (name == kSubmittedOnTime || name == kReportComplete) {
      return Invalid(field,
                     "derived by the service at submission (the deadline and "
                     "the report's completeness), never filed");
    }
    if (fact.value_case() == v1::Fact::VALUE_NOT_SET) {
      return Invalid(field, "no value: set flag or number");
    }
    if (fact.has_number() && !std::isfinite(fact.number())) {
      return Invalid(field, "not a finite number");
    }
  }
  if (self_scores.size() > static_cast<size_t>(limits.max_self_scores)) {
    return Invalid("self_scores",
                   absl::StrCat("more than ", limits.max_self_scores));
  }
  for (const auto& [id, self] : self_scores) {
    const std::string field = absl::StrCat("self_scores[", id, "]");
    if (auto s = CheckName(id, field, limits); !s.ok()) return s;
    if (self.has_score() && !std::isfinite(self.score())) {
      return Invalid(absl::StrCat(field, ".score"), "not a finite number");
    }
    if (auto s =
            CheckReason(self.reason(), absl::StrCat(field, ".reason"), limits);
        !s.ok()) {
      return s;
    }
    if (self.evidence_size() > limits.max_evidence) {
      return Invalid(absl::StrCat(field, ".evidence"),
                     absl::StrCat("more than ", limits.max_evidence));
    }
    for (int i = 0; i < self.evidence_size(); ++i) {
      if (static_cast<int>(self.evidence(i).size()) >
          limits.max_evidence_bytes) {
        return Invalid(
            absl::StrCat(field, ".evidence[", i, "]"),
            absl::StrCat("longer than ", limits.max_evidence_bytes, " bytes"));
      }
    }
  }
  return absl::OkStatus();
}

PrefillLimits PrefillLimitsOf(const SubmissionLimits& limits) {
  PrefillLimits prefill;
  prefill.max_facts = limits.max_facts;
  prefill.max_name_bytes = limits.max_name_bytes;
  prefill.max_reason_bytes = limits.max_override_reason_bytes;
  prefill.max_explanation_bytes = limits.max_reason_bytes;
  return prefill;
}

bool HasProgramme(const v1::Campaign& campaign, absl::string_view programme) {
  for (const std::string& p : campaign.programmes()) {
    if (p == programme) return true;
  }
  return false;
}

}  // namespace

auth::Principal AnonymousRegionPrincipal(const orgs::OrgTree& orgs) {
  auth::Principal principal;
  principal.id = "anonymous";
  principal.role = auth::Role::kRegionAdmin;
  for (const Org& org : orgs.orgs()) {
    if (org.level == OrgLevel::kRegion) {
      principal.org = org.code;
      break;
    }
  }
  return principal;
}

auth::Caller AnonymousRegionCaller(const orgs::OrgTree& orgs) {
  auth::Caller caller;
  caller.principal = AnonymousRegionPrincipal(orgs);
  caller.scope = auth::Scope::kRegion;
  caller.authenticated = false;
  return caller;
}

SubmissionServiceImpl::SubmissionServiceImpl(SubmissionDeps deps)
    : deps_(std::move(deps)) {
  if (!deps_.caller) {
    auth::Caller anonymous = AnonymousRegionCaller(*deps_.orgs);
    deps_.caller = [anonymous](grpc::CallbackServerContext*) {
      return absl::StatusOr<auth::Caller>(anonymous);
    };
  }
  if (!deps_.clock) deps_.clock = [] { return absl::Now(); };
  pool_ = std::make_unique<common::WorkerPool>(deps_.workers, "submission");
  checker_ = std::make_unique<ReportChecker>(
      deps_.consistency_rules, deps_.store, deps_.orgs, deps_.scoring);
}

absl::StatusOr<std::set<std::string>> SubmissionServiceImpl::UploadedEvidence(
    const ReportKey& key) {
  absl::StatusOr<std::vector<v1::Evidence>> evidence =
      deps_.store->EvidenceFor(key);
  if (!evidence.ok()) return evidence.status();
  std::set<std::string> indicators;
  for (const v1::Evidence& file : *evidence) {
    indicators.insert(file.indicator_id());
  }
  return indicators;
}

absl::Status SubmissionServiceImpl::ApplyConsistency(
    const ReportKey& key, const Org& org, const v1::Campaign& campaign,
    v1::Report* report) {
  absl::StatusOr<std::set<std::string>> evidence = UploadedEvidence(key);
  if (!evidence.ok()) return evidence.status();
  return checker_->Apply(org, campaign, *evidence, report);
}

SubmissionServiceImpl::~SubmissionServiceImpl() = default;

absl::Status SubmissionServiceImpl::PrefillFromRegistry(
    const ReportKey& key, const OverrideReasons& reasons, v1::Report* report) {
  if (deps_.registry == nullptr) {
    if (reasons.empty()) return absl::OkStatus();
    return Invalid(
        absl::StrCat("override_reasons[", reasons.begin()->first, "]"),
        "未接入项目储备库，没有可覆盖的数据 (no registry is "
        "configured)");
  }
  absl::StatusOr<v1::ReserveFacts> reserve =
      deps_.registry->GetReserveFacts(key.org, key.programme, key.year);
  if (!reserve.ok()) {
    // Whatever went wrong there, the filer can only try again later.
    return absl::UnavailableError(
        absl::StrCat("项目储备库服务暂不可用，请稍后重试 (",
                     reserve.status().message(), ")"));
  }
  const PrefillLimits limits = PrefillLimitsOf(deps_.limits);
  if (auto s = CheckReserveFacts(*reserve, limits); !s.ok()) return s;
  // The 报送情况 facts are this service's to derive, never anyone's to file.
  for (const char* derived : {kSubmittedOnTime, kReportComplete}) {
    if (reserve->facts().contains(derived)) {
      return absl::InternalError(
          absl::StrCat("项目储备库返回的数据无效 (registry answer): facts[",
                       derived, "] is derived by the submission service"));
    }
  }
  return ApplyReserveFacts(*reserve, reasons, report);
}

absl::Status SubmissionServiceImpl::Authorize(const auth::Caller& caller,
                                              absl::string_view org) const {
  if (deps_.gate != nullptr) return deps_.gate->Authorize(caller, org);
  if (deps_.orgs->FindByCode(org) == nullptr) {
    return Invalid("org", absl::StrCat("unknown org code \"", org, "\""));
  }
  return absl::OkStatus();
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* SubmissionServiceImpl::Dispatch(
    grpc::CallbackServerContext* context, const Request* request,
    Response* response,
    absl::Status (SubmissionServiceImpl::*method)(const auth::Caller&,
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

namespace {

// The org a report belongs to: a county or a city.
absl::StatusOr<const Org*> ResolveReportOrg(const orgs::OrgTree& tree,
                                            absl::string_view text) {
  if (text.empty()) return Invalid("org", "required: a code or a name");
  absl::StatusOr<const Org*> org = tree.Resolve(text);
  if (!org.ok()) {
    return absl::Status(org.status().code(),
                        absl::StrCat("org: ", org.status().message()));
  }
  if ((*org)->level == OrgLevel::kRegion) {
    return Invalid("org", absl::StrCat((*org)->name, " (", (*org)->code,
                                       ") is the region, which files no "
                                       "report"));
  }
  return *org;
}

// The campaign of `year` and the check that it runs `programme`.
absl::StatusOr<v1::Campaign> CampaignFor(Store& store, int year,
                                         absl::string_view programme) {
  if (auto s = CheckYear(year, "year"); !s.ok()) return s;
  if (programme.empty()) return Invalid("programme", "required");
  absl::StatusOr<v1::Campaign> campaign = store.GetCampaign(year);
  if (absl::IsNotFound(campaign.status())) {
    return absl::FailedPreconditionError(campaign.status().message());
  }
  if (!campaign.ok()) return campaign.status();
  if (!HasProgramme(*campaign, programme)) {
    return Invalid(
        "programme",
        absl::StrCat(
            "the campaign of ", year, " has no programme \"", programme,
            "\" (it has: ", absl::StrJoin(campaign->programmes(), ", "), ")"));
  }
  return campaign;
}

// The latest version, or an empty report in state UNSPECIFIED.
absl::StatusOr<v1::Report> CurrentOrNone(Store& store, const ReportKey& key) {
  absl::StatusOr<v1::Report> report = store.GetReport(key);
  if (absl::IsNotFound(report.status())) {
    v1::Report none;
    none.set_org(key.org);
    none.set_programme(key.programme);
    none.set_year(key.year);
    return none;
  }
  return report;
}

absl::Status CheckEtag(const std::string& sent, const v1::Report& current,
                       bool required) {
  if (sent.empty() && !required) return absl::OkStatus();
  if (sent != current.etag()) {
    return absl::AbortedError(
        absl::StrCat("etag: \"", sent, "\" is stale, the report is at \"",
                     current.etag().empty() ? "(not created)" : current.etag(),
                     "\"; read it again and reapply the change"));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> DeadlineFor(const v1::Campaign& campaign,
                                       OrgLevel level) {
  return level == OrgLevel::kCounty
             ? ParseInstant(campaign.deadlines().county_to_city(),
                            "campaign.deadlines.county_to_city")
             : ParseInstant(campaign.deadlines().city_to_region(),
                            "campaign.deadlines.city_to_region");
}

// One line of 报送情况: the org's latest report (null: not started) and
// whether it is late (逾期) against `deadline` at `now`.
absl::Status FillStatusEntry(const Org& org, const v1::Report* report,
                             absl::Time deadline, absl::Time now,
                             v1::ListReportsResponse::Entry* entry) {
  entry->set_org(org.code);
  entry->set_org_name(org.name);
  bool late = now > deadline;
  if (report != nullptr) {
    entry->set_state(report->state());
    entry->set_version(report->version());
    entry->set_submit_time(report->submit_time());
    if (!report->submit_time().empty()) {
      absl::StatusOr<absl::Time> submitted =
          ParseInstant(report->submit_time(), "submit_time");
      if (!submitted.ok()) {
        return absl::InternalError(submitted.status().message());
      }
      late = *submitted > deadline;
    }
  }
  entry->set_late(late);
  return absl::OkStatus();
}

}  // namespace

absl::Status SubmissionServiceImpl::DoCreateCampaign(
    const auth::Caller& caller, const v1::CreateCampaignRequest& request,
    v1::Campaign* response) {
  const v1::Campaign& in = request.campaign();
  if (auto s = CheckYear(in.year(), "campaign.year"); !s.ok()) return s;
  if (in.programmes().empty()) {
    return Invalid("campaign.programmes", "at least one programme");
  }
  if (in.programmes_size() > deps_.limits.max_programmes) {
    return Invalid("campaign.programmes",
                   absl::StrCat("more than ", deps_.limits.max_programmes));
  }
  absl::StatusOr<absl::Time> county = ParseInstant(
      in.deadlines().county_to_city(), "campaign.deadlines.county_to_city");
  if (!county.ok()) return county.status();
  absl::StatusOr<absl::Time> city = ParseInstant(
      in.deadlines().city_to_region(), "campaign.deadlines.city_to_region");
  if (!city.ok()) return city.status();
  if (*county > *city) {
    return Invalid("campaign.deadlines.county_to_city",
                   "later than city_to_region: the city needs its counties' "
                   "reports first");
  }

  v1::ListRubricsRequest list;
  list.set_year(in.year());
  absl::StatusOr<v1::ListRubricsResponse> rubrics =
      deps_.scoring->ListRubrics(list);
  if (!rubrics.ok()) return rubrics.status();

  v1::Campaign campaign;
  campaign.set_id(absl::StrCat(in.year()));
  campaign.set_year(in.year());
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < in.programmes_size(); ++i) {
    const std::string& programme = in.programmes(i);
    const std::string field = absl::StrCat("campaign.programmes[", i, "]");
    if (!seen.insert(programme).second) {
      return Invalid(field, absl::StrCat("\"", programme, "\" twice"));
    }
    const v1::ListRubricsResponse::Entry* served = nullptr;
    std::vector<std::string> available;
    for (const auto& entry : rubrics->rubrics()) {
      available.push_back(entry.programme());
      if (entry.programme() == programme) served = &entry;
    }
    if (served == nullptr) {
      return Invalid(field,
                     absl::StrCat("no rubric for \"", programme, "\" in ",
                                  in.year(), " (the scoring service has: ",
                                  absl::StrJoin(available, ", "), ")"));
    }
    auto pinned = in.rubric_versions().find(programme);
    if (pinned != in.rubric_versions().end() && !pinned->second.empty() &&
        pinned->second != served->version()) {
      return Invalid(absl::StrCat("campaign.rubric_versions[", programme, "]"),
                     absl::StrCat("\"", pinned->second,
                                  "\" is not served; the scoring "
                                  "service has version \"",
                                  served->version(), "\""));
    }
    campaign.add_programmes(programme);
    (*campaign.mutable_rubric_versions())[programme] = served->version();
  }
  for (const auto& [programme, version] : in.rubric_versions()) {
    if (!seen.contains(programme)) {
      return Invalid(absl::StrCat("campaign.rubric_versions[", programme, "]"),
                     "not one of the campaign's programmes");
    }
  }
  campaign.mutable_deadlines()->set_county_to_city(FormatShanghai(*county));
  campaign.mutable_deadlines()->set_city_to_region(FormatShanghai(*city));
  const absl::Time now = deps_.clock();
  campaign.set_create_time(FormatShanghai(now));
  if (auto s = deps_.store->CreateCampaign(
          campaign, Change{caller.principal.id, now, "create_campaign"});
      !s.ok()) {
    return s;
  }
  *response = std::move(campaign);
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoGetCampaign(
    const auth::Caller& caller, const v1::GetCampaignRequest& request,
    v1::Campaign* response) {
  if (auto s = CheckYear(request.year(), "year"); !s.ok()) return s;
  absl::StatusOr<v1::Campaign> campaign =
      deps_.store->GetCampaign(request.year());
  if (!campaign.ok()) return campaign.status();
  *response = *std::move(campaign);
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoGetReport(
    const auth::Caller& caller, const v1::GetReportRequest& request,
    v1::Report* response) {
  absl::StatusOr<const Org*> org = ResolveReportOrg(*deps_.orgs, request.org());
  if (!org.ok()) return org.status();
  if (auto s = Authorize(caller, (*org)->code); !s.ok()) return s;
  if (auto s = CheckYear(request.year(), "year"); !s.ok()) return s;
  if (request.programme().empty()) return Invalid("programme", "required");
  if (request.version() < 0) return Invalid("version", "negative");
  absl::StatusOr<v1::Report> report = deps_.store->GetReport(
      ReportKey{(*org)->code, request.programme(), request.year()},
      request.version());
  if (!report.ok()) return report.status();
  *response = *std::move(report);
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoSaveDraft(
    const auth::Caller& caller, const v1::SaveDraftRequest& request,
    v1::Report* response) {
  absl::StatusOr<const Org*> org = ResolveReportOrg(*deps_.orgs, request.org());
  if (!org.ok()) return org.status();
  if (auto s = Authorize(caller, (*org)->code); !s.ok()) return s;
  absl::StatusOr<v1::Campaign> campaign =
      CampaignFor(*deps_.store, request.year(), request.programme());
  if (!campaign.ok()) return campaign.status();
  if (auto s =
          CheckContent(request.facts(), request.self_scores(), deps_.limits);
      !s.ok()) {
    return s;
  }
  if (auto s = CheckOverrideReasons(request.override_reasons(),
                                    PrefillLimitsOf(deps_.limits));
      !s.ok()) {
    return s;
  }
  if (auto s = checker_->CheckSupplementary(request); !s.ok()) return s;
  const ReportKey key{(*org)->code, request.programme(), request.year()};
  absl::StatusOr<v1::Report> current = CurrentOrNone(*deps_.store, key);
  if (!current.ok()) return current.status();
  if (auto s = CheckEtag(request.etag(), *current, /*required=*/true);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Transition> next =
      Next((*org)->level, current->state(), Action::kSaveDraft);
  if (!next.ok()) return next.status();

  v1::Report after;
  after.set_org(key.org);
  after.set_programme(key.programme);
  after.set_year(key.year);
  after.set_version(next->new_version || current->version() == 0
                        ? current->version() + 1
                        : current->version());
  after.set_state(next->to);
  *after.mutable_facts() = request.facts();
  *after.mutable_self_scores() = request.self_scores();
  // Last before the checks and the write: nothing asks the registry for a
  // request that is refused anyway.
  if (auto s = PrefillFromRegistry(key, request.override_reasons(), &after);
      !s.ok()) {
    return s;
  }
  // 一致性检查 on every save, so that the filer sees the findings.
  if (auto s = ApplyConsistency(key, **org, *campaign, &after); !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::Report> stored = deps_.store->WriteReport(
      after, request.etag(),
      Change{caller.principal.id, deps_.clock(),
             std::string(ActionName(Action::kSaveDraft))});
  if (!stored.ok()) return stored.status();
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoSubmitReport(
    const auth::Caller& caller, const v1::SubmitReportRequest& request,
    v1::Report* response) {
  absl::StatusOr<const Org*> org = ResolveReportOrg(*deps_.orgs, request.org());
  if (!org.ok()) return org.status();
  if (auto s = Authorize(caller, (*org)->code); !s.ok()) return s;
  absl::StatusOr<v1::Campaign> campaign =
      CampaignFor(*deps_.store, request.year(), request.programme());
  if (!campaign.ok()) return campaign.status();
  const ReportKey key{(*org)->code, request.programme(), request.year()};
  absl::StatusOr<v1::Report> current = CurrentOrNone(*deps_.store, key);
  if (!current.ok()) return current.status();
  if (auto s = CheckEtag(request.etag(), *current, /*required=*/false);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Transition> next =
      Next((*org)->level, current->state(), Action::kSubmit);
  if (!next.ok()) return next.status();
  // The findings and county sums as they stand now are fixed into the
  // version; an error-severity finding refuses the submission.
  v1::Report checked = *current;
  if (auto s = ApplyConsistency(key, **org, *campaign, &checked); !s.ok()) {
    return s;
  }
  if (auto s = consistency::RefuseOnErrors(checked.findings()); !s.ok()) {
    return s;
  }

  // 按时报送: the submission time against this level's deadline.
  const absl::Time now = deps_.clock();
  absl::StatusOr<absl::Time> deadline = DeadlineFor(*campaign, (*org)->level);
  if (!deadline.ok()) return deadline.status();
  v1::EvaluateRequest evaluate;
  evaluate.set_programme(key.programme);
  evaluate.set_year(key.year);
  *evaluate.mutable_facts() = current->facts();
  checker_->StripSupplementary(key.year, evaluate.mutable_facts());
  *evaluate.mutable_self_scores() = current->self_scores();
  (*evaluate.mutable_facts())[kSubmittedOnTime].set_flag(now <= *deadline);
  // 内容完整: every indicator scorable. The completeness indicator scores
  // once its fact is set, so the others decide it.
  (*evaluate.mutable_facts())[kReportComplete].set_flag(true);
  absl::StatusOr<v1::EvaluateResponse> scored =
      deps_.scoring->Evaluate(evaluate);
  if (!scored.ok()) return scored.status();
  if (!scored->complete()) {
    (*evaluate.mutable_facts())[kReportComplete].set_flag(false);
    scored = deps_.scoring->Evaluate(evaluate);
    if (!scored.ok()) return scored.status();
  }
  auto pinned = campaign->rubric_versions().find(key.programme);
  if (pinned != campaign->rubric_versions().end() &&
      pinned->second != scored->rubric_version()) {
    return absl::FailedPreconditionError(
        absl::StrCat("rubric_version: the campaign of ", key.year, " pins \"",
                     pinned->second, "\" for ", key.programme,
                     " but the scoring service scored with \"",
                     scored->rubric_version(), "\""));
  }

  v1::Report after = std::move(checked);
  after.clear_etag();
  after.set_state(next->to);
  after.set_submit_time(FormatShanghai(now));
  after.set_rubric_version(scored->rubric_version());
  (*after.mutable_derived_facts())[kSubmittedOnTime] =
      evaluate.facts().at(kSubmittedOnTime);
  (*after.mutable_derived_facts())[kReportComplete] =
      evaluate.facts().at(kReportComplete);
  *after.mutable_scored() = *std::move(scored);
  absl::StatusOr<v1::Report> stored = deps_.store->WriteReport(
      after, current->etag(),
      Change{caller.principal.id, now,
             std::string(ActionName(Action::kSubmit))});
  if (!stored.ok()) return stored.status();
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoReturnReport(
    const auth::Caller& caller, const v1::ReturnReportRequest& request,
    v1::Report* response) {
  absl::StatusOr<const Org*> org = ResolveReportOrg(*deps_.orgs, request.org());
  if (!org.ok()) return org.status();
  // Scope children (the policy): a county's report is returned by its
  // city's coordinator, a city's by the region's reviewer.
  if (auto s = Authorize(caller, (*org)->code); !s.ok()) return s;
  absl::StatusOr<v1::Campaign> campaign =
      CampaignFor(*deps_.store, request.year(), request.programme());
  if (!campaign.ok()) return campaign.status();
  if (request.reason().empty()) {
    return Invalid("reason", "required: say what to correct");
  }
  if (auto s = CheckReason(request.reason(), "reason", deps_.limits); !s.ok()) {
    return s;
  }
  const ReportKey key{(*org)->code, request.programme(), request.year()};
  absl::StatusOr<v1::Report> current = CurrentOrNone(*deps_.store, key);
  if (!current.ok()) return current.status();
  if (auto s = CheckEtag(request.etag(), *current, /*required=*/false);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Transition> next =
      Next((*org)->level, current->state(), Action::kReturn);
  if (!next.ok()) return next.status();
  v1::Report after = *current;
  after.clear_etag();
  after.set_state(next->to);
  after.set_return_reason(request.reason());
  absl::StatusOr<v1::Report> stored = deps_.store->WriteReport(
      after, current->etag(),
      Change{caller.principal.id, deps_.clock(),
             std::string(ActionName(Action::kReturn))});
  if (!stored.ok()) return stored.status();
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoReviewReport(
    const auth::Caller& caller, const v1::ReviewReportRequest& request,
    v1::Report* response) {
  absl::StatusOr<const Org*> org = ResolveReportOrg(*deps_.orgs, request.org());
  if (!org.ok()) return org.status();
  if (auto s = Authorize(caller, (*org)->code); !s.ok()) return s;
  absl::StatusOr<v1::Campaign> campaign =
      CampaignFor(*deps_.store, request.year(), request.programme());
  if (!campaign.ok()) return campaign.status();
  const ReportKey key{(*org)->code, request.programme(), request.year()};
  absl::StatusOr<v1::Report> current = CurrentOrNone(*deps_.store, key);
  if (!current.ok()) return current.status();
  if (auto s = CheckEtag(request.etag(), *current, /*required=*/false);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Transition> next =
      Next((*org)->level, current->state(), Action::kReview);
  if (!next.ok()) return next.status();

  // One review score per indicator of the scored snapshot, within its max.
  absl::flat_hash_set<std::string> indicators;
  for (const v1::IndicatorScore& indicator : current->scored().indicators()) {
    indicators.insert(indicator.id());
    auto review = request.review_scores().find(indicator.id());
    const std::string field =
        absl::StrCat("review_scores[", indicator.id(), "]");
    if (review == request.review_scores().end()) {
      return Invalid(field, absl::StrCat("missing: every indicator needs a "
                                         "review score (",
                                         indicator.name(), ")"));
    }
    const double score = review->second.score();
    if (!std::isfinite(score) || score < 0 || score > indicator.max_score()) {
      return Invalid(
          absl::StrCat(field, ".score"),
          absl::StrCat(score, " is outside [0, ", indicator.max_score(), "]"));
    }
    if (review->second.reason().empty()) {
      return Invalid(absl::StrCat(field, ".reason"), "required");
    }
    if (auto s = CheckReason(review->second.reason(),
                             absl::StrCat(field, ".reason"), deps_.limits);
        !s.ok()) {
      return s;
    }
  }
  for (const auto& [id, review] : request.review_scores()) {
    if (!indicators.contains(id)) {
      return Invalid(absl::StrCat("review_scores[", id, "]"),
                     "no such indicator in the scored report");
    }
  }
  v1::Report after = *current;
  after.clear_etag();
  after.set_state(next->to);
  *after.mutable_review_scores() = request.review_scores();
  absl::StatusOr<v1::Report> stored = deps_.store->WriteReport(
      after, current->etag(),
      Change{caller.principal.id, deps_.clock(),
             std::string(ActionName(Action::kReview))});
  if (!stored.ok()) return stored.status();
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoListReports(
    const auth::Caller& caller, const v1::ListReportsRequest& request,
    v1::ListReportsResponse* response) {
  if (request.city().empty()) return Invalid("city", "required");
  absl::StatusOr<const Org*> city = deps_.orgs->Resolve(request.city());
  if (!city.ok()) {
    return absl::Status(city.status().code(),
                        absl::StrCat("city: ", city.status().message()));
  }
  if ((*city)->level != OrgLevel::kCity) {
    return Invalid("city", absl::StrCat((*city)->name, " (", (*city)->code,
                                        ") is not a city (盟市)"));
  }
  if (auto s = Authorize(caller, (*city)->code); !s.ok()) return s;
  absl::StatusOr<v1::Campaign> campaign =
      CampaignFor(*deps_.store, request.year(), request.programme());
  if (!campaign.ok()) return campaign.status();
  absl::StatusOr<absl::Time> county_deadline =
      DeadlineFor(*campaign, OrgLevel::kCounty);
  if (!county_deadline.ok()) return county_deadline.status();
  absl::StatusOr<absl::Time> city_deadline =
      DeadlineFor(*campaign, OrgLevel::kCity);
  if (!city_deadline.ok()) return city_deadline.status();

  // The city first when asked for, then its counties by code; each against
  // its own level's deadline.
  std::vector<const Org*> listed;
  if (request.include_city()) listed.push_back(*city);
  for (const Org* county : deps_.orgs->ChildrenOf((*city)->code)) {
    listed.push_back(county);
  }
  std::vector<std::string> codes;
  for (const Org* org : listed) codes.push_back(org->code);
  absl::StatusOr<std::vector<v1::Report>> reports =
      deps_.store->LatestReports(codes, request.programme(), request.year());
  if (!reports.ok()) return reports.status();

  const absl::Time now = deps_.clock();
  size_t next_report = 0;  // both lists are in the order of `codes`
  for (const Org* org : listed) {
    const v1::Report* report = nullptr;
    if (next_report < reports->size() &&
        (*reports)[next_report].org() == org->code) {
      report = &(*reports)[next_report++];
    }
    const absl::Time deadline =
        org->level == OrgLevel::kCity ? *city_deadline : *county_deadline;
    if (auto s = FillStatusEntry(*org, report, deadline, now,
                                 response->add_reports());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoVerifyAuditLog(
    const auth::Caller& caller, const v1::VerifyAuditLogRequest& request,
    v1::VerifyAuditLogResponse* response) {
  const std::string region = AnonymousRegionPrincipal(*deps_.orgs).org;
  if (auto s = Authorize(caller, region); !s.ok()) return s;
  absl::StatusOr<AuditVerification> verified =
      VerifyAuditChain(deps_.store->database());
  if (!verified.ok()) return verified.status();
  response->set_entries(verified->entries);
  response->set_head_hash(verified->head_hash);
  return absl::OkStatus();
}

// --- For the evidence handlers (evidence_service.cc), which see neither the
// worker pool, the Dispatch template nor the helpers above ---

void SubmissionServiceImpl::PostWork(std::function<void()> work) {
  pool_->Post(std::move(work));
}

absl::StatusOr<SubmissionServiceImpl::EvidenceTarget>
SubmissionServiceImpl::ResolveEvidenceTarget(const auth::Caller& caller,
                                             absl::string_view org,
                                             absl::string_view programme,
                                             int year) {
  absl::StatusOr<const Org*> resolved = ResolveReportOrg(*deps_.orgs, org);
  if (!resolved.ok()) return resolved.status();
  if (auto s = Authorize(caller, (*resolved)->code); !s.ok()) return s;
  absl::StatusOr<v1::Campaign> campaign =
      CampaignFor(*deps_.store, year, programme);
  if (!campaign.ok()) return campaign.status();
  return EvidenceTarget{
      ReportKey{(*resolved)->code, std::string(programme), year},
      *std::move(campaign)};
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::ListEvidence(
    grpc::CallbackServerContext* context,
    const v1::ListEvidenceRequest* request,
    v1::ListEvidenceResponse* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoListEvidence);
}

absl::Status SubmissionServiceImpl::DoCheckReport(
    const auth::Caller& caller, const v1::CheckReportRequest& request,
    v1::CheckReportResponse* response) {
  absl::StatusOr<const Org*> org = ResolveReportOrg(*deps_.orgs, request.org());
  if (!org.ok()) return org.status();
  if (auto s = Authorize(caller, (*org)->code); !s.ok()) return s;
  if (request.version() < 0) return Invalid("version", "negative");
  absl::StatusOr<v1::Campaign> campaign =
      CampaignFor(*deps_.store, request.year(), request.programme());
  if (!campaign.ok()) return campaign.status();
  const ReportKey key{(*org)->code, request.programme(), request.year()};
  absl::StatusOr<v1::Report> report =
      deps_.store->GetReport(key, request.version());
  if (!report.ok()) return report.status();
  // A version that was submitted keeps what was fixed at its submission.
  if (report->submit_time().empty()) {
    if (auto s = ApplyConsistency(key, **org, *campaign, &*report); !s.ok()) {
      return s;
    }
  }
  *response->mutable_findings() = report->findings();
  *response->mutable_county_sums() = report->county_sums();
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::CreateCampaign(
    grpc::CallbackServerContext* context,
    const v1::CreateCampaignRequest* request, v1::Campaign* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoCreateCampaign);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::GetCampaign(
    grpc::CallbackServerContext* context, const v1::GetCampaignRequest* request,
    v1::Campaign* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoGetCampaign);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::GetReport(
    grpc::CallbackServerContext* context, const v1::GetReportRequest* request,
    v1::Report* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoGetReport);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::SaveDraft(
    grpc::CallbackServerContext* context, const v1::SaveDraftRequest* request,
    v1::Report* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoSaveDraft);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::SubmitReport(
    grpc::CallbackServerContext* context,
    const v1::SubmitReportRequest* request, v1::Report* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoSubmitReport);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::ReturnReport(
    grpc::CallbackServerContext* context,
    const v1::ReturnReportRequest* request, v1::Report* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoReturnReport);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::ReviewReport(
    grpc::CallbackServerContext* context,
    const v1::ReviewReportRequest* request, v1::Report* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoReviewReport);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::ListReports(
    grpc::CallbackServerContext* context, const v1::ListReportsRequest* request,
    v1::ListReportsResponse* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoListReports);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::VerifyAuditLog(
    grpc::CallbackServerContext* context,
    const v1::VerifyAuditLogRequest* request,
    v1::VerifyAuditLogResponse* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoVerifyAuditLog);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::CheckReport(
    grpc::CallbackServerContext* context, const v1::CheckReportRequest* request,
    v1::CheckReportResponse* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoCheckReport);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::ListScoredReports(
    grpc::CallbackServerContext* context,
    const v1::ListScoredReportsRequest* request,
    v1::ListScoredReportsResponse* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoListScoredReports);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::GetResultsVersion(
    grpc::CallbackServerContext* context,
    const v1::GetResultsVersionRequest* request, v1::ResultsVersion* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoGetResultsVersion);
}

grpc::ServerUnaryReactor* SubmissionServiceImpl::ListReportEvents(
    grpc::CallbackServerContext* context,
    const v1::ListReportEventsRequest* request,
    v1::ListReportEventsResponse* response) {
  return Dispatch(context, request, response,
                  &SubmissionServiceImpl::DoListReportEvents);
}

}  // namespace anju::submission
