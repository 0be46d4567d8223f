#include "common/storage/migrations.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace anju::storage {
namespace {

constexpr absl::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " component TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL,"
    " PRIMARY KEY (component, version))";

struct Recorded {
  int64_t version;
  std::string name;
};

absl::Status CheckSteps(absl::string_view component,
                        absl::Span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const Migration& step = migrations[i];
    const std::string where =
        absl::StrCat("migrations of '", component, "', step ", i + 1);
    if (step.version != static_cast<int>(i) + 1) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " has version ", step.version,
                       "; versions must run 1, 2, 3… without gaps"));
    }
    if (step.name.empty() || step.sql.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " needs a name and SQL"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Recorded>> ReadRecorded(
    Transaction& tx, absl::string_view component) {
  absl::StatusOr<Statement*> select = tx.Prepare(
      "SELECT version, name FROM schema_migrations WHERE component = $1 "
      "ORDER BY version");
  if (!select.ok()) return select.status();
  if (absl::Status s = (*select)->BindText(1, component); !s.ok()) return s;
  std::vector<Recorded> recorded;
  for (;;) {
    absl::StatusOr<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    recorded.push_back({(*select)->ColumnInt64(0), (*select)->ColumnText(1)});
  }
  return recorded;
}

// The recorded history must be a prefix of the code's steps.
absl::Status CheckRecorded(const Database& db, absl::string_view component,
                           const std::vector<Recorded>& recorded,
                           absl::Span<const Migration> migrations) {
  const std::string who =
      absl::StrCat(db.Name(), ": schema of '", component, "'");
  if (!recorded.empty() &&
      recorded.back().version > static_cast<int64_t>(migrations.size())) {
    return absl::FailedPreconditionError(
        absl::StrCat(who, " is at version ", recorded.back().version,
                     " but this build knows only up to ", migrations.size(),
                     "; refusing to start on a database newer than the code"));
  }
  for (std::size_t i = 0; i < recorded.size(); ++i) {
    const Recorded& step = recorded[i];
    if (step.version != static_cast<int64_t>(i) + 1) {
      return absl::FailedPreconditionError(
          absl::StrCat(who, " records version ", step.version, " where ", i + 1,
                       " was expected; schema_migrations has a gap"));
    }
    if (step.name != migrations[i].name) {
      return absl::FailedPreconditionError(absl::StrCat(
          who, ": version ", step.version, " was applied as '", step.name,
          "' but this build names it '", migrations[i].name, "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyStep(Transaction& tx, absl::string_view component,
                       const Migration& step, const std::string& now) {
  absl::Status status = tx.Execute(step.sql);
  if (status.ok()) {
    absl::StatusOr<Statement*> insert = tx.Prepare(
        "INSERT INTO schema_migrations (component, version, name, "
        "applied_at) VALUES ($1, $2, $3, $4)");
    status = insert.status();
    if (status.ok()) status = (*insert)->BindText(1, component);
    if (status.ok()) status = (*insert)->BindInt64(2, step.version);
    if (status.ok()) status = (*insert)->BindText(3, step.name);
    if (status.ok()) status = (*insert)->BindText(4, now);
    if (status.ok()) status = (*insert)->Run().status();
  }
  if (status.ok()) return status;
  return absl::Status(
      status.code(),
      absl::StrCat("migration ", step.version, " '", step.name, "' of '",
                   component, "' failed, nothing applied: ", status.message()));
}

}  // namespace

absl::StatusOr<MigrationResult> ApplyMigrations(
    Database& db, absl::string_view component,
    absl::Span<const Migration> migrations) {
  if (absl::Status s = CheckSteps(component, migrations); !s.ok()) return s;
  // One lock for every component's migrations: on PostgreSQL two replicas
  // starting at once would otherwise both find a step pending (or race to
  // create schema_migrations) and one would fail.
  absl::StatusOr<std::unique_ptr<Transaction>> tx =
      db.BeginLocked("schema_migrations");
  if (!tx.ok()) return tx.status();
  if (absl::Status s = (*tx)->Execute(kCreateTable); !s.ok()) return s;
  absl::StatusOr<std::vector<Recorded>> recorded =
      ReadRecorded(**tx, component);
  if (!recorded.ok()) return recorded.status();
  if (absl::Status s = CheckRecorded(db, component, *recorded, migrations);
      !s.ok()) {
    return s;
  }
  MigrationResult result;
  result.from_version = static_cast<int>(recorded->size());
  result.to_version = static_cast<int>(migrations.size());
  const std::string now =
      absl::FormatTime(absl::RFC3339_sec, absl::Now(), absl::UTCTimeZone());
  for (int v = result.from_version + 1; v <= result.to_version; ++v) {
    absl::Status s = ApplyStep(**tx, component, migrations[v - 1], now);
    if (!s.ok()) return s;  // the transaction rolls back as it goes
  }
  if (absl::Status s = (*tx)->Commit(); !s.ok()) return s;
  return result;
}

}  // namespace anju::storage
