#ifndef ANJU_TESTS_REDIS_SILENT_LISTENER_H_
#define ANJU_TESTS_REDIS_SILENT_LISTENER_H_

// Misbehaving servers on 127.0.0.1:0, for the client's timeouts.
//
// kSilent: the kernel completes every TCP handshake (up to a large
// backlog), so a client connects and sends its command, and then nothing
// ever answers it: the command must time out.
// kFull: a backlog of 0, filled at once by a connection of our own, so the
// kernel drops further SYNs and a client's connect() hangs: the connect
// must time out.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace anju::redis {

class SilentListener {
 public:
  enum class Kind { kSilent, kFull };

  explicit SilentListener(Kind kind = Kind::kSilent) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = Loopback(0);
    socklen_t size = sizeof(addr);
    const bool ok =
        bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) ==
            0 &&
        listen(listen_fd_, kind == Kind::kFull ? 0 : 64) == 0 &&
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &size) == 0;
    EXPECT_TRUE(ok) << "could not listen on 127.0.0.1:0";
    port_ = ntohs(addr.sin_port);
    if (kind == Kind::kFull) Fill();
  }
  ~SilentListener() {
    if (filler_fd_ >= 0) close(filler_fd_);
    close(listen_fd_);
  }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;

  int port() const { return port_; }

 private:
  static sockaddr_in Loopback(int port) {
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    return addr;
  }

  void Fill() {
    filler_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = Loopback(port_);
    EXPECT_EQ(
        connect(filler_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)),
        0)
        << "could not fill the backlog";
  }

  int listen_fd_ = -1;
  int filler_fd_ = -1;
  int port_ = 0;
};

}  // namespace anju::redis

#endif  // ANJU_TESTS_REDIS_SILENT_LISTENER_H_
