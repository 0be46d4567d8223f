#include "common/auth/audit.h"

#include "absl/status/status.h"

namespace anju::auth {

AuditSink LoggingAuditSink(const common::Logger* logger) {
  return [logger](const Denial& denial) {
    const std::string code = absl::StatusCodeToString(denial.code);
    if (denial.principal.has_value()) {
      const Principal& p = *denial.principal;
      logger->Warning("access denied", {{"code", code},
                                        {"method", denial.method},
                                        {"peer", denial.peer},
                                        {"principal", p.id},
                                        {"role", RoleName(p.role)},
                                        {"org", p.org},
                                        {"target_org", denial.target_org},
                                        {"reason", denial.reason}});
    } else {
      logger->Warning("access denied",
                      {{"code", code},
                       {"method", denial.method},
                       {"peer", denial.peer},
                       {"token_sha256_prefix", denial.token_digest_prefix},
                       {"reason", denial.reason}});
    }
  };
}

}  // namespace anju::auth
