#ifndef ANJU_COMMON_AUTH_AUDIT_H_
#define ANJU_COMMON_AUTH_AUDIT_H_

// Every denied call or access, as a structured record handed to a sink:
// the log by default, the submission service's audit log when it plugs in.

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "common/auth/principal.h"
#include "common/log.h"

namespace anju::auth {

struct Denial {
  absl::StatusCode code = absl::StatusCode::kPermissionDenied;
  std::string method;  // "/anju.v1.ScoringService/Evaluate"
  std::string peer;    // "ipv4:10.0.3.7:51234", as gRPC reports it
  // Who, when the credential was valid (PERMISSION_DENIED); absent for
  // UNAUTHENTICATED.
  std::optional<Principal> principal;
  // The first 8 hex digits of the presented token's SHA-256, when a token
  // was presented, so that an operator can match a refused token against
  // the credentials file; 32 bits of a digest say nothing about the token.
  std::string token_digest_prefix;
  // The org the call would have touched, when a handler's Authorize denied.
  std::string target_org;
  std::string reason;  // the status message the caller got
};

// Called on the gRPC thread that handles the call, so it must not block:
// a sink that writes to a database should queue the record.
using AuditSink = std::function<void(const Denial&)>;

// Logs each denial as one warning line, e.g.
//   {"level":"warning","msg":"access denied","code":"PERMISSION_DENIED",
//    "method":"/anju.v1.…","peer":"ipv4:…","principal":"hongshan-filer",
//    "role":"county_filer","org":"150402","target_org":"150403",…}
// `logger` must outlive the sink.
AuditSink LoggingAuditSink(const common::Logger* logger);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_AUDIT_H_
