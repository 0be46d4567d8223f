// anju-registry: the project reserve service (项目储备库). Opens its
// database (its SQLite file, or PostgreSQL shared by replicas; applying
// schema migrations) and its archive folder, loads the
// organisation hierarchy, the required archive types and the priority
// models, serves anju.v1.RegistryService with health and reflection, logs
// JSON lines to stderr, stops on SIGTERM.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/container/flat_hash_set.h"
#include "common/auth/server_identity.h"
#include "common/blobs/blob_dir.h"
#include "common/log.h"
#include "common/server.h"
#include "common/signals.h"
#include "services/registry/archive_rules.h"
#include "services/registry/priority/priority_model.h"
#include "services/registry/registry_service.h"
#include "services/registry/settings.h"
#include "services/registry/store.h"

namespace {

using anju::common::Logger;

anju::registry::RegistryFlags ParseFlags(CLI::App& app, int argc, char** argv) {
  anju::registry::RegistryFlags flags;
  app.add_option("--listen", flags.listen,
                 "HOST:PORT to serve on; port 0 picks a free port "
                 "(default 127.0.0.1:50053)");
  app.add_option("--config", flags.config, "YAML configuration file");
  app.add_option("--data", flags.data,
                 "folder of archives/ and of the SQLite file (registry.db) "
                 "unless the config's database: block names another");
  app.add_option("--orgs", flags.orgs,
                 "organisation hierarchy YAML (default: the repository's "
                 "data/orgs/inner-mongolia.yaml)");
  app.parse(argc, argv);
  return flags;
}

// On PostgreSQL replicas share the archive folder and the database: another
// replica may be between placing a file and committing its record, so there
// a young file is no orphan yet.
anju::blobs::BlobLimits ArchiveLimits(
    const anju::registry::RegistrySettings& settings) {
  anju::blobs::BlobLimits limits = settings.archive_limits;
  if (settings.database.backend == anju::storage::Backend::kPostgres) {
    limits.spare_younger_than = absl::Hours(1);
  }
  return limits;
}

// The archive files, with blobs that no record references removed (a
// crash between placing a file and committing its record leaves one).
std::unique_ptr<anju::blobs::BlobDir> OpenArchiveFiles(
    const anju::registry::RegistrySettings& settings,
    anju::registry::Store& store, const Logger& log) {
  auto dir =
      anju::blobs::BlobDir::Open(settings.archive_dir, ArchiveLimits(settings));
  if (!dir.ok()) {
    log.Error(
        "cannot open the archive folder",
        {{"path", settings.archive_dir}, {"error", dir.status().message()}});
    return nullptr;
  }
  auto hashes = store.ArchiveHashes();
  absl::flat_hash_set<std::string> keep;
  if (hashes.ok()) keep.insert(hashes->begin(), hashes->end());
  absl::StatusOr<int> swept = hashes.ok()
                                  ? (*dir)->RemoveUnreferenced(keep)
                                  : absl::StatusOr<int>(hashes.status());
  if (!swept.ok()) {
    log.Error(
        "cannot sweep the archive folder",
        {{"path", settings.archive_dir}, {"error", swept.status().message()}});
    return nullptr;
  }
  log.Info("archives ready",
           {{"path", settings.archive_dir},
            {"stale_temp_files_removed", (*dir)->stale_temp_files_removed()},
            {"unreferenced_files_removed", *swept}});
  return *std::move(dir);
}

int Run(const anju::registry::RegistryFlags& flags, const Logger& log) {
  auto settings = anju::registry::ResolveSettings(flags);
  if (!settings.ok()) {
    log.Error("bad configuration", {{"error", settings.status().message()}});
    return 2;
  }
  auto identity = anju::auth::StartServerIdentity(
      settings->orgs_file, settings->auth,
      {anju::v1::RegistryService::service_full_name()}, &settings->server, log);
  if (!identity.ok()) return 1;
  const anju::auth::AccessGate* access = identity->gate.get();
  auto rules = anju::registry::ArchiveRules::LoadFile(settings->archives_file);
  if (!rules.ok()) {
    log.Error("cannot load the required archive types",
              {{"path", settings->archives_file},
               {"error", rules.status().message()}});
    return 1;
  }
  auto models =
      anju::registry::PriorityModels::LoadDirectory(settings->priority_models);
  if (!models.ok()) {
    log.Error("cannot load the priority models",
              {{"dir", settings->priority_models},
               {"error", models.status().message()}});
    return 1;
  }
  log.Info("priority models ready",
           {{"dir", settings->priority_models},
            {"in_force", models->in_force().version()}});
  // A new deployment starts with an empty data folder: create it.
  std::error_code made;
  std::filesystem::create_directories(settings->data_dir, made);
  auto store =
      anju::registry::Store::Open(settings->database, identity->tree.get());
  if (!store.ok()) {
    // Not the DSN: it may hold a password.
    log.Error("cannot open the database",
              {{"path", settings->database.path},
               {"error", store.status().message()}});
    return 1;
  }
  log.Info("database ready", {{"database", (*store)->DatabaseName()}});
  std::unique_ptr<anju::blobs::BlobDir> archives =
      OpenArchiveFiles(*settings, **store, log);
  if (archives == nullptr) return 1;

  anju::registry::RegistryDeps deps;
  deps.store = store->get();
  deps.orgs = identity->tree.get();
  deps.gate = access;
  deps.caller = [access](grpc::CallbackServerContext* context) {
    return access->Authenticate(context);
  };
  deps.workers = settings->workers;
  deps.limits.max_import_bytes = settings->max_import_bytes;
  deps.archive_files = archives.get();
  deps.archive_rules = &*rules;
  deps.priority_models = &*models;
  {
    anju::registry::RegistryServiceImpl service(std::move(deps));
    return anju::common::ServeUntilTerminated(settings->server, {&service},
                                              log);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so that no early SIGTERM is lost.
  anju::common::InstallTerminationHandlers();
  CLI::App app{"anju-registry: 项目储备库 (the Anju project reserve service)"};
  anju::registry::RegistryFlags flags;
  try {
    flags = ParseFlags(app, argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  Logger log("registry");
  return Run(flags, log);
}
