// anju-scoring: the scoring service (评分服务). Loads every rubric at start
// and refuses to start if one is broken; serves anju.v1.ScoringService with
// health and reflection; logs JSON lines to stderr; stops on SIGTERM.

#include <csignal>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "common/auth/server_identity.h"
#include "common/log.h"
#include "common/server.h"
#include "common/signals.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/results/results_stack.h"
#include "services/scoring/scoring_service.h"
#include "services/scoring/settings.h"

namespace {

using anju::common::Logger;

anju::scoring::ScoringFlags ParseFlags(CLI::App& app, int argc, char** argv) {
  anju::scoring::ScoringFlags flags;
  app.add_option("--listen", flags.listen,
                 "HOST:PORT to serve on; port 0 picks a free port "
                 "(default 127.0.0.1:50051)");
  app.add_option("--config", flags.config, "YAML configuration file");
  app.add_option("--rubrics", flags.rubrics,
                 "rubrics folder, rubrics/<year>/<programme>.yaml "
                 "(default: the repository's rubrics/)");
  app.add_option("--submission", flags.results.submission,
                 "HOST:PORT of anju-submission, for GetCityTotals and "
                 "RankCities (default: off)");
  app.add_option("--submission-token-file", flags.results.submission_token_file,
                 "file holding the bearer token (role service) sent to "
                 "anju-submission");
  app.add_option("--orgs", flags.results.orgs,
                 "org tree (default: data/orgs/inner-mongolia.yaml)");
  app.add_option("--redis", flags.results.redis,
                 "HOST:PORT of Redis caching the results (default: none, "
                 "every call computes)");
  app.parse(argc, argv);
  return flags;
}

// "oldcomm/2023 rental/2023 shanty/2023": what this instance can score.
std::string RubricNames(const anju::scoring::RubricSet& rubrics) {
  std::string names;
  for (const anju::scoring::Rubric& r : rubrics.rubrics()) {
    absl::StrAppend(&names, names.empty() ? "" : " ", r.programme, "/", r.year);
  }
  return names;
}

// The results API when --submission is set; null when it is off.
absl::StatusOr<std::unique_ptr<anju::scoring::results::ResultsStack>>
StartResults(const anju::scoring::results::ResultsSettings& settings,
             std::shared_ptr<const anju::scoring::RubricSet> rubrics,
             const Logger& log) {
  if (settings.submission.empty()) {
    log.Info("results API off: no submission address", {});
    return std::unique_ptr<anju::scoring::results::ResultsStack>();
  }
  auto stack = anju::scoring::results::BuildResultsStack(settings, rubrics);
  if (!stack.ok()) {
    log.Error("cannot start the results API",
              {{"error", stack.status().message()}});
    return stack.status();
  }
  log.Info(
      "results API on",
      {{"submission", settings.submission},
       {"redis",
        settings.redis ? anju::redis::RedisAddress(*settings.redis) : "none"}});
  return stack;
}

int Run(const anju::scoring::ScoringFlags& flags, const Logger& log) {
  auto settings = anju::scoring::ResolveSettings(flags);
  if (!settings.ok()) {
    log.Error("bad configuration", {{"error", settings.status().message()}});
    return 2;
  }
  auto rubrics = anju::scoring::RubricSet::LoadDirectory(settings->rubrics_dir);
  if (!rubrics.ok()) {
    log.Error("cannot load rubrics", {{"dir", settings->rubrics_dir},
                                      {"error", rubrics.status().message()}});
    return 1;
  }
  log.Info("rubrics loaded", {{"dir", settings->rubrics_dir},
                              {"count", (*rubrics)->rubrics().size()},
                              {"rubrics", RubricNames(**rubrics)}});
  std::shared_ptr<const anju::scoring::RubricSet> shared_rubrics =
      std::move(*rubrics);
  // Identity: the org tree says which org a credential may act for.
  auto identity = anju::auth::StartServerIdentity(
      settings->results.orgs_file, settings->auth,
      {anju::v1::ScoringService::service_full_name()}, &settings->server, log);
  if (!identity.ok()) return 1;
  anju::scoring::ScoringServiceImpl service(shared_rubrics, settings->limits);
  service.set_gate(identity->gate.get());
  settings->results.submission_tls = settings->server.outbound_tls;
  auto results = StartResults(settings->results, shared_rubrics, log);
  if (!results.ok()) return 1;
  if (*results != nullptr) service.set_results((*results)->endpoint.get());
  return anju::common::ServeUntilTerminated(settings->server, {&service}, log);
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so that no early SIGTERM is lost.
  anju::common::InstallTerminationHandlers();
  CLI::App app{"anju-scoring: 绩效评价评分服务 (the Anju scoring service)"};
  anju::scoring::ScoringFlags flags;
  try {
    flags = ParseFlags(app, argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);  // --help, or a usage error with its message
  }
  Logger log("scoring");
  return Run(flags, log);
}
