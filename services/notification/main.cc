// anju-notification: the notification service (催报提醒与通知服务). Opens
// its database (SQLite, or PostgreSQL shared with other replicas; applying
// schema migrations), loads the organisation
// hierarchy and the default reminder policy, connects to the submission
// service, runs the dispatcher in the background and serves
// anju.v1.NotificationService with health and reflection; JSON logs on
// stderr; stops on SIGTERM.

#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "common/auth/server_identity.h"
#include "common/log.h"
#include "common/server.h"
#include "common/signals.h"
#include "services/notification/channels.h"
#include "services/notification/clock.h"
#include "services/notification/dispatcher.h"
#include "services/notification/notification_service.h"
#include "services/notification/settings.h"
#include "services/notification/store.h"
#include "services/notification/submission_view.h"

namespace {

using anju::common::Logger;
namespace notification = anju::notification;

notification::NotificationFlags ParseFlags(CLI::App& app, int argc,
                                           char** argv) {
  notification::NotificationFlags flags;
  app.add_option("--listen", flags.listen,
                 "HOST:PORT to serve on; port 0 picks a free port "
                 "(default 127.0.0.1:50054)");
  app.add_option("--config", flags.config, "YAML configuration file");
  app.add_option(
      "--data", flags.data,
      "folder of the SQLite file (notification.db), unless the config's "
      "database block names another");
  app.add_option("--submission", flags.submission,
                 "HOST:PORT of the submission service");
  app.add_option("--orgs", flags.orgs, "organisation hierarchy YAML");
  app.add_option("--clock-file", flags.clock_file,
                 "read \"now\" (RFC 3339) from this file on every tick: "
                 "simulated time for tests");
  app.parse(argc, argv);
  return flags;
}

absl::StatusOr<std::unique_ptr<notification::Clock>> MakeClock(
    const std::string& clock_file) {
  if (clock_file.empty()) {
    return std::unique_ptr<notification::Clock>(
        new notification::SystemClock());
  }
  auto clock = notification::FileClock::Create(clock_file);
  if (!clock.ok()) return clock.status();
  return std::unique_ptr<notification::Clock>(std::move(*clock));
}

int Run(const notification::NotificationFlags& flags, const Logger& log) {
  auto settings = notification::ResolveSettings(flags);
  if (!settings.ok()) {
    log.Error("bad configuration", {{"error", settings.status().message()}});
    return 2;
  }
  auto identity = anju::auth::StartServerIdentity(
      settings->orgs_file, settings->auth,
      {anju::v1::NotificationService::service_full_name()}, &settings->server,
      log);
  if (!identity.ok()) return 1;
  auto clock = MakeClock(settings->clock_file);
  if (!clock.ok()) {
    log.Error("cannot read the clock file",
              {{"error", clock.status().message()}});
    return 2;
  }
  if (!settings->data_dir.empty()) {
    std::error_code made;
    std::filesystem::create_directories(settings->data_dir, made);
  }
  auto store = notification::NotificationStore::Open(settings->database);
  if (!store.ok()) {
    log.Error("cannot open the database",
              {{"error", store.status().message()}});
    return 1;
  }
  log.Info("database ready", {{"database", (*store)->DatabaseName()},
                              {"replica_id", settings->replica_id}});
  auto submission = notification::NewGrpcSubmissionView(
      anju::common::tls::MakeChannel(settings->submission_address,
                                     settings->server.outbound_tls),
      settings->submission_deadline, settings->submission_token);
  auto channels = notification::MakeChannels(*settings, log);
  if (!channels.ok()) {
    log.Error("cannot set up the delivery channels",
              {{"error", channels.status().message()}});
    return 2;
  }

  notification::DispatcherOptions options;
  options.tick = settings->tick;
  options.initial_lookback = settings->initial_lookback;
  options.retry = settings->retry;
  options.replica_id = settings->replica_id;
  options.claim_lease = settings->claim_lease;
  // Leases are real time even when the campaign clock is simulated.
  const notification::SystemClock lease_clock;
  options.lease_clock = &lease_clock;
  notification::Dispatcher dispatcher(
      store->get(), submission.get(), identity->tree.get(), clock->get(),
      channels->senders(), settings->default_policy, options, &log);

  notification::NotificationDeps deps;
  deps.store = store->get();
  deps.orgs = identity->tree.get();
  deps.submission = submission.get();
  deps.clock = clock->get();
  deps.gate = identity->gate.get();
  const anju::auth::AccessGate* gate = identity->gate.get();
  deps.caller = [gate](grpc::CallbackServerContext* context) {
    return gate->Authenticate(context);
  };
  deps.default_policy = settings->default_policy;
  deps.workers = settings->workers;
  notification::NotificationServiceImpl service(std::move(deps));
  log.Info("submission service",
           {{"address", settings->submission_address},
            {"bearer_token", !settings->submission_token.empty()},
            {"clock_file", settings->clock_file}});
  dispatcher.Start();
  const int code =
      anju::common::ServeUntilTerminated(settings->server, {&service}, log);
  dispatcher.Stop();
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  anju::common::InstallTerminationHandlers();
  CLI::App app{
      "anju-notification: 催报提醒与通知服务 (the Anju notification "
      "service)"};
  notification::NotificationFlags flags;
  try {
    flags = ParseFlags(app, argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  Logger log("notification");
  return Run(flags, log);
}
