#ifndef ANJU_COMMON_METRICS_HTTP_ENDPOINT_H_
#define ANJU_COMMON_METRICS_HTTP_ENDPOINT_H_

// The metrics port: a small HTTP/1.1 server (libmicrohttpd, one internal
// thread) serving only
//   GET /metrics  200, the registry in the text format 0.0.4
//   GET /healthz  200 "ok", or 503 "not serving" when `serving` says so
// and 404 for every other path, 405 for other methods, 413 for a request
// with a body. Header space per connection and the number of connections
// are bounded, and idle connections time out, so a scraper that misbehaves
// cannot cost the service more than a few hundred kilobytes.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/metrics/registry.h"

struct MHD_Daemon;

namespace anju::metrics {

struct HttpEndpointOptions {
  // HOST:PORT (an IPv6 host in brackets); port 0 picks a free port.
  std::string listen = "127.0.0.1:0";
  const Registry* registry = nullptr;  // null: DefaultRegistry()
  // Null: always serving.
  std::function<bool()> serving;
  int max_connections = 16;
  size_t max_request_bytes = 16 * 1024;  // request line and headers
  int idle_timeout_seconds = 10;
};

class HttpEndpoint {
 public:
  // INVALID_ARGUMENT for a bad address; UNAVAILABLE when it cannot bind.
  static absl::StatusOr<std::unique_ptr<HttpEndpoint>> Start(
      HttpEndpointOptions options);
  ~HttpEndpoint();  // stops; in-flight responses are cut
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  int port() const { return port_; }

  // For libmicrohttpd's C callback only.
  struct Handler;

 private:
  HttpEndpoint() = default;

  HttpEndpointOptions options_;
  std::unique_ptr<Handler> handler_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
};

}  // namespace anju::metrics

#endif  // ANJU_COMMON_METRICS_HTTP_ENDPOINT_H_
