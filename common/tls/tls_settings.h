#ifndef ANJU_COMMON_TLS_TLS_SETTINGS_H_
#define ANJU_COMMON_TLS_TLS_SETTINGS_H_

// TLS and mutual TLS for every Anju server and client, switched on by
// configuration (README.md). A server's `tls:` block:
//
//   tls:
//     cert_file: /etc/anju/tls/submission.pem   # this service's certificate
//     key_file: /etc/anju/tls/submission.key
//     ca_file: /etc/anju/tls/ca.pem             # the CA of clients and peers
//     client_auth: require                      # none | request | require
//     outbound: true            # also call other services over mTLS
//     server_name_override: ""  # for outbound calls, when the address is
//                               # not a name in the peer's certificate
//
// No block: plaintext. The same certificate is presented when the service
// calls another (service to service), so issue it for both uses.

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/config.h"

namespace grpc {
class Channel;
}  // namespace grpc

namespace anju::common::tls {

// Whether a server asks its clients for a certificate. A certificate that
// is sent is always verified against ca_file; there is no don't-verify.
enum class ClientAuth {
  kNone,     // TLS only: clients are not asked
  kRequest,  // optional: a verified certificate names the caller
  kRequire,  // mutual TLS: no valid client certificate, no connection
};

// A server's identity, PEM text read from the configured files.
struct ServerTls {
  std::string cert_chain;
  std::string private_key;
  std::string root_certs;  // empty only with ClientAuth::kNone
  ClientAuth client_auth = ClientAuth::kNone;
};

// A client's settings. Not enabled: plaintext. Empty root_certs: the
// system's roots; empty cert_chain: no client certificate.
struct ClientTls {
  bool enabled = false;
  std::string root_certs;
  std::string cert_chain;
  std::string private_key;
  std::string server_name_override;
};

// The top-level key a server adds to its Config::CheckKeys("") list.
inline constexpr char kTlsConfigKey[] = "tls";

// A server's `tls:` block with the files read: nullopt when there is none,
// INVALID_ARGUMENT naming the key and the rule (unknown key, missing file,
// not PEM, client_auth without ca_file, a bad client_auth), NOT_FOUND when
// a file cannot be read. client_auth defaults to require when ca_file is
// set and none otherwise. `outbound` receives the client side of the same
// identity (disabled with `outbound: false` or without the block).
absl::StatusOr<std::optional<ServerTls>> ServerTlsFromConfig(
    const Config& config, ClientTls* outbound);

// A client's settings from files (anjuctl's --tls-ca, --tls-cert,
// --tls-key): enabled when any is given; cert and key go together.
absl::StatusOr<ClientTls> ClientTlsFromFiles(
    const std::string& ca_file, const std::string& cert_file,
    const std::string& key_file, const std::string& server_name_override);

std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(
    const ServerTls& tls);
std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(
    const ClientTls& tls);

// The channel every Anju client opens: plaintext unless `tls.enabled`.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address,
                                           const ClientTls& tls);

}  // namespace anju::common::tls

#endif  // ANJU_COMMON_TLS_TLS_SETTINGS_H_
