// anju.v1.SubmissionService's handlers (SaveDraft, GetReport, ListReports)
// on any request bytes: SubmissionServiceImpl's Do* methods on a SQLite
// store in a scratch folder (tmpfs), the 2023 campaign open, the shipped
// org tree and consistency rules, and the real scoring service in-process
// behind the ScoringClient interface. The clock is fixed, so an input
// replays the same way.
//
// The store lives as long as the process: a SaveDraft's etag is set to the
// report's current one, so that an accepted draft reaches the write (with
// a stale etag every repeat would stop at ABORTED).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "anju/v1/scoring.pb.h"
#include "anju/v1/submission.pb.h"
#include "common/orgs/org_yaml.h"
#include "common/storage/open_database.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/scoring_service.h"
#include "services/submission/consistency/rules.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "tests/fuzz/rpc_fuzz.h"

namespace anju::fuzz {
namespace {

// The scoring service's handlers where the server would call it by gRPC.
class InProcessScoring : public submission::ScoringClient {
 public:
  explicit InProcessScoring(std::shared_ptr<const scoring::RubricSet> rubrics)
      : service_(std::move(rubrics)) {}

  absl::StatusOr<v1::EvaluateResponse> Evaluate(
      const v1::EvaluateRequest& request) override {
    return Call(request, &scoring::ScoringServiceImpl::DoEvaluate);
  }
  absl::StatusOr<v1::ListRubricsResponse> ListRubrics(
      const v1::ListRubricsRequest& request) override {
    return Call(request, &scoring::ScoringServiceImpl::DoListRubrics);
  }
  absl::StatusOr<v1::Rubric> GetRubric(
      const v1::GetRubricRequest& request) override {
    return Call(request, &scoring::ScoringServiceImpl::DoGetRubric);
  }

 private:
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      const Request& request,
      absl::Status (scoring::ScoringServiceImpl::*method)(const Request&,
                                                          Response*) const) {
    Response response;
    if (auto s = (service_.*method)(request, &response); !s.ok()) return s;
    return response;
  }

  scoring::ScoringServiceImpl service_;
};

struct World {
  std::unique_ptr<orgs::OrgTree> tree;
  std::unique_ptr<InProcessScoring> scoring;
  std::unique_ptr<submission::consistency::RuleBook> rules;
  std::unique_ptr<submission::Store> store;
  std::unique_ptr<submission::SubmissionServiceImpl> service;
  auth::Caller caller;
};

World& TheWorld() {
  static World* const world = [] {
    auto* w = new World;
    w->tree = OrDie(orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath()));
    w->scoring = std::make_unique<InProcessScoring>(
        OrDie(scoring::RubricSet::LoadDirectory(SourcePath("rubrics"))));
    w->rules = std::make_unique<submission::consistency::RuleBook>(OrDie(
        submission::consistency::RuleBook::LoadDirectory(SourcePath("rules"))));
    storage::DatabaseSettings database;  // SQLite, the default backend
    database.path = (ScratchDir() / "submission.db").string();
    w->store = OrDie(submission::Store::Open(database));
    submission::SubmissionDeps deps;
    deps.store = w->store.get();
    deps.orgs = w->tree.get();
    deps.scoring = w->scoring.get();
    deps.consistency_rules = w->rules.get();
    deps.clock = [] { return absl::FromUnixSeconds(1709254800); };  // 3月1日
    deps.workers = 1;
    w->service =
        std::make_unique<submission::SubmissionServiceImpl>(std::move(deps));
    w->caller = submission::AnonymousRegionCaller(*w->tree);
    v1::CreateCampaignRequest create;
    v1::Campaign* campaign = create.mutable_campaign();
    campaign->set_year(2023);
    for (const char* p : {"rental", "shanty", "oldcomm"}) {
      campaign->add_programmes(p);
    }
    campaign->mutable_deadlines()->set_county_to_city(
        "2024-03-15T23:59:59+08:00");
    campaign->mutable_deadlines()->set_city_to_region(
        "2024-03-31T23:59:59+08:00");
    v1::Campaign created;
    auto s = w->service->DoCreateCampaign(w->caller, create, &created);
    if (!s.ok()) SetupFailed(s.ToString());
    return w;
  }();
  return *world;
}

absl::Status SaveDraft(const google::protobuf::Message& message) {
  World& w = TheWorld();
  v1::SaveDraftRequest request =
      static_cast<const v1::SaveDraftRequest&>(message);
  if (auto org = w.tree->Resolve(request.org()); org.ok()) {
    auto current =
        w.store->GetReport({(*org)->code, request.programme(), request.year()});
    request.set_etag(current.ok() ? current->etag() : "");
  }
  v1::Report response;
  return w.service->DoSaveDraft(w.caller, request, &response);
}

const std::vector<RpcMethod>& Methods() {
  using submission::SubmissionServiceImpl;
  static const auto* const methods = new std::vector<RpcMethod>{
      {"save_draft", [] { return std::make_unique<v1::SaveDraftRequest>(); },
       SaveDraft},
      CallerMethod<v1::GetReportRequest, v1::Report>(
          "get_report", TheWorld, &SubmissionServiceImpl::DoGetReport),
      CallerMethod<v1::ListReportsRequest, v1::ListReportsResponse>(
          "list_reports", TheWorld, &SubmissionServiceImpl::DoListReports),
  };
  return *methods;
}

}  // namespace
}  // namespace anju::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  anju::fuzz::MaybeWriteSeeds(anju::fuzz::Methods());
  anju::fuzz::TheWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return anju::fuzz::RunRpcInput(anju::fuzz::Methods(), data, size);
}
