#ifndef ANJU_COMMON_STORAGE_MIGRATIONS_H_
#define ANJU_COMMON_STORAGE_MIGRATIONS_H_

// Versioned schema migrations. Each service keeps its schema as a list of
// numbered SQL steps in its own code and applies it at start:
//
//   constexpr Migration kSteps[] = {
//       {1, "reports and versions", "CREATE TABLE reports (...); ..."},
//       {2, "audit log", "CREATE TABLE audit_log (...)"},
//   };
//   absl::StatusOr<MigrationResult> result =
//       ApplyMigrations(*db, "submission", kSteps);
//
// Steps are never edited once released: a change is a new step. Applied
// steps are recorded in the table schema_migrations (component, version,
// name, applied_at). All pending steps run in one write transaction: either
// the schema reaches the code's version or nothing changes, and two
// processes starting at once apply them once. The SQL of the steps must
// suit every backend the component runs on.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/storage/database.h"

namespace anju::storage {

struct Migration {
  int version;             // 1, 2, 3… in order, without gaps
  absl::string_view name;  // what the step does; checked on every start
  absl::string_view sql;   // one or more statements
};

struct MigrationResult {
  int from_version = 0;  // the database's version before
  int to_version = 0;    // and after: the code's latest
};

// Brings `component`'s schema up to the last step.
//  - INVALID_ARGUMENT: the steps are not numbered 1, 2, 3… or one is empty;
//  - FAILED_PRECONDITION: the database is newer than the code (refuse to
//    start: this build would misread it), or a recorded step has another
//    name than the code's (a step was edited, or the file belongs to
//    another component), or recorded versions have a gap;
//  - a failing step's error, naming the step; nothing is applied then.
absl::StatusOr<MigrationResult> ApplyMigrations(
    Database& db, absl::string_view component,
    absl::Span<const Migration> migrations);

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_MIGRATIONS_H_
