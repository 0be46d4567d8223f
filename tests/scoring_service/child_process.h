#ifndef ANJU_TESTS_SCORING_SERVICE_CHILD_PROCESS_H_
#define ANJU_TESTS_SCORING_SERVICE_CHILD_PROCESS_H_

// A server binary run as a child process, as scripts and Kubernetes run
// it: its stderr (JSON log lines) is read through a pipe, its port taken
// from the "listening" line, and it is stopped with SIGTERM.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace anju::testing {

class ChildProcess {
 public:
  // Starts `binary` with `args`; nullopt if fork or pipe fail.
  static std::optional<ChildProcess> Launch(
      const std::string& binary, const std::vector<std::string>& args) {
    // Built before fork: the child of a threaded process may only make
    // async-signal-safe calls until it execs, so no allocation there.
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& a : args) {
      argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
    const pid_t pid = fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) {
      dup2(fds[1], STDERR_FILENO);  // the duplicate is not close-on-exec
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    close(fds[1]);
    return ChildProcess(pid, fds[0]);
  }

  ChildProcess(ChildProcess&& other) noexcept
      : pid_(other.pid_), fd_(other.fd_), output_(std::move(other.output_)) {
    other.pid_ = -1;
    other.fd_ = -1;
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess& operator=(ChildProcess&&) = delete;

  // A test that failed half-way must not leave a server running.
  ~ChildProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  // Reads stderr until a line contains `needle`; returns that line, or
  // nullopt on EOF or timeout.
  std::optional<std::string> WaitForLine(
      const std::string& needle,
      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t scanned = 0;
    while (true) {
      std::size_t eol;
      while ((eol = output_.find('\n', scanned)) != std::string::npos) {
        std::string line = output_.substr(scanned, eol - scanned);
        scanned = eol + 1;
        if (line.find(needle) != std::string::npos) return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || ReadSome(left) != Read::kData) {
        return std::nullopt;
      }
    }
  }

  // The port of the `"msg":"listening"` line, or 0.
  int WaitForListeningPort() {
    std::optional<std::string> line = WaitForLine("\"msg\":\"listening\"");
    if (!line) return 0;
    const std::string key = "\"port\":";
    const std::size_t at = line->find(key);
    if (at == std::string::npos) return 0;
    const std::size_t start = at + key.size();
    const std::size_t end = line->find_first_not_of("0123456789", start);
    int port = 0;
    return absl::SimpleAtoi(line->substr(start, end - start), &port) ? port : 0;
  }

  void Signal(int signo) { kill(pid_, signo); }

  // Waits for the child to exit, reading the rest of its stderr; returns
  // its exit code (128 + signal if killed, -1 on timeout).
  int Wait(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    // Exiting closes stderr: read to EOF, then reap.
    while (std::chrono::steady_clock::now() < deadline &&
           ReadSome(std::chrono::milliseconds(100)) != Read::kEof) {
    }
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() >= deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
  }

  const std::string& output() const { return output_; }

 private:
  ChildProcess(pid_t pid, int fd) : pid_(pid), fd_(fd) {}

  enum class Read { kData, kTimeout, kEof };

  Read ReadSome(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) {
      return Read::kTimeout;
    }
    char buf[4096];
    const ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) return Read::kEof;
    output_.append(buf, static_cast<std::size_t>(n));
    return Read::kData;
  }

  pid_t pid_;
  int fd_;
  std::string output_;
};

}  // namespace anju::testing

#endif  // ANJU_TESTS_SCORING_SERVICE_CHILD_PROCESS_H_
