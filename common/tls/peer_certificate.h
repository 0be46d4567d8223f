#ifndef ANJU_COMMON_TLS_PEER_CERTIFICATE_H_
#define ANJU_COMMON_TLS_PEER_CERTIFICATE_H_

// The client certificate of a call, as gRPC's auth context reports it after
// the handshake. Servers configured here (tls_settings.h) always verify a
// certificate that is sent, so a certificate present here chains to the
// server's ca_file and is within its validity period.

#include <optional>
#include <string>
#include <vector>

namespace grpc {
class AuthContext;
}  // namespace grpc

namespace anju::common::tls {

struct PeerCertificate {
  std::vector<std::string> uris;  // subjectAltName URI entries
  std::string common_name;        // the subject's CN, for messages
};

// Nullopt when the connection is not TLS or the client sent no certificate.
std::optional<PeerCertificate> PeerCertificateOf(
    const grpc::AuthContext& context);

}  // namespace anju::common::tls

#endif  // ANJU_COMMON_TLS_PEER_CERTIFICATE_H_
