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
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/access_gate.h"
#include "common/auth/caller.h"
#include "common/auth/principal.h"
#include "common/orgs/org_tree.h"
#include "common/worker_pool.h"
#include "services/submission/consistency/rules.h"
#include "services/submission/evidence_indicators.h"
#include "services/submission/evidence_store.h"
#include "services/submission/registry_client.h"
#include "services/submission/registry_prefill.h"
#include "services/submission/report_checker.h"
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
  int max_override_reason_bytes = 1000;  // 覆盖原因, per fact
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
  // Evidence files; null: the evidence RPCs answer FAILED_PRECONDITION.
  EvidenceStore* evidence = nullptr;  // outlives the service
  // 一致性检查规则 per year (rules/<year>/consistency.yaml); null: no
  // rules, findings stay empty (a city's county sums are still set).
  const consistency::RuleBook* consistency_rules = nullptr;  // outlives
  // 项目储备库: its facts pre-fill every saved draft; null: no pre-fill,
  // and override_reasons are refused.
  RegistryClient* registry = nullptr;  // outlives the service
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
  grpc::ServerUnaryReactor* VerifyAuditLog(
      grpc::CallbackServerContext* context,
      const v1::VerifyAuditLogRequest* request,
      v1::VerifyAuditLogResponse* response) override;
  grpc::ServerUnaryReactor* CheckReport(
      grpc::CallbackServerContext* context,
      const v1::CheckReportRequest* request,
      v1::CheckReportResponse* response) override;

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
  // 审计日志校验: the whole chain; DATA_LOSS naming the first bad entry.
  // Authorized against the region (the log spans every org).
  absl::Status DoVerifyAuditLog(const auth::Caller& caller,
                                const v1::VerifyAuditLogRequest& request,
                                v1::VerifyAuditLogResponse* response);

  // --- Evidence (佐证材料), in evidence_service.cc ---
  // Upload: the header first (checked, authorized against header.org, the
  // indicator in the campaign's pinned rubric, the report editable), then
  // chunks into a temp file; committed when the client closes the stream.
  // Download: the metadata with the first chunk, then 64 KiB chunks, only
  // for a hash attached to that (org, programme, year).
  grpc::ServerReadReactor<v1::UploadEvidenceRequest>* UploadEvidence(
      grpc::CallbackServerContext* context, v1::Evidence* response) override;
  grpc::ServerWriteReactor<v1::EvidenceChunk>* DownloadEvidence(
      grpc::CallbackServerContext* context,
      const v1::DownloadEvidenceRequest* request) override;
  grpc::ServerUnaryReactor* ListEvidence(
      grpc::CallbackServerContext* context,
      const v1::ListEvidenceRequest* request,
      v1::ListEvidenceResponse* response) override;

  absl::Status DoListEvidence(const auth::Caller& caller,
                              const v1::ListEvidenceRequest& request,
                              v1::ListEvidenceResponse* response);
  // The upload's first message, checked; returns its temp file and the row
  // to record (report, indicator) when the content has arrived.
  absl::StatusOr<std::pair<std::unique_ptr<EvidenceUpload>, v1::Evidence>>
  DoStartUpload(const auth::Caller& caller,
                const v1::UploadEvidenceRequest::Header& header);
  // The metadata of a download, after the checks.
  absl::StatusOr<v1::Evidence> DoFindEvidence(
      const auth::Caller& caller, const v1::DownloadEvidenceRequest& request);
  // A submitted version: the findings and county sums fixed at submission.
  // A draft or correction: computed now, as SubmitReport would record them.
  absl::Status DoCheckReport(const auth::Caller& caller,
                             const v1::CheckReportRequest& request,
                             v1::CheckReportResponse* response);

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

  // For the notification service (report_events.cc): the workflow events
  // after request.after_sequence(), oldest first; authorized against the
  // region. INVALID_ARGUMENT for a negative cursor or a limit above 1000.
  grpc::ServerUnaryReactor* ListReportEvents(
      grpc::CallbackServerContext* context,
      const v1::ListReportEventsRequest* request,
      v1::ListReportEventsResponse* response) override;
  absl::Status DoListReportEvents(const auth::Caller& caller,
                                  const v1::ListReportEventsRequest& request,
                                  v1::ListReportEventsResponse* response);

 private:
  class UploadReactor;
  class DownloadReactor;

  // Runs `work` on the worker pool (for the streaming evidence reactors).
  void PostWork(std::function<void()> work);
  // The report an evidence request names, after Authorize(caller, org) and
  // the check that the campaign of `year` runs `programme`.
  struct EvidenceTarget {
    ReportKey key;
    v1::Campaign campaign;
  };
  absl::StatusOr<EvidenceTarget> ResolveEvidenceTarget(
      const auth::Caller& caller, absl::string_view org,
      absl::string_view programme, int year);
  RubricIndicatorCache indicator_cache_;

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

  // The report's indicators with uploaded evidence (Store::EvidenceFor),
  // which count as evidenced for the judged_evidence rule.
  absl::StatusOr<std::set<std::string>> UploadedEvidence(const ReportKey& key);
  // Sets report->findings and, for a city, report->county_sums.
  absl::Status ApplyConsistency(const ReportKey& key, const orgs::Org& org,
                                const v1::Campaign& campaign,
                                v1::Report* report);

  // With a registry: fetches the org's reserve facts and applies them to
  // `report` (registry_prefill.h). UNAVAILABLE when the registry cannot
  // be reached. Without: INVALID_ARGUMENT for any override reason.
  absl::Status PrefillFromRegistry(const ReportKey& key,
                                   const OverrideReasons& reasons,
                                   v1::Report* report);

  SubmissionDeps deps_;
  std::unique_ptr<common::WorkerPool> pool_;
  std::unique_ptr<ReportChecker> checker_;
};

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_SUBMISSION_SERVICE_H_
