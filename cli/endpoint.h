#ifndef ANJU_CLI_ENDPOINT_H_
#define ANJU_CLI_ENDPOINT_H_

// One service as anjuctl calls it: its address, the deadline of every call
// and the bearer credential, with gRPC's errors turned into absl::Status
// that say which service could not be reached.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/tls/tls_settings.h"

namespace anju::cli {

struct Endpoint {
  std::string service;  // "scoring service", for messages
  std::string address;  // HOST:PORT
  absl::Duration timeout = absl::Seconds(10);
  std::string token;           // empty: no credential sent
  common::tls::ClientTls tls;  // --tls-ca/--tls-cert/--tls-key; off: plaintext

  std::shared_ptr<grpc::Channel> NewChannel() const;
  // A context with the deadline and, with a token, the metadata
  // `authorization: Bearer <token>`.
  std::unique_ptr<grpc::ClientContext> NewContext() const;
  // The codes are gRPC's and absl's alike. Where the fault is reaching the
  // service rather than the request, the message names service and address.
  absl::Status ToStatus(const grpc::Status& status) const;
};

// The credential in `path` (ANJU_TOKEN_FILE), surrounding whitespace
// removed: NOT_FOUND when unreadable, INVALID_ARGUMENT when empty. "" for an
// empty path (no credential).
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace anju::cli

#endif  // ANJU_CLI_ENDPOINT_H_
