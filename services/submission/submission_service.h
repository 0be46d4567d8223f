#ifndef ANJU_SERVICES_SUBMISSION_SUBMISSION_SERVICE_H_
#define ANJU_SERVICES_SUBMISSION_SUBMISSION_SERVICE_H_

// anju.v1.SubmissionService on gRPC's callback API. Handlers write to
// SQLite (fsync on commit) and call the scoring service, both blocking, so
// a reaction never does the work itself: it hands the call to a small pool
// of the service's own threads, which finish the RPC.
//
// Every Do* method is the whole RPC without a server, for tests; it takes
// the auth::Caller (principal, its scope on the method), which comes from a
// CallerSource: common/auth's AccessGate::Authenticate in the server, the
// anonymous region administrator by default. A Do* method that touches an
// org calls Authorize(caller, org) before reading or writing anything.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/access_gate.h"
#include "common/auth/caller.h"
#include "common/auth/principal.h"
#include "common/orgs/org_tree.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"

namespace anju::submission {

// Bounds on one request; larger ones are INVALID_ARGUMENT naming the field.
struct SubmissionLimits {
  int max_facts = 256;
  int max_self_scores = 256;
  int max_name_bytes = 64;       // fact names and indicator ids
  int max_reason_bytes = 4000;   // self-score, return and review reasons
  int max_evidence = 32;         // references per self-score
  int max_evidence_bytes = 512;  // per reference
  int max_programmes = 16;
};

using Clock = std::function<absl::Time()>;
using CallerSource =
    std::function<absl::StatusOr<auth::Caller>(grpc::CallbackServerContext*)>;

// The caller when no CallerSource is given: the region's administrator,
// id "anonymous", scope region, not authenticated.
auth::Principal AnonymousRegionPrincipal(const orgs::OrgTree& orgs);
auth::Caller AnonymousRegionCaller(const orgs::OrgTree& orgs);

struct SubmissionDeps {
  Store* store = nullptr;               // outlives the service
  const orgs::OrgTree* orgs = nullptr;  // outlives the service
  ScoringClient* scoring = nullptr;     // outlives the service
  Clock clock = [] { return absl::Now(); };
  CallerSource caller;  // default: AnonymousRegionCaller
  // Checks the org a request touches; null: every known org is allowed.
  const auth::AccessGate* gate = nullptr;  // outlives the service
  SubmissionLimits limits;
  int workers = 4;
};

class SubmissionServiceImpl : public v1::SubmissionService::CallbackService {
 public:
  explicit SubmissionServiceImpl(SubmissionDeps deps);
  // Finishes every call already handed to the workers, then stops them.
  ~SubmissionServiceImpl() override;

  grpc::ServerUnaryReactor* CreateCampaign(
      grpc::CallbackServerContext* context,
      const v1::CreateCampaignRequest* request,
      v1::Campaign* response) override;
  grpc::ServerUnaryReactor* GetCampaign(grpc::CallbackServerContext* context,
                                        const v1::GetCampaignRequest* request,
                                        v1::Campaign* response) override;
  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* context,
                                      const v1::GetReportRequest* request,
                                      v1::Report* response) override;
  grpc::ServerUnaryReactor* SaveDraft(grpc::CallbackServerContext* context,
                                      const v1::SaveDraftRequest* request,
                                      v1::Report* response) override;
  grpc::ServerUnaryReactor* SubmitReport(grpc::CallbackServerContext* context,
                                         const v1::SubmitReportRequest* request,
                                         v1::Report* response) override;
  grpc::ServerUnaryReactor* ReturnReport(grpc::CallbackServerContext* context,
                                         const v1::ReturnReportRequest* request,
                                         v1::Report* response) override;
  grpc::ServerUnaryReactor* ReviewReport(grpc::CallbackServerContext* context,
                                         const v1::ReviewReportRequest* request,
                                         v1::Report* response) override;
  grpc::ServerUnaryReactor* ListReports(
      grpc::CallbackServerContext* context,
      const v1::ListReportsRequest* request,
      v1::ListReportsResponse* response) override;

  absl::Status DoCreateCampaign(const auth::Caller& caller,
                                const v1::CreateCampaignRequest& request,
                                v1::Campaign* response);
  absl::Status DoGetCampaign(const auth::Caller& caller,
                             const v1::GetCampaignRequest& request,
                             v1::Campaign* response);
  absl::Status DoGetReport(const auth::Caller& caller,
                           const v1::GetReportRequest& request,
                           v1::Report* response);
  absl::Status DoSaveDraft(const auth::Caller& caller,
                           const v1::SaveDraftRequest& request,
                           v1::Report* response);
  absl::Status DoSubmitReport(const auth::Caller& caller,
                              const v1::SubmitReportRequest& request,
                              v1::Report* response);
  absl::Status DoReturnReport(const auth::Caller& caller,
                              const v1::ReturnReportRequest& request,
                              v1::Report* response);
  absl::Status DoReviewReport(const auth::Caller& caller,
                              const v1::ReviewReportRequest& request,
                              v1::Report* response);
  absl::Status DoListReports(const auth::Caller& caller,
                             const v1::ListReportsRequest& request,
                             v1::ListReportsResponse* response);

  // The results API, read by the scoring service (results_handlers.cc):
  // authorized against the region, whose policy row admits role `service`.
  grpc::ServerUnaryReactor* ListScoredReports(
      grpc::CallbackServerContext* context,
      const v1::ListScoredReportsRequest* request,
      v1::ListScoredReportsResponse* response) override;
  grpc::ServerUnaryReactor* GetResultsVersion(
      grpc::CallbackServerContext* context,
      const v1::GetResultsVersionRequest* request,
      v1::ResultsVersion* response) override;
  absl::Status DoListScoredReports(const auth::Caller& caller,
                                   const v1::ListScoredReportsRequest& request,
                                   v1::ListScoredReportsResponse* response);
  absl::Status DoGetResultsVersion(const auth::Caller& caller,
                                   const v1::GetResultsVersionRequest& request,
                                   v1::ResultsVersion* response);

 private:
  class WorkerPool;

  // OK when the caller's scope on its method reaches `org` (a code);
  // PERMISSION_DENIED otherwise, INVALID_ARGUMENT for an unknown org.
  absl::Status Authorize(const auth::Caller& caller,
                         absl::string_view org) const;

  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Dispatch(
      grpc::CallbackServerContext* context, const Request* request,
      Response* response,
      absl::Status (SubmissionServiceImpl::*method)(const auth::Caller&,
                                                    const Request&, Response*));

  SubmissionDeps deps_;
  std::unique_ptr<WorkerPool> pool_;
};

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_SUBMISSION_SERVICE_H_
