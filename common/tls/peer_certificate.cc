#include "common/tls/peer_certificate.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>

namespace anju::common::tls {
namespace {

std::vector<std::string> Values(const grpc::AuthContext& context,
                                const char* name) {
  std::vector<std::string> values;
  for (const grpc::string_ref& value : context.FindPropertyValues(name)) {
    values.emplace_back(value.data(), value.size());
  }
  return values;
}

}  // namespace

std::optional<PeerCertificate> PeerCertificateOf(
    const grpc::AuthContext& context) {
  const std::vector<std::string> security =
      Values(context, GRPC_TRANSPORT_SECURITY_TYPE_PROPERTY_NAME);
  if (security.empty() ||
      security.front() != GRPC_SSL_TRANSPORT_SECURITY_TYPE) {
    return std::nullopt;
  }
  // The leaf certificate's PEM is there exactly when the client sent one.
  if (Values(context, GRPC_X509_PEM_CERT_PROPERTY_NAME).empty()) {
    return std::nullopt;
  }
  PeerCertificate certificate;
  certificate.uris = Values(context, GRPC_PEER_URI_PROPERTY_NAME);
  const std::vector<std::string> cn =
      Values(context, GRPC_X509_CN_PROPERTY_NAME);
  if (!cn.empty()) certificate.common_name = cn.front();
  return certificate;
}

}  // namespace anju::common::tls
