// The receiver for the dispatch benchmark: a minimal HTTP/1.1 server on
// 127.0.0.1:0 that reads each request (headers and Content-Length body) and
// answers 200 {"ok":true} on the same connection (keep-alive), one thread
// per connection. No checks: it must cost as little as possible, so that
// the benchmark measures the sending side.
#ifndef ANJU_BENCH_NOTIFICATION_DISPATCH_HTTP_RESPONDER_H_
#define ANJU_BENCH_NOTIFICATION_DISPATCH_HTTP_RESPONDER_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace anju::bench {

class HttpResponder {
 public:
  HttpResponder();  // listening when constructed; port() 0 on failure
  ~HttpResponder();
  HttpResponder(const HttpResponder&) = delete;
  HttpResponder& operator=(const HttpResponder&) = delete;

  int port() const { return port_; }
  int64_t requests() const { return requests_.load(); }
  int64_t connections() const { return accepted_.load(); }

 private:
  void AcceptLoop();
  void Serve(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> requests_{0};
  std::atomic<int64_t> accepted_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> connections_;  // guarded by mu_
  std::vector<int> fds_;                  // guarded by mu_
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_NOTIFICATION_DISPATCH_HTTP_RESPONDER_H_
