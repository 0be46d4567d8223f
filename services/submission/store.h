#ifndef ANJU_SERVICES_SUBMISSION_STORE_H_
#define ANJU_SERVICES_SUBMISSION_STORE_H_

// The submission service's own storage on common/storage: campaigns,
// reports with every version kept, etags, and the hash-chained audit log.
// Records are kept as the API's messages in JSON text (the same on SQLite
// and PostgreSQL, readable in the audit log).
//
// Rules the store enforces itself, whatever its caller does:
//  - a write names the etag it read; a stale one is refused with ABORTED
//    and nothing is written;
//  - a submitted version's content (facts, self-scores, scored snapshot,
//    rubric version) never changes: only its state, review and return
//    reason may, and a correction is a new version;
//  - every change appends one audit entry in the same transaction.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "anju/v1/submission.pb.h"
#include "common/storage/database.h"
#include "common/storage/migrations.h"
#include "common/storage/open_database.h"
#include "services/submission/audit_chain.h"

namespace anju::submission {

struct ReportKey {
  std::string org;  // a code
  std::string programme;
  int year = 0;
};

// Who changed something, and when.
struct Change {
  std::string actor;
  absl::Time at;
  std::string action;  // e.g. "submit"
};

struct AuditVerification {
  int64_t entries = 0;
  std::string head_hash;
};

// Reports that count in totals, and the results version they were read at.
struct ScoredReports {
  int64_t version = 0;
  std::vector<v1::Report> reports;
};

class Store {
 public:
  // Opens the database the settings name (a SQLite file, created if need
  // be, or PostgreSQL) and applies the schema migrations. Replicas may
  // share one PostgreSQL database: every write checks its etag inside a
  // write transaction, so none is lost whichever replica takes it.
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const storage::DatabaseSettings& settings);
  // Over any Database, e.g. for tests; applies the migrations.
  static absl::StatusOr<std::unique_ptr<Store>> Create(
      std::unique_ptr<storage::Database> db);

  // ALREADY_EXISTS when the year has one. Audited.
  absl::Status CreateCampaign(const v1::Campaign& campaign,
                              const Change& change);
  // NOT_FOUND naming the year.
  absl::StatusOr<v1::Campaign> GetCampaign(int year);

  // The latest version (version 0) or the one asked for, with its etag.
  // NOT_FOUND when there is none.
  absl::StatusOr<v1::Report> GetReport(const ReportKey& key, int version = 0);

  // Writes `after` as the report's latest state in one transaction:
  //  - `expected_etag` must be the current etag ("" when the report does
  //    not exist yet): ABORTED otherwise;
  //  - after.version() is the latest version (an update) or the latest + 1
  //    (a new version; 1 for a new report): INTERNAL otherwise;
  //  - updating a submitted version may not change its content:
  //    FAILED_PRECONDITION naming the version.
  // Returns the stored report with its new etag.
  absl::StatusOr<v1::Report> WriteReport(const v1::Report& after,
                                         const std::string& expected_etag,
                                         const Change& change);

  // The latest version of each org's report of (programme, year) among
  // `orgs`; orgs without a report are absent.
  absl::StatusOr<std::vector<v1::Report>> LatestReports(
      const std::vector<std::string>& orgs, const std::string& programme,
      int year);

  // --- Evidence (佐证材料): metadata rows; the blobs are EvidenceStore's ---

  // Records `evidence` (its blob already in place) with one audit entry, in
  // one transaction that also checks the report: its latest version must be
  // editable (no report yet, a draft or a correction), FAILED_PRECONDITION
  // otherwise. The same content attached again to the same indicator is
  // kept once: the existing row is returned and nothing is written.
  absl::StatusOr<v1::Evidence> AttachEvidence(const v1::Evidence& evidence,
                                              const Change& change);
  // OK when evidence may be attached to the report now (the check
  // AttachEvidence repeats), for refusing an upload before its content.
  absl::Status EvidenceEditable(const ReportKey& key);
  // The evidence of a report, by indicator then upload time; `indicator_id`
  // empty: every indicator. For the consistency rule "judged indicators
  // without evidence".
  absl::StatusOr<std::vector<v1::Evidence>> EvidenceFor(
      const ReportKey& key, const std::string& indicator_id = "");
  // The first row of the report with this content; NOT_FOUND otherwise (a
  // hash attached to another org's report is not found here).
  absl::StatusOr<v1::Evidence> FindEvidence(const ReportKey& key,
                                            const std::string& sha256);
  // Every distinct SHA-256 referenced by a row.
  absl::StatusOr<std::vector<std::string>> EvidenceHashes();

  // The results version of `year`: 0 before the first write, then bumped
  // in the transaction of every report write and of the campaign's creation.
  absl::StatusOr<int64_t> ResultsVersion(int year);
  // The latest version of every report of `year` among `orgs` (and of
  // `programme` unless empty) that counts in totals, ordered by org and
  // programme, with the results version read in the same snapshot.
  absl::StatusOr<ScoredReports> ListScoredReports(
      int year, const absl::flat_hash_set<std::string>& orgs,
      const std::string& programme);

  // Every audit entry, in order.
  absl::StatusOr<std::vector<AuditEntry>> AuditLog();
  // The entries after `after_seq` whose action is one of `actions`, oldest
  // first, at most `limit` (the workflow events, report_events.h).
  absl::StatusOr<std::vector<AuditEntry>> AuditEntriesAfter(
      int64_t after_seq, const std::vector<std::string>& actions, int limit);

  storage::Database& database() { return *db_; }

 private:
  explicit Store(std::unique_ptr<storage::Database> db);

  std::unique_ptr<storage::Database> db_;
};

// The schema steps Store::Open applies, for tests that rebuild a file as
// an older build made it.
absl::Span<const storage::Migration> SchemaMigrations();

// Reads the whole audit log in one snapshot and checks the chain: every
// seq from 1 without gaps, every prev_hash the previous entry's hash, every
// hash matching its content, and the head (count and last hash) matching
// the last entry. DATA_LOSS naming the first entry that fails and how.
absl::StatusOr<AuditVerification> VerifyAuditChain(storage::Database& db);

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_STORE_H_
