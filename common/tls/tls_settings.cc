#include "common/tls/tls_settings.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace anju::common::tls {
namespace {

// The PEM text of `path`; `field` names it in messages. `marker` is the
// end of the BEGIN line a file of that kind must have ("CERTIFICATE-----",
// "PRIVATE KEY-----"), so that a key given as a certificate is caught at
// start rather than at the first handshake.
absl::StatusOr<std::string> ReadPem(const std::string& path,
                                    absl::string_view field,
                                    absl::string_view marker) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        field, ": 无法读取文件 (cannot read the file \"", path, "\")"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string pem = text.str();
  if (!absl::StrContains(pem, "-----BEGIN ") ||
      !absl::StrContains(pem, marker)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 须为 PEM 文件 (must be a PEM file with a \"",
                     marker, "\" block), got \"", path, "\""));
  }
  return pem;
}

absl::StatusOr<ClientAuth> ParseClientAuth(absl::string_view text,
                                           absl::string_view field) {
  if (text == "none") return ClientAuth::kNone;
  if (text == "request") return ClientAuth::kRequest;
  if (text == "require") return ClientAuth::kRequire;
  return absl::InvalidArgumentError(
      absl::StrCat(field,
                   ": 须为 none、request 或 require (must be none, request or "
                   "require), got \"",
                   text, "\""));
}

constexpr char kCertMarker[] = "CERTIFICATE-----";
constexpr char kKeyMarker[] = "PRIVATE KEY-----";

// The string at `key`, or "" when absent.
absl::StatusOr<std::string> Optional(const Config& config,
                                     absl::string_view key, bool path) {
  return path ? config.GetPath(key, "") : config.GetString(key, "");
}

}  // namespace

absl::StatusOr<std::optional<ServerTls>> ServerTlsFromConfig(
    const Config& config, ClientTls* outbound) {
  if (outbound != nullptr) *outbound = ClientTls();
  if (!config.Has(kTlsConfigKey)) return std::optional<ServerTls>();
  if (absl::Status s = config.CheckKeys(
          kTlsConfigKey, {"cert_file", "key_file", "ca_file", "client_auth",
                          "outbound", "server_name_override"});
      !s.ok()) {
    return s;
  }
  const std::string where = absl::StrCat(config.file(), ": tls.");
  auto cert_file = Optional(config, "tls.cert_file", true);
  auto key_file = Optional(config, "tls.key_file", true);
  auto ca_file = Optional(config, "tls.ca_file", true);
  auto override_name = Optional(config, "tls.server_name_override", false);
  for (const auto* v : {&cert_file, &key_file, &ca_file, &override_name}) {
    if (!v->ok()) return v->status();
  }
  if (cert_file->empty() || key_file->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where,
        "cert_file, key_file: 启用 TLS 时必填 (both are required when the tls "
        "block is present)"));
  }
  auto client_auth_text = config.GetString(
      "tls.client_auth", ca_file->empty() ? "none" : "require");
  if (!client_auth_text.ok()) return client_auth_text.status();
  auto client_auth =
      ParseClientAuth(*client_auth_text, absl::StrCat(where, "client_auth"));
  if (!client_auth.ok()) return client_auth.status();
  if (*client_auth != ClientAuth::kNone && ca_file->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where,
        "ca_file: client_auth 为 request 或 require 时必填 (required to "
        "verify client certificates)"));
  }
  ServerTls tls;
  tls.client_auth = *client_auth;
  auto cert =
      ReadPem(*cert_file, absl::StrCat(where, "cert_file"), kCertMarker);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(*key_file, absl::StrCat(where, "key_file"), kKeyMarker);
  if (!key.ok()) return key.status();
  tls.cert_chain = *std::move(cert);
  tls.private_key = *std::move(key);
  if (!ca_file->empty()) {
    auto ca = ReadPem(*ca_file, absl::StrCat(where, "ca_file"), kCertMarker);
    if (!ca.ok()) return ca.status();
    tls.root_certs = *std::move(ca);
  }
  auto calls_out = config.GetBool("tls.outbound", true);
  if (!calls_out.ok()) return calls_out.status();
  if (outbound != nullptr && *calls_out) {
    outbound->enabled = true;
    outbound->root_certs = tls.root_certs;
    outbound->cert_chain = tls.cert_chain;
    outbound->private_key = tls.private_key;
    outbound->server_name_override = *std::move(override_name);
  }
  return std::optional<ServerTls>(std::move(tls));
}

absl::StatusOr<ClientTls> ClientTlsFromFiles(
    const std::string& ca_file, const std::string& cert_file,
    const std::string& key_file, const std::string& server_name_override) {
  ClientTls tls;
  if (cert_file.empty() != key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert, --tls-key: 须同时提供 (give both, or neither)");
  }
  tls.enabled = !ca_file.empty() || !cert_file.empty();
  tls.server_name_override = server_name_override;
  if (!ca_file.empty()) {
    auto ca = ReadPem(ca_file, "--tls-ca", kCertMarker);
    if (!ca.ok()) return ca.status();
    tls.root_certs = *std::move(ca);
  }
  if (!cert_file.empty()) {
    auto cert = ReadPem(cert_file, "--tls-cert", kCertMarker);
    if (!cert.ok()) return cert.status();
    auto key = ReadPem(key_file, "--tls-key", kKeyMarker);
    if (!key.ok()) return key.status();
    tls.cert_chain = *std::move(cert);
    tls.private_key = *std::move(key);
  }
  return tls;
}

std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(
    const ServerTls& tls) {
  grpc_ssl_client_certificate_request_type request =
      GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE;
  if (tls.client_auth == ClientAuth::kRequest) {
    request = GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  } else if (tls.client_auth == ClientAuth::kRequire) {
    request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  grpc::SslServerCredentialsOptions options(request);
  options.pem_root_certs = tls.root_certs;
  options.pem_key_cert_pairs.push_back({tls.private_key, tls.cert_chain});
  return grpc::SslServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(
    const ClientTls& tls) {
  if (!tls.enabled) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = tls.root_certs;
  options.pem_cert_chain = tls.cert_chain;
  options.pem_private_key = tls.private_key;
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address,
                                           const ClientTls& tls) {
  grpc::ChannelArguments args;
  if (tls.enabled && !tls.server_name_override.empty()) {
    args.SetSslTargetNameOverride(tls.server_name_override);
  }
  return grpc::CreateCustomChannel(address, MakeChannelCredentials(tls), args);
}

}  // namespace anju::common::tls
