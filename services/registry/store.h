#ifndef ANJU_SERVICES_REGISTRY_STORE_H_
#define ANJU_SERVICES_REGISTRY_STORE_H_

// The registry's storage (项目储备库) over common/storage, schema component
// "registry": reserve projects (indexed columns for the filters of
// ListProjects, the ReserveProject itself as serialized bytes), the history
// of their status transitions, archive records (档案) and annual plans
// (年度计划). Every row that can be edited carries a revision; its etag is
// "r<revision>" and changes on every write. A write with a stale etag is
// ABORTED and changes nothing. SQL is written for SQLite and PostgreSQL
// alike ($n parameters, row values, no SQLite-only functions).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "anju/v1/registry.pb.h"
#include "common/orgs/org_tree.h"
#include "common/storage/database.h"
#include "common/storage/open_database.h"

namespace anju::registry {

// Who writes, and when (for history rows and times).
struct Actor {
  std::string id;  // principal id
  absl::Time at;
};

// The position of a project in the list order (org, programme, id).
struct ProjectKey {
  std::string org;
  std::string programme;
  std::string id;
};

struct ProjectQuery {
  std::string county;  // one county's projects; empty: no such filter
  std::string city;    // the projects of a city's counties; empty: none
  std::string programme;
  v1::ProjectStatus status = v1::PROJECT_STATUS_UNSPECIFIED;
  int plan_year = 0;
  std::string name_contains;
  std::optional<ProjectKey> after;  // keyset paging: strictly after this
  int limit = 100;                  // 0: no limit
};

struct ProjectPage {
  std::vector<v1::ReserveProject> projects;
  int64_t total = 0;  // every match of the filters, all pages
  bool more = false;  // rows beyond this page
};

// One step of a project's lifecycle (状态变更记录).
struct Transition {
  std::string project_id;
  v1::ProjectStatus from = v1::PROJECT_STATUS_UNSPECIFIED;
  v1::ProjectStatus to = v1::PROJECT_STATUS_UNSPECIFIED;
  int plan_year = 0;
  std::string date;  // YYYY-MM-DD, for 开工/竣工/交付
  std::string reason;
  std::string actor;
  std::string at;  // RFC 3339
};

// "r<revision>", the etag of a stored row.
std::string Etag(int64_t revision);
// RFC 3339 in China Standard Time (+08:00, fixed: no tzdata needed).
std::string ApiTime(absl::Time time);

class Store {
 public:
  // Opens the database the settings name (a SQLite file, created if
  // absent, or PostgreSQL) and applies the migrations. `tree` (outlives the
  // store) gives each county's city, kept in a column so that a city's list
  // is one indexed range.
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const storage::DatabaseSettings& settings, const orgs::OrgTree* tree);
  static absl::StatusOr<std::unique_ptr<Store>> Create(
      std::unique_ptr<storage::Database> db, const orgs::OrgTree* tree);

  // The database in messages ("sqlite:/…/registry.db", "postgres:host:…").
  std::string DatabaseName() const { return db_->Name(); }

  // --- Projects ---
  // Assigns id ("P-<org>-<n>"), status 储备, revision and times.
  absl::StatusOr<v1::ReserveProject> CreateProject(v1::ReserveProject project,
                                                   const Actor& actor);
  // NOT_FOUND naming the id.
  absl::StatusOr<v1::ReserveProject> GetProject(absl::string_view id);
  // Writes `project` (same id, org unchanged) when the stored etag is
  // `etag`, with `transition` recorded when given. ABORTED when stale.
  absl::StatusOr<v1::ReserveProject> ReplaceProject(
      v1::ReserveProject project, absl::string_view etag, const Actor& actor,
      const Transition* transition = nullptr);
  // With its archive records and history; ABORTED when stale,
  // FAILED_PRECONDITION when a plan names it.
  absl::Status DeleteProject(absl::string_view id, absl::string_view etag);
  absl::StatusOr<ProjectPage> ListProjects(const ProjectQuery& query);
  absl::StatusOr<std::vector<Transition>> History(absl::string_view id);
  // Creates the projects without id and replaces those with one (their
  // stored etag is taken as current: an import overwrites), all in one
  // transaction; returns them as stored, in order.
  absl::StatusOr<std::vector<v1::ReserveProject>> WriteProjects(
      std::vector<v1::ReserveProject> projects, const Actor& actor);

  // --- Archives (档案) ---
  // Assigns id ("A-<n>"); the project must exist (NOT_FOUND).
  absl::StatusOr<v1::ArchiveRecord> AddArchive(v1::ArchiveRecord record);
  // By type, then upload time.
  absl::StatusOr<std::vector<v1::ArchiveRecord>> ArchiveOf(
      absl::string_view project_id);
  // The archive types present per project, for the given projects (for
  // missing_archive_types on reads); a project without records is absent.
  absl::StatusOr<std::map<std::string, std::set<int>>> ArchiveTypes(
      const std::vector<std::string>& project_ids);
  // Every referenced file hash (start-up sweep of unreferenced blobs).
  absl::StatusOr<std::vector<std::string>> ArchiveHashes();

  // --- Annual plans (年度计划) ---
  absl::StatusOr<std::optional<v1::AnnualPlan>> GetPlan(
      absl::string_view org, absl::string_view programme, int year);
  // Writes `plan` when the stored one's etag is `etag` ("" : none may
  // exist). Sets etag and update_time. With `freeze_year`, every entry's
  // project moves 储备 → 计划 freeze_year in the same transaction (one in
  // 计划 for that year stays; FAILED_PRECONDITION naming any other).
  absl::StatusOr<v1::AnnualPlan> PutPlan(v1::AnnualPlan plan,
                                         absl::string_view etag,
                                         const Actor& actor,
                                         int freeze_year = 0);
  // The plans of these orgs for years [first_year, last_year].
  absl::StatusOr<std::vector<v1::AnnualPlan>> PlansOf(
      const std::vector<std::string>& orgs, int first_year, int last_year);

 private:
  Store(std::unique_ptr<storage::Database> db, const orgs::OrgTree* tree);

  std::string CityOf(absl::string_view county) const;

  std::unique_ptr<storage::Database> db_;
  const orgs::OrgTree* const tree_;
};

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_STORE_H_
