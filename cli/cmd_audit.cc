// anjuctl audit verify: checks the audit log's hash chain (审计日志校验).

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/report_args.h"
#include "cli/submission_client.h"

namespace anju::cli {

void AddAuditCommand(CLI::App& app, const GlobalOptions& global,
                     absl::Status* outcome) {
  CLI::App* audit = app.add_subcommand("audit", "The audit log (审计日志)");
  audit->require_subcommand(1);
  auto format = std::make_shared<std::string>("text");
  CLI::App* verify = audit->add_subcommand(
      "verify",
      "Check the hash chain: a changed, deleted or cut-off entry fails");
  AddMessageFormat(verify, format.get());
  verify->final_callback([format, &global, outcome] {
    *outcome = WithSubmission(global, [&](const SubmissionClient& client) {
      auto verified = client.Call(&SubmissionClient::Stub::VerifyAuditLog,
                                  anju::v1::VerifyAuditLogRequest());
      if (!verified.ok()) return verified.status();
      return PrintMessage(
          *format,
          absl::StrCat("审计日志完整：", verified->entries(),
                       "条记录，链尾哈希 ", verified->head_hash(), "\n"),
          *verified, std::cout);
    });
  });
}

}  // namespace anju::cli
