#include "bench/submission/service_submissions.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "anju/v1/submission.grpc.pb.h"
#include "bench/submission/blocking_calls.h"
#include "bench/submission/scratch.h"
#include "bench/submission/sqlite_commits.h"
#include "common/server.h"
#include "common/status.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"

namespace anju::bench {
namespace {

using v1::SubmissionService;

// One round's service: members are destroyed bottom-up, clients first.
struct Round {
  std::unique_ptr<WalPrefill> prefill;
  std::unique_ptr<submission::Store> store;
  std::unique_ptr<submission::ScoringClient> scoring;
  std::unique_ptr<submission::SubmissionServiceImpl> service;
  std::unique_ptr<common::ServerRunner> runner;
  std::unique_ptr<SubmissionService::Stub> stub;
};

struct ServiceState {
  std::string dir;
  const Samples* samples = nullptr;
  const orgs::OrgTree* orgs = nullptr;
  std::shared_ptr<grpc::Channel> scoring;
  std::unique_ptr<Round> round;
  absl::Status failed;
  std::atomic<int64_t> next{0};
};

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
}

grpc::Status CreateCampaign(SubmissionService::Stub& stub,
                            const Samples& samples) {
  v1::CreateCampaignRequest request;
  v1::Campaign* campaign = request.mutable_campaign();
  campaign->set_year(kSampleYear);
  for (const ProgrammeSample& p : samples.programmes) {
    campaign->add_programmes(p.programme);
  }
  campaign->mutable_deadlines()->set_county_to_city(
      "2024-03-15T23:59:59+08:00");
  campaign->mutable_deadlines()->set_city_to_region(
      "2024-03-31T23:59:59+08:00");
  grpc::ClientContext context;
  SetDeadline(&context);
  context.set_wait_for_ready(true);
  v1::Campaign created;
  return stub.CreateCampaign(&context, request, &created);
}

absl::StatusOr<std::unique_ptr<Round>> StartRound(const ServiceState& state) {
  if (absl::Status s = FreshDir(state.dir); !s.ok()) return s;
  auto round = std::make_unique<Round>();
  const std::string path = state.dir + "/submission.db";
  auto prefill = WalPrefill::Open(path);
  if (!prefill.ok()) return prefill.status();
  round->prefill = *std::move(prefill);
  storage::DatabaseSettings db;  // SQLite: the benches measure its commits
  db.path = path;
  auto store = submission::Store::Open(db);
  if (!store.ok()) return store.status();
  round->store = *std::move(store);
  round->scoring = submission::NewGrpcScoringClient(state.scoring);
  submission::SubmissionDeps deps;
  deps.store = round->store.get();
  deps.orgs = state.orgs;
  deps.scoring = round->scoring.get();
  round->service =
      std::make_unique<submission::SubmissionServiceImpl>(std::move(deps));
  auto runner = common::ServerRunner::Start({}, {round->service.get()});
  if (!runner.ok()) return runner.status();
  round->runner = *std::move(runner);
  round->stub = SubmissionService::NewStub(grpc::CreateChannel(
      round->runner->address(), grpc::InsecureChannelCredentials()));
  grpc::Status created = CreateCampaign(*round->stub, *state.samples);
  if (!created.ok()) return common::FromGrpcStatus(created);
  return round;
}

// SaveDraft + SubmitReport of report number `i` of the round.
grpc::Status SubmitOne(SubmissionService::Stub& stub, const Samples& samples,
                       int64_t i) {
  const int64_t counties = static_cast<int64_t>(samples.counties.size());
  const int64_t reports =
      counties * static_cast<int64_t>(samples.programmes.size());
  if (i >= reports) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("the round filed all ", reports,
                                     " county reports; use shorter rounds"));
  }
  v1::SaveDraftRequest draft = samples.programmes[i / counties].draft;
  draft.set_org(samples.counties[i % counties]);
  v1::Report saved;
  grpc::ClientContext save_context;
  SetDeadline(&save_context);
  grpc::Status s = stub.SaveDraft(&save_context, draft, &saved);
  if (!s.ok()) return s;
  v1::SubmitReportRequest submit;
  submit.set_org(draft.org());
  submit.set_programme(draft.programme());
  submit.set_year(draft.year());
  submit.set_etag(saved.etag());
  v1::Report submitted;
  grpc::ClientContext submit_context;
  SetDeadline(&submit_context);
  return stub.SubmitReport(&submit_context, submit, &submitted);
}

}  // namespace

Workload ServiceSubmitWorkload(const std::string& dir, const Samples* samples,
                               const orgs::OrgTree* orgs,
                               std::shared_ptr<grpc::Channel> scoring) {
  auto state = std::make_shared<ServiceState>();
  state->dir = dir + "/service";
  state->samples = samples;
  state->orgs = orgs;
  state->scoring = std::move(scoring);
  Workload w;
  w.name = "Submission";
  w.before_round = [state] {
    state->round.reset();  // stops the previous round's server first
    state->next = 0;
    auto round = StartRound(*state);
    state->failed = round.status();
    if (round.ok()) state->round = *std::move(round);
  };
  w.factory = OnOwnThreads([state]() -> BlockingCall {
    return [state]() -> grpc::Status {
      if (state->round == nullptr) return common::ToGrpcStatus(state->failed);
      return SubmitOne(*state->round->stub, *state->samples, state->next++);
    };
  });
  return w;
}

}  // namespace anju::bench
