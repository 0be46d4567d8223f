#include "bench/notification_dispatch/http_responder.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace anju::bench {
namespace {

constexpr char kReply[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    "Content-Length: 11\r\n\r\n{\"ok\":true}";

// Content-Length of the header block, 0 if absent.
size_t ContentLength(const std::string& head) {
  const char* name = "\r\ncontent-length:";
  const size_t name_len = std::strlen(name);
  for (size_t at = 0; at + name_len <= head.size(); ++at) {
    if (strncasecmp(head.data() + at, name, name_len) == 0) {
      return std::strtoul(head.c_str() + at + name_len, nullptr, 10);
    }
  }
  return 0;
}

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

HttpResponder::HttpResponder() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 128) != 0) {
    return;
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

HttpResponder::~HttpResponder() {
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);
  close(listen_fd_);
  if (acceptor_.joinable()) acceptor_.join();
  std::lock_guard<std::mutex> lock(mu_);
  for (int fd : fds_) shutdown(fd, SHUT_RDWR);
  for (std::thread& t : connections_) t.join();
  for (int fd : fds_) close(fd);
}

void HttpResponder::AcceptLoop() {
  while (!stopping_) {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    if (stopping_) {
      close(fd);
      break;
    }
    accepted_.fetch_add(1);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard<std::mutex> lock(mu_);
    fds_.push_back(fd);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void HttpResponder::Serve(int fd) {
  std::string buffer;
  char chunk[16384];
  while (true) {
    size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    const size_t total = end + 4 + ContentLength(buffer.substr(0, end + 2));
    while (buffer.size() < total) {
      const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    buffer.erase(0, total);
    requests_.fetch_add(1);
    if (!WriteAll(fd, kReply, sizeof kReply - 1)) return;
  }
}

}  // namespace anju::bench
