#ifndef ANJU_COMMON_AUTH_CERTIFICATE_PRINCIPAL_H_
#define ANJU_COMMON_AUTH_CERTIFICATE_PRINCIPAL_H_

// A verified client certificate as a principal (mutual TLS, README.md): the
// certificate carries one subjectAltName URI
//
//   anju://<role>/<org>/<id>     e.g. anju://county_filer/150402/hongshan-filer
//
// with the role's spelling of principal.h, an org code of the org tree of
// the role's level, and an id of ASCII letters, digits, '.', '_' and '-'.
// The CA (tls.ca_file) vouches for all three, as the credentials file does
// for a token.

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/orgs/org_tree.h"
#include "common/tls/peer_certificate.h"

namespace anju::auth {

inline constexpr char kCertificateUriScheme[] = "anju://";

// UNAUTHENTICATED, saying why, when the certificate has no anju:// URI,
// more than one, or one that names an unknown role, an org not in `tree`,
// an org of the wrong level or a malformed id.
absl::StatusOr<Principal> PrincipalFromCertificate(
    const common::tls::PeerCertificate& certificate, const orgs::OrgTree& tree);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_CERTIFICATE_PRINCIPAL_H_
