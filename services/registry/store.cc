#include "services/registry/store.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/storage/migrations.h"
#include "services/registry/sql_params.h"

namespace anju::registry {
namespace {

using storage::Statement;
using storage::Transaction;
using storage::TransactionMode;

// Bodies are serialized protos. The column type BYTEA is PostgreSQL's
// binary type; SQLite accepts the name and stores blobs unchanged.
// Released steps are never edited: a change is a new step.
constexpr storage::Migration kMigrations[] = {
    {1, "reserve projects, transitions, archives and annual plans",
     "CREATE TABLE registry_sequences ("
     "  name TEXT PRIMARY KEY,"
     "  next_value BIGINT NOT NULL);"
     "INSERT INTO registry_sequences (name, next_value) VALUES"
     "  ('project', 1), ('archive', 1);"
     "CREATE TABLE projects ("
     "  id TEXT PRIMARY KEY,"
     "  org TEXT NOT NULL,"
     "  city TEXT NOT NULL,"
     "  programme TEXT NOT NULL,"
     "  status INTEGER NOT NULL,"
     "  plan_year INTEGER NOT NULL,"
     "  name TEXT NOT NULL,"
     "  revision BIGINT NOT NULL,"
     "  create_time TEXT NOT NULL,"
     "  update_time TEXT NOT NULL,"
     "  body BYTEA NOT NULL);"
     "CREATE INDEX projects_by_org ON projects (org, programme, id);"
     "CREATE INDEX projects_by_city ON projects (city, org, programme, id);"
     "CREATE TABLE project_transitions ("
     "  project_id TEXT NOT NULL,"
     "  seq INTEGER NOT NULL,"
     "  from_status INTEGER NOT NULL,"
     "  to_status INTEGER NOT NULL,"
     "  plan_year INTEGER NOT NULL,"
     "  on_date TEXT NOT NULL,"
     "  reason TEXT NOT NULL,"
     "  actor TEXT NOT NULL,"
     "  at TEXT NOT NULL,"
     "  PRIMARY KEY (project_id, seq));"
     "CREATE TABLE archive_records ("
     "  id TEXT PRIMARY KEY,"
     "  seq BIGINT NOT NULL,"
     "  project_id TEXT NOT NULL,"
     "  type INTEGER NOT NULL,"
     "  sha256 TEXT NOT NULL,"
     "  body BYTEA NOT NULL);"
     "CREATE INDEX archive_by_project ON archive_records"
     "  (project_id, type, seq);"
     "CREATE INDEX archive_by_sha256 ON archive_records (sha256);"
     "CREATE TABLE annual_plans ("
     "  org TEXT NOT NULL,"
     "  programme TEXT NOT NULL,"
     "  year INTEGER NOT NULL,"
     "  state INTEGER NOT NULL,"
     "  revision BIGINT NOT NULL,"
     "  body BYTEA NOT NULL,"
     "  PRIMARY KEY (org, programme, year));"
     "CREATE TABLE plan_projects ("
     "  org TEXT NOT NULL,"
     "  programme TEXT NOT NULL,"
     "  year INTEGER NOT NULL,"
     "  project_id TEXT NOT NULL,"
     "  PRIMARY KEY (org, programme, year, project_id));"
     "CREATE INDEX plan_projects_by_project ON plan_projects (project_id);"},
};

constexpr char kProjectColumns[] =
    "SELECT body, revision, create_time, update_time FROM projects";

absl::Status Stale(absl::string_view what, absl::string_view sent,
                   int64_t revision) {
  return absl::AbortedError(
      absl::StrCat("etag: \"", sent, "\" 已过期 (stale): ", what, " is at \"",
                   Etag(revision), "\"; read it again and retry"));
}

absl::Status Unreadable(absl::string_view what) {
  return absl::InternalError(absl::StrCat("stored ", what, " is not readable"));
}

// Takes `count` numbers of a sequence inside `tx`; returns the first. One
// UPDATE … RETURNING, so that two writers can never take the same numbers
// (PostgreSQL locks the row; SQLite has one writer).
absl::StatusOr<int64_t> NextValues(Transaction& tx, absl::string_view name,
                                   int64_t count = 1) {
  absl::StatusOr<Statement*> update =
      Query(tx,
            "UPDATE registry_sequences SET next_value = next_value + $1"
            " WHERE name = $2 RETURNING next_value",
            {Param(count), Param(name)});
  if (!update.ok()) return update.status();
  absl::StatusOr<bool> row = (*update)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError(absl::StrCat("no sequence ", name));
  const int64_t next = (*update)->ColumnInt64(0);
  // Run to its end: the statement holds nothing open afterwards.
  if (absl::StatusOr<bool> done = (*update)->Step(); !done.ok()) {
    return done.status();
  }
  return next - count;
}

// A project row read by kProjectColumns.
absl::StatusOr<v1::ReserveProject> ReadProject(const Statement& row) {
  v1::ReserveProject project;
  if (!project.ParseFromString(row.ColumnBlob(0))) return Unreadable("project");
  project.set_etag(Etag(row.ColumnInt64(1)));
  project.set_create_time(row.ColumnText(2));
  project.set_update_time(row.ColumnText(3));
  return project;
}

// What is stored of a project: output-only fields that are computed on
// read (etag, times, priority, archive types) are not.
std::string Body(v1::ReserveProject project) {
  project.clear_etag();
  project.clear_create_time();
  project.clear_update_time();
  project.clear_priority();
  project.clear_missing_archive_types();
  return project.SerializeAsString();
}

absl::StatusOr<std::optional<std::pair<v1::ReserveProject, int64_t>>>
FindProject(Transaction& tx, absl::string_view id) {
  absl::StatusOr<Statement*> select =
      Query(tx, absl::StrCat(kProjectColumns, " WHERE id = $1"), {Param(id)});
  if (!select.ok()) return select.status();
  absl::StatusOr<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  absl::StatusOr<v1::ReserveProject> project = ReadProject(**select);
  if (!project.ok()) return project.status();
  return std::make_pair(*std::move(project), (*select)->ColumnInt64(1));
}

absl::Status NotFound(absl::string_view id) {
  return absl::NotFoundError(
      absl::StrCat("id: 项目不存在 (no project \"", id, "\")"));
}

absl::Status AddTransition(Transaction& tx, const Transition& t) {
  absl::StatusOr<Statement*> count = Query(
      tx, "SELECT COUNT(*) FROM project_transitions WHERE project_id = $1",
      {Param(t.project_id)});
  if (!count.ok()) return count.status();
  if (auto row = (*count)->Step(); !row.ok()) return row.status();
  const int64_t seq = (*count)->ColumnInt64(0) + 1;
  return Exec(tx,
              "INSERT INTO project_transitions (project_id, seq, from_status,"
              " to_status, plan_year, on_date, reason, actor, at) VALUES"
              " ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
              {Param(t.project_id), Param(seq), Param(int64_t{t.from}),
               Param(int64_t{t.to}), Param(int64_t{t.plan_year}), Param(t.date),
               Param(t.reason), Param(t.actor), Param(t.at)});
}

// Rewrites a stored project at `revision` + 1; ABORTED when another write
// came first.
absl::StatusOr<v1::ReserveProject> Rewrite(Transaction& tx,
                                           v1::ReserveProject project,
                                           int64_t revision,
                                           const std::string& now) {
  absl::StatusOr<int64_t> changed = ExecCount(
      tx,
      "UPDATE projects SET programme = $1, status = $2, plan_year = $3,"
      " name = $4, revision = $5, update_time = $6, body = $7"
      " WHERE id = $8 AND revision = $9",
      {Param(project.programme()), Param(int64_t{project.status()}),
       Param(int64_t{project.plan_year()}), Param(project.name()),
       Param(revision + 1), Param(now), Param::Bytes(Body(project)),
       Param(project.id()), Param(revision)});
  if (!changed.ok()) return changed.status();
  if (*changed != 1) return Stale("the project", Etag(revision), revision + 1);
  project.set_etag(Etag(revision + 1));
  project.set_update_time(now);
  return project;
}

}  // namespace

std::string Etag(int64_t revision) { return absl::StrCat("r", revision); }

std::string ApiTime(absl::Time time) {
  static const absl::TimeZone kShanghai =
      absl::FixedTimeZone(8 * 60 * 60);  // CST has had no DST since 1991
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*S%Ez", time, kShanghai);
}

Store::Store(std::unique_ptr<storage::Database> db, const orgs::OrgTree* tree)
    : db_(std::move(db)), tree_(tree) {}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(
    const storage::DatabaseSettings& settings, const orgs::OrgTree* tree) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::OpenDatabase(settings);
  if (!db.ok()) return db.status();
  return Create(*std::move(db), tree);
}

absl::StatusOr<std::unique_ptr<Store>> Store::Create(
    std::unique_ptr<storage::Database> db, const orgs::OrgTree* tree) {
  absl::StatusOr<storage::MigrationResult> applied =
      storage::ApplyMigrations(*db, "registry", kMigrations);
  if (!applied.ok()) return applied.status();
  return std::unique_ptr<Store>(new Store(std::move(db), tree));
}

std::string Store::CityOf(absl::string_view county) const {
  absl::StatusOr<const orgs::Org*> city = tree_->CityOf(county);
  return city.ok() ? (*city)->code : "";
}

absl::StatusOr<v1::ReserveProject> Store::CreateProject(
    v1::ReserveProject project, const Actor& actor) {
  std::vector<v1::ReserveProject> one;
  one.push_back(std::move(project));
  one.back().clear_id();
  absl::StatusOr<std::vector<v1::ReserveProject>> written =
      WriteProjects(std::move(one), actor);
  if (!written.ok()) return written.status();
  return std::move(written->front());
}

absl::StatusOr<std::vector<v1::ReserveProject>> Store::WriteProjects(
    std::vector<v1::ReserveProject> projects, const Actor& actor) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  const std::string now = ApiTime(actor.at);
  // One block of ids and one prepared INSERT for all new projects.
  const int64_t creates =
      std::count_if(projects.begin(), projects.end(),
                    [](const v1::ReserveProject& p) { return p.id().empty(); });
  int64_t next_id = 0;
  if (creates > 0) {
    absl::StatusOr<int64_t> first = NextValues(**tx, "project", creates);
    if (!first.ok()) return first.status();
    next_id = *first;
  }
  Statement* insert = nullptr;
  for (v1::ReserveProject& project : projects) {
    if (!project.id().empty()) {
      auto found = FindProject(**tx, project.id());
      if (!found.ok()) return found.status();
      if (!found->has_value()) return NotFound(project.id());
      // The lifecycle and the creation stay the stored ones.
      const v1::ReserveProject& stored = (*found)->first;
      project.set_status(stored.status());
      project.set_plan_year(stored.plan_year());
      project.set_start_date(stored.start_date());
      project.set_completion_date(stored.completion_date());
      project.set_delivery_date(stored.delivery_date());
      project.set_create_time(stored.create_time());
      auto rewritten = Rewrite(**tx, project, (*found)->second, now);
      if (!rewritten.ok()) return rewritten.status();
      project = *std::move(rewritten);
      continue;
    }
    project.set_id(absl::StrFormat("P-%s-%06d", project.org(), next_id++));
    project.set_status(v1::PROJECT_STATUS_RESERVE);
    project.set_plan_year(0);
    project.clear_start_date();
    project.clear_completion_date();
    project.clear_delivery_date();
    if (insert == nullptr) {
      absl::StatusOr<Statement*> prepared = (*tx)->Prepare(
          "INSERT INTO projects (id, org, city, programme, status,"
          " plan_year, name, revision, create_time, update_time, body)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, $9)");
      if (!prepared.ok()) return prepared.status();
      insert = *prepared;
    }
    if (auto s = Rebind(
            *insert,
            {Param(project.id()), Param(project.org()),
             Param(CityOf(project.org())), Param(project.programme()),
             Param(int64_t{project.status()}), Param(int64_t{0}),
             Param(project.name()), Param(now), Param::Bytes(Body(project))});
        !s.ok()) {
      return s;
    }
    if (auto s = insert->Run().status(); !s.ok()) return s;
    project.set_etag(Etag(1));
    project.set_create_time(now);
    project.set_update_time(now);
  }
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return projects;
}

absl::StatusOr<v1::ReserveProject> Store::GetProject(absl::string_view id) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto found = FindProject(**tx, id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(id);
  return (*found)->first;
}

absl::StatusOr<v1::ReserveProject> Store::ReplaceProject(
    v1::ReserveProject project, absl::string_view etag, const Actor& actor,
    const Transition* transition) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto found = FindProject(**tx, project.id());
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(project.id());
  const int64_t revision = (*found)->second;
  if (etag != Etag(revision)) return Stale("the project", etag, revision);
  project.set_org((*found)->first.org());  // a project never moves county
  project.set_create_time((*found)->first.create_time());
  const std::string now = ApiTime(actor.at);
  auto rewritten = Rewrite(**tx, std::move(project), revision, now);
  if (!rewritten.ok()) return rewritten.status();
  if (transition != nullptr) {
    if (auto s = AddTransition(**tx, *transition); !s.ok()) return s;
  }
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return rewritten;
}

absl::Status Store::DeleteProject(absl::string_view id,
                                  absl::string_view etag) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto found = FindProject(**tx, id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(id);
  if (etag != Etag((*found)->second)) {
    return Stale("the project", etag, (*found)->second);
  }
  absl::StatusOr<Statement*> planned =
      Query(**tx, "SELECT org, year FROM plan_projects WHERE project_id = $1",
            {Param(id)});
  if (!planned.ok()) return planned.status();
  absl::StatusOr<bool> in_plan = (*planned)->Step();
  if (!in_plan.ok()) return in_plan.status();
  if (*in_plan) {
    return absl::FailedPreconditionError(absl::StrCat(
        "id: 项目已列入 ", (*planned)->ColumnText(0), " 的 ",
        (*planned)->ColumnInt64(1),
        " 年度计划, 不能删除 (the project is in a plan: adjust the plan "
        "first)"));
  }
  for (const char* sql : {"DELETE FROM archive_records WHERE project_id = $1",
                          "DELETE FROM project_transitions WHERE project_id = "
                          "$1",
                          "DELETE FROM projects WHERE id = $1"}) {
    if (auto s = Exec(**tx, sql, {Param(id)}); !s.ok()) return s;
  }
  return (*tx)->Commit();
}

absl::StatusOr<ProjectPage> Store::ListProjects(const ProjectQuery& query) {
  std::vector<std::string> where;
  std::vector<Param> params;
  auto add = [&](absl::string_view clause, Param param) {
    params.push_back(std::move(param));
    where.push_back(absl::StrReplaceAll(
        clause, {{"$?", absl::StrCat("$", params.size())}}));
  };
  if (!query.county.empty()) add("org = $?", Param(query.county));
  if (!query.city.empty()) add("city = $?", Param(query.city));
  if (!query.programme.empty()) add("programme = $?", Param(query.programme));
  if (query.status != v1::PROJECT_STATUS_UNSPECIFIED) {
    add("status = $?", Param(int64_t{query.status}));
  }
  if (query.plan_year != 0) add("plan_year = $?", Param(query.plan_year));
  if (!query.name_contains.empty()) {
    // SQLite's LIKE ignores ASCII case, PostgreSQL's does not: lower both
    // sides so that a search finds the same projects on either backend.
    add("LOWER(name) LIKE LOWER($?) ESCAPE '!'",
        Param(LikePattern(query.name_contains)));
  }
  const std::string filters =
      where.empty() ? ""
                    : absl::StrCat(" WHERE ", absl::StrJoin(where, " AND "));
  const std::vector<Param> filter_params = params;
  if (query.after.has_value()) {
    const size_t n = params.size();
    params.push_back(Param(query.after->org));
    params.push_back(Param(query.after->programme));
    params.push_back(Param(query.after->id));
    where.push_back(absl::StrFormat("(org, programme, id) > ($%d, $%d, $%d)",
                                    n + 1, n + 2, n + 3));
  }
  std::string sql = absl::StrCat(
      kProjectColumns,
      where.empty() ? ""
                    : absl::StrCat(" WHERE ", absl::StrJoin(where, " AND ")),
      " ORDER BY org, programme, id");
  if (query.limit > 0) absl::StrAppend(&sql, " LIMIT ", query.limit + 1);

  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  ProjectPage page;
  absl::StatusOr<Statement*> select = Query(**tx, sql, params);
  if (!select.ok()) return select.status();
  while (true) {
    absl::StatusOr<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (query.limit > 0 &&
        page.projects.size() == static_cast<size_t>(query.limit)) {
      page.more = true;
      break;
    }
    absl::StatusOr<v1::ReserveProject> project = ReadProject(**select);
    if (!project.ok()) return project.status();
    page.projects.push_back(*std::move(project));
  }
  absl::StatusOr<Statement*> count =
      Query(**tx, absl::StrCat("SELECT COUNT(*) FROM projects", filters),
            filter_params);
  if (!count.ok()) return count.status();
  if (auto row = (*count)->Step(); !row.ok()) return row.status();
  page.total = (*count)->ColumnInt64(0);
  return page;
}

absl::StatusOr<std::vector<Transition>> Store::History(absl::string_view id) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement*> select =
      Query(**tx,
            "SELECT from_status, to_status, plan_year, on_date, reason, actor,"
            " at FROM project_transitions WHERE project_id = $1 ORDER BY seq",
            {Param(id)});
  if (!select.ok()) return select.status();
  std::vector<Transition> history;
  while (true) {
    absl::StatusOr<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const Statement& r = **select;
    history.push_back(Transition{
        std::string(id), static_cast<v1::ProjectStatus>(r.ColumnInt64(0)),
        static_cast<v1::ProjectStatus>(r.ColumnInt64(1)),
        static_cast<int>(r.ColumnInt64(2)), r.ColumnText(3), r.ColumnText(4),
        r.ColumnText(5), r.ColumnText(6)});
  }
  return history;
}

absl::StatusOr<v1::ArchiveRecord> Store::AddArchive(v1::ArchiveRecord record) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto found = FindProject(**tx, record.project_id());
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(record.project_id());
  absl::StatusOr<int64_t> n = NextValues(**tx, "archive");
  if (!n.ok()) return n.status();
  record.set_id(absl::StrFormat("A-%06d", *n));
  if (auto s = Exec(**tx,
                    "INSERT INTO archive_records (id, seq, project_id, type,"
                    " sha256, body) VALUES ($1, $2, $3, $4, $5, $6)",
                    {Param(record.id()), Param(*n), Param(record.project_id()),
                     Param(int64_t{record.type()}), Param(record.sha256()),
                     Param::Bytes(record.SerializeAsString())});
      !s.ok()) {
    return s;
  }
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return record;
}

absl::StatusOr<std::vector<v1::ArchiveRecord>> Store::ArchiveOf(
    absl::string_view project_id) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement*> select =
      Query(**tx,
            "SELECT body FROM archive_records WHERE project_id = $1"
            " ORDER BY type, seq",
            {Param(project_id)});
  if (!select.ok()) return select.status();
  std::vector<v1::ArchiveRecord> records;
  while (true) {
    absl::StatusOr<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (!records.emplace_back().ParseFromString((*select)->ColumnBlob(0))) {
      return Unreadable("archive record");
    }
  }
  return records;
}

absl::StatusOr<std::map<std::string, std::set<int>>> Store::ArchiveTypes(
    const std::vector<std::string>& project_ids) {
  std::map<std::string, std::set<int>> types;
  if (project_ids.empty()) return types;
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  // One prepared lookup per project: an IN list of hundreds of $n
  // parameters costs SQLite quadratic time to resolve their names.
  absl::StatusOr<Statement*> select = (*tx)->Prepare(
      "SELECT DISTINCT type FROM archive_records WHERE project_id = $1");
  if (!select.ok()) return select.status();
  for (const std::string& id : project_ids) {
    if (auto s = Rebind(**select, {Param(id)}); !s.ok()) return s;
    while (true) {
      absl::StatusOr<bool> row = (*select)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      types[id].insert(static_cast<int>((*select)->ColumnInt64(0)));
    }
  }
  return types;
}

absl::StatusOr<std::vector<std::string>> Store::ArchiveHashes() {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement*> select = Query(
      **tx, "SELECT DISTINCT sha256 FROM archive_records WHERE sha256 <> ''",
      {});
  if (!select.ok()) return select.status();
  std::vector<std::string> hashes;
  while (true) {
    absl::StatusOr<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    hashes.push_back((*select)->ColumnText(0));
  }
  return hashes;
}

namespace {

absl::StatusOr<std::optional<std::pair<v1::AnnualPlan, int64_t>>> FindPlan(
    Transaction& tx, absl::string_view org, absl::string_view programme,
    int year) {
  absl::StatusOr<Statement*> select =
      Query(tx,
            "SELECT body, revision FROM annual_plans WHERE org = $1 AND"
            " programme = $2 AND year = $3",
            {Param(org), Param(programme), Param(year)});
  if (!select.ok()) return select.status();
  absl::StatusOr<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  v1::AnnualPlan plan;
  if (!plan.ParseFromString((*select)->ColumnBlob(0))) {
    return Unreadable("plan");
  }
  const int64_t revision = (*select)->ColumnInt64(1);
  plan.set_etag(Etag(revision));
  return std::make_pair(std::move(plan), revision);
}

// 储备 → 计划 `year` for one project of a plan being frozen.
absl::Status PlanProject(Transaction& tx, absl::string_view id, int year,
                         const Actor& actor, const std::string& now) {
  auto found = FindProject(tx, id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return NotFound(id);
  v1::ReserveProject project = (*found)->first;
  if (project.status() == v1::PROJECT_STATUS_PLANNED &&
      project.plan_year() == year) {
    return absl::OkStatus();  // planned for this year already
  }
  if (project.status() != v1::PROJECT_STATUS_RESERVE) {
    return absl::FailedPreconditionError(
        absl::StrCat("entries: 项目 ", id, " 不在储备状态 (status ",
                     v1::ProjectStatus_Name(project.status()),
                     "), 不能随计划下达 (only 储备 projects can be planned)"));
  }
  project.set_status(v1::PROJECT_STATUS_PLANNED);
  project.set_plan_year(year);
  auto rewritten = Rewrite(tx, project, (*found)->second, now);
  if (!rewritten.ok()) return rewritten.status();
  Transition t{std::string(id),
               v1::PROJECT_STATUS_RESERVE,
               v1::PROJECT_STATUS_PLANNED,
               year,
               "",
               "年度计划下达 (plan frozen)",
               actor.id,
               now};
  return AddTransition(tx, t);
}

}  // namespace

absl::StatusOr<std::optional<v1::AnnualPlan>> Store::GetPlan(
    absl::string_view org, absl::string_view programme, int year) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto found = FindPlan(**tx, org, programme, year);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return std::nullopt;
  return (*found)->first;
}

absl::StatusOr<v1::AnnualPlan> Store::PutPlan(v1::AnnualPlan plan,
                                              absl::string_view etag,
                                              const Actor& actor,
                                              int freeze_year) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto found = FindPlan(**tx, plan.org(), plan.programme(), plan.year());
  if (!found.ok()) return found.status();
  const int64_t revision = found->has_value() ? (*found)->second : 0;
  if (etag != (revision == 0 ? "" : Etag(revision))) {
    if (revision == 0) {
      return absl::AbortedError(absl::StrCat(
          "etag: \"", etag, "\" 已过期 (stale): the plan does not exist"));
    }
    return Stale("the plan", etag, revision);
  }
  const std::string now = ApiTime(actor.at);
  plan.clear_etag();
  plan.set_update_time(now);
  const std::vector<Param> key = {Param(plan.org()), Param(plan.programme()),
                                  Param(plan.year())};
  for (const char* sql :
       {"DELETE FROM annual_plans WHERE org = $1 AND programme = $2 AND "
        "year = $3",
        "DELETE FROM plan_projects WHERE org = $1 AND programme = $2 AND "
        "year = $3"}) {
    if (auto s = Exec(**tx, sql, key); !s.ok()) return s;
  }
  if (auto s =
          Exec(**tx,
               "INSERT INTO annual_plans (org, programme, year, state,"
               " revision, body) VALUES ($1, $2, $3, $4, $5, $6)",
               {Param(plan.org()), Param(plan.programme()), Param(plan.year()),
                Param(int64_t{plan.state()}), Param(revision + 1),
                Param::Bytes(plan.SerializeAsString())});
      !s.ok()) {
    return s;
  }
  for (const v1::PlanEntry& entry : plan.entries()) {
    if (auto s = Exec(**tx,
                      "INSERT INTO plan_projects (org, programme, year,"
                      " project_id) VALUES ($1, $2, $3, $4)",
                      {Param(plan.org()), Param(plan.programme()),
                       Param(plan.year()), Param(entry.project_id())});
        !s.ok()) {
      return s;
    }
    if (freeze_year != 0) {
      if (auto s =
              PlanProject(**tx, entry.project_id(), freeze_year, actor, now);
          !s.ok()) {
        return s;
      }
    }
  }
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  plan.set_etag(Etag(revision + 1));
  return plan;
}

absl::StatusOr<std::vector<v1::AnnualPlan>> Store::PlansOf(
    const std::vector<std::string>& orgs, int first_year, int last_year) {
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  std::vector<v1::AnnualPlan> plans;
  for (const std::string& org : orgs) {
    absl::StatusOr<Statement*> select =
        Query(**tx,
              "SELECT body, revision FROM annual_plans WHERE org = $1 AND"
              " year >= $2 AND year <= $3 ORDER BY programme, year",
              {Param(org), Param(first_year), Param(last_year)});
    if (!select.ok()) return select.status();
    while (true) {
      absl::StatusOr<bool> row = (*select)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      v1::AnnualPlan& plan = plans.emplace_back();
      if (!plan.ParseFromString((*select)->ColumnBlob(0))) {
        return Unreadable("plan");
      }
      plan.set_etag(Etag((*select)->ColumnInt64(1)));
    }
  }
  return plans;
}

}  // namespace anju::registry
