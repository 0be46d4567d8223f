#include "services/submission/audit_chain.h"

#include <openssl/sha.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace anju::submission {
namespace {

void AppendField(absl::string_view field, std::string* out) {
  absl::StrAppend(out, field.size(), ":", field, ";");
}

}  // namespace

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string CanonicalContent(const AuditEntry& entry) {
  std::string out;
  AppendField(absl::StrCat(entry.seq), &out);
  AppendField(entry.at, &out);
  AppendField(entry.actor, &out);
  AppendField(entry.action, &out);
  AppendField(entry.subject, &out);
  AppendField(entry.before, &out);
  AppendField(entry.after, &out);
  return out;
}

std::string ChainHash(const AuditEntry& entry) {
  return Sha256Hex(absl::StrCat(entry.prev_hash, CanonicalContent(entry)));
}

}  // namespace anju::submission
