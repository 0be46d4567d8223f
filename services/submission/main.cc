// anju-submission: the submission service (填报与审核服务). Opens its
// database (its SQLite file, or PostgreSQL shared by replicas; applying
// schema migrations), loads the organisation hierarchy,
// connects to the scoring service, serves anju.v1.SubmissionService with
// health and reflection, logs JSON lines to stderr, stops on SIGTERM.

#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "common/auth/server_identity.h"
#include "common/log.h"
#include "common/server.h"
#include "common/signals.h"
#include "services/submission/evidence_store.h"
#include "services/submission/registry_client.h"
#include "services/submission/scoring_client.h"
#include "services/submission/settings.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"

namespace {

using anju::common::Logger;

anju::submission::SubmissionFlags ParseFlags(CLI::App& app, int argc,
                                             char** argv) {
  anju::submission::SubmissionFlags flags;
  app.add_option("--listen", flags.listen,
                 "HOST:PORT to serve on; port 0 picks a free port "
                 "(default 127.0.0.1:50052)");
  app.add_option("--config", flags.config, "YAML configuration file");
  app.add_option("--data", flags.data,
                 "folder of evidence/ and of the SQLite file (submission.db) "
                 "unless the config's database: block names another");
  app.add_option("--scoring", flags.scoring,
                 "HOST:PORT of the scoring service");
  app.add_option("--registry", flags.registry,
                 "HOST:PORT of the registry service (项目储备库), whose facts "
                 "pre-fill drafts; none: no pre-fill");
  app.add_option("--orgs", flags.orgs,
                 "organisation hierarchy YAML (default: the repository's "
                 "data/orgs/inner-mongolia.yaml)");
  app.add_option("--consistency-rules", flags.consistency_rules,
                 "folder of the consistency rules, <year>/consistency.yaml "
                 "(default: the repository's rules/)");
  app.parse(argc, argv);
  return flags;
}

// The gate over this server's methods (SubmissionService, health,
// reflection); refuses to start when the policy misses one of them.
int Run(const anju::submission::SubmissionFlags& flags, const Logger& log) {
  auto settings = anju::submission::ResolveSettings(flags);
  if (!settings.ok()) {
    log.Error("bad configuration", {{"error", settings.status().message()}});
    return 2;
  }
  auto identity = anju::auth::StartServerIdentity(
      settings->orgs_file, settings->auth,
      {anju::v1::SubmissionService::service_full_name()}, &settings->server,
      log);
  if (!identity.ok()) return 1;
  const anju::auth::AccessGate* access = identity->gate.get();
  // A new deployment starts with an empty data folder: create it.
  std::error_code made;
  std::filesystem::create_directories(settings->data_dir, made);
  if (!settings->database.path.empty()) {
    std::filesystem::create_directories(
        std::filesystem::path(settings->database.path).parent_path(), made);
  }
  auto store = anju::submission::Store::Open(settings->database);
  if (!store.ok()) {
    // Not the DSN: it may hold a password.
    log.Error("cannot open the database",
              {{"path", settings->database.path},
               {"error", store.status().message()}});
    return 1;
  }
  log.Info("database ready", {{"database", (*store)->database().Name()}});
  // On PostgreSQL replicas share the evidence folder (blob_dir.h).
  anju::submission::EvidenceLimits evidence_limits = settings->evidence;
  if (settings->database.backend == anju::storage::Backend::kPostgres) {
    evidence_limits.spare_younger_than = absl::Hours(1);
  }
  auto evidence = anju::submission::EvidenceStore::Open(
      settings->evidence_dir, store->get(), evidence_limits);
  if (!evidence.ok()) {
    log.Error("cannot open the evidence folder",
              {{"path", settings->evidence_dir},
               {"error", evidence.status().message()}});
    return 1;
  }
  log.Info("evidence ready", {{"path", settings->evidence_dir},
                              {"stale_temp_files_removed",
                               (*evidence)->stale_temp_files_removed()},
                              {"unreferenced_blobs_removed",
                               (*evidence)->unreferenced_blobs_removed()}});
  auto rules = anju::submission::consistency::RuleBook::LoadDirectory(
      settings->consistency_rules);
  if (!rules.ok()) {
    log.Error("cannot load the consistency rules",
              {{"dir", settings->consistency_rules},
               {"error", rules.status().message()}});
    return 1;
  }
  std::unique_ptr<anju::submission::ScoringClient> scoring =
      anju::submission::NewGrpcScoringClient(
          anju::common::tls::MakeChannel(settings->scoring_address,
                                         settings->server.outbound_tls),
          settings->scoring_deadline, settings->scoring_token);

  std::unique_ptr<anju::submission::RegistryClient> registry;
  if (!settings->registry_address.empty()) {
    registry = anju::submission::NewGrpcRegistryClient(
        anju::common::tls::MakeChannel(settings->registry_address,
                                       settings->server.outbound_tls),
        settings->registry_deadline, settings->registry_token);
  }

  anju::submission::SubmissionDeps deps;
  deps.registry = registry.get();
  deps.store = store->get();
  deps.orgs = identity->tree.get();
  deps.scoring = scoring.get();
  // The rules against the rubrics they name facts of; when the scoring
  // service is not up yet, each rubric is checked when first fetched.
  if (absl::Status s =
          anju::submission::CheckRulesAgainstServedRubrics(*rules, *scoring);
      absl::IsInvalidArgument(s)) {
    log.Error("the consistency rules do not match the rubrics",
              {{"error", s.message()}});
    return 1;
  } else if (!s.ok()) {
    log.Warning("consistency rules checked when each rubric is first fetched",
                {{"scoring", s.message()}});
  }
  deps.workers = settings->workers;
  deps.gate = access;
  deps.caller = [access](grpc::CallbackServerContext* context) {
    return access->Authenticate(context);
  };
  deps.evidence = evidence->get();
  deps.consistency_rules = &*rules;
  {
    anju::submission::SubmissionServiceImpl service(std::move(deps));
    log.Info("scoring service",
             {{"address", settings->scoring_address},
              {"bearer_token", !settings->scoring_token.empty()}});
    log.Info("registry service (项目储备库)",
             {{"address", settings->registry_address.empty()
                              ? std::string("(none: no pre-fill)")
                              : settings->registry_address},
              {"bearer_token", !settings->registry_token.empty()}});
    return anju::common::ServeUntilTerminated(settings->server, {&service},
                                              log);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so that no early SIGTERM is lost.
  anju::common::InstallTerminationHandlers();
  CLI::App app{
      "anju-submission: 绩效评价填报与审核服务 (the Anju submission service)"};
  anju::submission::SubmissionFlags flags;
  try {
    flags = ParseFlags(app, argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  Logger log("submission");
  return Run(flags, log);
}
