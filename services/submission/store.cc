#include "services/submission/store.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/reports/county_sums.h"
#include "common/storage/migrations.h"
#include "common/storage/open_database.h"
#include "services/submission/time_text.h"
#include "services/submission/workflow.h"

namespace anju::submission {
namespace {

using storage::Statement;
using storage::Transaction;
using storage::TransactionMode;

// Released steps are never edited: a change is a new step. The one
// exception, for PostgreSQL (where INTEGER is 32 bits and nothing numbers
// rows by itself): columns holding 64-bit values were retyped BIGINT in
// place. SQLite gives BIGINT the same integer affinity, so files made by
// the old text and by this one read and write alike; the one difference,
// that audit_log.seq and evidence.id are rowid aliases only in the old
// files, matters to nothing, since both ids are always written explicitly
// (AppendAudit, InsertEvidence). StoreMigrationTest opens an old file.
constexpr storage::Migration kMigrations[] = {
    {1, "campaigns and report versions",
     "CREATE TABLE campaigns ("
     "  year INTEGER PRIMARY KEY,"
     "  body TEXT NOT NULL);"
     "CREATE TABLE reports ("
     "  org TEXT NOT NULL,"
     "  programme TEXT NOT NULL,"
     "  year INTEGER NOT NULL,"
     "  latest_version INTEGER NOT NULL,"
     "  revision BIGINT NOT NULL,"
     "  PRIMARY KEY (org, programme, year));"
     "CREATE TABLE report_versions ("
     "  org TEXT NOT NULL,"
     "  programme TEXT NOT NULL,"
     "  year INTEGER NOT NULL,"
     "  version INTEGER NOT NULL,"
     "  state INTEGER NOT NULL,"
     "  body TEXT NOT NULL,"
     "  PRIMARY KEY (org, programme, year, version),"
     "  FOREIGN KEY (org, programme, year)"
     "    REFERENCES reports (org, programme, year));"},
    {2, "hash-chained audit log",
     "CREATE TABLE audit_log ("
     "  seq BIGINT PRIMARY KEY,"
     "  at TEXT NOT NULL,"
     "  actor TEXT NOT NULL,"
     "  action TEXT NOT NULL,"
     "  subject TEXT NOT NULL,"
     "  before_json TEXT NOT NULL,"
     "  after_json TEXT NOT NULL,"
     "  prev_hash TEXT NOT NULL,"
     "  hash TEXT NOT NULL);"
     "CREATE TABLE audit_head ("
     "  id INTEGER PRIMARY KEY,"
     "  seq BIGINT NOT NULL,"
     "  hash TEXT NOT NULL);"
     "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, "
     "'0000000000000000000000000000000000000000000000000000000000000000');"},
    {3, "evidence attached to reports",
     "CREATE TABLE evidence ("
     "  id BIGINT PRIMARY KEY,"
     "  org TEXT NOT NULL,"
     "  programme TEXT NOT NULL,"
     "  year INTEGER NOT NULL,"
     "  indicator_id TEXT NOT NULL,"
     "  sha256 TEXT NOT NULL,"
     "  file_name TEXT NOT NULL,"
     "  content_type TEXT NOT NULL,"
     "  size_bytes BIGINT NOT NULL,"
     "  upload_time TEXT NOT NULL,"
     "  uploaded_by TEXT NOT NULL,"
     "  UNIQUE (org, programme, year, indicator_id, sha256));"
     "CREATE INDEX evidence_by_sha256 ON evidence (sha256);"},
    // The results version of a year: bumped with every report write (the
    // scoring service's cache compares it, common/redis/versioned_cache.h).
    {4, "results versions",
     "CREATE TABLE results_versions ("
     "  year INTEGER PRIMARY KEY,"
     "  version BIGINT NOT NULL);"},
};

std::string Etag(int64_t revision) { return absl::StrCat("r", revision); }

std::string ReportSubject(const v1::Report& report) {
  return absl::StrCat("report/", report.org(), "/", report.programme(), "/",
                      report.year(), "/v", report.version());
}

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot write JSON: ", status.ToString()));
  }
  return json;
}

absl::Status FromJson(const std::string& json,
                      google::protobuf::Message* message) {
  auto status = google::protobuf::util::JsonStringToMessage(json, message);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("stored record is not readable: ", status.ToString()));
  }
  return absl::OkStatus();
}

// The content of a version: what may not change once it is submitted.
v1::Report Content(const v1::Report& report) {
  v1::Report content = report;
  content.clear_state();
  content.clear_etag();
  content.clear_review_scores();
  content.clear_return_reason();
  content.clear_update_time();
  return content;
}

absl::Status BindKey(Statement* statement, const ReportKey& key) {
  if (auto s = statement->BindText(1, key.org); !s.ok()) return s;
  if (auto s = statement->BindText(2, key.programme); !s.ok()) return s;
  return statement->BindInt64(3, key.year);
}

ReportKey KeyOf(const v1::Report& report) {
  return ReportKey{report.org(), report.programme(), report.year()};
}

// Appends one entry after the head and moves the head, inside `tx`.
absl::Status AppendAudit(Transaction& tx, const Change& change,
                         std::string subject, std::string before,
                         std::string after) {
  absl::StatusOr<Statement*> head =
      tx.Prepare("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head.ok()) return head.status();
  absl::StatusOr<bool> row = (*head)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError("audit_head: the head row is missing");
  AuditEntry entry;
  entry.seq = (*head)->ColumnInt64(0) + 1;
  entry.prev_hash = (*head)->ColumnText(1);
  entry.at = FormatShanghai(change.at);
  entry.actor = change.actor;
  entry.action = change.action;
  entry.subject = std::move(subject);
  entry.before = std::move(before);
  entry.after = std::move(after);
  entry.hash = ChainHash(entry);

  absl::StatusOr<Statement*> insert = tx.Prepare(
      "INSERT INTO audit_log (seq, at, actor, action, subject, before_json, "
      "after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9)");
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  for (absl::Status bind :
       {s.BindInt64(1, entry.seq), s.BindText(2, entry.at),
        s.BindText(3, entry.actor), s.BindText(4, entry.action),
        s.BindText(5, entry.subject), s.BindText(6, entry.before),
        s.BindText(7, entry.after), s.BindText(8, entry.prev_hash),
        s.BindText(9, entry.hash)}) {
    if (!bind.ok()) return bind;
  }
  if (auto run = s.Run(); !run.ok()) return run.status();

  absl::StatusOr<Statement*> move =
      tx.Prepare("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1");
  if (!move.ok()) return move.status();
  if (auto b = (*move)->BindInt64(1, entry.seq); !b.ok()) return b;
  if (auto b = (*move)->BindText(2, entry.hash); !b.ok()) return b;
  return (*move)->Run().status();
}

// The body of one version; NOT_FOUND when absent.
absl::StatusOr<v1::Report> ReadVersion(Transaction& tx, const ReportKey& key,
                                       int64_t version) {
  absl::StatusOr<Statement*> select = tx.Prepare(
      "SELECT body FROM report_versions WHERE org = $1 AND programme = $2 "
      "AND year = $3 AND version = $4");
  if (!select.ok()) return select.status();
  if (auto s = BindKey(*select, key); !s.ok()) return s;
  if (auto s = (*select)->BindInt64(4, version); !s.ok()) return s;
  absl::StatusOr<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return absl::NotFoundError(absl::StrCat("version: report ", key.org, "/",
                                            key.programme, "/", key.year,
                                            " has no version ", version));
  }
  v1::Report report;
  if (auto s = FromJson((*select)->ColumnText(0), &report); !s.ok()) return s;
  return report;
}

struct ReportRow {
  int64_t latest_version = 0;
  int64_t revision = 0;
};

absl::StatusOr<std::optional<ReportRow>> ReadReportRow(Transaction& tx,
                                                       const ReportKey& key) {
  absl::StatusOr<Statement*> select = tx.Prepare(
      "SELECT latest_version, revision FROM reports WHERE org = $1 AND "
      "programme = $2 AND year = $3");
  if (!select.ok()) return select.status();
  if (auto s = BindKey(*select, key); !s.ok()) return s;
  absl::StatusOr<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ReportRow>();
  return std::optional<ReportRow>(
      ReportRow{(*select)->ColumnInt64(0), (*select)->ColumnInt64(1)});
}

// Inside the write's transaction, so that a reader who sees the write sees
// the bump, and the other way round.
absl::Status BumpResultsVersion(Transaction& tx, int year) {
  absl::StatusOr<Statement*> bump = tx.Prepare(
      "INSERT INTO results_versions (year, version) VALUES ($1, 1) "
      "ON CONFLICT (year) DO UPDATE SET version = results_versions.version + "
      "1");
  if (!bump.ok()) return bump.status();
  if (auto s = (*bump)->BindInt64(1, year); !s.ok()) return s;
  return (*bump)->Run().status();
}

absl::StatusOr<int64_t> ReadResultsVersion(Transaction& tx, int year) {
  absl::StatusOr<Statement*> select =
      tx.Prepare("SELECT version FROM results_versions WHERE year = $1");
  if (!select.ok()) return select.status();
  if (auto s = (*select)->BindInt64(1, year); !s.ok()) return s;
  absl::StatusOr<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  return *row ? (*select)->ColumnInt64(0) : 0;
}

}  // namespace

absl::Span<const storage::Migration> SchemaMigrations() { return kMigrations; }

Store::Store(std::unique_ptr<storage::Database> db) : db_(std::move(db)) {}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(
    const storage::DatabaseSettings& settings) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::OpenDatabase(settings);
  if (!db.ok()) return db.status();
  return Create(*std::move(db));
}

absl::StatusOr<std::unique_ptr<Store>> Store::Create(
    std::unique_ptr<storage::Database> db) {
  absl::StatusOr<storage::MigrationResult> migrated =
      storage::ApplyMigrations(*db, "submission", kMigrations);
  if (!migrated.ok()) return migrated.status();
  return std::unique_ptr<Store>(new Store(std::move(db)));
}

absl::Status Store::CreateCampaign(const v1::Campaign& campaign,
                                   const Change& change) {
  absl::StatusOr<std::string> json = ToJson(campaign);
  if (!json.ok()) return json.status();
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement*> insert =
      (*tx)->Prepare("INSERT INTO campaigns (year, body) VALUES ($1, $2)");
  if (!insert.ok()) return insert.status();
  if (auto s = (*insert)->BindInt64(1, campaign.year()); !s.ok()) return s;
  if (auto s = (*insert)->BindText(2, *json); !s.ok()) return s;
  if (auto run = (*insert)->Run(); !run.ok()) {
    if (absl::IsAlreadyExists(run.status())) {
      return absl::AlreadyExistsError(
          absl::StrCat("campaign.year: the campaign of ", campaign.year(),
                       " exists already"));
    }
    return run.status();
  }
  if (auto s = AppendAudit(
          **tx, change, absl::StrCat("campaign/", campaign.year()), "", *json);
      !s.ok()) {
    return s;
  }
  // Results list the campaign's programmes: totals cached before it existed
  // must not be served after.
  if (auto s = BumpResultsVersion(**tx, campaign.year()); !s.ok()) return s;
  return (*tx)->Commit();
}

absl::StatusOr<v1::Campaign> Store::GetCampaign(int year) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement*> select =
      (*tx)->Prepare("SELECT body FROM campaigns WHERE year = $1");
  if (!select.ok()) return select.status();
  if (auto s = (*select)->BindInt64(1, year); !s.ok()) return s;
  absl::StatusOr<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return absl::NotFoundError(
        absl::StrCat("year: no campaign for ", year, "; create it first"));
  }
  v1::Campaign campaign;
  if (auto s = FromJson((*select)->ColumnText(0), &campaign); !s.ok()) {
    return s;
  }
  return campaign;
}

absl::StatusOr<v1::Report> Store::GetReport(const ReportKey& key, int version) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<std::optional<ReportRow>> row = ReadReportRow(**tx, key);
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return absl::NotFoundError(absl::StrCat("report ", key.org, "/",
                                            key.programme, "/", key.year,
                                            " does not exist"));
  }
  const int64_t wanted = version == 0 ? (*row)->latest_version : version;
  absl::StatusOr<v1::Report> report = ReadVersion(**tx, key, wanted);
  if (!report.ok()) return report.status();
  // The etag is the report's, whichever version is read: a write after
  // reading an old version is checked against the whole report.
  report->set_etag(Etag((*row)->revision));
  return report;
}

absl::StatusOr<v1::Report> Store::WriteReport(const v1::Report& after,
                                              const std::string& expected_etag,
                                              const Change& change) {
  const ReportKey key = KeyOf(after);
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<std::optional<ReportRow>> row = ReadReportRow(**tx, key);
  if (!row.ok()) return row.status();

  const std::string current_etag =
      row->has_value() ? Etag((*row)->revision) : "";
  if (expected_etag != current_etag) {
    return absl::AbortedError(absl::StrCat(
        "etag: \"", expected_etag, "\" is stale, the report is at \"",
        current_etag.empty() ? "(not created)" : current_etag,
        "\"; read it again and reapply the change"));
  }
  const int64_t latest = row->has_value() ? (*row)->latest_version : 0;
  const int64_t revision = row->has_value() ? (*row)->revision + 1 : 1;

  v1::Report stored = after;
  stored.clear_etag();
  stored.set_update_time(FormatShanghai(change.at));
  absl::StatusOr<std::string> after_json = ToJson(stored);
  if (!after_json.ok()) return after_json.status();

  std::string before_json;
  if (latest > 0) {
    absl::StatusOr<v1::Report> before = ReadVersion(**tx, key, latest);
    if (!before.ok()) return before.status();
    absl::StatusOr<std::string> json = ToJson(*before);
    if (!json.ok()) return json.status();
    before_json = *std::move(json);
    if (after.version() == latest && IsSubmitted(before->state()) &&
        !google::protobuf::util::MessageDifferencer::Equals(Content(*before),
                                                            Content(stored))) {
      return absl::FailedPreconditionError(absl::StrCat(
          "version: version ", latest, " of report ", key.org, "/",
          key.programme, "/", key.year,
          " is submitted and immutable; a correction is a new version"));
    }
  }

  absl::StatusOr<Statement*> write;
  if (after.version() == latest && latest > 0) {
    write = (*tx)->Prepare(
        "UPDATE report_versions SET state = $5, body = $6 WHERE org = $1 AND "
        "programme = $2 AND year = $3 AND version = $4");
  } else if (after.version() == latest + 1) {
    if (latest == 0) {
      absl::StatusOr<Statement*> insert = (*tx)->Prepare(
          "INSERT INTO reports (org, programme, year, latest_version, "
          "revision) VALUES ($1, $2, $3, 0, 0)");
      if (!insert.ok()) return insert.status();
      if (auto s = BindKey(*insert, key); !s.ok()) return s;
      if (auto run = (*insert)->Run(); !run.ok()) return run.status();
    }
    write = (*tx)->Prepare(
        "INSERT INTO report_versions (org, programme, year, version, state, "
        "body) VALUES ($1, $2, $3, $4, $5, $6)");
  } else {
    return absl::InternalError(absl::StrCat(
        "version: cannot write version ", after.version(), " of report ",
        key.org, "/", key.programme, "/", key.year, " at version ", latest));
  }
  if (!write.ok()) return write.status();
  if (auto s = BindKey(*write, key); !s.ok()) return s;
  if (auto s = (*write)->BindInt64(4, after.version()); !s.ok()) return s;
  if (auto s = (*write)->BindInt64(5, after.state()); !s.ok()) return s;
  if (auto s = (*write)->BindText(6, *after_json); !s.ok()) return s;
  if (auto run = (*write)->Run(); !run.ok()) return run.status();

  absl::StatusOr<Statement*> bump = (*tx)->Prepare(
      "UPDATE reports SET latest_version = $4, revision = $5 WHERE org = $1 "
      "AND programme = $2 AND year = $3");
  if (!bump.ok()) return bump.status();
  if (auto s = BindKey(*bump, key); !s.ok()) return s;
  if (auto s = (*bump)->BindInt64(4, after.version()); !s.ok()) return s;
  if (auto s = (*bump)->BindInt64(5, revision); !s.ok()) return s;
  if (auto run = (*bump)->Run(); !run.ok()) return run.status();

  if (auto s = AppendAudit(**tx, change, ReportSubject(after), before_json,
                           *after_json);
      !s.ok()) {
    return s;
  }
  if (auto s = BumpResultsVersion(**tx, key.year); !s.ok()) return s;
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  stored.set_etag(Etag(revision));
  return stored;
}

absl::StatusOr<std::vector<v1::Report>> Store::LatestReports(
    const std::vector<std::string>& orgs, const std::string& programme,
    int year) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  std::vector<v1::Report> reports;
  for (const std::string& org : orgs) {
    const ReportKey key{org, programme, year};
    absl::StatusOr<std::optional<ReportRow>> row = ReadReportRow(**tx, key);
    if (!row.ok()) return row.status();
    if (!row->has_value()) continue;
    absl::StatusOr<v1::Report> report =
        ReadVersion(**tx, key, (*row)->latest_version);
    if (!report.ok()) return report.status();
    report->set_etag(Etag((*row)->revision));
    reports.push_back(*std::move(report));
  }
  return reports;
}

// --- Evidence (佐证材料) ---

namespace {

constexpr char kEvidenceColumns[] =
    "org, programme, year, indicator_id, sha256, file_name, content_type, "
    "size_bytes, upload_time, uploaded_by";

v1::Evidence EvidenceRow(const Statement& s) {
  v1::Evidence evidence;
  evidence.set_org(s.ColumnText(0));
  evidence.set_programme(s.ColumnText(1));
  evidence.set_year(static_cast<int32_t>(s.ColumnInt64(2)));
  evidence.set_indicator_id(s.ColumnText(3));
  evidence.set_sha256(s.ColumnText(4));
  evidence.set_file_name(s.ColumnText(5));
  evidence.set_content_type(s.ColumnText(6));
  evidence.set_size_bytes(s.ColumnInt64(7));
  evidence.set_upload_time(s.ColumnText(8));
  evidence.set_uploaded_by(s.ColumnText(9));
  return evidence;
}

// Every row `select` (bound) yields.
absl::StatusOr<std::vector<v1::Evidence>> EvidenceRows(Statement& select) {
  std::vector<v1::Evidence> rows;
  while (true) {
    absl::StatusOr<bool> row = select.Step();
    if (!row.ok()) return row.status();
    if (!*row) return rows;
    rows.push_back(EvidenceRow(select));
  }
}

// Rows of the report at `key` whose `column` is `value`; every row of the
// report when `value` is empty. By indicator, then upload (insertion) order.
absl::StatusOr<std::vector<v1::Evidence>> SelectEvidence(
    Transaction& tx, const ReportKey& key, absl::string_view column,
    const std::string& value) {
  absl::StatusOr<Statement*> select = tx.Prepare(absl::StrCat(
      "SELECT ", kEvidenceColumns,
      " FROM evidence WHERE org = $1 AND programme = $2 AND year = $3 AND "
      "($4 = '' OR ",
      column, " = $4) ORDER BY indicator_id, id"));
  if (!select.ok()) return select.status();
  if (auto s = BindKey(*select, key); !s.ok()) return s;
  if (auto s = (*select)->BindText(4, value); !s.ok()) return s;
  return EvidenceRows(**select);
}

// Evidence may change only while the report's content may.
absl::Status CheckEvidenceEditable(Transaction& tx, const ReportKey& key) {
  absl::StatusOr<Statement*> select = tx.Prepare(
      "SELECT v.state, v.version FROM reports r JOIN report_versions v ON "
      "v.org = r.org AND v.programme = r.programme AND v.year = r.year AND "
      "v.version = r.latest_version WHERE r.org = $1 AND r.programme = $2 "
      "AND r.year = $3");
  if (!select.ok()) return select.status();
  if (auto s = BindKey(*select, key); !s.ok()) return s;
  absl::StatusOr<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::OkStatus();  // no report yet: a draft to come
  const auto state = static_cast<v1::ReportState>((*select)->ColumnInt64(0));
  if (IsEditable(state)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "report ", key.org, "/", key.programme, "/", key.year, " 第 ",
      (*select)->ColumnInt64(1), " 版为 ", StateName(state),
      ", 不能再上传佐证材料 (version is not editable: evidence can be added "
      "to a draft or a correction only)"));
}

std::string EvidenceSubject(const v1::Evidence& e) {
  return absl::StrCat("evidence/", e.org(), "/", e.programme(), "/", e.year(),
                      "/", e.indicator_id(), "/", e.sha256());
}

// The id is the next after the largest, as SQLite's rowid numbering gave
// it, written explicitly so that PostgreSQL (no auto-numbering) takes the
// same SQL; the write transaction keeps two inserts from taking one id.
absl::Status InsertEvidence(Transaction& tx, const v1::Evidence& e) {
  absl::StatusOr<Statement*> insert = tx.Prepare(absl::StrCat(
      "INSERT INTO evidence (id, ", kEvidenceColumns,
      ") VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM evidence), $1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, $10)"));
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  for (absl::Status bind :
       {s.BindText(1, e.org()), s.BindText(2, e.programme()),
        s.BindInt64(3, e.year()), s.BindText(4, e.indicator_id()),
        s.BindText(5, e.sha256()), s.BindText(6, e.file_name()),
        s.BindText(7, e.content_type()), s.BindInt64(8, e.size_bytes()),
        s.BindText(9, e.upload_time()), s.BindText(10, e.uploaded_by())}) {
    if (!bind.ok()) return bind;
  }
  return s.Run().status();
}

}  // namespace

absl::StatusOr<v1::Evidence> Store::AttachEvidence(const v1::Evidence& evidence,
                                                   const Change& change) {
  const ReportKey key{evidence.org(), evidence.programme(), evidence.year()};
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  if (auto s = CheckEvidenceEditable(**tx, key); !s.ok()) return s;
  absl::StatusOr<std::vector<v1::Evidence>> same =
      SelectEvidence(**tx, key, "sha256", evidence.sha256());
  if (!same.ok()) return same.status();
  for (const v1::Evidence& row : *same) {
    if (row.indicator_id() == evidence.indicator_id()) return row;
  }
  v1::Evidence row = evidence;
  row.set_upload_time(FormatShanghai(change.at));
  row.set_uploaded_by(change.actor);
  absl::StatusOr<std::string> json = ToJson(row);
  if (!json.ok()) return json.status();
  if (auto s = InsertEvidence(**tx, row); !s.ok()) return s;
  if (auto s = AppendAudit(**tx, change, EvidenceSubject(row), "", *json);
      !s.ok()) {
    return s;
  }
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return row;
}

absl::Status Store::EvidenceEditable(const ReportKey& key) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  return CheckEvidenceEditable(**tx, key);
}

absl::StatusOr<std::vector<v1::Evidence>> Store::EvidenceFor(
    const ReportKey& key, const std::string& indicator_id) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  return SelectEvidence(**tx, key, "indicator_id", indicator_id);
}

absl::StatusOr<v1::Evidence> Store::FindEvidence(const ReportKey& key,
                                                 const std::string& sha256) {
  if (sha256.empty()) return absl::NotFoundError("sha256: empty");
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<std::vector<v1::Evidence>> rows =
      SelectEvidence(**tx, key, "sha256", sha256);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return absl::NotFoundError(absl::StrCat(
        "sha256: 报告 ", key.org, "/", key.programme, "/", key.year,
        " 没有该佐证材料 (no evidence with this SHA-256 is attached to the "
        "report)"));
  }
  return rows->front();
}

absl::StatusOr<std::vector<std::string>> Store::EvidenceHashes() {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement*> select =
      (*tx)->Prepare("SELECT DISTINCT sha256 FROM evidence");
  if (!select.ok()) return select.status();
  std::vector<std::string> hashes;
  while (true) {
    absl::StatusOr<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return hashes;
    hashes.push_back((*select)->ColumnText(0));
  }
}

namespace {

constexpr char kAuditColumns[] =
    "seq, at, actor, action, subject, before_json, after_json, prev_hash, "
    "hash";

// Every row `select` (bound) yields, as entries.
absl::StatusOr<std::vector<AuditEntry>> AuditRows(Statement* select) {
  std::vector<AuditEntry> entries;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const Statement& s = *select;
    AuditEntry entry;
    entry.seq = s.ColumnInt64(0);
    entry.at = s.ColumnText(1);
    entry.actor = s.ColumnText(2);
    entry.action = s.ColumnText(3);
    entry.subject = s.ColumnText(4);
    entry.before = s.ColumnText(5);
    entry.after = s.ColumnText(6);
    entry.prev_hash = s.ColumnText(7);
    entry.hash = s.ColumnText(8);
    entries.push_back(std::move(entry));
  }
  return entries;
}

absl::StatusOr<std::vector<AuditEntry>> ReadAuditLog(Transaction& tx) {
  absl::StatusOr<Statement*> select = tx.Prepare(
      absl::StrCat("SELECT ", kAuditColumns, " FROM audit_log ORDER BY seq"));
  if (!select.ok()) return select.status();
  return AuditRows(*select);
}

}  // namespace

absl::StatusOr<std::vector<AuditEntry>> Store::AuditLog() {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  return ReadAuditLog(**tx);
}

absl::StatusOr<std::vector<AuditEntry>> Store::AuditEntriesAfter(
    int64_t after_seq, const std::vector<std::string>& actions, int limit) {
  if (actions.empty()) return std::vector<AuditEntry>();
  // One placeholder per action: $2, $3, … (portable, unlike array binds).
  std::string in;
  for (size_t i = 0; i < actions.size(); ++i) {
    absl::StrAppend(&in, i == 0 ? "" : ", ", "$", i + 2);
  }
  const int limit_param = static_cast<int>(actions.size()) + 2;
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement*> select = (*tx)->Prepare(
      absl::StrCat("SELECT ", kAuditColumns,
                   " FROM audit_log WHERE seq > $1 AND action IN (", in,
                   ") ORDER BY seq LIMIT $", limit_param));
  if (!select.ok()) return select.status();
  if (auto s = (*select)->BindInt64(1, after_seq); !s.ok()) return s;
  for (size_t i = 0; i < actions.size(); ++i) {
    if (auto s = (*select)->BindText(static_cast<int>(i) + 2, actions[i]);
        !s.ok()) {
      return s;
    }
  }
  if (auto s = (*select)->BindInt64(limit_param, limit); !s.ok()) return s;
  return AuditRows(*select);
}

absl::StatusOr<AuditVerification> VerifyAuditChain(storage::Database& db) {
  auto tx = db.Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<std::vector<AuditEntry>> entries = ReadAuditLog(**tx);
  if (!entries.ok()) return entries.status();

  std::string prev_hash(kGenesisHash);
  int64_t expected_seq = 1;
  for (const AuditEntry& entry : *entries) {
    if (entry.seq != expected_seq) {
      return absl::DataLossError(absl::StrCat("audit_log: entry ", expected_seq,
                                              " is missing (deleted): the log "
                                              "goes on at ",
                                              entry.seq));
    }
    if (entry.prev_hash != prev_hash) {
      return absl::DataLossError(absl::StrCat(
          "audit_log: entry ", entry.seq,
          " does not link to the entry before it (one was changed or "
          "deleted)"));
    }
    if (ChainHash(entry) != entry.hash) {
      return absl::DataLossError(
          absl::StrCat("audit_log: entry ", entry.seq,
                       " does not match its hash (its content was changed)"));
    }
    prev_hash = entry.hash;
    ++expected_seq;
  }

  absl::StatusOr<Statement*> head =
      (*tx)->Prepare("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head.ok()) return head.status();
  absl::StatusOr<bool> row = (*head)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::DataLossError("audit_head: the head row is missing");
  const int64_t head_seq = (*head)->ColumnInt64(0);
  const std::string head_hash = (*head)->ColumnText(1);
  const int64_t count = expected_seq - 1;
  if (head_seq != count || head_hash != prev_hash) {
    return absl::DataLossError(absl::StrCat(
        "audit_head: records ", head_seq, " entries but the log holds ", count,
        head_seq > count ? " (entries were cut off the end)"
                         : " (the head does not match the last entry)"));
  }
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return AuditVerification{count, prev_hash};
}

// ---- Results (the scoring service's results API) ----

absl::StatusOr<int64_t> Store::ResultsVersion(int year) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  return ReadResultsVersion(**tx, year);
}

absl::StatusOr<ScoredReports> Store::ListScoredReports(
    int year, const absl::flat_hash_set<std::string>& orgs,
    const std::string& programme) {
  // One snapshot for the version and the reports: the reports are at least
  // as new as the version returned with them.
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  ScoredReports result;
  absl::StatusOr<int64_t> version = ReadResultsVersion(**tx, year);
  if (!version.ok()) return version.status();
  result.version = *version;
  absl::StatusOr<Statement*> select = (*tx)->Prepare(
      "SELECT r.org, r.revision, v.body FROM reports r JOIN report_versions v"
      " ON v.org = r.org AND v.programme = r.programme AND v.year = r.year"
      " AND v.version = r.latest_version"
      " WHERE r.year = $1 AND ($2 = '' OR r.programme = $2)"
      " ORDER BY r.org, r.programme");
  if (!select.ok()) return select.status();
  if (auto s = (*select)->BindInt64(1, year); !s.ok()) return s;
  if (auto s = (*select)->BindText(2, programme); !s.ok()) return s;
  while (true) {
    absl::StatusOr<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (!orgs.contains((*select)->ColumnText(0))) continue;
    v1::Report report;
    if (auto s = FromJson((*select)->ColumnText(2), &report); !s.ok()) {
      return s;
    }
    // The latest version only: a report being corrected does not count,
    // even if an earlier version was submitted (reports::CountsInTotals).
    if (!reports::CountsInTotals(report)) continue;
    report.set_etag(Etag((*select)->ColumnInt64(1)));
    result.reports.push_back(std::move(report));
  }
  return result;
}

}  // namespace anju::submission
