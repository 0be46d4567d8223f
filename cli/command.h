#ifndef ANJU_CLI_COMMAND_H_
#define ANJU_CLI_COMMAND_H_

// How anjuctl's commands plug in: each command (score, rubrics, and later
// the submission, registry and notification ones) lives in its own file and
// exposes one Add…Command function; main.cc lists them. Commands report an
// absl::Status; main prints it and chooses the exit code.

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace CLI {
class App;
}  // namespace CLI

namespace anju::cli {

// Options every command sees: the services' addresses and the deadline.
struct GlobalOptions {
  std::string scoring = "127.0.0.1:50051";  // --scoring or ANJU_SCORING
  double timeout_seconds = 10;              // --timeout, per call
  bool stdout_is_terminal = false;

  absl::Duration timeout() const { return absl::Seconds(timeout_seconds); }
};

// Adds a subcommand to `app`. When it runs, the subcommand stores its
// outcome in `*outcome`; `global` is read only then, after parsing.
using AddCommandFn = void (*)(CLI::App& app, const GlobalOptions& global,
                              absl::Status* outcome);

void AddScoreCommand(CLI::App& app, const GlobalOptions& global,
                     absl::Status* outcome);
void AddRubricsCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome);

// A misuse of the command line found after parsing (say, --format xlsx
// without --output): main exits with 2, as for CLI11's own parse errors.
absl::Status UsageError(absl::string_view message);
bool IsUsageError(const absl::Status& status);

// Writes `text` to the file `path`, or to `out` when `path` is empty or "-".
absl::Status WriteOutput(const std::string& path, const std::string& text,
                         std::ostream& out);

}  // namespace anju::cli

#endif  // ANJU_CLI_COMMAND_H_
