#include "common/auth/certificate_principal.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace anju::auth {
namespace {

absl::Status Refuse(const common::tls::PeerCertificate& certificate,
                    absl::string_view why) {
  return absl::UnauthenticatedError(
      absl::StrCat("未认证: 客户端证书未标明主体 (the client certificate CN=\"",
                   certificate.common_name, "\" ", why,
                   "; expected a SAN URI anju://<role>/<org>/<id>)"));
}

bool IsCredentialId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<Principal> PrincipalFromCertificate(
    const common::tls::PeerCertificate& certificate,
    const orgs::OrgTree& tree) {
  std::vector<absl::string_view> ours;
  for (const std::string& uri : certificate.uris) {
    if (absl::StartsWith(uri, kCertificateUriScheme)) ours.push_back(uri);
  }
  if (ours.empty()) return Refuse(certificate, "has no anju:// URI");
  if (ours.size() > 1) return Refuse(certificate, "has more than one");
  const std::vector<absl::string_view> parts = absl::StrSplit(
      ours.front().substr(sizeof(kCertificateUriScheme) - 1), '/');
  if (parts.size() != 3) {
    return Refuse(certificate, absl::StrCat("has \"", ours.front(), "\""));
  }
  const std::optional<Role> role = ParseRole(parts[0]);
  if (!role.has_value()) {
    return Refuse(certificate,
                  absl::StrCat("names the unknown role \"", parts[0], "\""));
  }
  const orgs::Org* org = tree.FindByCode(parts[1]);
  if (org == nullptr) {
    return Refuse(certificate,
                  absl::StrCat("names \"", parts[1], "\", not an org code"));
  }
  const std::optional<orgs::OrgLevel> level = RequiredOrgLevel(*role);
  if (level.has_value() && org->level != *level) {
    return Refuse(certificate,
                  absl::StrCat("names a ", RoleName(*role), " of ", org->code,
                               ", which is a ", orgs::OrgLevelName(org->level),
                               ", not a ", orgs::OrgLevelName(*level)));
  }
  if (!IsCredentialId(parts[2])) {
    return Refuse(certificate,
                  absl::StrCat("has the malformed id \"", parts[2], "\""));
  }
  return Principal{std::string(parts[2]), *role, org->code};
}

}  // namespace anju::auth
