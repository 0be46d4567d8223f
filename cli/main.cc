// anjuctl: the command line of Anju (安居). This file only wires the
// commands; each lives in its own cmd_*.cc.

#include <unistd.h>

#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "cli/cmd_registry.h"
#include "cli/command.h"

namespace {

using anju::cli::AddCommandFn;

// A new command is a new file and one line here.
constexpr AddCommandFn kCommands[] = {
    anju::cli::AddScoreCommand,    anju::cli::AddRubricsCommand,
    anju::cli::AddCampaignCommand, anju::cli::AddReportCommand,
    anju::cli::AddEvidenceCommand, anju::cli::AddStatusCommand,
    anju::cli::AddResultsCommands, anju::cli::AddAuditCommand,
    anju::cli::AddExportCommand,   anju::cli::AddProjectCommand,
    anju::cli::AddArchiveCommand,  anju::cli::AddPlanCommand,
    anju::cli::AddNotifyCommands,
};

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int Report(const absl::Status& status) {
  if (status.ok()) return 0;
  if (anju::cli::IsUsageError(status)) {
    std::cerr << "anjuctl: " << status.message()
              << "\nRun with --help for more information.\n";
    return kExitUsage;
  }
  std::cerr << "anjuctl: " << absl::StatusCodeToString(status.code()) << ": "
            << status.message() << "\n";
  return kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "anjuctl: the command line of Anju (安居), the performance "
      "self-evaluation of affordable-housing programmes"};
  app.name("anjuctl");
  app.require_subcommand(1);
  // Global options may also follow the subcommand.
  app.fallthrough();

  anju::cli::GlobalOptions global;
  global.stdout_is_terminal = isatty(STDOUT_FILENO) == 1;
  app.add_option("--scoring", global.scoring,
                 "scoring service address HOST:PORT")
      ->envname("ANJU_SCORING")
      ->capture_default_str();
  app.add_option("--submission", global.submission,
                 "submission service address HOST:PORT")
      ->envname("ANJU_SUBMISSION")
      ->capture_default_str();
  app.add_option("--registry", global.registry,
                 "registry service address HOST:PORT")
      ->envname("ANJU_REGISTRY")
      ->capture_default_str();
  app.add_option("--notification", global.notification,
                 "notification service address HOST:PORT")
      ->envname("ANJU_NOTIFICATION")
      ->capture_default_str();
  app.add_option("--token-file", global.token_file,
                 "file holding the bearer credential")
      ->envname("ANJU_TOKEN_FILE");
  app.add_option("--tls-ca", global.tls_ca,
                 "TLS: PEM file of the CA the services' certificates chain to")
      ->envname("ANJU_TLS_CA");
  app.add_option("--tls-cert", global.tls_cert,
                 "mutual TLS: PEM file of this client's certificate")
      ->envname("ANJU_TLS_CERT");
  app.add_option("--tls-key", global.tls_key,
                 "mutual TLS: PEM file of this client's private key")
      ->envname("ANJU_TLS_KEY");
  app.add_option("--tls-server-name", global.tls_server_name,
                 "TLS: the name to expect in the service's certificate, when "
                 "the address is not one of its names")
      ->envname("ANJU_TLS_SERVER_NAME");
  app.add_option("--timeout", global.timeout_seconds,
                 "deadline of every call, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  absl::Status outcome;
  for (AddCommandFn add : kCommands) add(app, global, &outcome);
  // CLI11 reports parse errors by exception; they end here.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }
  return Report(outcome);
}
