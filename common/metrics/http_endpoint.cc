#include "common/metrics/http_endpoint.h"

#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/metrics/text_format.h"

namespace anju::metrics {

struct HttpEndpoint::Handler {
  const Registry* registry;
  std::function<bool()> serving;
};

namespace {

MHD_Result Reply(MHD_Connection* connection, unsigned int code,
                 const std::string& body, const char* content_type) {
  MHD_Response* response = MHD_create_response_from_buffer(
      body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
  if (code == MHD_HTTP_METHOD_NOT_ALLOWED) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
  }
  const MHD_Result queued = MHD_queue_response(connection, code, response);
  MHD_destroy_response(response);
  return queued;
}

// libmicrohttpd calls this first with the headers (*upload_data_size 0),
// and again per chunk of body. Every answer is given on the first call,
// so a body is never read: a request announcing one is refused.
MHD_Result Answer(void* cls, MHD_Connection* connection, const char* url,
                  const char* method, const char* /*version*/,
                  const char* /*upload_data*/, size_t* upload_data_size,
                  void** /*request_state*/) {
  const auto* handler = static_cast<const HttpEndpoint::Handler*>(cls);
  constexpr char kText[] = "text/plain; charset=utf-8";
  if (*upload_data_size != 0) return MHD_NO;  // not reached: answered first
  const bool get = std::strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
                   std::strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
  if (!get) return Reply(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "", kText);
  const char* length = MHD_lookup_connection_value(
      connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  const char* chunked = MHD_lookup_connection_value(
      connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
  if (chunked != nullptr ||
      (length != nullptr && std::strcmp(length, "0") != 0)) {
    return Reply(connection, MHD_HTTP_CONTENT_TOO_LARGE, "no request bodies\n",
                 kText);
  }
  const absl::string_view path(url);
  if (path == "/metrics") {
    return Reply(connection, MHD_HTTP_OK, handler->registry->Render(),
                 kTextContentType);
  }
  if (path == "/healthz") {
    const bool serving = !handler->serving || handler->serving();
    return serving ? Reply(connection, MHD_HTTP_OK, "ok\n", kText)
                   : Reply(connection, MHD_HTTP_SERVICE_UNAVAILABLE,
                           "not serving\n", kText);
  }
  return Reply(connection, MHD_HTTP_NOT_FOUND, "not found\n", kText);
}

// "127.0.0.1:9464", "[::1]:0", "localhost:9464" → a socket address.
absl::StatusOr<sockaddr_storage> Resolve(const std::string& listen,
                                         int* family) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(absl::string_view(listen).substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics listen: must be HOST:PORT with a port within 0–65535, got \"",
        listen, "\""));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const int error =
      getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (error != 0 || found == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics listen: cannot resolve \"", host,
                     "\": ", gai_strerror(error)));
  }
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  *family = found->ai_family;
  freeaddrinfo(found);
  return address;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpEndpoint>> HttpEndpoint::Start(
    HttpEndpointOptions options) {
  int family = AF_INET;
  absl::StatusOr<sockaddr_storage> address = Resolve(options.listen, &family);
  if (!address.ok()) return address.status();
  auto endpoint = std::unique_ptr<HttpEndpoint>(new HttpEndpoint());
  endpoint->options_ = std::move(options);
  endpoint->handler_ = std::make_unique<Handler>(Handler{
      endpoint->options_.registry != nullptr ? endpoint->options_.registry
                                             : &DefaultRegistry(),
      endpoint->options_.serving});
  unsigned int flags = MHD_USE_AUTO_INTERNAL_THREAD;
  if (family == AF_INET6) flags |= MHD_USE_IPv6;
  const sockaddr* bind_to = reinterpret_cast<const sockaddr*>(&*address);
  endpoint->daemon_ = MHD_start_daemon(
      flags, /*port ignored with SOCK_ADDR*/ 0, nullptr, nullptr, &Answer,
      endpoint->handler_.get(), MHD_OPTION_SOCK_ADDR, bind_to,
      MHD_OPTION_CONNECTION_LIMIT,
      static_cast<unsigned int>(endpoint->options_.max_connections),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, endpoint->options_.max_request_bytes,
      MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned int>(endpoint->options_.idle_timeout_seconds),
      MHD_OPTION_END);
  if (endpoint->daemon_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("metrics listen ", endpoint->options_.listen,
                     ": 无法监听该地址 (cannot bind the address; is it in "
                     "use?)"));
  }
  const MHD_DaemonInfo* info =
      MHD_get_daemon_info(endpoint->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  endpoint->port_ = info != nullptr ? info->port : 0;
  return endpoint;
}

HttpEndpoint::~HttpEndpoint() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace anju::metrics
