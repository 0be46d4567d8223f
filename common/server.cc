#include "common/server.h"

#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/metrics/grpc_interceptor.h"
#include "common/metrics/http_endpoint.h"
#include "common/metrics/process_metrics.h"
#include "common/metrics/registry.h"
#include "common/signals.h"
#include "common/text.h"

namespace anju::common {
namespace {

int Millis(absl::Duration d) {
  return static_cast<int>(absl::ToInt64Milliseconds(d));
}

void AddKeepaliveArgs(const ServerOptions& options,
                      grpc::ServerBuilder* builder) {
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                              Millis(options.keepalive_time));
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                              Millis(options.keepalive_timeout));
  // Without these, a client that pings more often than every 5 minutes
  // (the default policy) is sent away with GOAWAY "too_many_pings".
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder->AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
}

// "127.0.0.1:0" + 41234 → "127.0.0.1:41234"; unix: addresses unchanged.
std::string BoundAddress(const std::string& listen, int port) {
  if (absl::StartsWith(listen, "unix:")) return listen;
  return absl::StrCat(listen.substr(0, listen.rfind(':')), ":", port);
}

absl::StatusOr<absl::Duration> Seconds(const Config& config,
                                       absl::string_view key,
                                       absl::Duration fallback, int64_t min,
                                       int64_t max) {
  absl::StatusOr<int64_t> s =
      config.GetInt(key, absl::ToInt64Seconds(fallback), min, max);
  if (!s.ok()) return s.status();
  return absl::Seconds(*s);
}

// Empty (off) or HOST:PORT: the metrics port is TCP only.
absl::Status ValidateMetricsListen(absl::string_view listen,
                                   absl::string_view field) {
  if (listen.empty()) return absl::OkStatus();
  if (absl::StartsWith(listen, "unix:")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": 须为 主机:端口 (the metrics port is HOST:PORT, not unix:)"));
  }
  return ValidateListenAddress(listen, field);
}

// The metrics port, when options ask for one; null when they do not.
absl::StatusOr<std::unique_ptr<metrics::HttpEndpoint>> StartMetrics(
    const ServerOptions& options, std::shared_ptr<std::atomic<bool>> serving) {
  if (options.metrics_listen.empty()) {
    return std::unique_ptr<metrics::HttpEndpoint>();
  }
  if (absl::Status s =
          ValidateMetricsListen(options.metrics_listen, "metrics_listen");
      !s.ok()) {
    return s;
  }
  metrics::Registry* registry = options.metrics_registry != nullptr
                                    ? options.metrics_registry
                                    : &metrics::DefaultRegistry();
  if (absl::Status s = metrics::AddProcessMetrics(registry); !s.ok()) {
    return s;
  }
  metrics::HttpEndpointOptions endpoint;
  endpoint.listen = options.metrics_listen;
  endpoint.registry = registry;
  endpoint.serving = [serving] { return serving->load(); };
  return metrics::HttpEndpoint::Start(std::move(endpoint));
}

// The metrics interceptor first, so that it sees every call, also those
// the others (authentication) refuse; then the options' own.
std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
Interceptors(const ServerOptions& options) {
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      creators;
  if (!options.metrics_listen.empty()) {
    creators.push_back(metrics::NewGrpcMetricsInterceptorFactory(
        options.metrics_registry != nullptr ? options.metrics_registry
                                            : &metrics::DefaultRegistry()));
  }
  if (options.interceptors) {
    for (auto& creator : options.interceptors()) {
      creators.push_back(std::move(creator));
    }
  }
  return creators;
}

// For the "listening" line: what a client must bring.
const char* TlsMode(const ServerOptions& options) {
  if (options.credentials == nullptr) return "off";
  return options.client_certificates ? "on, client certificates verified"
                                     : "on";
}

// The `tls:` block, when there is one, over the options' credentials.
absl::Status ApplyTls(const Config& config, ServerOptions* o) {
  tls::ClientTls outbound;
  absl::StatusOr<std::optional<tls::ServerTls>> server_tls =
      tls::ServerTlsFromConfig(config, &outbound);
  if (!server_tls.ok()) return server_tls.status();
  if (!server_tls->has_value()) return absl::OkStatus();
  o->credentials = tls::MakeServerCredentials(**server_tls);
  o->client_certificates = (*server_tls)->client_auth != tls::ClientAuth::kNone;
  o->outbound_tls = std::move(outbound);
  return absl::OkStatus();
}

}  // namespace

const std::vector<std::string>& ServerConfigKeys() {
  static const auto* keys =
      new std::vector<std::string>{"listen",          "max_message_bytes",
                                   "drain_seconds",   "shutdown_grace_seconds",
                                   "keepalive",       "metrics",
                                   tls::kTlsConfigKey};
  return *keys;
}

absl::StatusOr<ServerOptions> ServerOptionsFromConfig(
    const Config& config, ServerOptions defaults,
    const std::optional<std::string>& listen_flag) {
  ServerOptions o = std::move(defaults);
  absl::StatusOr<std::string> listen = config.GetString("listen", o.listen);
  if (!listen.ok()) return listen.status();
  if (absl::Status s = ValidateListenAddress(
          *listen, absl::StrCat(config.file(), ": listen"));
      !s.ok()) {
    return s;
  }
  o.listen = *listen;
  if (listen_flag) {
    if (absl::Status s = ValidateListenAddress(*listen_flag, "--listen");
        !s.ok()) {
      return s;
    }
    o.listen = *listen_flag;
  }
  absl::StatusOr<int64_t> max_bytes = config.GetInt(
      "max_message_bytes", o.max_receive_message_bytes, 1024, 1 << 30);
  if (!max_bytes.ok()) return max_bytes.status();
  o.max_receive_message_bytes = static_cast<int>(*max_bytes);
  if (absl::Status s =
          config.CheckKeys("keepalive", {"time_seconds", "timeout_seconds"});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = config.CheckKeys("metrics", {"listen"}); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> metrics_listen =
      config.GetString("metrics.listen", o.metrics_listen);
  if (!metrics_listen.ok()) return metrics_listen.status();
  if (absl::Status s = ValidateMetricsListen(
          *metrics_listen, absl::StrCat(config.file(), ": metrics.listen"));
      !s.ok()) {
    return s;
  }
  o.metrics_listen = *metrics_listen;
  auto drain = Seconds(config, "drain_seconds", o.drain, 0, 600);
  auto grace =
      Seconds(config, "shutdown_grace_seconds", o.shutdown_grace, 0, 600);
  auto time =
      Seconds(config, "keepalive.time_seconds", o.keepalive_time, 1, 86400);
  auto timeout = Seconds(config, "keepalive.timeout_seconds",
                         o.keepalive_timeout, 1, 3600);
  for (const auto* d : {&drain, &grace, &time, &timeout}) {
    if (!d->ok()) return d->status();
  }
  o.drain = *drain;
  o.shutdown_grace = *grace;
  o.keepalive_time = *time;
  o.keepalive_timeout = *timeout;
  if (absl::Status s = ApplyTls(config, &o); !s.ok()) return s;
  return o;
}

absl::Status ValidateListenAddress(absl::string_view listen,
                                   absl::string_view field) {
  if (absl::StartsWith(listen, "unix:") && listen.size() > 5) {
    return absl::OkStatus();
  }
  const std::size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == absl::string_view::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535 || listen.substr(colon + 1).front() == '+') {
    return absl::InvalidArgumentError(absl::StrCat(
        field,
        ": 须为 主机:端口 (must be HOST:PORT with a port within 0–65535, "
        "or unix:PATH), got \"",
        Preview(listen), "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ServerRunner>> ServerRunner::Start(
    ServerOptions options, const std::vector<grpc::Service*>& services,
    const Logger* logger) {
  if (absl::Status s = ValidateListenAddress(options.listen, "listen");
      !s.ok()) {
    return s;
  }
  auto serving = std::make_shared<std::atomic<bool>>(false);
  absl::StatusOr<std::unique_ptr<metrics::HttpEndpoint>> metrics_endpoint =
      StartMetrics(options, serving);
  if (!metrics_endpoint.ok()) return metrics_endpoint.status();
  // Both are process-wide switches read when a builder is made.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  auto credentials = options.credentials ? options.credentials
                                         : grpc::InsecureServerCredentials();
  builder.AddListeningPort(options.listen, credentials, &port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port
  // would start and silently share its traffic. Fail to bind instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  AddKeepaliveArgs(options, &builder);
  for (grpc::Service* service : services) builder.RegisterService(service);
  auto interceptors = Interceptors(options);
  if (!interceptors.empty()) {
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    if (server) server->Shutdown();
    return absl::UnavailableError(absl::StrCat(
        "listen ", options.listen,
        ": 无法监听该地址 (cannot bind the address; is it in use?)"));
  }
  auto runner = std::unique_ptr<ServerRunner>(
      new ServerRunner(std::move(options), std::move(server), port, logger));
  runner->serving_ = std::move(serving);
  runner->metrics_ = *std::move(metrics_endpoint);
  runner->SetServing(true);
  // Before "listening": whoever waits for that line has this one too.
  if (logger != nullptr && runner->metrics_ != nullptr) {
    logger->Info("metrics listening",
                 {{"listen", runner->options_.metrics_listen},
                  {"port", runner->metrics_->port()}});
  }
  if (logger != nullptr) {
    logger->Info("listening", {{"listen", runner->options_.listen},
                               {"address", runner->address_},
                               {"port", port},
                               {"tls", TlsMode(runner->options_)}});
  }
  return runner;
}

ServerRunner::ServerRunner(ServerOptions options,
                           std::unique_ptr<grpc::Server> server, int port,
                           const Logger* logger)
    : options_(std::move(options)),
      server_(std::move(server)),
      port_(port),
      address_(BoundAddress(options_.listen, port)),
      logger_(logger) {}

ServerRunner::~ServerRunner() { Shutdown(); }

int ServerRunner::metrics_port() const {
  return metrics_ != nullptr ? metrics_->port() : 0;
}

void ServerRunner::SetServing(bool serving) {
  if (serving_ != nullptr) serving_->store(serving);
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);
  for (const std::string& name : options_.health_services) {
    health->SetServingStatus(name, serving);
  }
}

void ServerRunner::Shutdown() {
  std::call_once(shutdown_once_, [this] {
    if (logger_ != nullptr) {
      logger_->Info(
          "shutting down",
          {{"drain_ms", absl::ToInt64Milliseconds(options_.drain)},
           {"grace_ms", absl::ToInt64Milliseconds(options_.shutdown_grace)}});
    }
    SetServing(false);
    // Freezes every status at NOT_SERVING, also for later Set calls.
    if (auto* health = server_->GetHealthCheckService()) health->Shutdown();
    absl::SleepFor(options_.drain);
    server_->Shutdown(
        absl::ToChronoTime(absl::Now() + options_.shutdown_grace));
    server_->Wait();
    metrics_.reset();
    if (logger_ != nullptr) logger_->Info("stopped");
  });
}

int ServeUntilTerminated(const ServerOptions& options,
                         const std::vector<grpc::Service*>& services,
                         const Logger& logger) {
  absl::StatusOr<std::unique_ptr<ServerRunner>> runner =
      ServerRunner::Start(options, services, &logger);
  if (!runner.ok()) {
    logger.Error("cannot start", {{"error", runner.status().message()}});
    return 1;
  }
  const int signo = WaitForTerminationSignal();
  logger.Info("signal received", {{"signal", strsignal(signo)}});
  (*runner)->Shutdown();
  return 0;
}

}  // namespace anju::common
