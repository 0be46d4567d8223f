#ifndef ANJU_CLI_COMMAND_H_
#define ANJU_CLI_COMMAND_H_

// How anjuctl's commands plug in: each command (score, rubrics, and later
// the submission, registry and notification ones) lives in its own file and
// exposes one Add…Command function; main.cc lists them. Commands report an
// absl::Status; main prints it and chooses the exit code.

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cli/endpoint.h"

namespace CLI {
class App;
}  // namespace CLI

namespace anju::cli {

class ScoringClient;
class SubmissionClient;

// Options every command sees: the services' addresses, the credential and
// the deadline.
struct GlobalOptions {
  std::string scoring = "127.0.0.1:50051";  // --scoring or ANJU_SCORING
  // --submission or ANJU_SUBMISSION
  std::string submission = "127.0.0.1:50052";
  std::string registry = "127.0.0.1:50053";  // --registry or ANJU_REGISTRY
  // --notification or ANJU_NOTIFICATION
  std::string notification = "127.0.0.1:50054";
  // --token-file or ANJU_TOKEN_FILE: the bearer credential (持有人令牌)
  std::string token_file;
  // TLS (common/tls): --tls-ca or ANJU_TLS_CA, the CA the services'
  // certificates chain to; --tls-cert/--tls-key or ANJU_TLS_CERT/
  // ANJU_TLS_KEY, the client certificate (mutual TLS: it names the caller);
  // --tls-server-name or ANJU_TLS_SERVER_NAME. None given: plaintext.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_server_name;
  double timeout_seconds = 10;  // --timeout, per call
  bool stdout_is_terminal = false;

  absl::Duration timeout() const { return absl::Seconds(timeout_seconds); }
};

// `service` at `address` with the credential of --token-file and the
// TLS files of --tls-*: NOT_FOUND or INVALID_ARGUMENT when they cannot be
// read.
absl::StatusOr<Endpoint> EndpointFor(const GlobalOptions& global,
                                     std::string service, std::string address);

// The clients of a command, with the credential of --token-file.
absl::StatusOr<std::unique_ptr<ScoringClient>> ConnectScoring(
    const GlobalOptions& global);
absl::StatusOr<std::unique_ptr<SubmissionClient>> ConnectSubmission(
    const GlobalOptions& global);

// Adds a subcommand to `app`. When it runs, the subcommand stores its
// outcome in `*outcome`; `global` is read only then, after parsing.
using AddCommandFn = void (*)(CLI::App& app, const GlobalOptions& global,
                              absl::Status* outcome);

void AddScoreCommand(CLI::App& app, const GlobalOptions& global,
                     absl::Status* outcome);
void AddRubricsCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome);
// campaign create|show (绩效评价工作)
void AddCampaignCommand(CLI::App& app, const GlobalOptions& global,
                        absl::Status* outcome);
// report show|edit|submit|return|review|check (报告)
void AddReportCommand(CLI::App& app, const GlobalOptions& global,
                      absl::Status* outcome);
// evidence upload|download|list (佐证材料)
void AddEvidenceCommand(CLI::App& app, const GlobalOptions& global,
                        absl::Status* outcome);
// status: a city's counties and their reports (报送情况)
void AddStatusCommand(CLI::App& app, const GlobalOptions& global,
                      absl::Status* outcome);
// totals, rank: results of stored reports (绩效结果, 排名)
void AddResultsCommands(CLI::App& app, const GlobalOptions& global,
                        absl::Status* outcome);
// audit verify (审计日志校验)
void AddAuditCommand(CLI::App& app, const GlobalOptions& global,
                     absl::Status* outcome);
// export: a report's 指标表 with self, computed and review scores
void AddExportCommand(CLI::App& app, const GlobalOptions& global,
                      absl::Status* outcome);

// contact, reminders, inbox, deliveries: the notification service (催报提醒)
void AddNotifyCommands(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome);

// Connects and runs `run(client)`; a connection error is the outcome.
template <typename Run>
absl::Status WithScoring(const GlobalOptions& global, Run run) {
  absl::StatusOr<std::unique_ptr<ScoringClient>> client =
      ConnectScoring(global);
  if (!client.ok()) return client.status();
  return run(**client);
}
template <typename Run>
absl::Status WithSubmission(const GlobalOptions& global, Run run) {
  absl::StatusOr<std::unique_ptr<SubmissionClient>> client =
      ConnectSubmission(global);
  if (!client.ok()) return client.status();
  return run(**client);
}

// A misuse of the command line found after parsing (say, --format xlsx
// without --output): main exits with 2, as for CLI11's own parse errors.
absl::Status UsageError(absl::string_view message);
bool IsUsageError(const absl::Status& status);

// Writes `text` to the file `path`, or to `out` when `path` is empty or "-".
absl::Status WriteOutput(const std::string& path, const std::string& text,
                         std::ostream& out);

}  // namespace anju::cli

#endif  // ANJU_CLI_COMMAND_H_
