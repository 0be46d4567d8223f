#ifndef ANJU_CLI_REPORT_ARGS_H_
#define ANJU_CLI_REPORT_ARGS_H_

// What the submission commands share: the options that name a report
// (org × programme × year), Chinese labels of states, and how findings and
// messages are printed.

#include <iostream>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "anju/v1/submission.pb.h"
#include "cli/command.h"
#include "google/protobuf/message.h"

namespace anju::cli {

struct ReportKeyOptions {
  std::string org;  // a code, an official name or an alias ("克旗")
  std::string programme;
  int year = 0;
  std::string etag;  // optional: the etag last read
};

// A request naming the report of `key` (org, programme, year).
template <typename Request>
Request KeyedRequest(const ReportKeyOptions& key) {
  Request request;
  request.set_org(key.org);
  request.set_programme(key.programme);
  request.set_year(key.year);
  return request;
}

// --org, --programme, --year (required) and --etag (optional).
void AddReportKeyOptions(CLI::App* command, ReportKeyOptions* options);

// --format text|json for commands that print one message.
void AddMessageFormat(CLI::App* command, std::string* format);

// 草稿, 已报送盟市, …; "未填报" for REPORT_STATE_UNSPECIFIED.
std::string StateLabel(anju::v1::ReportState state);

// "[警告] rule: message" lines, or "一致性检查：未发现问题".
std::string FindingLines(
    const google::protobuf::RepeatedPtrField<anju::v1::Finding>& findings);

// An RFC 3339 time without its fraction of a second, for people:
// "2024-03-30T17:56:10+08:00".
std::string DisplayTime(const std::string& rfc3339);

// One report's head: org, programme, year, version, state, etag, times.
std::string ReportHead(const anju::v1::Report& report);

// The facts the project reserve vouches for (项目储备库): each with its value,
// "来源: 项目储备库" and the registry's explanation, and, when the filer
// overrode it, the filed value and the reason. "" when there are none.
std::string RegistryFactLines(const anju::v1::Report& report);

// --override-reason FACT=REASON, repeatable: fact → reason. A usage error
// for an entry without "=", an empty fact or reason, or a fact twice.
absl::StatusOr<std::map<std::string, std::string>> ParseOverrideReasons(
    const std::vector<std::string>& entries);

// `text` for "text", the message as JSON for "json".
absl::Status PrintMessage(const std::string& format, const std::string& text,
                          const google::protobuf::Message& message,
                          std::ostream& out);

// A subcommand of `parent` that names a report (options->key), prints in
// options->format, and runs `run` with the submission client.
template <typename Options>
CLI::App* AddReportStep(CLI::App* parent, const GlobalOptions& global,
                        absl::Status* outcome, const char* name,
                        const char* description,
                        const std::shared_ptr<Options>& options,
                        absl::Status (*run)(const Options&,
                                            const SubmissionClient&,
                                            std::ostream&)) {
  CLI::App* step = parent->add_subcommand(name, description);
  AddReportKeyOptions(step, &options->key);
  AddMessageFormat(step, &options->format);
  step->final_callback([options, &global, outcome, run] {
    *outcome = WithSubmission(global, [&](const SubmissionClient& client) {
      return run(*options, client, std::cout);
    });
  });
  return step;
}

}  // namespace anju::cli

#endif  // ANJU_CLI_REPORT_ARGS_H_
