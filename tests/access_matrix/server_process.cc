#include "tests/access_matrix/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace anju::access_matrix {

ServerProcess::ServerProcess(const std::string& binary,
                             const std::vector<std::string>& args,
                             std::string log_path)
    : log_path_(std::move(log_path)) {
  std::vector<std::string> argv = {binary, "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (std::string& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  const int log_fd =
      open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    execv(raw[0], raw.data());
    _exit(127);
  }
  close(log_fd);
  const std::regex listening(R"re("msg":"listening".*"port":(\d+))re");
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string log = Log();
    if (std::regex_search(log, match, listening)) {
      port_ = std::atoi(match[1].str().c_str());
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {  // it gave up
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void ServerProcess::Terminate() {
  if (pid_ > 0) kill(pid_, SIGTERM);
}

ServerProcess::~ServerProcess() {
  if (pid_ <= 0) return;
  Terminate();
  int status = 0;
  waitpid(pid_, &status, 0);
}

std::string ServerProcess::address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

std::string ServerProcess::Log() const {
  std::ifstream in(log_path_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace anju::access_matrix
