#ifndef ANJU_COMMON_SERVER_H_
#define ANJU_COMMON_SERVER_H_

// The server bootstrap every Anju server shares: one grpc::Server on
// HOST:PORT with the services given, the gRPC health checking protocol,
// server reflection, keepalive, a receive-size limit, and a graceful stop.
//
// A main does:
//   InstallTerminationHandlers();                   // common/signals.h
//   auto runner = ServerRunner::Start(options, {&scoring}, &logger);
//   WaitForTerminationSignal();
//   (*runner)->Shutdown();
// A test or benchmark registers any services it likes, on port 0:
//   ServerOptions options;                          // 127.0.0.1:0
//   auto runner = ServerRunner::Start(options, {&scoring, &empty});
//   auto channel = grpc::CreateChannel((*runner)->address(), ...);

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/support/server_interceptor.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/config.h"
#include "common/log.h"
#include "common/tls/tls_settings.h"

namespace anju::metrics {
class HttpEndpoint;
class Registry;
}  // namespace anju::metrics

namespace anju::common {

struct ServerOptions {
  // HOST:PORT ([::1]:PORT for IPv6); port 0 binds a free port, read it back
  // with ServerRunner::port().
  std::string listen = "127.0.0.1:0";
  // Larger requests fail with RESOURCE_EXHAUSTED before any handler runs.
  int max_receive_message_bytes = 4 * 1024 * 1024;
  // On Shutdown: health says NOT_SERVING at once; new calls are still served
  // for `drain` (so load balancers notice first), then in-flight calls get
  // up to `shutdown_grace` to finish before they are cancelled.
  absl::Duration drain = absl::ZeroDuration();
  absl::Duration shutdown_grace = absl::Seconds(5);
  // Server pings idle connections to find dead peers; clients may ping
  // every 10 s without being sent away.
  absl::Duration keepalive_time = absl::Seconds(60);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  // Fully-qualified service names reported by the health service besides
  // the server-wide "", e.g. anju::v1::ScoringService::service_full_name().
  std::vector<std::string> health_services;
  // Null: plaintext. TLS and mutual TLS are configuration of this field
  // (the `tls:` block, common/tls/README.md).
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // The credentials verify client certificates (tls.client_auth request or
  // require), so a certificate may name the caller (common/auth).
  bool client_certificates = false;
  // How this server's process calls other services: the same certificate
  // and CA as `credentials` (tls.outbound), or plaintext. Read by mains for
  // their clients' channels (tls::MakeChannel).
  tls::ClientTls outbound_tls;
  // Server interceptors, e.g. authentication (common/auth). A function,
  // because the factories are move-only and ServerOptions is copied.
  std::function<std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>()>
      interceptors;
  // HOST:PORT of the metrics port (GET /metrics in the Prometheus text
  // format, GET /healthz; common/metrics/README.md); empty: none. Port 0
  // binds a free port, read it back with ServerRunner::metrics_port(). When
  // set, every call is also counted and timed (anju_grpc_server_*).
  std::string metrics_listen;
  // The registry served there; null: metrics::DefaultRegistry(), the one
  // libraries add to. Tests give their own to count from zero.
  metrics::Registry* metrics_registry = nullptr;
};

// The configuration keys read by ServerOptionsFromConfig; a service adds
// its own to these for Config::CheckKeys("").
const std::vector<std::string>& ServerConfigKeys();

// Reads listen, max_message_bytes, drain_seconds, shutdown_grace_seconds,
// keepalive.time_seconds, keepalive.timeout_seconds, metrics.listen and the
// tls block (credentials, client_certificates, outbound_tls) over
// `defaults`.
// A `listen_flag` (the --listen flag, when given) wins over the file's
// listen and is validated under the name "--listen".
absl::StatusOr<ServerOptions> ServerOptionsFromConfig(
    const Config& config, ServerOptions defaults,
    const std::optional<std::string>& listen_flag = std::nullopt);

// HOST:PORT with a port in 0–65535, or unix:PATH. `field` names the input
// in the message (e.g. "--listen").
absl::Status ValidateListenAddress(absl::string_view listen,
                                   absl::string_view field);

class ServerRunner {
 public:
  // Builds and starts the server with every service registered (they must
  // outlive the runner) and returns once it listens. Logs "listening" with
  // the bound port when a logger is given. With options.metrics_listen, it
  // also starts the metrics port first and logs "metrics listening" with
  // its port. UNAVAILABLE if an address cannot be bound.
  static absl::StatusOr<std::unique_ptr<ServerRunner>> Start(
      ServerOptions options, const std::vector<grpc::Service*>& services,
      const Logger* logger = nullptr);

  ServerRunner(const ServerRunner&) = delete;
  ServerRunner& operator=(const ServerRunner&) = delete;
  ~ServerRunner();  // Shutdown()

  int port() const { return port_; }
  // The bound metrics port; 0 when metrics_listen is empty.
  int metrics_port() const;
  // The listen host with the bound port, e.g. "127.0.0.1:41234".
  const std::string& address() const { return address_; }
  grpc::Server* server() const { return server_.get(); }

  // Health of the server and every named service.
  void SetServing(bool serving);
  // NOT_SERVING, drain, Shutdown(now + grace), Wait. Idempotent and safe
  // from any thread but a handler's own.
  void Shutdown();

 private:
  ServerRunner(ServerOptions options, std::unique_ptr<grpc::Server> server,
               int port, const Logger* logger);

  const ServerOptions options_;
  std::unique_ptr<grpc::Server> server_;
  const int port_;
  std::string address_;
  const Logger* logger_;
  std::once_flag shutdown_once_;
  // What SetServing said last, for the metrics port's /healthz, which
  // starts before the runner exists.
  std::shared_ptr<std::atomic<bool>> serving_;
  // Stopped after the gRPC server, so that a drain can still be watched.
  std::unique_ptr<metrics::HttpEndpoint> metrics_;
};

// A server's main after set-up: starts `services`, serves until SIGTERM or
// SIGINT (InstallTerminationHandlers must have run), then shuts down
// gracefully. Returns the process exit code: 0, or 1 when the server could
// not start (logged).
int ServeUntilTerminated(const ServerOptions& options,
                         const std::vector<grpc::Service*>& services,
                         const Logger& logger);

}  // namespace anju::common

#endif  // ANJU_COMMON_SERVER_H_
