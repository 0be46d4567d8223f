#ifndef ANJU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
#define ANJU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_

// anju.v1.RegistryService (项目储备库) on gRPC's callback API. Every handler
// reads or writes SQLite, so a reaction hands the call to the service's
// worker pool, which finishes it.
//
// Every Do* method is the whole RPC without a server, for tests; it takes
// the auth::Caller. Identity follows the submission service: a Do* method
// calls Authorize(caller, org) with the org it touches before reading or
// writing anything of it; for a call by id, after loading the project, so
// that another county's project is PERMISSION_DENIED and never shown.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/registry.grpc.pb.h"
#include "common/auth/access_gate.h"
#include "common/auth/caller.h"
#include "common/blobs/blob_dir.h"
#include "common/orgs/org_tree.h"
#include "common/worker_pool.h"
#include "services/registry/archive_rules.h"
#include "services/registry/priority/priority_model.h"
#include "services/registry/store.h"

namespace anju::registry {

using Clock = std::function<absl::Time()>;
using CallerSource =
    std::function<absl::StatusOr<auth::Caller>(grpc::CallbackServerContext*)>;

// The caller when no CallerSource is given: the region's administrator,
// id "anonymous", scope region, not authenticated.
auth::Caller AnonymousRegionCaller(const orgs::OrgTree& orgs);

struct RegistryLimits {
  int default_page_size = 100;
  int max_page_size = 1000;
  int max_name_filter_bytes = 200;
  int64_t max_import_bytes = 16 << 20;
  int max_archive_data_entries = 64;  // key-value pairs per record
  int max_archive_data_bytes = 1000;  // per key or value
  int max_archive_title_bytes = 200;
  int max_archive_records = 500;  // per project
};

struct RegistryDeps {
  Store* store = nullptr;               // outlives the service
  const orgs::OrgTree* orgs = nullptr;  // outlives the service
  // Checks the org a request touches; null: every known org is allowed.
  const auth::AccessGate* gate = nullptr;  // outlives the service
  CallerSource caller;                     // default: AnonymousRegionCaller
  Clock clock = [] { return absl::Now(); };
  int workers = 4;
  RegistryLimits limits;
  // Archive files (content-addressed) and the types each programme needs.
  blobs::BlobDir* archive_files = nullptr;      // outlives the service
  const ArchiveRules* archive_rules = nullptr;  // outlives the service
  // The priority models (评分模型); null: priority, ranking and plans
  // answer FAILED_PRECONDITION and reads carry no priority.
  const PriorityModels* priority_models = nullptr;  // outlives the service
};

class RegistryServiceImpl : public v1::RegistryService::CallbackService {
 public:
  explicit RegistryServiceImpl(RegistryDeps deps);
  // Finishes every call already handed to the workers, then stops them.
  ~RegistryServiceImpl() override;

  // --- Projects (project_handlers.cc) ---
  grpc::ServerUnaryReactor* CreateProject(
      grpc::CallbackServerContext* context,
      const v1::CreateProjectRequest* request,
      v1::ReserveProject* response) override;
  grpc::ServerUnaryReactor* GetProject(grpc::CallbackServerContext* context,
                                       const v1::GetProjectRequest* request,
                                       v1::ReserveProject* response) override;
  grpc::ServerUnaryReactor* UpdateProject(
      grpc::CallbackServerContext* context,
      const v1::UpdateProjectRequest* request,
      v1::ReserveProject* response) override;
  grpc::ServerUnaryReactor* DeleteProject(
      grpc::CallbackServerContext* context,
      const v1::DeleteProjectRequest* request,
      google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* ListProjects(
      grpc::CallbackServerContext* context,
      const v1::ListProjectsRequest* request,
      v1::ListProjectsResponse* response) override;
  grpc::ServerUnaryReactor* TransitionProject(
      grpc::CallbackServerContext* context,
      const v1::TransitionProjectRequest* request,
      v1::ReserveProject* response) override;

  absl::Status DoCreateProject(const auth::Caller& caller,
                               const v1::CreateProjectRequest& request,
                               v1::ReserveProject* response);
  absl::Status DoGetProject(const auth::Caller& caller,
                            const v1::GetProjectRequest& request,
                            v1::ReserveProject* response);
  absl::Status DoUpdateProject(const auth::Caller& caller,
                               const v1::UpdateProjectRequest& request,
                               v1::ReserveProject* response);
  absl::Status DoDeleteProject(const auth::Caller& caller,
                               const v1::DeleteProjectRequest& request,
                               google::protobuf::Empty* response);
  absl::Status DoListProjects(const auth::Caller& caller,
                              const v1::ListProjectsRequest& request,
                              v1::ListProjectsResponse* response);
  absl::Status DoTransitionProject(const auth::Caller& caller,
                                   const v1::TransitionProjectRequest& request,
                                   v1::ReserveProject* response);

  // --- Archives (archive_handlers.cc) ---
  grpc::ServerReadReactor<v1::UploadArchiveRequest>* UploadArchive(
      grpc::CallbackServerContext* context,
      v1::ArchiveRecord* response) override;
  grpc::ServerWriteReactor<v1::ArchiveChunk>* DownloadArchive(
      grpc::CallbackServerContext* context,
      const v1::DownloadArchiveRequest* request) override;
  grpc::ServerUnaryReactor* ListArchive(
      grpc::CallbackServerContext* context,
      const v1::ListArchiveRequest* request,
      v1::ListArchiveResponse* response) override;

  absl::Status DoListArchive(const auth::Caller& caller,
                             const v1::ListArchiveRequest& request,
                             v1::ListArchiveResponse* response);
  // The upload's header, checked and authorized; the upload of its file
  // (null for a data-only record) and the record to store.
  struct StartedUpload {
    std::unique_ptr<blobs::BlobUpload> file;
    v1::ArchiveRecord record;
  };
  absl::StatusOr<StartedUpload> DoStartUpload(
      const auth::Caller& caller,
      const v1::UploadArchiveRequest::Header& header);
  // Seals and places the file (if any) and records the row; a failure
  // leaves neither blob nor row.
  absl::StatusOr<v1::ArchiveRecord> DoFinishUpload(StartedUpload upload);
  // The record of a download, after the checks.
  absl::StatusOr<v1::ArchiveRecord> DoFindArchive(
      const auth::Caller& caller, const v1::DownloadArchiveRequest& request);

  // --- Priority, ranking, plans, reserve facts (plan_handlers.cc) ---
  grpc::ServerUnaryReactor* GetPriorityModel(
      grpc::CallbackServerContext* context,
      const v1::GetPriorityModelRequest* request,
      v1::PriorityModel* response) override;
  grpc::ServerUnaryReactor* RankProjects(
      grpc::CallbackServerContext* context,
      const v1::RankProjectsRequest* request,
      v1::RankProjectsResponse* response) override;
  grpc::ServerUnaryReactor* DraftPlan(grpc::CallbackServerContext* context,
                                      const v1::DraftPlanRequest* request,
                                      v1::AnnualPlan* response) override;
  grpc::ServerUnaryReactor* GetPlan(grpc::CallbackServerContext* context,
                                    const v1::GetPlanRequest* request,
                                    v1::AnnualPlan* response) override;
  grpc::ServerUnaryReactor* AdjustPlan(grpc::CallbackServerContext* context,
                                       const v1::AdjustPlanRequest* request,
                                       v1::AnnualPlan* response) override;
  grpc::ServerUnaryReactor* FreezePlan(grpc::CallbackServerContext* context,
                                       const v1::FreezePlanRequest* request,
                                       v1::AnnualPlan* response) override;
  grpc::ServerUnaryReactor* GetReserveFacts(
      grpc::CallbackServerContext* context,
      const v1::GetReserveFactsRequest* request,
      v1::ReserveFacts* response) override;

  absl::Status DoGetPriorityModel(const auth::Caller& caller,
                                  const v1::GetPriorityModelRequest& request,
                                  v1::PriorityModel* response);
  absl::Status DoRankProjects(const auth::Caller& caller,
                              const v1::RankProjectsRequest& request,
                              v1::RankProjectsResponse* response);
  // Replaces a draft (its etag required); a frozen plan is final.
  absl::Status DoDraftPlan(const auth::Caller& caller,
                           const v1::DraftPlanRequest& request,
                           v1::AnnualPlan* response);
  absl::Status DoGetPlan(const auth::Caller& caller,
                         const v1::GetPlanRequest& request,
                         v1::AnnualPlan* response);
  absl::Status DoAdjustPlan(const auth::Caller& caller,
                            const v1::AdjustPlanRequest& request,
                            v1::AnnualPlan* response);
  // Moves the plan's projects 储备 → 计划 year in the same transaction.
  absl::Status DoFreezePlan(const auth::Caller& caller,
                            const v1::FreezePlanRequest& request,
                            v1::AnnualPlan* response);
  absl::Status DoGetReserveFacts(const auth::Caller& caller,
                                 const v1::GetReserveFactsRequest& request,
                                 v1::ReserveFacts* response);

  // --- Spreadsheets (bulk_handlers.cc) ---
  grpc::ServerUnaryReactor* ImportProjects(
      grpc::CallbackServerContext* context,
      const v1::ImportProjectsRequest* request,
      v1::ImportProjectsResponse* response) override;
  grpc::ServerUnaryReactor* ExportProjects(
      grpc::CallbackServerContext* context,
      const v1::ExportProjectsRequest* request,
      v1::ExportProjectsResponse* response) override;
  // Every parsed row checked (CheckProject, the org, the id); with errors
  // nothing is written unless valid_rows_only; dry_run writes nothing.
  // One transaction.
  absl::Status DoImportProjects(const auth::Caller& caller,
                                const v1::ImportProjectsRequest& request,
                                v1::ImportProjectsResponse* response);
  absl::Status DoExportProjects(const auth::Caller& caller,
                                const v1::ExportProjectsRequest& request,
                                v1::ExportProjectsResponse* response);

 private:
  class UploadReactor;
  class DownloadReactor;

  // OK when the caller's scope on its method reaches `org`.
  absl::Status Authorize(const auth::Caller& caller,
                         absl::string_view org) const;
  // The project of `id` once the caller may see it.
  absl::StatusOr<v1::ReserveProject> LoadAuthorized(const auth::Caller& caller,
                                                    absl::string_view id);
  // Fills the computed output-only fields: missing archive types, and the
  // priority under the model in force unless it is set already.
  absl::Status Decorate(std::vector<v1::ReserveProject*> projects,
                        bool with_priority = true);
  // The org of a request, known and authorized.
  absl::StatusOr<const orgs::Org*> ResolveScope(const auth::Caller& caller,
                                                absl::string_view org) const;
  // Every project of a county, a city's counties or the region.
  absl::StatusOr<std::vector<v1::ReserveProject>> ProjectsUnder(
      const orgs::Org& org, absl::string_view programme);
  // The model of `version` (empty: in force).
  absl::StatusOr<const PriorityModel*> Model(absl::string_view version) const;
  absl::Status CheckConstraints(const orgs::Org& org,
                                const v1::PlanConstraints& constraints) const;
  absl::StatusOr<const orgs::Org*> ResolvePlanKey(const auth::Caller& caller,
                                                  absl::string_view org,
                                                  absl::string_view programme,
                                                  int year) const;
  absl::StatusOr<v1::AnnualPlan> EditableDraft(absl::string_view org,
                                               absl::string_view programme,
                                               int year);
  absl::StatusOr<v1::PlanEntry> ManualEntry(
      const auth::Caller& caller, const orgs::Org& org,
      const v1::AnnualPlan& plan, const std::vector<v1::PlanEntry>& entries,
      absl::string_view id, const PriorityModel& model);
  std::vector<v1::RowError> CheckImportRow(const auth::Caller& caller,
                                           const orgs::Org& scope, int row,
                                           const v1::ReserveProject& project);
  // "松山区" for a code, for notes and explanations.
  std::string OrgName(const std::string& code) const;
  int ThisYear() const;
  Actor ActorOf(const auth::Caller& caller) const;

  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Dispatch(
      grpc::CallbackServerContext* context, const Request* request,
      Response* response,
      absl::Status (RegistryServiceImpl::*method)(const auth::Caller&,
                                                  const Request&, Response*));
  void PostWork(std::function<void()> work);

  RegistryDeps deps_;
  std::unique_ptr<common::WorkerPool> pool_;
  // Placing a blob and recording its row happen together (blob_dir.h).
  std::mutex place_mu_;
};

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
