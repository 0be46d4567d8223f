#include "cli/command.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "cli/endpoint.h"
#include "cli/scoring_client.h"
#include "cli/submission_client.h"

namespace anju::cli {
namespace {

// Marks a status as a usage error without inventing a status code.
constexpr char kUsagePayload[] = "type.anju.cn/anjuctl.UsageError";

}  // namespace

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

absl::StatusOr<Endpoint> EndpointFor(const GlobalOptions& global,
                                     std::string service, std::string address) {
  absl::StatusOr<std::string> token = ReadTokenFile(global.token_file);
  if (!token.ok()) return token.status();
  absl::StatusOr<common::tls::ClientTls> tls = common::tls::ClientTlsFromFiles(
      global.tls_ca, global.tls_cert, global.tls_key, global.tls_server_name);
  if (!tls.ok()) return tls.status();
  Endpoint endpoint{std::move(service), std::move(address), global.timeout(),
                    *std::move(token)};
  endpoint.tls = *std::move(tls);
  return endpoint;
}

absl::StatusOr<std::unique_ptr<ScoringClient>> ConnectScoring(
    const GlobalOptions& global) {
  absl::StatusOr<Endpoint> endpoint =
      EndpointFor(global, "scoring service", global.scoring);
  if (!endpoint.ok()) return endpoint.status();
  return ScoringClient::Connect(*std::move(endpoint));
}

absl::StatusOr<std::unique_ptr<SubmissionClient>> ConnectSubmission(
    const GlobalOptions& global) {
  absl::StatusOr<Endpoint> endpoint =
      EndpointFor(global, "submission service", global.submission);
  if (!endpoint.ok()) return endpoint.status();
  return std::make_unique<SubmissionClient>(*std::move(endpoint));
}

absl::Status WriteOutput(const std::string& path, const std::string& text,
                         std::ostream& out) {
  if (path.empty() || path == "-") {
    out << text;
    out.flush();
    return out ? absl::OkStatus()
               : absl::DataLossError("standard output: write failed");
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file) file << text;
  if (file) file.close();
  if (!file) {
    return absl::Status(absl::ErrnoToStatusCode(errno),
                        absl::StrCat(path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace anju::cli
