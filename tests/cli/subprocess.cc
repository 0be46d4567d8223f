#include "tests/cli/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>

extern char** environ;

namespace anju::cli::testing {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(30);

constexpr auto kStopTimeout = std::chrono::seconds(10);

// argv and environment for execve, built before fork: the child of a
// threaded process may only make async-signal-safe calls.
struct Exec {
  Exec(const std::vector<std::string>& argv_in,
       const std::vector<std::string>& env_in)
      : strings(argv_in) {
    strings.insert(strings.end(), env_in.begin(), env_in.end());
    for (size_t i = 0; i < argv_in.size(); ++i) argv.push_back(&strings[i][0]);
    argv.push_back(nullptr);
    // The extras first: getenv() takes the first of duplicate names.
    for (size_t i = argv_in.size(); i < strings.size(); ++i) {
      env.push_back(&strings[i][0]);
    }
    for (char** e = environ; *e != nullptr; ++e) env.push_back(*e);
    env.push_back(nullptr);
  }
  [[noreturn]] void Run() {
    execve(argv[0], argv.data(), env.data());
    _exit(127);
  }
  std::vector<std::string> strings;
  std::vector<char*> argv, env;
};

int ExitCode(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

// SIGTERM, then SIGKILL if it has not stopped in time.
void Stop(pid_t pid) {
  kill(pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    usleep(50 * 1000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

// Reads both pipes to their end, whichever has data, so neither fills up.
void ReadBoth(int out_fd, int err_fd, Result* result) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result->out, &result->err};
  int open = 2;
  char buffer[4096];
  while (open > 0 && poll(fds, 2, -1) > 0) {
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, n);
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
}

}  // namespace

Result RunProcess(const std::vector<std::string>& argv,
                  const std::vector<std::string>& env) {
  int out[2], err[2];
  Result result;
  if (pipe(out) != 0 || pipe(err) != 0) return result;
  Exec exec(argv, env);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    close(out[0]);
    close(err[0]);
    exec.Run();
  }
  close(out[1]);
  close(err[1]);
  ReadBoth(out[0], err[0], &result);
  result.exit_code = ExitCode(pid);
  return result;
}

Server::Server(const std::string& binary,
               const std::vector<std::string>& args) {
  int err[2];
  if (pipe(err) != 0) return;
  std::vector<std::string> argv = {binary, "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), args.begin(), args.end());
  Exec exec(argv, {});
  pid_ = fork();
  if (pid_ == 0) {
    dup2(err[1], STDERR_FILENO);
    close(err[0]);
    exec.Run();
  }
  close(err[1]);
  stderr_fd_ = err[0];
  const std::regex listening(
      R"re("msg"\s*:\s*"listening".*"port"\s*:\s*(\d+)|"port"\s*:\s*(\d+).*"msg"\s*:\s*"listening")re");
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  char buffer[4096];
  while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd fd{stderr_fd_, POLLIN, 0};
    if (poll(&fd, 1, 1000) <= 0) continue;
    const ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
    if (n <= 0) break;  // it exited
    log_.append(buffer, n);
    std::smatch match;
    if (std::regex_search(log_, match, listening)) {
      port_ = std::atoi(match[match[1].matched ? 1 : 2].str().c_str());
    }
  }
  drain_ = std::thread([fd = stderr_fd_] {
    char sink[4096];
    while (read(fd, sink, sizeof sink) > 0) {
    }
  });
}

Server::~Server() {
  if (pid_ > 0) Stop(pid_);
  if (drain_.joinable()) drain_.join();
  if (stderr_fd_ >= 0) close(stderr_fd_);
}

}  // namespace anju::cli::testing
