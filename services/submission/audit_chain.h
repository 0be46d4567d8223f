#ifndef ANJU_SERVICES_SUBMISSION_AUDIT_CHAIN_H_
#define ANJU_SERVICES_SUBMISSION_AUDIT_CHAIN_H_

// The audit log's hash chain (审计日志), without storage: each entry's hash
// is SHA-256 over the previous entry's hash and the entry's own canonical
// content, so changing an entry breaks its hash and deleting one breaks the
// link of the next. The store keeps the last hash and count apart (the
// head), so that cutting entries off the end is detected too.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace anju::submission {

// The previous hash of the first entry: 64 zeros.
inline constexpr absl::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  int64_t seq = 0;      // 1, 2, 3… without gaps
  std::string at;       // RFC 3339, +08:00
  std::string actor;    // the principal's id
  std::string action;   // e.g. "save_draft", "create_campaign"
  std::string subject;  // e.g. "report/150402/rental/2023/v1"
  std::string before;   // JSON of the record before; empty when created
  std::string after;    // JSON of the record after
  std::string prev_hash;
  std::string hash;
};

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(absl::string_view bytes);

// The entry's fields in a form no two different entries share: each field
// length-prefixed ("<bytes>:<text>;"), in a fixed order, seq included.
std::string CanonicalContent(const AuditEntry& entry);

// SHA-256(prev_hash + CanonicalContent(entry)), hex.
std::string ChainHash(const AuditEntry& entry);

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_AUDIT_CHAIN_H_
