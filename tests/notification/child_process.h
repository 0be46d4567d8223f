#ifndef ANJU_TESTS_NOTIFICATION_CHILD_PROCESS_H_
#define ANJU_TESTS_NOTIFICATION_CHILD_PROCESS_H_

// A server binary as a child process for tests that kill it: started with
// `--listen 127.0.0.1:0`, its port read from the JSON "listening" log line,
// its stderr kept (for assertions and failure messages), and stopped with
// the signal the test chooses (SIGKILL for a crash, SIGTERM for a stop).

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace anju::notification::testing {

class ChildServer {
 public:
  ChildServer(const std::string& binary, std::vector<std::string> args) {
    int err[2];
    if (pipe(err) != 0) return;
    args.insert(args.begin(), {binary, "--listen", "127.0.0.1:0"});
    pid_ = fork();
    if (pid_ == 0) {
      dup2(err[1], STDERR_FILENO);
      close(err[0]);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(err[1]);
    fd_ = err[0];
    reader_ = std::thread([this] { Read(); });
    const std::regex listening(R"re("msg":"listening".*"port":(\d+))re");
    for (auto deadline =
             std::chrono::steady_clock::now() + std::chrono::seconds(20);
         pid_ > 0 && port_ == 0 &&
         std::chrono::steady_clock::now() < deadline;) {
      std::smatch match;
      const std::string text = log();
      if (std::regex_search(text, match, listening)) {
        port_ = std::atoi(match[1].str().c_str());
      } else if (int status = 0; waitpid(pid_, &status, WNOHANG) == pid_) {
        Reap(status);  // it exited without listening
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }
  ~ChildServer() { Stop(SIGKILL); }

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string log() const {
    absl::MutexLock lock(&mu_);
    return log_;
  }
  // Sends `signal` (0: none) and waits; returns the exit status (or
  // -signal).
  int Stop(int signal) {
    if (pid_ <= 0) return exit_;
    if (signal != 0) kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    Reap(status);
    return exit_;
  }

 private:
  void Read() {
    char buffer[4096];
    while (true) {
      const ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n <= 0) return;
      absl::MutexLock lock(&mu_);
      log_.append(buffer, n);
    }
  }

  void Reap(int status) {
    pid_ = -1;
    if (reader_.joinable()) reader_.join();
    close(fd_);
    exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  int port_ = 0;
  int exit_ = -1;
  std::thread reader_;
  mutable absl::Mutex mu_;
  std::string log_;
};

}  // namespace anju::notification::testing

#endif  // ANJU_TESTS_NOTIFICATION_CHILD_PROCESS_H_
